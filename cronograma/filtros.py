"""Lectura de los filtros de una página (?mes=, ?componente=, ?unidad=) con mensajes en castellano.

Un filtro inválido nunca rompe la página: se ignora, se usa el valor por defecto y se dice por qué.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError

from componentes.meses import MesInvalido, leer_mes, nombre_mes
from componentes.models import Plan, Responsable
from cronograma.registro import mes_por_defecto, validar_mes


@dataclass
class Filtros:
    mes: date
    componente: int | None = None
    unidad: str | None = None
    errores: list[str] = field(default_factory=list)


def leer_mes_elegido(plan: Plan, texto: str | None, errores: list[str]) -> date:
    """El mes pedido si es un mes del plan que ya empezó; si no, el mes por defecto y el motivo."""
    por_defecto = mes_por_defecto(plan)
    if not texto:
        return por_defecto
    try:
        mes = leer_mes(texto)
        validar_mes(plan, mes)
    except MesInvalido as error:
        errores.append(f"{error} Se muestra {nombre_mes(por_defecto)}.")
        return por_defecto
    except ValidationError as error:
        errores.append(f"{' '.join(error.message_dict['mes'])} Se muestra {nombre_mes(por_defecto)}.")
        return por_defecto
    return mes


def leer_componente(plan_componentes: list[int], texto: str | None, errores: list[str]) -> int | None:
    if not texto:
        return None
    if texto.isascii() and texto.isdigit() and len(texto) < 6 and int(texto) in plan_componentes:
        return int(texto)
    errores.append(f"El plan no tiene un componente «{texto[:40]}»: se muestran todos.")
    return None


def leer_unidad(unidades: list[Responsable], texto: str | None, errores: list[str]) -> str | None:
    if not texto:
        return None
    if any(unidad.sigla == texto for unidad in unidades):
        return texto
    errores.append(f"No hay una unidad «{texto[:40]}»: se muestran todas.")
    return None


def leer_filtros(parametros, plan: Plan, *, componentes: list[int] = (), unidades: list[Responsable] = ()) -> Filtros:
    errores: list[str] = []
    return Filtros(
        mes=leer_mes_elegido(plan, parametros.get("mes"), errores),
        componente=leer_componente(list(componentes), parametros.get("componente"), errores),
        unidad=leer_unidad(list(unidades), parametros.get("unidad"), errores),
        errores=errores,
    )
