"""El tablero de una unidad: sus filas al corte (curva S, estado), sus compromisos y sus registros
observados. Las cifras vienen de avance.py (un `Seguimiento`: número fijo de consultas)."""

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from componentes.catalogo import Hoja
from componentes.meses import nombre_mes
from componentes.models import Plan
from cronograma.avance import RETRASADA, VENCIDA, Cifras, PuntoCurva, Seguimiento
from cronograma.mensual.graficos import curva_s_svg
from cronograma.seguimiento import compromisos, observaciones


@dataclass(frozen=True)
class FilaDeUnidad:
    hoja: Hoja
    cifras: Cifras


@dataclass(frozen=True)
class TableroDeUnidad:
    plan: Plan
    siglas: frozenset[str]
    corte: date
    cifras: Cifras
    curva: tuple[PuntoCurva, ...]
    atrasadas: tuple[FilaDeUnidad, ...]  # retrasadas o vencidas
    total_filas: int
    compromisos: tuple
    observadas: tuple  # (hoja, Abierta)

    @property
    def nombre_corte(self) -> str:
        return nombre_mes(self.corte)

    @property
    def nombre_unidades(self) -> str:
        return " / ".join(sorted(self.siglas))

    @cached_property
    def grafico_curva(self):
        return curva_s_svg(
            self.curva, ident="curva-s-unidad",
            titulo=f"Curva S de {self.nombre_unidades}: % acumulado programado y ejecutado por mes",
            descripcion=f"Programado en todos los meses del plan; ejecutado hasta {self.nombre_corte}. "
                        "Los valores están en la tabla que sigue.",
        )


def tablero_de_unidad(plan: Plan, *, siglas: frozenset[str], corte: date) -> TableroDeUnidad:
    """El tablero de las filas de las unidades `siglas` al corte, en un número fijo de consultas."""
    seguimiento = Seguimiento(plan, libro=False)
    resultado = seguimiento.al_corte(corte)
    hojas = [h for h in resultado.hojas if any(r.sigla in siglas for r in h.responsables)]
    claves = {h.clave: h for h in hojas}
    atrasadas = tuple(FilaDeUnidad(h, resultado.por_hoja[h.clave]) for h in hojas
                      if resultado.por_hoja[h.clave].estado in (RETRASADA, VENCIDA))
    observadas = tuple((claves[clave], abierta) for clave, lista in observaciones.abiertas_por_fila(plan).items()
                       if clave in claves for abierta in lista)
    return TableroDeUnidad(
        plan=plan, siglas=siglas, corte=corte, cifras=seguimiento.de_filas(hojas, corte),
        curva=tuple(seguimiento.curva_de_filas(hojas, plan.meses(), corte=corte)),
        atrasadas=atrasadas, total_filas=len(hojas),
        compromisos=tuple(compromisos.compromisos_del_plan(plan, siglas=siglas)),
        observadas=observadas,
    )
