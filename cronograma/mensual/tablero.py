"""El tablero de la coordinación: el plan, sus componentes, las unidades y la curva S a un corte.

Todas las cifras vienen de avance.py (un solo `Seguimiento`: número fijo de consultas); aquí solo se
cuentan filas por unidad y se preparan los gráficos.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from componentes.meses import nombre_mes
from componentes.models import Componente, Plan, Responsable
from cronograma.avance import Cifras, PuntoCurva, Seguimiento
from cronograma import ciclo
from cronograma.mensual.graficos import Barra, barras_svg, curva_s_svg
from cronograma.mensual.pendientes import filas_pendientes
from cronograma.seguimiento.observaciones import contar_abiertas


@dataclass(frozen=True)
class FilaComponente:
    componente: Componente
    cifras: Cifras


@dataclass(frozen=True)
class FilaUnidad:
    """Filas hoja de una unidad: al día, retrasadas y sin registro del mes de corte.

    Una fila retrasada puede además estar sin registro: «al día» es la que no es ninguna de las dos.
    """

    responsable: Responsable
    total: int
    retrasadas: int
    pendientes: int
    al_dia: int


@dataclass(frozen=True)
class Tablero:
    plan: Plan
    corte: date
    cifras: Cifras
    componentes: tuple[FilaComponente, ...]
    unidades: tuple[FilaUnidad, ...]
    curva: tuple[PuntoCurva, ...]  # ejecutado None después del corte
    corte_cerrado: bool
    estado_corte: ciclo.EstadoMes = ciclo.EstadoMes.ABIERTO  # por iniciar, en curso, abierto o cerrado
    observadas_abiertas: int = 0  # registros observados por la coordinación aún abiertos (issue 23)

    @property
    def nombre_corte(self) -> str:
        return nombre_mes(self.corte)


    @cached_property
    def grafico_componentes(self):
        barras = [
            Barra(f"{f.componente.numero}. {f.componente.nombre}", f.cifras.programado, f.cifras.ejecutado,
                  semaforo=f.cifras.semaforo, texto_semaforo=f.cifras.texto_semaforo)
            for f in self.componentes
        ]
        return barras_svg(
            barras,
            ident="barras-componentes",
            titulo=f"Avance por componente a {self.nombre_corte}",
            descripcion="Por cada componente, el % programado y el % ejecutado al corte; "
                        "los valores están en la tabla que sigue.",
        )

    @cached_property
    def grafico_curva(self):
        return curva_s_svg(
            self.curva,
            ident="curva-s",
            titulo="Curva S del plan: % acumulado programado y ejecutado por mes",
            descripcion=f"Programado en todos los meses del plan; ejecutado hasta {self.nombre_corte}. "
                        "Los valores están en la tabla que sigue.",
        )


def _filas_de_unidades(resultado) -> tuple[FilaUnidad, ...]:
    pendientes = {fila.hoja.clave for fila in filas_pendientes(resultado)}
    unidades: dict[int, Responsable] = {}
    cuentas: dict[int, Counter] = {}
    for hoja in resultado.hojas:  # las de la versión vigente al corte
        retrasada = resultado.por_hoja[hoja.clave].atrasada  # retrasada o vencida (issue 23)
        pendiente = hoja.clave in pendientes
        for responsable in hoja.responsables:
            unidades[responsable.id] = responsable
            cuenta = cuentas.setdefault(responsable.id, Counter())
            cuenta.update(total=1, retrasadas=retrasada, pendientes=pendiente,
                          al_dia=not (retrasada or pendiente))
    orden = sorted(unidades.values(), key=lambda r: (r.orden, r.sigla))
    return tuple(
        FilaUnidad(responsable=r, total=cuentas[r.id]["total"], retrasadas=cuentas[r.id]["retrasadas"],
                   pendientes=cuentas[r.id]["pendientes"], al_dia=cuentas[r.id]["al_dia"])
        for r in orden
    )


def tablero_del_plan(plan: Plan, *, corte: date) -> Tablero:
    """Los datos del tablero al mes de corte, en un número fijo de consultas."""
    seguimiento = Seguimiento(plan)
    resultado = seguimiento.al_corte(corte)
    curva = tuple(seguimiento.curva(plan.meses(), corte=corte))
    componentes = tuple(FilaComponente(c, resultado.por_componente[c.id]) for c in resultado.catalogo.componentes)
    estado = ciclo.estado_mes(plan, corte)
    return Tablero(
        plan=plan,
        corte=corte,
        cifras=resultado.plan,
        componentes=componentes,
        unidades=_filas_de_unidades(resultado),
        curva=curva,
        corte_cerrado=estado == ciclo.EstadoMes.CERRADO,
        estado_corte=estado,
        observadas_abiertas=contar_abiertas(plan),
    )
