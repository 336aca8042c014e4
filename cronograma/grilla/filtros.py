"""Lectura de los filtros de una página (?mes=, ?componente=, ?unidad=) con mensajes en castellano.

Un filtro inválido nunca rompe la página: se ignora, se usa el valor por defecto y se dice por qué.
"""

from dataclasses import dataclass, field
from datetime import date

from componentes.models import Plan, Responsable
from cronograma.periodo import mes_elegido


@dataclass
class Filtros:
    mes: date
    componente: int | None = None
    unidad: str | None = None
    errores: list[str] = field(default_factory=list)


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
        mes=mes_elegido(plan, parametros.get("mes"), errores),
        componente=leer_componente(list(componentes), parametros.get("componente"), errores),
        unidad=leer_unidad(list(unidades), parametros.get("unidad"), errores),
        errores=errores,
    )
