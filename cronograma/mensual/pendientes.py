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


def esta_pendiente(resultado: ResultadoAvance, clave) -> bool:
    """La regla: sin registro en el mes de corte, y en curso o debida (ver el comienzo del módulo). Lee los %
    (`porcentajes`, siempre de todo el plan), no el libro: sirve también con una parte del plan cargada."""
    return resultado.corte not in resultado.porcentajes.get(clave, ()) and resultado.por_hoja[clave].en_curso_o_debida


def filas_pendientes(resultado: ResultadoAvance) -> list[FilaPendiente]:
    """Las filas pendientes en el mes de corte del resultado, en el orden del documento (las del catálogo
    cargado: con una parte del plan, las de esa parte)."""
    mes = resultado.corte
    return [FilaPendiente(hoja=hoja, cifras=resultado.por_hoja[hoja.clave],
                          programada_en_el_mes=mes in resultado.programacion.get(hoja.clave, ()))
            for hoja in resultado.hojas  # las de la versión vigente al corte
            if esta_pendiente(resultado, hoja.clave)]


def cuantas_pendientes(resultado: ResultadoAvance) -> int:
    """Cuántas filas del plan entero están pendientes, sin armar sus filas (la vista general de muchos
    planes solo muestra la cuenta: no necesita el catálogo)."""
    return sum(1 for clave in resultado.por_hoja if clave not in resultado.fuera and esta_pendiente(resultado, clave))


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
