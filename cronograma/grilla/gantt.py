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

COMPONENTE, ACTIVIDAD, SUBACTIVIDAD = "componente", "actividad", "subactividad"


@dataclass(frozen=True)
class Celda:
    mes: date
    programado: bool  # mes sombreado del Gantt
    porcentaje: Decimal | None = None  # el % acumulado registrado ese mes (solo filas hoja, hasta el corte)


@dataclass(frozen=True)
class FilaGrilla:
    nivel: str  # componente, actividad o subactividad
    codigo: str
    nombre: str
    siglas: str
    cifras: Cifras
    celdas: tuple[Celda, ...]
    hoja: Hoja | None = None  # la fila donde se registra avance, si lo es
    editable: bool = False  # el usuario puede registrar en ella al mes de corte (lo decide permisos.py)

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


_NINGUNO: frozenset[date] = frozenset()


@lru_cache(maxsize=4096)
def _sin_registro(mes: date, programado: bool) -> Celda:
    """Las celdas sin registro se repiten por miles (7.000 filas × 24 meses): como Celda es inmutable,
    se comparten en vez de crear una por fila."""
    return Celda(mes, programado)


class _Columnas:
    """Los meses de la grilla. Una fila parte de la fila vacía (la misma tupla para todas) y cambia solo
    sus meses programados o con registro, unos pocos de 24, en vez de recorrer los 24."""

    def __init__(self, meses: tuple[date, ...]):
        self.vacias = tuple(_sin_registro(mes, False) for mes in meses)
        self.indice = {mes: i for i, mes in enumerate(meses)}

    def celdas(self, programados, porcentajes=None, corte: date | None = None) -> tuple[Celda, ...]:
        """Sombreadas las de `programados`; con su % las de `porcentajes` hasta el corte. Los registros
        posteriores al corte no se muestran: todo número a la vista se conocía al corte, como el % AVANCE
        de al lado (se ven eligiendo un corte posterior)."""
        if not programados and not porcentajes:
            return self.vacias
        celdas, indice = list(self.vacias), self.indice
        for mes in programados:
            if mes in indice:
                celdas[indice[mes]] = _sin_registro(mes, True)
        for mes, porcentaje in (porcentajes or {}).items():
            if mes <= corte and mes in indice:
                celdas[indice[mes]] = Celda(mes, mes in programados, porcentaje)
        return tuple(celdas)


def armar_grilla(
    resultado: ResultadoAvance,
    *,
    componente: int | None = None,
    sigla: str | None = None,
    puede_escribir: Callable[[Hoja], bool] | None = None,
) -> Grilla:
    """Las filas del plan en orden natural. Filtra por número de componente y por unidad responsable
    (se muestran las filas hoja de la unidad y sus filas superiores, con sus cifras de siempre).

    Con `puede_escribir` (permisos.escritura_del_mes con el perfil, el mes de corte y los meses cerrados)
    se marcan editables las filas hoja en que el usuario puede registrar ese mes. Una fila consolidada se
    sombrea en los meses en que alguna de sus filas hoja visibles está programada."""
    catalogo = resultado.catalogo
    meses = tuple(catalogo.plan.meses())
    columnas = _Columnas(meses)
    filas: list[FilaGrilla] = []
    for comp in catalogo.componentes:
        if componente is not None and comp.numero != componente:
            continue
        filas_componente: list[FilaGrilla] = []
        sombreados_componente: set[date] = set()
        for actividad in comp.actividades.all():
            hojas = catalogo.hojas_por_actividad[actividad.id]
            visibles = [h for h in hojas if h.clave not in resultado.fuera  # filas de otra versión
                        and (sigla is None or any(r.sigla == sigla for r in h.responsables))]
            if not visibles:
                continue
            sombreados: set[date] = set()
            filas_hoja = []
            for hoja in visibles:
                programados = resultado.programacion.get(hoja.clave, _NINGUNO)
                sombreados |= programados
                filas_hoja.append(FilaGrilla(
                    nivel=ACTIVIDAD if hoja.subactividad is None else SUBACTIVIDAD,
                    codigo=hoja.codigo,
                    nombre=hoja.nombre,
                    siglas=hoja.siglas,
                    cifras=resultado.por_hoja[hoja.clave],
                    celdas=columnas.celdas(programados, resultado.porcentajes.get(hoja.clave), resultado.corte),
                    hoja=hoja,
                    editable=puede_escribir is not None and puede_escribir(hoja),
                ))
            sombreados_componente |= sombreados
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
                    celdas=columnas.celdas(sombreados),
                )
            )
            filas_componente.extend(filas_hoja)
        if not filas_componente:
            continue
        filas.append(
            FilaGrilla(
                nivel=COMPONENTE,
                codigo=comp.codigo,
                nombre=comp.nombre,
                siglas="",
                cifras=resultado.por_componente[comp.id],
                celdas=columnas.celdas(sombreados_componente),
            )
        )
        filas.extend(filas_componente)
    return Grilla(resultado=resultado, meses=meses, filas=tuple(filas))
