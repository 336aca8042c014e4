"""Pendientes de un mes: las filas hoja que debían actualizarse en ese mes y no tienen registro.

Una fila está pendiente en el mes M si no tiene avance registrado para M, no está Concluida al
cierre de M, y ya debía haber empezado (algún mes programado ≤ M) o ya empezó (ejecutado > 0).
Esto incluye las filas programadas en M y también las que, programadas antes, dejaron de
reportarse: si no, una fila que se saltó sus meses nunca se volvería a reclamar.

Las cifras vienen de avance.py (`Seguimiento`): todo en un número fijo de consultas.
"""

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from componentes.catalogo import Hoja
from componentes.meses import nombre_mes
from componentes.models import Plan, Responsable
from cronograma.avance import Cifras, ResultadoAvance, Seguimiento


@dataclass(frozen=True)
class FilaPendiente:
    hoja: Hoja
    cifras: Cifras  # al cierre del mes (el último valor registrado antes)
    programada_en_el_mes: bool

    @property
    def motivo(self) -> str:
        if self.programada_en_el_mes:
            return "Programada en el mes"
        if self.cifras.empezo:
            return "En ejecución, sin concluir"
        return "Programada desde antes, sin iniciar"


@dataclass(frozen=True)
class PendientesDeUnidad:
    responsable: Responsable
    filas: tuple[FilaPendiente, ...]


@dataclass(frozen=True)
class Pendientes:
    mes: date
    unidades: tuple[PendientesDeUnidad, ...]

    @property
    def nombre_mes(self) -> str:
        return nombre_mes(self.mes)

    @property
    def total_filas(self) -> int:
        """Filas distintas pendientes (una fila de varias unidades cuenta una vez)."""
        return len({fila.hoja.clave for unidad in self.unidades for fila in unidad.filas})


def filas_pendientes(resultado: ResultadoAvance) -> list[FilaPendiente]:
    """Las filas pendientes en el mes de corte del resultado, en el orden del documento."""
    mes = resultado.corte
    pendientes = []
    for hoja in resultado.hojas:  # las de la versión vigente al corte
        cifras = resultado.por_hoja[hoja.clave]
        if mes in resultado.registros.get(hoja.clave, {}):
            continue
        if cifras.en_curso_o_debida:
            programada = mes in resultado.programacion.get(hoja.clave, ())
            pendientes.append(FilaPendiente(hoja=hoja, cifras=cifras, programada_en_el_mes=programada))
    return pendientes


def agrupar_por_unidad(
    filas: list[FilaPendiente], *, siglas: Collection[str] | None = None
) -> tuple[PendientesDeUnidad, ...]:
    """Cada unidad con sus filas; una fila de varias unidades aparece en cada una. `siglas` filtra."""
    por_unidad: dict[int, list[FilaPendiente]] = defaultdict(list)
    unidades: dict[int, Responsable] = {}
    for fila in filas:
        for responsable in fila.hoja.responsables:
            if siglas is None or responsable.sigla in siglas:
                unidades[responsable.id] = responsable
                por_unidad[responsable.id].append(fila)
    orden = sorted(unidades.values(), key=lambda r: (r.orden, r.sigla))
    return tuple(PendientesDeUnidad(responsable=r, filas=tuple(por_unidad[r.id])) for r in orden)


def pendientes_de(resultado: ResultadoAvance, *, siglas: Collection[str] | None = None) -> Pendientes:
    return Pendientes(mes=resultado.corte, unidades=agrupar_por_unidad(filas_pendientes(resultado), siglas=siglas))


def pendientes_del_mes(plan: Plan, mes: date, *, siglas: Collection[str] | None = None) -> Pendientes:
    """Pendientes del mes agrupados por unidad (todas, o solo las de `siglas`), en 7 consultas."""
    return pendientes_de(Seguimiento(plan, hasta=mes).al_corte(mes), siglas=siglas)
