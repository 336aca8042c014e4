"""Las reglas del avance: programado, ejecutado, consolidados, estado y semáforo a un mes de corte.

Es la única fuente de porcentajes: la grilla, el Excel, el tablero y los reportes llaman aquí.
Python puro sobre datos cargados en un número fijo de consultas (`Seguimiento`); nada de request.

Reglas (guía del dominio):
- Ejecutado de una fila hoja al corte: el último % acumulado registrado en un mes ≤ corte (un mes sin
  registro arrastra el valor anterior); 0 si no hay ninguno.
- Programado de una fila hoja al corte: la fracción de sus meses programados que ya pasaron (reparto
  parejo). Una fila sin meses programados tiene programado 0.
- Programación: la de la versión del plan vigente al corte, la última aprobada con `vigente_desde` ≤
  corte (`programacion_vigente`); la primera versión es la línea base. Así, aprobar una versión nunca
  cambia una cifra a un corte anterior a su `vigente_desde`. Las filas que una versión agrega o retira
  no cuentan en los consolidados de los cortes medidos con otra versión (`Programacion.fuera`).
- Consolidados: actividad = promedio de sus filas hoja, componente = de sus actividades, plan = de sus
  componentes; ponderado por `peso` (si todos los pesos son 0, promedio simple).
- Estado y semáforo nunca se contradicen: «Retrasada» si y solo si el semáforo es ámbar o rojo y la
  fila sigue en su ventana (`REGLA_ESTADO_SEMAFORO`); «Vencida» cuando todos sus meses programados ya
  terminaron (programado 100 %) sin llegar a 100 % ejecutado, con el color que le toque por la misma regla.
- Un corte que aún no empieza (cronograma.ciclo) es «Por iniciar» en gris en todas sus filas, sean cuales
  sean sus cifras: nada está retrasado, vencido, en rojo ni pendiente antes de empezar.
- En el mes en curso, lo programado para ese mes vence a su cierre (cronograma.ciclo): se muestra lo
  programado al corte, pero estado y semáforo se miden contra lo *exigible*, lo programado hasta el mes
  anterior (`mes_exigible`). Así nada del mes en curso sale atrasado, vencido ni en rojo antes de terminar.
- Estado y semáforo se calculan sobre las cifras redondeadas a un decimal, las que se muestran, para
  que el color siempre se pueda justificar con los números a la vista.
"""

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError

from calidad.lectores import ValorInvalido, leer_porcentaje
from componentes.catalogo import Catalogo, ClaveFila, Hoja
from componentes.meses import abreviatura_mes, anterior, nombre_mes
from componentes.models import Plan, cargados
from cronograma import ciclo
from cronograma.formato import UN_DECIMAL, redondear, texto_porcentaje  # noqa: F401 (texto_porcentaje: nombre de siempre)
from cronograma.models import Avance, MesProgramado, VersionPlan

CERO = Decimal("0")
CIEN = Decimal("100")

NO_INICIADA = "No iniciada"
EN_EJECUCION = "En ejecución"
CONCLUIDA = "Concluida"
RETRASADA = "Retrasada"
POR_INICIAR = "Por iniciar"  # corte que aún no empieza (cronograma.ciclo): siempre en gris
VENCIDA = "Vencida"

VERDE, AMBAR, ROJO, GRIS = "verde", "ambar", "rojo", "gris"
# El color nunca va solo: cada semáforo tiene su texto.
TEXTO_SEMAFORO = {
    VERDE: "Verde: avance adecuado",
    AMBAR: "Ámbar: avance en riesgo",
    ROJO: "Rojo: avance crítico",
    GRIS: "Gris: nada vencido aún",
}
TEXTO_POR_INICIAR = "Gris: por iniciar"


@dataclass(frozen=True)
class Cifras:
    """El avance de una fila (hoja o consolidada) al mes de corte."""

    ejecutado: Decimal  # % acumulado al mes de corte, un decimal
    programado: Decimal  # % que debía estar hecho al mes de corte, un decimal
    estado: str  # Por iniciar, No iniciada, En ejecución, Concluida, Retrasada, Vencida
    semaforo: str  # verde, ambar, rojo, gris

    @property
    def texto_semaforo(self) -> str:
        return TEXTO_POR_INICIAR if self.por_iniciar else TEXTO_SEMAFORO[self.semaforo]

    @property
    def por_iniciar(self) -> bool:
        return self.estado == POR_INICIAR

    @property
    def color_semaforo(self) -> str:
        """Solo el color ("Verde", "Ámbar"…), para tablas estrechas que ya muestran el estado al lado."""
        return TEXTO_SEMAFORO[self.semaforo].split(":")[0]

    @property
    def brecha(self) -> Decimal:
        """Lo que falta para lo programado (programado − ejecutado, con las cifras mostradas); negativa si va
        adelantada. El reporte ordena por ella las filas retrasadas de cada componente."""
        return self.programado - self.ejecutado

    @property
    def empezo(self) -> bool:
        """Ya tiene algún avance ejecutado."""
        return self.ejecutado > CERO

    @property
    def atrasada(self) -> bool:
        """Retrasada (dentro de su ventana) o vencida (fuera de ella sin concluir)."""
        return self.estado in (RETRASADA, VENCIDA)

    @property
    def en_curso_o_debida(self) -> bool:
        """Ya debía empezar (algo programado al corte) o ya empezó, y no está concluida: la fila debe
        reportar en el mes (la regla de los pendientes)."""
        return self.estado not in (CONCLUIDA, POR_INICIAR) and (self.programado > CERO or self.empezo)




def validar_porcentaje(porcentaje) -> Decimal:
    """Lee el % acumulado que escribe una persona ("45,5" o 45.5): de 0 a 100, a lo más un decimal, con
    cifras ASCII y nada más (la sintaxis estricta de `calidad.lectores.leer_porcentaje`)."""
    if isinstance(porcentaje, Decimal) and porcentaje.is_finite() and porcentaje == porcentaje.quantize(UN_DECIMAL):
        texto = f"{porcentaje.quantize(UN_DECIMAL):f}"  # un valor ya leído (importación del Anexo)
    elif isinstance(porcentaje, int) and not isinstance(porcentaje, bool):
        texto = str(porcentaje)
    else:
        texto = porcentaje if isinstance(porcentaje, str) else str(porcentaje)
    try:
        return leer_porcentaje(texto)
    except ValorInvalido as error:
        raise ValidationError({"porcentaje": str(error)}) from None


def en_rango(porcentaje: Decimal) -> bool:
    """¿Es un % acumulado posible (finito, de 0 a 100)?"""
    return porcentaje.is_finite() and CERO <= porcentaje <= CIEN


def motivo_de_comentario(
    porcentaje: Decimal, *, anterior: Decimal | None, meses_programados: Collection[date], mes: date
) -> str | None:
    """Por qué un valor exige comentario (baja respecto del mes anterior o queda bajo lo programado,
    redondeado como se muestra), o None si no lo exige."""
    if anterior is not None and porcentaje < anterior:
        return (f"El valor es menor que el del mes anterior ({texto_porcentaje(anterior)}): "
                "explique la corrección en el comentario.")
    programado = redondear(programado_al(meses_programados, mes))
    if porcentaje < programado:
        return (f"El valor está por debajo de lo programado para {nombre_mes(mes)} ({texto_porcentaje(programado)}): "
                "explique el retraso.")
    return None


def mes_exigible(corte: date) -> date | None:
    """Contra qué mes se miden estado y semáforo al corte, si no es el corte mismo: en el mes en curso, el
    anterior (lo del mes vence a su cierre: cronograma.ciclo); en un mes terminado o por iniciar, None."""
    return anterior(corte) if ciclo.mes_iniciado(corte) and not ciclo.mes_vencido(corte) else None


def valores_al(ejecutado: Decimal, meses_programados: Collection[date], corte: date, exigible: date | None
               ) -> tuple[Decimal, ...]:
    """(ejecutado, programado al corte) y, en el mes en curso, lo programado al mes `exigible`: lo que
    `consolidar` promedia y `cifras` recibe (`*valores`)."""
    if exigible is None:
        return ejecutado, programado_al(meses_programados, corte)
    return ejecutado, programado_al(meses_programados, corte), programado_al(meses_programados, exigible)


def programado_al(meses_programados: Collection[date], corte: date) -> Decimal:
    """% programado al corte: la parte de los meses programados que ya terminaron."""
    if not meses_programados:
        return CERO
    transcurridos = sum(1 for mes in meses_programados if mes <= corte)
    return CIEN * transcurridos / len(meses_programados)


def ejecutado_al(registros: Mapping[date, Decimal], corte: date) -> Decimal:
    """% ejecutado al corte: el último acumulado registrado hasta ese mes."""
    anteriores = [mes for mes in registros if mes <= corte]
    return registros[max(anteriores)] if anteriores else CERO


def promedio_ponderado(valores_y_pesos: Iterable[tuple[Decimal, Decimal]]) -> Decimal:
    """El promedio de los valores ponderado por sus pesos; si todos pesan 0, el promedio simple (0 sin valores)."""
    return _consolidar([(valor, CERO, peso) for valor, peso in valores_y_pesos])[0]


# Regla de coherencia entre estado y semáforo (issue 17): el estado se deduce del semáforo, así nunca se
# contradicen. «Retrasada» significa lo mismo que el ámbar y el rojo: ejecutado por debajo del umbral verde
# de lo programado; una fila por debajo de lo programado pero dentro de la tolerancia verde está «En
# ejecución», y una fila que va igual o por delante de lo programado es siempre verde.
REGLA_ESTADO_SEMAFORO = (
    "El estado y el semáforo se leen juntos: una fila dentro de sus meses programados es «Retrasada» "
    "exactamente cuando su semáforo es ámbar o rojo (ejecutado por debajo del {verde} % de lo programado). "
    "Cuando todos sus meses programados ya terminaron sin llegar a 100 % está «Vencida», con el color que le "
    "toque por la misma regla. En verde está «En ejecución», «Concluida» (100 %) o «Vencida»; en gris (nada "
    "programado aún), «No iniciada» (0 %), «En ejecución» o «Concluida». Un mes que aún no empieza es "
    "«Por iniciar», en gris. Durante el mes en curso, lo programado para ese mes vence a su cierre: el estado "
    "y el color se miden contra lo programado hasta el mes anterior."
)


def regla_estado_semaforo() -> str:
    """La regla, con el umbral verde vigente, para mostrarla donde aparecen los colores."""
    verde = Decimal(str(settings.CALIDAD_SEMAFORO_VERDE)) * CIEN
    return REGLA_ESTADO_SEMAFORO.format(verde=f"{verde.normalize():f}".replace(".", ","))


@dataclass(frozen=True)
class Umbrales:
    """Los umbrales del semáforo (fracción de lo programado): verde desde `verde`, ámbar desde `ambar`."""

    verde: Decimal
    ambar: Decimal


def umbrales_del_semaforo() -> Umbrales:
    """Los umbrales de settings (por defecto 90 % y 70 %). Quien calcula miles de cifras los lee una vez
    (`Seguimiento.al_corte`): leer settings en cada fila costaba 0,3 s a 7.000 filas (issue 24)."""
    return Umbrales(Decimal(str(settings.CALIDAD_SEMAFORO_VERDE)), Decimal(str(settings.CALIDAD_SEMAFORO_AMBAR)))


def estado_de(ejecutado: Decimal, programado: Decimal, *, umbrales: Umbrales | None = None) -> str:
    """El estado que corresponde al semáforo: «Vencida» si todo lo programado ya venció (programado 100 %)
    sin concluir; si no, «Retrasada» si y solo si el semáforo es ámbar o rojo."""
    return _estado(ejecutado, programado, semaforo_de(ejecutado, programado, umbrales=umbrales))


def _estado(ejecutado: Decimal, programado: Decimal, semaforo: str) -> str:
    if ejecutado >= CIEN:
        return CONCLUIDA
    if programado >= CIEN:
        return VENCIDA
    if semaforo in (AMBAR, ROJO):
        return RETRASADA
    if ejecutado == 0:
        return NO_INICIADA
    return EN_EJECUCION


def semaforo_de(ejecutado: Decimal, programado: Decimal, *, umbrales: Umbrales | None = None) -> str:
    """Color según ejecutado / programado; umbrales en settings (por defecto 90 % y 70 %).

    Ir igual o por delante de lo programado es siempre verde, sea cual sea el umbral configurado.
    """
    if programado <= 0:
        return GRIS
    if ejecutado >= programado:
        return VERDE
    razon = ejecutado / programado
    umbrales = umbrales or umbrales_del_semaforo()
    if razon >= umbrales.verde:
        return VERDE
    if razon >= umbrales.ambar:
        return AMBAR
    return ROJO


def cifras(ejecutado: Decimal, programado: Decimal, exigible: Decimal | None = None, *, por_iniciar: bool = False,
           umbrales: Umbrales | None = None) -> Cifras:
    """Las cifras redondeadas con su estado y semáforo; `por_iniciar` (corte que aún no empieza, según
    cronograma.ciclo): «Por iniciar» en gris, nunca retrasada ni roja. `exigible` (mes en curso: lo
    programado hasta el mes anterior, `valores_al`): estado y semáforo se miden contra él, no contra
    `programado`, que es lo que se muestra."""
    ejecutado, programado = redondear(ejecutado), redondear(programado)
    if por_iniciar:
        return Cifras(ejecutado, programado, POR_INICIAR, GRIS)
    medida = programado if exigible is None else redondear(exigible)
    semaforo = semaforo_de(ejecutado, medida, umbrales=umbrales)
    return Cifras(ejecutado, programado, _estado(ejecutado, medida, semaforo), semaforo)


def cifras_al_corte(corte: date) -> Callable[..., Cifras]:
    """`cifras` para muchas filas de un mismo corte: el mes (¿por iniciar?) y los umbrales se leen una vez,
    y cada tupla de valores (ejecutado, programado[, exigible]: `valores_al`) se calcula una vez (las
    `Cifras` son inmutables: miles de filas comparten unas pocas, p. ej. 100 % de 100 %)."""
    por_iniciar = not ciclo.mes_iniciado(corte)  # una vez por corte: leer la hora cuesta
    umbrales = umbrales_del_semaforo()
    ya: dict[tuple[Decimal, ...], Cifras] = {}

    def de(*valores: Decimal) -> Cifras:
        resultado = ya.get(valores)
        if resultado is None:
            resultado = ya[valores] = cifras(*valores, por_iniciar=por_iniciar, umbrales=umbrales)
        return resultado

    return de


def escribir_programacion(filas: Iterable[tuple], usuario, *, version: "VersionPlan") -> list[MesProgramado]:
    """Programa meses nuevos (`(actividad, subactividad o None, mes)`) en `version`, con historia del
    usuario: la escritura de la programación de un plan nuevo (crear_plan --copiar) pasa por aquí, junto
    a su lectura (`programaciones_de_planes`)."""
    from simple_history.utils import bulk_create_with_history

    programados = [MesProgramado(actividad=actividad, subactividad=subactividad, mes=mes, version=version)
                   for actividad, subactividad, mes in filas]
    for programado in programados:
        programado.full_clean(exclude=["actividad", "subactividad", "version"], validate_constraints=False)
    return bulk_create_with_history(programados, MesProgramado, default_user=usuario)


@dataclass(frozen=True)
class PuntoCurva:
    """Un mes de la curva S del plan: % acumulado programado y ejecutado (None después del corte: no se
    dibuja). El único tipo de punto: tablero, reporte y gráficos lo comparten."""

    mes: date
    programado: Decimal
    ejecutado: Decimal | None

    @property
    def nombre_mes(self) -> str:
        return nombre_mes(self.mes)

    nombre = nombre_mes

    @property
    def abreviatura(self) -> str:
        return abreviatura_mes(self.mes)


@dataclass(frozen=True)
class Programacion:
    """Los meses programados de cada fila hoja en una versión aprobada, y las filas que no son de ella."""

    version: VersionPlan | None
    meses: Mapping[ClaveFila, set[date]]
    fuera: frozenset[ClaveFila] = frozenset()  # agregadas por una versión posterior o ya retiradas


SIN_PROGRAMACION = Programacion(version=None, meses={})


def programacion_vigente(programaciones: list[Programacion], corte: date) -> Programacion:
    """La programación que rige al corte: la de mayor `vigente_desde` ≤ corte (a igual mes, la de mayor
    número). `programaciones` va ordenada por (vigente_desde, numero); antes de la primera rige la
    primera (la línea base). La única regla que elige versión: todo lo demás llama aquí."""
    if not programaciones:
        return SIN_PROGRAMACION
    vigente = programaciones[0]
    for programacion in programaciones[1:]:
        if programacion.version.vigente_desde > corte:
            break
        vigente = programacion
    return vigente


def programaciones_del_plan(plan: Plan, *, numero: int | None = None, hoja: ClaveFila | None = None
                            ) -> list[Programacion]:
    """Las programaciones de las versiones aprobadas del plan (o solo la versión `numero`), en orden de
    vigencia, con los meses de todas sus filas hoja (o solo de `hoja`), en dos consultas. Las filas
    agregadas o retiradas se leen de todas las versiones.

    Es la ÚNICA lectura de la programación: el cálculo completo (`Seguimiento`), el de una sola fila
    (`cronograma.consolidados`), el registro y los varios planes (`programaciones_de_planes`) pasan por
    aquí, y eligen la versión de cada corte con `programacion_vigente`.
    """
    return programaciones_de_planes([plan], numero=numero, hoja=hoja)[plan.pk]


def programaciones_de_planes(planes: Iterable[Plan], *, numero: int | None = None, hoja: ClaveFila | None = None
                             ) -> dict[int, list[Programacion]]:
    """`programaciones_del_plan` de varios planes a la vez (issue 13), en las mismas dos consultas."""
    ids = [plan.pk for plan in planes]
    todas = list(VersionPlan.objects.filter(plan_id__in=ids, estado=VersionPlan.Estado.APROBADA)
                 .order_by("vigente_desde", "numero"))
    versiones = [version for version in todas if numero is None or version.numero == numero]
    meses: dict[int, dict[ClaveFila, set[date]]] = {version.id: defaultdict(set) for version in versiones}
    if versiones:
        # Sin orden: los meses van a conjuntos (y el orden del modelo costaría en cada lectura).
        programados = MesProgramado.objects.filter(version__in=[version.id for version in versiones]).order_by()
        if hoja is not None:
            programados = programados.filter(**hoja.filtro)
        for version_id, actividad_id, subactividad_id, mes in programados.values_list(
            "version_id", "actividad_id", "subactividad_id", "mes"
        ):
            meses[version_id][ClaveFila(actividad_id, subactividad_id)].add(mes)
    resultado: dict[int, list[Programacion]] = {}
    for plan_id in ids:
        del_plan = [version for version in todas if version.plan_id == plan_id]
        altas: dict[ClaveFila, int] = {}
        bajas: dict[ClaveFila, int] = {}
        for version in del_plan:
            for actividad_id, subactividad_id in version.cambios.get("altas", []):
                altas[ClaveFila(actividad_id, subactividad_id)] = version.numero
            for actividad_id, subactividad_id in version.cambios.get("bajas", []):
                bajas[ClaveFila(actividad_id, subactividad_id)] = version.numero
        resultado[plan_id] = [
            Programacion(
                version=version,
                meses=meses[version.id],
                fuera=frozenset(
                    [clave for clave, alta in altas.items() if alta > version.numero]
                    + [clave for clave, baja in bajas.items() if baja <= version.numero]
                ),
            )
            for version in versiones
            if version.plan_id == plan_id
        ]
    return resultado


@dataclass
class ResultadoAvance:
    """Las cifras de todas las filas de un plan a un mes de corte.

    Las cifras (`por_hoja`, `por_actividad`, `por_componente`, `plan`) y `porcentajes` son siempre las del
    plan entero; `catalogo` (y con él `hojas`) y `registros` pueden ser de una parte (`Seguimiento.ya_cargado`).
    """

    corte: date
    catalogo: Catalogo
    por_hoja: dict[ClaveFila, Cifras]
    por_actividad: dict[int, Cifras]
    por_componente: dict[int, Cifras]
    plan: Cifras
    registros: dict[ClaveFila, dict[date, Avance]] | None = field(default_factory=dict)  # None: sin libro
    porcentajes: Mapping[ClaveFila, Mapping[date, Decimal]] = field(default_factory=dict)  # los % de todas las filas
    programacion: Mapping[ClaveFila, set[date]] = field(default_factory=dict)
    version: VersionPlan | None = None  # la versión con que se midió el programado
    fuera: frozenset[ClaveFila] = frozenset()  # filas que no son de esa versión (no se muestran ni cuentan)

    @property
    def hojas(self) -> list[Hoja]:
        """Las filas hoja de la versión con que se midió el corte (sin las agregadas después ni las retiradas)."""
        return [hoja for hoja in self.catalogo.hojas if hoja.clave not in self.fuera] if self.fuera else self.catalogo.hojas

    def de_hoja(self, hoja: Hoja) -> Cifras:
        return self.por_hoja[hoja.clave]

    def registro(self, clave: ClaveFila, mes: date) -> Avance | None:
        """El avance registrado para ese mes exactamente (el que edita un formulario)."""
        return self.registros.get(clave, {}).get(mes)

    def ultimo_registro(self, clave: ClaveFila) -> Avance | None:
        """El avance que da el ejecutado de la fila: el último registrado hasta el corte."""
        registros = self.registros.get(clave, {})
        anteriores = [mes for mes in registros if mes <= self.corte]
        return registros[max(anteriores)] if anteriores else None


class Seguimiento:
    """Catálogo, programaciones (todas las versiones aprobadas) y avances de un plan, cargados una vez.

    `hasta` limita el libro de avances a los meses ≤ hasta: es lo que se sabía a ese corte.
    `version` fija la versión con que se mide todo corte (la grilla con `?version=N`, la exportación
    con `--version N`); sin ella, cada corte usa la versión vigente a ese corte.
    `libro=False` lee solo el % de cada fila y mes (tuplas), sin los objetos `Avance` (comentario, quién,
    cuándo): la grilla no muestra más, y a 7.000 filas armar 10.000 objetos costaba el triple que leer
    sus % (issue 16). Las cifras son las mismas; `registros` queda en None, para que quien pida un
    registro falle en vez de ver una fila sin ninguno.

    Una parte del plan (`ya_cargado` con `arbol` y `porcentajes`, issue 24): las cifras se calculan
    siempre sobre el plan entero (el árbol de ids y pesos y los % de todas sus filas, en tuplas), y solo
    lo que se muestra fila por fila (el catálogo con sus objetos y el libro de `Avance`) se lee de una
    parte, p. ej. las actividades de una unidad en su hoja del mes. Así las cifras de una fila, de su
    actividad, de su componente y del plan son las mismas que con el plan entero.
    """

    @classmethod
    def ya_cargado(cls, plan: Plan, *, catalogo: Catalogo, programaciones: list["Programacion"],
                   registros: dict[ClaveFila, dict[date, Avance]],
                   porcentajes: dict[ClaveFila, dict[date, Decimal]] | None = None,
                   arbol: "Arbol | None" = None) -> "Seguimiento":
        """Un seguimiento con datos ya leídos (cronograma.planes.varios los lee para muchos planes a la vez).

        Con una parte del plan: `catalogo` y `registros` son de esa parte, y `arbol` (el del plan entero,
        `consolidados.arboles_de_planes`) y `porcentajes` (los de todas sus filas) dan las cifras."""
        seguimiento = cls.__new__(cls)
        seguimiento.plan, seguimiento.catalogo = plan, catalogo
        seguimiento.programaciones, seguimiento.registros = programaciones, registros
        if arbol is not None:
            seguimiento._arbol = arbol
        if porcentajes is None:
            seguimiento._armar_porcentajes()
        else:
            seguimiento._porcentajes = porcentajes
        return seguimiento

    def __init__(self, plan: Plan, *, hasta: date | None = None, version: int | None = None, libro: bool = True):
        self.plan = plan
        self.catalogo = Catalogo(plan)
        self.programaciones = programaciones_del_plan(plan, numero=version)
        # Sin select_related("registrado_por"): ninguna salida lo muestra y en un plan grande son miles de
        # usuarios armados de más (quien lo necesite, p. ej. ConflictoDeEdicion, lo lee aparte).
        avances = Avance.objects.del_plan(plan)
        if hasta is not None:
            avances = avances.filter(mes__lte=hasta)
        if libro:
            self.registros: dict[ClaveFila, dict[date, Avance]] | None = _libro(avances)
            self._armar_porcentajes()
        else:
            self.registros = None
            self._porcentajes = _porcentajes(avances)

    def anotar(self, avances: list[Avance]) -> None:
        """Agrega al libro ya cargado los registros recién guardados, sin volver a leer todo (la hoja del
        mes, tras guardar una fila, vuelve a dibujarla con sus cifras nuevas: issue 24)."""
        for avance in avances:
            self.registros.setdefault(avance.clave, {})[avance.mes] = avance
            self._porcentajes.setdefault(avance.clave, {})[avance.mes] = avance.porcentaje

    @property
    def arbol(self) -> "Arbol":
        """Componentes, actividades y filas hoja del plan con sus pesos (ids, en el orden del catálogo), armado
        una vez: la curva S llama a `al_corte` una vez por mes."""
        if not hasattr(self, "_arbol"):
            self._arbol = arbol_del_catalogo(self.catalogo)
        return self._arbol

    def _armar_porcentajes(self) -> None:
        # Los % por fila, armados una vez: la curva S llama a al_corte una vez por mes (issue 16).
        self._porcentajes: dict[ClaveFila, dict[date, Decimal]] = {
            clave: {mes: avance.porcentaje for mes, avance in por_mes.items()} for clave, por_mes in self.registros.items()
        }

    @property
    def programacion(self) -> Mapping[ClaveFila, set[date]]:
        """La programación de la última versión aprobada (la que se reprograma)."""
        return self.ultima.meses

    @property
    def ultima(self) -> Programacion:
        return self.programaciones[-1] if self.programaciones else SIN_PROGRAMACION

    @property
    def linea_base(self) -> Programacion:
        """La primera versión del plan."""
        return min(self.programaciones, key=lambda p: p.version.numero) if self.programaciones else SIN_PROGRAMACION

    def programacion_al(self, corte: date) -> Programacion:
        return programacion_vigente(self.programaciones, corte)

    def _valores_hoja(self, hoja: Hoja, corte: date, programados: Mapping, exigible: date | None) -> tuple[Decimal, ...]:
        porcentajes = self._porcentajes.get(hoja.clave, {})
        return valores_al(ejecutado_al(porcentajes, corte), programados.get(hoja.clave, ()), corte, exigible)

    def al_corte(self, corte: date, *, programacion: Programacion | None = None) -> ResultadoAvance:
        """Las cifras al corte con la programación vigente a ese corte (u otra dada, p. ej. la línea base)."""
        programacion = programacion or self.programacion_al(corte)
        programados, fuera = programacion.meses, programacion.fuera
        de = cifras_al_corte(corte)
        exigible = mes_exigible(corte)
        porcentajes = self._porcentajes
        vacio: dict = {}

        def valores_de_hoja(clave: ClaveFila) -> tuple[Decimal, ...]:
            return valores_al(ejecutado_al(porcentajes.get(clave, vacio), corte), programados.get(clave, ()), corte, exigible)

        consolidado = consolidar(self.arbol, valores_de_hoja, fuera, ancho=2 if exigible is None else 3)
        por_hoja = {clave: de(*valores) for clave, valores in consolidado.hojas.items()}
        por_actividad = {actividad_id: de(*valores) for actividad_id, valores in consolidado.actividades.items()}
        por_componente = {componente_id: de(*valores) for componente_id, valores in consolidado.componentes.items()}
        return ResultadoAvance(
            corte=corte,
            catalogo=self.catalogo,
            por_hoja=por_hoja,
            por_actividad=por_actividad,
            por_componente=por_componente,
            plan=de(*consolidado.plan),
            registros=self.registros,
            porcentajes=self._porcentajes,
            programacion=programados,
            version=programacion.version,
            fuera=fuera,
        )

    def linea_base_al(self, corte: date) -> ResultadoAvance:
        """Las cifras al corte medidas contra la primera versión (la línea base)."""
        return self.al_corte(corte, programacion=self.linea_base)

    def de_filas(self, hojas: Iterable[Hoja], corte: date) -> Cifras:
        """Las cifras consolidadas de un grupo de filas hoja (p. ej. las de una unidad) al corte: su promedio
        ponderado por peso, con la programación vigente al corte (issue 23: el tablero de una unidad)."""
        programacion = self.programacion_al(corte)
        exigible = mes_exigible(corte)
        valores = [(*self._valores_hoja(hoja, corte, programacion.meses, exigible), hoja.peso)
                   for hoja in hojas if hoja.clave not in programacion.fuera]
        # Un corte que aún no empieza es «Por iniciar» en gris, como en `al_corte` (cronograma.ciclo).
        return cifras(*_consolidar(valores, 2 if exigible is None else 3), por_iniciar=not ciclo.mes_iniciado(corte))

    def curva_de_filas(self, hojas: Iterable[Hoja], meses: Iterable[date], *, corte: date | None = None
                       ) -> list[PuntoCurva]:
        """La curva S de un grupo de filas hoja, sin más consultas."""
        hojas = list(hojas)
        puntos = []
        for mes in meses:
            valores = self.de_filas(hojas, mes)
            puntos.append(PuntoCurva(mes, valores.programado, valores.ejecutado if corte is None or mes <= corte else None))
        return puntos

    def curva(self, meses: Iterable[date], *, corte: date | None = None) -> list[PuntoCurva]:
        """Curva S: el plan a cada mes, sin más consultas. Con `corte`, sin ejecutado después de él."""
        puntos = []
        for mes in meses:
            cifras = self.al_corte(mes).plan
            ejecutado = cifras.ejecutado if corte is None or mes <= corte else None
            puntos.append(PuntoCurva(mes, cifras.programado, ejecutado))
        return puntos


def arbol_del_catalogo(catalogo: Catalogo) -> "Arbol":
    """El árbol (ids y pesos) de un catálogo ya cargado, en su orden."""
    return [(componente.id, componente.peso,
             [(actividad.id, actividad.peso, [(hoja.clave, hoja.peso) for hoja in catalogo.hojas_por_actividad[actividad.id]])
              for actividad in cargados(componente, "actividades")])
            for componente in catalogo.componentes]


def _libro(avances) -> dict[ClaveFila, dict[date, Avance]]:
    registros: dict[ClaveFila, dict[date, Avance]] = defaultdict(dict)
    for avance in avances:
        registros[avance.clave][avance.mes] = avance
    return registros


def _porcentajes(avances) -> dict[ClaveFila, dict[date, Decimal]]:
    porcentajes: dict[ClaveFila, dict[date, Decimal]] = defaultdict(dict)
    for actividad_id, subactividad_id, mes, porcentaje in avances.values_list(
        "actividad_id", "subactividad_id", "mes", "porcentaje"
    ):
        porcentajes[ClaveFila(actividad_id, subactividad_id)][mes] = porcentaje
    return porcentajes


# Árbol del plan: [(componente_id, peso, [(actividad_id, peso, [(clave de hoja, peso)])])], en orden natural.
Arbol = list[tuple[int, Decimal, list[tuple[int, Decimal, list[tuple[ClaveFila, Decimal]]]]]]


# Lo que se consolida de cada fila: (ejecutado, programado) y, en el mes en curso, lo exigible (`valores_al`).
Valores = tuple[Decimal, ...]


@dataclass(frozen=True)
class Consolidado:
    """Los `Valores` de cada hoja, actividad, componente y del plan."""

    hojas: dict[ClaveFila, Valores]
    actividades: dict[int, Valores]
    componentes: dict[int, Valores]
    plan: Valores


def consolidar(arbol: Arbol, valores_de_hoja: Callable[[ClaveFila], Valores],
               fuera: Collection[ClaveFila] = (), *, ancho: int = 2) -> Consolidado:
    """El único recorrido hoja → actividad → componente → plan (promedios ponderados por peso, de cada
    posición de los valores: `ancho` de ellos, 3 en el mes en curso).

    Lo usan `Seguimiento.al_corte` (todas las filas) y la vía rápida de una fila (`cronograma.consolidados`).
    Una hoja en `fuera` (agregada por una versión posterior o ya retirada) tiene sus cifras pero no pesa en
    su actividad; una actividad sin hojas que pesen no pesa en su componente, ni un componente así en el plan.
    """
    hojas: dict[ClaveFila, Valores] = {}
    actividades: dict[int, Valores] = {}
    componentes: dict[int, Valores] = {}
    valores_componentes = []
    for componente_id, peso_componente, ramas in arbol:
        valores_actividades = []
        for actividad_id, peso_actividad, hojas_de_actividad in ramas:
            valores_hojas = []
            for clave, peso in hojas_de_actividad:
                valores = hojas[clave] = valores_de_hoja(clave)
                if clave not in fuera:
                    valores_hojas.append((*valores, peso))
            actividades[actividad_id] = _consolidar(valores_hojas, ancho)
            if valores_hojas:
                valores_actividades.append((*actividades[actividad_id], peso_actividad))
        componentes[componente_id] = _consolidar(valores_actividades, ancho)
        if valores_actividades:
            valores_componentes.append((*componentes[componente_id], peso_componente))
    return Consolidado(hojas, actividades, componentes, _consolidar(valores_componentes, ancho))


def _consolidar(valores: list[tuple[Decimal, ...]], ancho: int = 2) -> Valores:
    """El promedio ponderado (`promedio_ponderado`) de cada posición de filas (valor, …, peso), con los pesos
    sumados una vez para todas (se llama por cada actividad y componente de cada corte)."""
    if not valores:
        return (CERO,) * ancho
    total_pesos = sum((fila[-1] for fila in valores), CERO)
    if total_pesos == 0:
        return tuple(sum((fila[posicion] for fila in valores), CERO) / len(valores) for posicion in range(ancho))
    return tuple(sum((fila[posicion] * fila[-1] for fila in valores), CERO) / total_pesos for posicion in range(ancho))


def avance_del_plan(plan: Plan, *, corte: date) -> ResultadoAvance:
    """Avance de cada fila del plan al mes de corte, en un número fijo de consultas."""
    return Seguimiento(plan).al_corte(corte)
