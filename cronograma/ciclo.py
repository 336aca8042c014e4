"""El ciclo de vida de un plan: el único lugar que decide el tiempo y el estado (issue 21).

Para un plan y una fecha (la de America/Lima) responde:
- la situación del plan: *por iniciar*, *en curso*, *terminado* o *archivado* (`situacion`);
- el estado de cada mes: *por iniciar* (futuro), *en curso*, *abierto* (ya terminó y admite registros) o
  *cerrado* (`estado_mes`); un mes cuenta como vencido solo cuando terminó (`mes_vencido`);
- qué se puede hacer (registrar avance, adjuntar evidencias, reprogramar, cerrar, redactar o aprobar un
  reporte, recordar), con el motivo en castellano cuando no (`puede`, que no bloquea nada: para pantallas);
- y, dentro de la transacción de una escritura, la misma pregunta con candados (`exigir`): relee el plan
  con `select_for_update` (compartido para escribir en él, exclusivo para reprogramarlo o archivarlo),
  toma el candado consultivo del mes si la acción surte efecto en un mes, y lanza ValidationError con el
  motivo si ya no se puede. Así un plan archivado, un mes cerrado o un reporte remitido mientras alguien
  escribía ganan o esperan, pero nunca se pisan.

Reglas (README, «Ciclo de vida»):
- Lo que aún no empieza es «Por iniciar» (gris): nunca rojo, retrasado, pendiente ni «mes cerrado», y no
  recibe recordatorios.
- Un mes vence cuando termina: durante el mes, las páginas dicen lo que vence a su cierre.
- Un plan archivado es de solo lectura en todas partes y no recibe recordatorios ni avisos.
- Una versión nueva rige después del último mes cerrado y después del corte de todo reporte remitido.

Pantallas, escrituras, el admin, las órdenes de manage.py y los recordatorios preguntan aquí; nadie más
compara un mes con la fecha de hoy ni con `Plan.archivado`.
"""

from dataclasses import dataclass
from datetime import date

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from componentes.meses import nombre_mes, primer_dia, siguiente
from componentes.models import Plan


def _modelo(nombre: str):
    """Un modelo de `cronograma` sin importar sus módulos: `cronograma.models` valida meses con
    `periodo`, que pregunta aquí (sin esto habría un ciclo de importación)."""
    return apps.get_model("cronograma", nombre)


class SituacionPlan(models.TextChoices):
    POR_INICIAR = "por_iniciar", "Por iniciar"
    EN_CURSO = "en_curso", "En curso"
    TERMINADO = "terminado", "Terminado"
    ARCHIVADO = "archivado", "Archivado"


class EstadoMes(models.TextChoices):
    FUTURO = "futuro", "Por iniciar"
    EN_CURSO = "en_curso", "En curso"
    ABIERTO = "abierto", "Abierto"
    CERRADO = "cerrado", "Cerrado"


class Accion(models.TextChoices):
    REGISTRAR_AVANCE = "registrar_avance", "registrar avance"
    ADJUNTAR_EVIDENCIA = "adjuntar_evidencia", "adjuntar medios de verificación"
    REPROGRAMAR = "reprogramar", "reprogramar"
    CERRAR_MES = "cerrar_mes", "cerrar o reabrir el mes"
    REDACTAR_REPORTE = "redactar_reporte", "preparar o redactar un reporte"
    APROBAR_REPORTE = "aprobar_reporte", "aprobar o remitir un reporte"
    RECORDAR = "recordar", "enviar recordatorios"
    EDITAR_PLAN = "editar_plan", "editar el plan"
    # El seguimiento (issue 23): observaciones sobre un registro, compromisos y avisos.
    OBSERVAR = "observar", "observar un avance"
    RESPONDER = "responder", "responder una observación"
    ACTUALIZAR_COMPROMISO = "actualizar_compromiso", "actualizar un compromiso"
    AVISAR = "avisar", "avisar"


# Acciones que cambian lo que rige en todo el plan: toman el candado exclusivo de la fila del plan, así se
# serializan entre sí y con toda escritura que tome el compartido (registrar, cerrar, remitir…).
_EXCLUSIVAS = {Accion.REPROGRAMAR, Accion.EDITAR_PLAN}
# Acciones que escriben en un mes: piden un mes del plan ya empezado y abierto.
_EN_UN_MES = {Accion.REGISTRAR_AVANCE, Accion.ADJUNTAR_EVIDENCIA}
# Acciones del seguimiento: nada en un plan por iniciar; con un mes, solo en uno ya empezado y abierto.
_SEGUIMIENTO = {Accion.OBSERVAR, Accion.RESPONDER, Accion.ACTUALIZAR_COMPROMISO, Accion.AVISAR}

POR_INICIAR = "Por iniciar"  # el texto que ve el usuario para lo que aún no empieza (plan, mes o fila)


@dataclass(frozen=True)
class Decision:
    """La respuesta de `puede`: verdadera si se puede; si no, `motivo` dice por qué, en castellano."""

    si: bool
    motivo: str = ""

    def __bool__(self) -> bool:
        return self.si


SI = Decision(True)


def _no(motivo: str) -> Decision:
    return Decision(False, motivo)


# --- El tiempo ------------------------------------------------------------------------------------

def hoy() -> date:
    """La fecha de hoy en America/Lima (settings.TIME_ZONE)."""
    return timezone.localdate()


def mes_actual(*, hoy: date | None = None) -> date:
    """El mes en curso en America/Lima (su primer día). `hoy`: otra fecha, para preguntar "¿y si fuera…?"."""
    return primer_dia(hoy or timezone.localdate())


def mes_iniciado(mes: date, *, hoy: date | None = None) -> bool:
    """¿Ya empezó el mes (es el mes en curso o uno anterior)?"""
    return mes <= mes_actual(hoy=hoy)


def mes_vencido(mes: date, *, hoy: date | None = None) -> bool:
    """¿Ya terminó el mes? Solo entonces cuenta como vencido (pendientes, recordatorios, atrasos)."""
    return mes < mes_actual(hoy=hoy)


def meses_iniciados(plan: Plan, *, hoy: date | None = None) -> list[date]:
    """Los meses del plan que ya empezaron: los únicos en que se registra, se cierra o se reporta."""
    actual = mes_actual(hoy=hoy)
    return [mes for mes in plan.meses() if mes <= actual]


def mes_por_defecto(plan: Plan, *, hoy: date | None = None) -> date:
    """El mes que se muestra y se reporta si no se elige otro: el último ya empezado del plan (para un
    plan terminado, su último mes; para uno que aún no empieza, su primero, que se muestra «Por iniciar»)."""
    meses = meses_iniciados(plan, hoy=hoy)
    return meses[-1] if meses else plan.mes_inicio


# --- La situación del plan y el estado de cada mes -------------------------------------------------

def situacion(plan: Plan, *, hoy: date | None = None) -> SituacionPlan:
    if plan.archivado:
        return SituacionPlan.ARCHIVADO
    actual = mes_actual(hoy=hoy)
    if actual < plan.mes_inicio:
        return SituacionPlan.POR_INICIAR
    if actual > plan.mes_fin:
        return SituacionPlan.TERMINADO
    return SituacionPlan.EN_CURSO


def meses_cerrados(plan: Plan) -> set[date]:
    """Los meses cerrados del plan (una consulta)."""
    CierreMensual = _modelo("CierreMensual")

    return set(CierreMensual.objects.filter(plan=plan, cerrado=True).order_by().values_list("mes", flat=True))


def cerrados_de(planes: list[Plan]) -> dict[int, set[date]]:
    """Los meses cerrados de cada plan, en una consulta para todos."""
    CierreMensual = _modelo("CierreMensual")

    cerrados: dict[int, set[date]] = {plan.pk: set() for plan in planes}
    for plan_id, mes in CierreMensual.objects.filter(plan__in=planes, cerrado=True).values_list("plan_id", "mes"):
        cerrados[plan_id].add(mes)
    return cerrados


def estado_mes(plan: Plan, mes: date, *, cerrados: set[date] | None = None, hoy: date | None = None) -> EstadoMes:
    """El estado de `mes` en el plan. Lo que no empezó es FUTURO (nunca «cerrado»), aunque el plan esté
    archivado; en un plan archivado todo mes ya empezado cuenta como cerrado (solo lectura).
    `cerrados`: los meses cerrados del plan si ya se leyeron (si no, se consultan)."""
    if not mes_iniciado(mes, hoy=hoy):
        return EstadoMes.FUTURO
    if plan.archivado:
        return EstadoMes.CERRADO
    if mes in (meses_cerrados(plan) if cerrados is None else cerrados):
        return EstadoMes.CERRADO
    if mes == mes_actual(hoy=hoy):
        return EstadoMes.EN_CURSO
    return EstadoMes.ABIERTO


def se_escribe_en(plan: Plan, mes: date, *, cerrados: set[date], hoy: date | None = None) -> bool:
    """¿Se registra en el mes? Rápido, para recorrer miles de celdas (la grilla) con `cerrados` ya leídos."""
    return (not plan.archivado and plan.mes_inicio <= mes <= plan.mes_fin and mes_iniciado(mes, hoy=hoy)
            and mes not in cerrados)


def corte_remitido(plan: Plan) -> date | None:
    """El mes de corte más tardío de los reportes ya remitidos a la SGP (o None)."""
    Reporte = _modelo("Reporte")

    return (Reporte.objects.filter(plan=plan, estado=Reporte.Estado.REMITIDO)
            .order_by("-hasta").values_list("hasta", flat=True).first())


# --- Los motivos -----------------------------------------------------------------------------------

def motivo_archivado(plan: Plan) -> str:
    return f"El plan «{plan}» está archivado: es de solo lectura y no admite cambios."


def motivo_mes_cerrado(mes: date) -> str:
    return (f"{nombre_mes(mes)} está cerrado: sus avances y medios de verificación son de solo lectura. Pida a la "
            "coordinación que lo reabra si hay que corregir algo.")


def motivo_por_iniciar(mes: date) -> str:
    return f"{nombre_mes(mes)} aún no empieza."


def motivo_fuera(plan: Plan, mes: date) -> str:
    return (f"{nombre_mes(mes)} está fuera del plan, que va de {nombre_mes(plan.mes_inicio)} a "
            f"{nombre_mes(plan.mes_fin)}.")


def error_de_vigencia(plan: Plan, vigente_desde: date, *, cerrados: set[date] | None = None,
                      remitido: date | None = None, leer_remitido: bool = True) -> str | None:
    """Por qué una versión nueva no puede regir desde `vigente_desde`, o None: debe regir después del
    último mes cerrado (aunque uno anterior se haya reabierto: lo demás ya se midió) y después del corte
    de todo reporte ya remitido a la SGP (sus cifras ya se enviaron)."""
    cerrados = meses_cerrados(plan) if cerrados is None else cerrados
    if vigente_desde in cerrados:
        return (f"{nombre_mes(vigente_desde)} está cerrado: una versión no cambia lo que ya se midió. "
                "Elija un mes abierto.")
    ultimo = max(cerrados, default=None)
    if ultimo is not None and vigente_desde <= ultimo:
        return (f"{nombre_mes(vigente_desde)} es anterior al primer mes abierto ({nombre_mes(siguiente(ultimo))}): la "
                f"versión debe regir después del último mes cerrado ({nombre_mes(ultimo)}).")
    if remitido is None and leer_remitido:
        remitido = corte_remitido(plan)
    if remitido is not None and vigente_desde <= remitido:
        return (f"{nombre_mes(vigente_desde)} ya está en un reporte remitido a la SGP (corte {nombre_mes(remitido)}): "
                "la versión debe regir desde un mes posterior a ese corte.")
    return None


# --- Qué se puede hacer ----------------------------------------------------------------------------

def puede(accion: Accion | str, plan: Plan, mes: date | None = None, *, cerrados: set[date] | None = None,
          hoy: date | None = None) -> Decision:
    """¿Se puede hacer `accion` en el plan (y el mes, si se da)? Sin candados: para pantallas y para
    rechazar pronto. Las escrituras vuelven a preguntar con `exigir` dentro de su transacción."""
    accion = Accion(accion)
    if plan.archivado:
        if accion == Accion.RECORDAR:
            return _no(f"El plan «{plan}» está archivado: no se envían recordatorios.")
        return _no(motivo_archivado(plan))
    if accion == Accion.RECORDAR and mes is None:
        return SI  # sin mes: ¿recibe avisos el plan? Sí, salvo archivado (arriba)
    if accion in _SEGUIMIENTO:
        return _puede_en_el_seguimiento(accion, plan, mes, cerrados=cerrados, hoy=hoy)
    if accion in _EN_UN_MES or accion in (Accion.CERRAR_MES, Accion.RECORDAR):
        if mes is None:
            raise ValueError(f"Para {accion.label} hace falta el mes.")
        if not plan.mes_inicio <= mes <= plan.mes_fin:
            return _no(motivo_fuera(plan, mes))
        estado = estado_mes(plan, mes, cerrados=cerrados, hoy=hoy)
        if estado == EstadoMes.FUTURO:
            if accion == Accion.RECORDAR:
                return _no(f"{nombre_mes(mes)} aún no empieza: no se envían recordatorios de un mes por iniciar.")
            if accion == Accion.CERRAR_MES:
                return _no(f"{nombre_mes(mes)} aún no empieza: no se puede cerrar.")
            return _no(motivo_por_iniciar(mes))
        if accion == Accion.RECORDAR:
            if estado == EstadoMes.CERRADO:
                return _no(f"{nombre_mes(mes)} está cerrado: su avance ya no se puede registrar, así que no se envían "
                           "recordatorios. Si hay que completarlo, la coordinación debe reabrir el mes.")
            if estado == EstadoMes.EN_CURSO:
                return _no(f"{nombre_mes(mes)} aún no termina: su avance vence al cierre del mes y los recordatorios "
                           "se envían cuando el mes ya terminó.")
            return SI
        if accion in _EN_UN_MES and estado == EstadoMes.CERRADO:
            return _no(motivo_mes_cerrado(mes))
        return SI
    if accion == Accion.REPROGRAMAR and mes is not None:
        error = error_de_vigencia(plan, mes, cerrados=cerrados)
        if error:
            return _no(error)
    return SI


def _puede_en_el_seguimiento(accion: Accion, plan: Plan, mes: date | None, *, cerrados: set[date] | None,
                             hoy: date | None) -> Decision:
    """Observar, responder, actualizar un compromiso o avisar (el plan ya no está archivado): nada antes de
    que el plan empiece; un compromiso no depende de un mes; con un mes, solo uno ya empezado y abierto."""
    if situacion(plan, hoy=hoy) == SituacionPlan.POR_INICIAR:
        return _no(f"El plan «{plan}» aún no empieza (empieza en {nombre_mes(plan.mes_inicio)}).")
    if accion == Accion.ACTUALIZAR_COMPROMISO or mes is None:
        return SI  # un plan terminado sigue con sus compromisos y sus avisos
    estado = estado_mes(plan, mes, cerrados=cerrados, hoy=hoy)
    if estado == EstadoMes.FUTURO:
        return _no(motivo_por_iniciar(mes))
    if estado == EstadoMes.CERRADO:
        return _no(motivo_mes_cerrado(mes))
    return SI


def _releer_plan(plan: Plan, *, exclusivo: bool) -> Plan:
    """Relee el plan en la transacción en curso con candado: exclusivo (FOR UPDATE) o compartido (FOR
    SHARE en PostgreSQL; SQLite ya serializa toda escritura)."""
    conexion = transaction.get_connection()
    if exclusivo or conexion.vendor != "postgresql":
        return Plan.objects.select_for_update().get(pk=plan.pk)
    tabla = conexion.ops.quote_name(Plan._meta.db_table)
    return Plan.objects.raw(f"SELECT * FROM {tabla} WHERE id = %s FOR SHARE", [plan.pk])[0]


def bloquear_mes(plan: Plan, mes: date) -> None:
    """Toma el candado del mes (plan, mes) hasta el final de la transacción en curso.

    Cerrar un mes y escribir en él (o aprobar una versión que rige desde él) se serializan así: quien
    escribe toma el candado y DESPUÉS comprueba que el mes siga abierto, en la misma transacción que su
    escritura; quien cierra toma el mismo candado antes de cerrar. En PostgreSQL es un candado consultivo
    de transacción; SQLite ya serializa toda escritura.
    """
    conexion = transaction.get_connection()
    if not conexion.in_atomic_block:
        raise RuntimeError("bloquear_mes() solo tiene sentido dentro de transaction.atomic().")
    if conexion.vendor == "postgresql":
        with conexion.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [int(plan.pk), mes.year * 100 + mes.month])


def exigir(accion: Accion | str, plan: Plan, mes: date | None = None) -> Plan:
    """Dentro de `transaction.atomic()`: relee el plan con candado, toma el candado del mes si se da, y
    lanza ValidationError(motivo) si la acción ya no se puede. Devuelve el plan releído (úselo en vez del
    que se tenía: puede haber cambiado). Para un mes, el error va en el campo «mes»; para la vigencia de
    una versión, en «vigente_desde»."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("ciclo.exigir() va dentro de la transacción de la escritura (transaction.atomic()).")
    accion = Accion(accion)
    fresco = _releer_plan(plan, exclusivo=accion in _EXCLUSIVAS)
    if mes is not None:
        bloquear_mes(fresco, mes)
    _rechazar_si_no(accion, fresco, mes)
    return fresco


def comprobar(accion: Accion | str, plan: Plan, mes: date | None = None) -> None:
    """`puede` sin candados, con el mismo error que `exigir`: para rechazar pronto, antes de la transacción."""
    _rechazar_si_no(Accion(accion), plan, mes)


def _rechazar_si_no(accion: Accion, plan: Plan, mes: date | None) -> None:
    decision = puede(accion, plan, mes)
    if decision:
        return
    if plan.archivado:
        from componentes.planes import PlanArchivado

        raise PlanArchivado(decision.motivo)
    if mes is not None and accion in _EN_UN_MES | {Accion.CERRAR_MES}:
        raise ValidationError({"mes": decision.motivo})
    if mes is not None and accion == Accion.REPROGRAMAR:
        raise ValidationError({"vigente_desde": decision.motivo})
    raise ValidationError(decision.motivo)


# --- Lo que ve el usuario --------------------------------------------------------------------------

def texto_situacion(plan: Plan, *, hoy: date | None = None) -> str:
    return situacion(plan, hoy=hoy).label


def aviso_del_mes(plan: Plan, mes: date, *, hoy: date | None = None) -> str:
    """Lo que una página dice del mes mostrado cuando aún no vence: por iniciar, o lo que vence a su cierre."""
    if not mes_iniciado(mes, hoy=hoy):
        return f"{nombre_mes(mes)} aún no empieza: nada está pendiente ni retrasado todavía (Por iniciar)."
    if not mes_vencido(mes, hoy=hoy):
        return (f"{nombre_mes(mes)} está en curso: lo programado para el mes vence a su cierre; hasta entonces "
                "nada de este mes cuenta como atrasado.")
    return ""


# --- La versión que rige a un corte ---------------------------------------------------------------

def version_al_corte(plan: Plan, corte: date):
    """La versión aprobada que rige al corte (la regla de `avance.programacion_vigente`: la de mayor
    `vigente_desde` ≤ corte, a igual mes la de mayor número; antes de la primera, la primera). None si
    el plan aún no tiene versiones aprobadas."""
    VersionPlan = _modelo("VersionPlan")

    versiones = list(VersionPlan.objects.filter(plan=plan, estado=VersionPlan.Estado.APROBADA)
                     .order_by("vigente_desde", "numero"))
    if not versiones:
        return None
    vigente = versiones[0]
    for version in versiones[1:]:
        if version.vigente_desde > corte:
            break
        vigente = version
    return vigente


def numero_de_version(plan: Plan, version=None) -> str:
    """El número que se muestra: el de la versión dada (la que rige al corte), o el del documento si el
    plan aún no tiene versiones aprobadas."""
    return str(version.numero) if version is not None else str(plan.version)


def etiqueta_version(plan: Plan, corte: date | None = None, *, version=None) -> str:
    """«Versión N» para un corte: la única etiqueta de versión que usan la franja del plan, la grilla, la
    matriz, el Excel y el reporte (así todas nombran la misma versión para el mismo corte). Sin corte, el
    mes por defecto del plan; con `version` ya calculada (p. ej. `ResultadoAvance.version`), esa."""
    if version is None:
        version = version_al_corte(plan, corte or mes_por_defecto(plan))
    return f"Versión {numero_de_version(plan, version)}"


# --- El periodo de un plan ------------------------------------------------------------------------

def error_de_periodo(plan: Plan, mes_inicio: date, mes_fin: date) -> str | None:
    """Por qué el plan no puede pasar a ir de `mes_inicio` a `mes_fin`, o None: un periodo nunca deja
    fuera meses con avance registrado (el admin no acorta así un plan en curso)."""
    Avance = _modelo("Avance")

    fuera = (Avance.objects.filter(actividad__componente__plan=plan)
             .exclude(mes__gte=mes_inicio, mes__lte=mes_fin).order_by("mes").values_list("mes", flat=True))
    meses = sorted(set(fuera))
    if not meses:
        return None
    return (f"El periodo no puede dejar fuera meses con avance registrado: {', '.join(nombre_mes(m) for m in meses[:6])}"
            f"{' …' if len(meses) > 6 else ''}. Elija un periodo que los incluya.")
