"""Varios planes a la vez (issue 13): lo de todos los planes abiertos, en un número fijo de consultas.

Una unidad responde por filas de varios planes; la coordinación los sigue todos. Aquí se leen catálogo,
programación, avances y cierres de muchos planes con las mismas consultas que uno (una por tabla, con
`plan__in`), y se arman los pendientes y la vista general agrupados por plan
(Mis actividades: una hoja del mes por plan, en `cronograma.mensual.views_hoja`). Las
cifras vienen de avance.py, igual que en las páginas de un solo plan.
"""

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from django.db.models import F

from componentes.catalogo import ClaveFila, catalogos_de
from componentes.models import Plan
from cronograma.avance import Cifras, Seguimiento, programaciones_de_planes
from cronograma.mensual.pendientes import Pendientes, pendientes_de
from cronograma.models import Avance, CierreMensual
from cronograma.periodo import meses_iniciados, mes_por_defecto
from cronograma.permisos import Perfil, pendientes_visibles, puede_ver_todo


def seguimientos_de(planes: list[Plan]) -> dict[int, Seguimiento]:
    """Un `Seguimiento` por plan, en 7 consultas para todos (catálogo 5, versiones y programación 2, avances 1)."""
    ids = [plan.pk for plan in planes]
    catalogos = catalogos_de(planes)
    programaciones = programaciones_de_planes(planes)
    registros: dict[int, dict[ClaveFila, dict[date, Avance]]] = {plan_id: defaultdict(dict) for plan_id in ids}
    avances = Avance.objects.de_planes(ids).annotate(
        plan_del_avance=F("actividad__componente__plan_id")
    )
    for avance in avances:
        registros[avance.plan_del_avance][avance.clave][avance.mes] = avance
    return {
        plan.pk: Seguimiento.ya_cargado(plan, catalogo=catalogos[plan.pk], programaciones=programaciones[plan.pk],
                                        registros=registros[plan.pk])
        for plan in planes
    }


def cerrados_de(planes: list[Plan]) -> dict[int, set[date]]:
    """Los meses cerrados de cada plan en una consulta (un plan archivado: todos sus meses)."""
    cerrados: dict[int, set[date]] = {plan.pk: set(plan.meses()) if plan.archivado else set() for plan in planes}
    for plan_id, mes in CierreMensual.objects.filter(plan__in=planes, cerrado=True).values_list("plan_id", "mes"):
        cerrados[plan_id].add(mes)
    return cerrados


def planes_abiertos_con(principal: Plan) -> list[Plan]:
    """Los planes abiertos, con `principal` (el de la página) primero aunque no lo esté."""
    return [principal] + [plan for plan in Plan.objects.abiertos() if plan.pk != principal.pk]


def mes_de(plan: Plan, pedido: date | None) -> date:
    """El mes pedido si es un mes ya iniciado del plan; si no, su mes por defecto (el último iniciado)."""
    return pedido if pedido is not None and pedido in meses_iniciados(plan) else mes_por_defecto(plan)


def pendientes_en_planes(planes: list[Plan], *, mes: date | None = None,
                         siglas: Collection[str] | None = None) -> list[tuple[Plan, Pendientes]]:
    """Los pendientes de cada plan al mes pedido (si está en su periodo; si no, a su mes por defecto), en
    7 consultas para todos."""
    seguimientos = seguimientos_de(planes)
    def corte(plan: Plan) -> date:
        return mes if mes is not None and plan.contiene_mes(mes) else mes_por_defecto(plan)

    return [(plan, pendientes_de(seguimientos[plan.pk].al_corte(corte(plan)), siglas=siglas)) for plan in planes]


@dataclass(frozen=True)
class LineaDePlan:
    """Una línea de la vista general de la coordinación."""

    plan: Plan
    mes: date
    cifras: Cifras  # ejecutado, programado, estado y semáforo del plan al mes
    filas_pendientes: int  # filas sin registro en el mes (una fila de varias unidades cuenta una vez)


def vista_general(planes: list[Plan]) -> list[LineaDePlan]:
    """Una línea por plan abierto, a su mes por defecto, en un número fijo de consultas."""
    seguimientos = seguimientos_de(planes)
    lineas = []
    for plan in planes:
        resultado = seguimientos[plan.pk].al_corte(mes_por_defecto(plan))
        pendientes = pendientes_de(resultado)
        lineas.append(LineaDePlan(plan=plan, mes=resultado.corte, cifras=resultado.plan,
                                  filas_pendientes=pendientes.total_filas))
    return lineas
