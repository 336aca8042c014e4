"""Qué cambia entre dos programaciones de un plan: la de un borrador frente a la vigente, o dos versiones.

Por fila: agregada, retirada, renombrada, meses + / −, unidades antes → después; del plan: el fin del
periodo, el programado de cada mes antes → después (de avance.py) y las unidades afectadas.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from componentes.meses import leer_mes, meses_entre, nombre_mes
from cronograma.avance import Programacion, Seguimiento
from cronograma.models import VersionPlan


@dataclass(frozen=True)
class Estado:
    """Una programación leída por código: lo que se compara."""

    meses: dict[str, frozenset[date]]  # fila hoja → meses programados
    nombres: dict[str, str]
    unidades: dict[str, tuple[str, ...]]
    mes_fin: date
    programacion: Programacion | None = None  # para calcular el programado del plan


@dataclass
class CambioDeFila:
    codigo: str
    nombre: str
    agregada: bool = False
    retirada: bool = False
    nombre_antes: str = ""
    meses_mas: list[date] = field(default_factory=list)
    meses_menos: list[date] = field(default_factory=list)
    unidades_antes: tuple[str, ...] = ()
    unidades_despues: tuple[str, ...] = ()

    @property
    def renombrada(self) -> bool:
        return bool(self.nombre_antes) and self.nombre_antes != self.nombre

    @property
    def cambia_unidades(self) -> bool:
        return not self.agregada and set(self.unidades_antes) != set(self.unidades_despues)

    @property
    def texto_mas(self) -> str:
        return ", ".join(nombre_mes(m) for m in self.meses_mas)

    @property
    def texto_menos(self) -> str:
        return ", ".join(nombre_mes(m) for m in self.meses_menos)


@dataclass(frozen=True)
class ProgramadoDelMes:
    mes: date
    antes: Decimal
    despues: Decimal

    @property
    def cambia(self) -> bool:
        return self.antes != self.despues


@dataclass
class Diferencia:
    filas: list[CambioDeFila]
    mes_fin_antes: date
    mes_fin_despues: date
    programado: list[ProgramadoDelMes]
    unidades_afectadas: list[str]

    @property
    def vacia(self) -> bool:
        return not self.filas and self.mes_fin_antes == self.mes_fin_despues


def estado_aprobado(seguimiento: Seguimiento, programacion: Programacion) -> Estado:
    """Una versión aprobada con los nombres y unidades actuales del catálogo."""
    catalogo = seguimiento.catalogo
    hojas = [h for h in catalogo.hojas if h.clave not in programacion.fuera]
    return Estado(
        meses={h.codigo: frozenset(programacion.meses.get(h.clave, ())) for h in hojas},
        nombres={h.codigo: h.nombre for h in hojas},
        unidades={h.codigo: tuple(r.sigla for r in h.responsables) for h in hojas},
        mes_fin=programacion.version.mes_fin if programacion.version else seguimiento.plan.mes_fin,
        programacion=programacion,
    )


def estado_borrador(seguimiento: Seguimiento, borrador: VersionPlan, vigente: Programacion) -> Estado:
    """Lo que el borrador propone, sobre la versión vigente."""
    cambios = borrador.cambios
    catalogo = seguimiento.catalogo
    retiradas = set(cambios.get("retiradas", []))
    meses = {c: frozenset(leer_mes(t) for t in textos) for c, textos in cambios["meses"].items() if c not in retiradas}
    nombres = {c: catalogo.hojas_por_codigo[c].nombre for c in meses if c in catalogo.hojas_por_codigo}
    unidades = {c: tuple(r.sigla for r in catalogo.hojas_por_codigo[c].responsables) for c in nombres}
    for codigo, nombre in cambios.get("nombres", {}).items():
        if codigo in nombres:
            nombres[codigo] = nombre
    for codigo, siglas in cambios.get("unidades", {}).items():
        if codigo in unidades:
            unidades[codigo] = tuple(siglas)
    for nueva in cambios.get("nuevas", []):
        meses[nueva["codigo"]] = frozenset(leer_mes(t) for t in nueva["meses"])
        nombres[nueva["codigo"]] = nueva["nombre"]
        unidades[nueva["codigo"]] = tuple(nueva["unidades"])
    hojas = catalogo.hojas_por_codigo
    programacion = Programacion(
        version=None,
        meses={hojas[c].clave: set(m) for c, m in meses.items() if c in hojas},
        fuera=vigente.fuera | {hojas[c].clave for c in retiradas if c in hojas},
    )
    fin = cambios.get("mes_fin")
    return Estado(meses=meses, nombres=nombres, unidades=unidades,
                  mes_fin=leer_mes(fin) if fin else borrador.mes_fin, programacion=programacion)


def comparar(seguimiento: Seguimiento, antes: Estado, despues: Estado, *, desde: date | None = None) -> Diferencia:
    """`desde`: el mes desde el que rige `despues` (un borrador): antes de él el programado no cambia."""
    filas: list[CambioDeFila] = []
    afectadas: set[str] = set()
    for codigo in sorted(set(antes.meses) | set(despues.meses), key=_orden_codigo):
        if codigo not in antes.meses:
            cambio = CambioDeFila(codigo, despues.nombres[codigo], agregada=True,
                                  meses_mas=sorted(despues.meses[codigo]), unidades_despues=despues.unidades[codigo])
        elif codigo not in despues.meses:
            cambio = CambioDeFila(codigo, antes.nombres[codigo], retirada=True,
                                  meses_menos=sorted(antes.meses[codigo]), unidades_antes=antes.unidades[codigo])
        else:
            cambio = CambioDeFila(
                codigo, despues.nombres[codigo],
                nombre_antes=antes.nombres[codigo] if antes.nombres[codigo] != despues.nombres[codigo] else "",
                meses_mas=sorted(despues.meses[codigo] - antes.meses[codigo]),
                meses_menos=sorted(antes.meses[codigo] - despues.meses[codigo]),
                unidades_antes=antes.unidades[codigo], unidades_despues=despues.unidades[codigo],
            )
            if not (cambio.renombrada or cambio.meses_mas or cambio.meses_menos or cambio.cambia_unidades):
                continue
        filas.append(cambio)
        afectadas |= set(cambio.unidades_antes) | set(cambio.unidades_despues)
    return Diferencia(filas=filas, mes_fin_antes=antes.mes_fin, mes_fin_despues=despues.mes_fin,
                      programado=_programado_por_mes(seguimiento, antes, despues, desde=desde),
                      unidades_afectadas=sorted(afectadas))


def _programado_por_mes(seguimiento: Seguimiento, antes: Estado, despues: Estado, *,
                        desde: date | None = None) -> list[ProgramadoDelMes]:
    """El programado del plan a cada mes con una y otra programación (las reglas de avance.py). Las
    filas nuevas de un borrador aún no están en el catálogo: cuentan desde que se aprueba. Con `desde`
    (la vigencia del borrador), los meses anteriores siguen con la programación de antes: la versión no
    los gobierna, así que su programado no cambia."""
    if antes.programacion is None or despues.programacion is None:
        return []
    meses = meses_entre(seguimiento.plan.mes_inicio, max(antes.mes_fin, despues.mes_fin))
    resultado = []
    for mes in meses:
        previo = seguimiento.al_corte(mes, programacion=antes.programacion).plan.programado
        if desde is not None and mes < desde:
            resultado.append(ProgramadoDelMes(mes, previo, previo))
            continue
        resultado.append(ProgramadoDelMes(mes, previo,
                                          seguimiento.al_corte(mes, programacion=despues.programacion).plan.programado))
    return resultado


def _orden_codigo(codigo: str) -> tuple[int, ...]:
    return tuple(int(parte) for parte in codigo.split("."))


def diferencia_del_borrador(borrador: VersionPlan) -> Diferencia:
    """El borrador frente a la última versión aprobada (la que reprograma)."""
    seguimiento = Seguimiento(borrador.plan)
    vigente = seguimiento.ultima
    return comparar(seguimiento, estado_aprobado(seguimiento, vigente), estado_borrador(seguimiento, borrador, vigente),
                    desde=borrador.vigente_desde)


def diferencia_entre_versiones(seguimiento: Seguimiento, a: int, b: int) -> Diferencia:
    """Dos versiones aprobadas: meses y filas exactos; nombres y unidades, los que aplicaron las
    versiones entre ambas (el catálogo guarda solo el nombre actual)."""
    por_numero = {p.version.numero: p for p in seguimiento.programaciones}
    antes, despues = estado_aprobado(seguimiento, por_numero[a]), estado_aprobado(seguimiento, por_numero[b])
    # De la más nueva a la más vieja: el nombre más antiguo del tramo es el que queda.
    for programacion in sorted(seguimiento.programaciones, key=lambda p: p.version.numero, reverse=True):
        numero = programacion.version.numero
        if min(a, b) < numero <= max(a, b):
            viejo, nuevo = (antes, despues) if a < b else (despues, antes)
            for codigo, (nombre_viejo, _) in programacion.version.cambios.get("nombres", {}).items():
                if codigo in viejo.nombres and isinstance(_, str):
                    viejo.nombres[codigo] = nombre_viejo
            for codigo, (siglas_viejas, _) in programacion.version.cambios.get("unidades", {}).items():
                if codigo in viejo.unidades and isinstance(siglas_viejas, list):
                    viejo.unidades[codigo] = tuple(siglas_viejas)
    return comparar(seguimiento, antes, despues)
