"""Las secciones largas del reporte, resumidas por componente para el PDF de un plan grande (issue 16).

Un plan de miles de filas hacía un PDF de decenas de páginas que nadie lee y que WeasyPrint tardaba en
dibujar. Pasado cierto tamaño, el PDF muestra por componente cuántas hay y las de mayor brecha
(programado − ejecutado); la lista completa sigue en el Excel del reporte. Todo sale de las cifras del
reporte (vivas o de la foto): aquí no se consulta la base ni se recalcula un porcentaje.
"""

from collections import Counter
from dataclasses import dataclass

from cronograma.avance import (
    AMBAR, CONCLUIDA, EN_EJECUCION, GRIS, NO_INICIADA, RETRASADA, ROJO, TEXTO_SEMAFORO, VENCIDA, VERDE,
)
from cronograma.reportes.datos import CifrasReporte, FilaReporte, Retrasada

RETRASADAS_EN_EL_PDF = 40  # hasta aquí, la lista completa; más, el resumen por componente
# El Anexo N° 2 tiene 33 actividades: hasta 200 (unas 8 páginas) el PDF las lista todas.
ACTIVIDADES_EN_EL_PDF = 200
PRINCIPALES_POR_COMPONENTE = 5

ESTADOS = (NO_INICIADA, EN_EJECUCION, CONCLUIDA, RETRASADA, VENCIDA)
SEMAFOROS = (VERDE, AMBAR, ROJO, GRIS)


def _de_mayor_brecha(filas: list, cifras_de, cuantas: int) -> tuple:
    """Las `cuantas` filas de mayor brecha; a igual brecha, en el orden del plan (sorted es estable)."""
    return tuple(sorted(filas, key=lambda fila: -cifras_de(fila).brecha)[:cuantas])


# --- Filas retrasadas (sección 5) ---------------------------------------------------------------

@dataclass(frozen=True)
class RetrasadasDeComponente:
    """Las filas retrasadas de un componente: cuántas son y las de mayor brecha."""

    codigo: str
    titulo: str
    total: int
    principales: tuple[Retrasada, ...]

    @property
    def omitidas(self) -> int:
        return self.total - len(self.principales)


def retrasadas_por_componente(cifras: CifrasReporte, principales: int = PRINCIPALES_POR_COMPONENTE
                              ) -> tuple[RetrasadasDeComponente, ...]:
    """Las retrasadas agrupadas por componente, en el orden del plan; en cada uno, las `principales` de mayor
    brecha (a igual brecha, en el orden del plan)."""
    por_codigo: dict[str, list[Retrasada]] = {}
    for retrasada in cifras.retrasadas:
        por_codigo.setdefault(retrasada.fila.codigo.split(".")[0], []).append(retrasada)
    resumen = []
    for componente in cifras.componentes:
        filas = por_codigo.get(componente.codigo, [])
        if filas:
            resumen.append(RetrasadasDeComponente(
                componente.codigo, componente.titulo, len(filas),
                _de_mayor_brecha(filas, lambda retrasada: retrasada.fila.cifras, principales)))
    return tuple(resumen)


# --- Estado de las actividades (sección 4) -------------------------------------------------------

@dataclass(frozen=True)
class Conteo:
    """Cuántas actividades hay en cada estado y en cada semáforo (en el orden de ESTADOS y SEMAFOROS)."""

    titulo: str
    por_estado: tuple[int, ...]
    por_semaforo: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.por_estado)

    @property
    def retrasadas(self) -> int:
        """Retrasadas y vencidas: las que van por detrás (issue 23)."""
        return self.por_estado[ESTADOS.index(RETRASADA)] + self.por_estado[ESTADOS.index(VENCIDA)]


def contar(titulo: str, actividades) -> Conteo:
    estados = Counter(actividad.cifras.estado for actividad in actividades)
    semaforos = Counter(actividad.cifras.semaforo for actividad in actividades)
    return Conteo(titulo, tuple(estados[e] for e in ESTADOS), tuple(semaforos[s] for s in SEMAFOROS))


@dataclass(frozen=True)
class ActividadesDeComponente:
    """Las actividades de un componente: sus cuentas y las retrasadas de mayor brecha."""

    conteo: Conteo
    principales: tuple[FilaReporte, ...]

    @property
    def omitidas(self) -> int:
        return self.conteo.retrasadas - len(self.principales)


@dataclass(frozen=True)
class TablaDeCuentas:
    """Una tabla del resumen: por componente, una cuenta por columna (estado o semáforo) y su total."""

    titulo: str
    columnas: tuple[str, ...]
    filas: tuple[tuple[str, tuple[int, ...], int], ...]  # (componente, cuentas, total)
    pie: tuple[tuple[str, tuple[int, ...], int], ...]  # la del plan entero (una tupla, para el {% for %})


@dataclass(frozen=True)
class ResumenActividades:
    componentes: tuple[ActividadesDeComponente, ...]
    plan: Conteo
    estados: tuple[str, ...] = ESTADOS
    colores: tuple[str, ...] = tuple(TEXTO_SEMAFORO[s].split(":")[0] for s in SEMAFOROS)  # "Verde", "Ámbar"…

    @property
    def tablas(self) -> tuple[TablaDeCuentas, ...]:
        """Las dos tablas de cuentas del PDF, con la misma forma: por estado y por semáforo."""
        def tabla(titulo: str, columnas: tuple[str, ...], cuentas) -> TablaDeCuentas:
            def fila(conteo: Conteo):
                return conteo.titulo, cuentas(conteo), conteo.total
            return TablaDeCuentas(titulo, columnas, tuple(fila(g.conteo) for g in self.componentes), (fila(self.plan),))

        return (tabla("Actividades por estado al corte", self.estados, lambda conteo: conteo.por_estado),
                tabla("Actividades por semáforo al corte", self.colores, lambda conteo: conteo.por_semaforo))

    @property
    def retrasadas(self) -> tuple[ActividadesDeComponente, ...]:
        """Los componentes con alguna actividad retrasada: los que tienen algo que listar."""
        return tuple(grupo for grupo in self.componentes if grupo.principales)


def actividades_por_componente(cifras: CifrasReporte, principales: int = PRINCIPALES_POR_COMPONENTE
                               ) -> ResumenActividades:
    """Por componente, las actividades en cada estado y semáforo (con el total del plan) y, de las
    retrasadas, las `principales` de mayor brecha: lo que la coordinación necesita para actuar."""
    grupos = []
    for componente in cifras.componentes:
        retrasadas = [a for a in componente.actividades if a.cifras.atrasada]
        grupos.append(ActividadesDeComponente(
            contar(componente.titulo, componente.actividades),
            _de_mayor_brecha(retrasadas, lambda actividad: actividad.cifras, principales)))
    todas = [actividad for componente in cifras.componentes for actividad in componente.actividades]
    return ResumenActividades(tuple(grupos), contar("Total del plan", todas))


def total_de_actividades(cifras: CifrasReporte) -> int:
    return sum(len(componente.actividades) for componente in cifras.componentes)
