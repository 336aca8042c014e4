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
from decimal import Decimal

from django.db.models import F

from calidad.memoria import sin_recolector_de_ciclos
from componentes.catalogo import Catalogo, ClaveFila, UnidadesDeFilas, catalogos_de
from componentes.models import Plan
from cronograma.avance import Cifras, Seguimiento, programaciones_de_planes
from cronograma.consolidados import arboles_de_planes
from cronograma.mensual.pendientes import Pendientes, cuantas_pendientes, pendientes_de
from cronograma import ciclo
from cronograma.models import Avance
from cronograma.periodo import meses_iniciados, mes_por_defecto


def seguimientos_de(planes: list[Plan], *, siglas: frozenset[str] | None = None,
                    unidades: UnidadesDeFilas | None = None) -> dict[int, Seguimiento]:
    """Un `Seguimiento` por plan, en 8 consultas para todos (catálogo 5, versiones y programación 2, avances 1).

    `siglas` (issue 24): solo se arman el catálogo y el libro de las actividades con filas de esas unidades
    (`catalogos_de`); las cifras siguen siendo las de cada plan entero, que se leen en tuplas (su árbol, una
    consulta más, y los % de todas sus filas, en la misma consulta que el libro). A 7.000 filas, armar los
    objetos del plan entero para mostrar las 1.750 filas de una unidad costaba casi todo el tiempo de su
    hoja. Con `siglas` vacío no se arma ningún catálogo ni libro: solo las cifras, en 4 consultas (la vista
    general de muchos planes).
    `unidades`: las de `catalogo.unidades_de`, si ya se leyeron.

    Se arma sin pasadas del recolector de ciclos (`calidad.memoria`): son cientos de miles de objetos que
    viven hasta el final de la página."""
    with sin_recolector_de_ciclos():
        return _seguimientos_de(planes, siglas=siglas, unidades=unidades)


def _seguimientos_de(planes: list[Plan], *, siglas: frozenset[str] | None, unidades: UnidadesDeFilas | None
                     ) -> dict[int, Seguimiento]:
    ids = [plan.pk for plan in planes]
    programaciones = programaciones_de_planes(planes)
    if siglas is None:
        catalogos = catalogos_de(planes, unidades=unidades)
        registros = _libros(Avance.objects.de_planes(ids), ids)
        return {
            plan.pk: Seguimiento.ya_cargado(plan, catalogo=catalogos[plan.pk], programaciones=programaciones[plan.pk],
                                            registros=registros[plan.pk])
            for plan in planes
        }
    catalogos = (catalogos_de(planes, siglas=siglas, unidades=unidades) if siglas
                 else {plan.pk: Catalogo(plan, []) for plan in planes})
    registros, porcentajes = _libros_y_porcentajes(ids, {a.id for c in catalogos.values() for a in c.actividades()})
    arboles = arboles_de_planes(planes)
    return {
        plan.pk: Seguimiento.ya_cargado(plan, catalogo=catalogos[plan.pk], programaciones=programaciones[plan.pk],
                                        registros=registros[plan.pk], porcentajes=porcentajes[plan.pk],
                                        arbol=arboles[plan.pk])
        for plan in planes
    }


def _libros(avances, ids: list[int]) -> dict[int, dict[ClaveFila, dict[date, Avance]]]:
    """Los `Avance` de cada plan por fila y mes (una consulta)."""
    registros: dict[int, dict[ClaveFila, dict[date, Avance]]] = {plan_id: defaultdict(dict) for plan_id in ids}
    for avance in avances.annotate(plan_del_avance=F("actividad__componente__plan_id")):
        registros[avance.plan_del_avance][avance.clave][avance.mes] = avance
    return registros


# Lo que la hoja muestra de un registro (su %, su comentario, su versión para el formulario, su id para los medios
# de verificación). Quién y cuándo (`registrado_por`, `actualizado`) quedan diferidos: ninguna hoja los muestra,
# y leer la fecha con su zona horaria de cada registro costaba tanto como todo lo demás.
CAMPOS_DEL_LIBRO = ["id", "actividad_id", "subactividad_id", "mes", "porcentaje", "comentario", "version"]


def _libros_y_porcentajes(ids: list[int], actividades: set[int]):
    """En una consulta de tuplas: el % de cada fila y mes de los planes enteros (las cifras) y, armados solo
    para las filas de `actividades` (lo que se muestra), sus `Avance` (`CAMPOS_DEL_LIBRO`)."""
    registros: dict[int, dict[ClaveFila, dict[date, Avance]]] = {plan_id: defaultdict(dict) for plan_id in ids}
    porcentajes: dict[int, dict[ClaveFila, dict[date, Decimal]]] = {plan_id: defaultdict(dict) for plan_id in ids}
    base = Avance.objects.db
    for plan_id, *valores in Avance.objects.de_planes(ids).order_by().values_list(
        "actividad__componente__plan_id", *CAMPOS_DEL_LIBRO
    ):  # sin el orden del modelo: van a diccionarios por mes
        _, actividad_id, subactividad_id, mes, porcentaje, _, _ = valores
        clave = ClaveFila(actividad_id, subactividad_id)
        porcentajes[plan_id][clave][mes] = porcentaje
        if actividad_id in actividades:
            registros[plan_id][clave][mes] = Avance.from_db(base, CAMPOS_DEL_LIBRO, valores)
    return registros, porcentajes


def cerrados_de(planes: list[Plan]) -> dict[int, set[date]]:
    """Los meses cerrados de cada plan en una consulta (un plan archivado: todos sus meses ya empezados;
    los por iniciar nunca cuentan como cerrados). Lo decide `cronograma.ciclo`."""
    cerrados = ciclo.cerrados_de(planes)
    for plan in planes:
        if plan.archivado:
            cerrados[plan.pk] |= set(ciclo.meses_iniciados(plan))
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
    filas_pendientes: int  # filas sin registro en el mes (cada fila cuenta una vez, sea de una, varias o ninguna unidad)


def vista_general(planes: list[Plan]) -> list[LineaDePlan]:
    """Una línea por plan abierto, a su mes por defecto, en un número fijo de consultas (4: el árbol, la
    programación y los % de todos los planes en tuplas; sin catálogo ni libro, que la línea no muestra)."""
    seguimientos = seguimientos_de(planes, siglas=frozenset())
    lineas = []
    for plan in planes:
        resultado = seguimientos[plan.pk].al_corte(mes_por_defecto(plan))
        lineas.append(LineaDePlan(plan=plan, mes=resultado.corte, cifras=resultado.plan,
                                  filas_pendientes=cuantas_pendientes(resultado)))
    return lineas
