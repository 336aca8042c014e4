"""La grilla del Anexo N° 2: filas (componente, actividad, subactividad) × meses, a partir de avance.py.

No calcula porcentajes: dispone los de `ResultadoAvance`. La usan la página /cronograma/, el Excel y
los reportes, para que todos muestren las mismas filas en el mismo orden.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from itertools import groupby

from componentes.catalogo import Hoja
from componentes.meses import NOMBRES_MES
from cronograma.avance import Cifras, ResultadoAvance
from cronograma.models import Avance

COMPONENTE, ACTIVIDAD, SUBACTIVIDAD = "componente", "actividad", "subactividad"


@dataclass(frozen=True)
class Celda:
    mes: date
    programado: bool  # mes sombreado del Gantt
    registro: Avance | None = None  # el avance registrado para ese mes (solo filas hoja)
    editable: bool = False  # el usuario puede registrar aquí (lo decide permisos.py, no la grilla)

    @property
    def porcentaje(self) -> Decimal | None:
        return self.registro.porcentaje if self.registro else None


@dataclass(frozen=True)
class FilaGrilla:
    nivel: str  # componente, actividad o subactividad
    codigo: str
    nombre: str
    siglas: str
    cifras: Cifras
    celdas: tuple[Celda, ...]
    hoja: Hoja | None = None  # la fila donde se registra avance, si lo es

    @property
    def es_hoja(self) -> bool:
        return self.hoja is not None

    @property
    def titulo(self) -> str:
        """Cómo la nombra el documento: "Componente 1: …" o solo el nombre."""
        return f"Componente {self.codigo}: {self.nombre}" if self.nivel == COMPONENTE else self.nombre


@dataclass(frozen=True)
class Anio:
    anio: int
    meses: int  # cuántas columnas de mes abarca


@dataclass(frozen=True)
class Grilla:
    resultado: ResultadoAvance
    meses: tuple[date, ...]
    filas: tuple[FilaGrilla, ...]

    @property
    def plan(self):
        return self.resultado.catalogo.plan

    @property
    def corte(self) -> date:
        return self.resultado.corte

    @property
    def total(self) -> Cifras:
        return self.resultado.plan

    @property
    def anios(self) -> list[Anio]:
        return [Anio(anio, len(list(meses))) for anio, meses in groupby(self.meses, key=lambda m: m.year)]

    @property
    def nombres_meses(self) -> list[str]:
        return [NOMBRES_MES[mes.month - 1] for mes in self.meses]


@lru_cache(maxsize=4096)
def _celda_sin_registro(mes: date, programado: bool, editable: bool = False) -> Celda:
    """Las celdas sin registro se repiten por miles (7.000 filas × 24 meses): como Celda es inmutable,
    se comparten en vez de crear una por fila."""
    return Celda(mes, programado, None, editable)


def _celdas_hoja(resultado: ResultadoAvance, hoja: Hoja, meses, puede_escribir) -> tuple[Celda, ...]:
    """Las celdas de mes de una fila hoja. Las posteriores al corte quedan vacías y sin edición: todo número
    a la vista se conocía al corte, como el % AVANCE de al lado (se ven eligiendo un corte posterior)."""
    programados = resultado.programacion.get(hoja.clave, set())
    registros = resultado.registros.get(hoja.clave, {})
    celdas = []
    for mes in meses:
        if mes > resultado.corte:
            celdas.append(_celda_sin_registro(mes, mes in programados))
            continue
        registro = registros.get(mes)
        editable = puede_escribir is not None and puede_escribir(hoja, mes)
        if registro is None:
            celdas.append(_celda_sin_registro(mes, mes in programados, editable))
        else:
            celdas.append(Celda(mes, mes in programados, registro, editable))
    return tuple(celdas)


def _celdas_consolidadas(filas_hijas: list[FilaGrilla], meses) -> tuple[Celda, ...]:
    """Una fila consolidada se sombrea en los meses en que alguna de sus filas está programada."""
    sombreados = {celda.mes for fila in filas_hijas for celda in fila.celdas if celda.programado}
    return tuple(_celda_sin_registro(mes, mes in sombreados) for mes in meses)


def armar_grilla(
    resultado: ResultadoAvance,
    *,
    componente: int | None = None,
    sigla: str | None = None,
    puede_escribir: Callable[[Hoja, date], bool] | None = None,
) -> Grilla:
    """Las filas del plan en orden natural. Filtra por número de componente y por unidad responsable
    (se muestran las filas hoja de la unidad y sus filas superiores, con sus cifras de siempre).

    Con `puede_escribir` (permisos.puede_escribir_celda con el perfil y los meses cerrados ya puestos) se
    marcan editables las celdas en que el usuario puede registrar."""
    catalogo = resultado.catalogo
    meses = tuple(catalogo.plan.meses())
    filas: list[FilaGrilla] = []
    for comp in catalogo.componentes:
        if componente is not None and comp.numero != componente:
            continue
        filas_componente: list[FilaGrilla] = []
        for actividad in comp.actividades.all():
            hojas = catalogo.hojas_por_actividad[actividad.id]
            visibles = [h for h in hojas if h.clave not in resultado.fuera  # filas de otra versión
                        and (sigla is None or any(r.sigla == sigla for r in h.responsables))]
            if not visibles:
                continue
            filas_hoja = [
                FilaGrilla(
                    nivel=ACTIVIDAD if hoja.subactividad is None else SUBACTIVIDAD,
                    codigo=hoja.codigo,
                    nombre=hoja.nombre,
                    siglas=hoja.siglas,
                    cifras=resultado.por_hoja[hoja.clave],
                    celdas=_celdas_hoja(
                        resultado, hoja, meses, puede_escribir
                    ),
                    hoja=hoja,
                )
                for hoja in visibles
            ]
            if hojas[0].subactividad is None:  # actividad sin subactividades: es su propia hoja
                filas_componente.extend(filas_hoja)
                continue
            filas_componente.append(
                FilaGrilla(
                    nivel=ACTIVIDAD,
                    codigo=actividad.codigo,
                    nombre=actividad.nombre,
                    siglas=" / ".join(r.sigla for r in actividad.responsables_efectivos()),
                    cifras=resultado.por_actividad[actividad.id],
                    celdas=_celdas_consolidadas(filas_hoja, meses),
                )
            )
            filas_componente.extend(filas_hoja)
        if not filas_componente:
            continue
        hijas_directas = [f for f in filas_componente if f.nivel == ACTIVIDAD]
        filas.append(
            FilaGrilla(
                nivel=COMPONENTE,
                codigo=comp.codigo,
                nombre=comp.nombre,
                siglas="",
                cifras=resultado.por_componente[comp.id],
                celdas=_celdas_consolidadas(hijas_directas, meses),
            )
        )
        filas.extend(filas_componente)
    return Grilla(resultado=resultado, meses=meses, filas=tuple(filas))
