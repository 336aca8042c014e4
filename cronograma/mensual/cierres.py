"""Cierre mensual: la coordinación cierra un mes del plan y, si hace falta, lo reabre con un motivo.

Un mes cerrado es de solo lectura para todos, la coordinación incluida: para corregir algo, la
coordinación reabre el mes (el motivo queda en la historia), corrige y lo vuelve a cerrar. Así ningún
cambio en un mes ya revisado queda sin justificación.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from componentes.meses import nombre_mes
from componentes.models import Plan
from componentes.planes import exigir_abierto
from cronograma.limites import LARGO_MOTIVO_CIERRE
from cronograma.models import CierreMensual
from cronograma.periodo import meses_iniciados, validar_mes
from cronograma.permisos import perfil_de, puede_cerrar_mes

LARGO_MAXIMO_MOTIVO = LARGO_MOTIVO_CIERRE


def mes_cerrado(plan: Plan, mes: date) -> bool:
    return CierreMensual.objects.filter(plan=plan, mes=mes, cerrado=True).exists()


def meses_cerrados(plan: Plan) -> set[date]:
    """Los meses cerrados del plan, en una consulta (para marcar varios meses a la vez).

    Un plan archivado es de solo lectura: todos sus meses cuentan como cerrados (pantallas sin formularios).
    """
    if plan.archivado:
        return set(plan.meses())
    return set(CierreMensual.objects.filter(plan=plan, cerrado=True).order_by().values_list("mes", flat=True))


def bloquear_mes(plan: Plan, mes: date) -> None:
    """Toma el candado del mes (plan, mes) hasta el final de la transacción en curso.

    Cerrar un mes y escribir en él se serializan así: quien escribe toma el candado y DESPUÉS comprueba
    que el mes siga abierto, en la misma transacción que su escritura; quien cierra toma el mismo candado
    antes de cerrar. Si el cierre llega primero, la escritura espera a que se confirme y ve el mes cerrado;
    si la escritura llega primero, el cierre espera a que termine. En PostgreSQL es un candado consultivo
    de transacción (no hace falta que exista la fila del cierre); SQLite ya serializa toda escritura, y en
    modo WAL una transacción que leyó antes del cierre no puede escribir después de él.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("bloquear_mes() solo tiene sentido dentro de transaction.atomic().")
    conexion = transaction.get_connection()
    if conexion.vendor == "postgresql":
        with conexion.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [int(plan.pk), mes.year * 100 + mes.month])


def validar_mes_abierto_bloqueado(plan: Plan, mes: date) -> None:
    """Dentro de la transacción de una escritura: toma el candado del mes y comprueba que siga abierto."""
    bloquear_mes(plan, mes)
    validar_mes_abierto(plan, mes)


def validar_mes_abierto(plan: Plan, mes: date) -> None:
    """Rechaza escribir en un mes cerrado (o en un plan archivado), con el mensaje que ven los formularios."""
    exigir_abierto(plan)
    if mes_cerrado(plan, mes):
        raise ValidationError(
            {"mes": f"{nombre_mes(mes)} está cerrado: sus avances y medios de verificación son de solo "
                    "lectura. Pida a la coordinación que lo reabra si hay que corregir algo."}
        )


def _exigir_coordinacion(usuario) -> None:
    if not puede_cerrar_mes(perfil_de(usuario)):
        raise PermissionDenied("Solo la coordinación puede cerrar o reabrir meses.")


def cerrar_mes(*, plan: Plan, mes: date, usuario) -> CierreMensual:
    """Cierra `mes`; si ya estaba cerrado no escribe nada (ni otra fila de historia)."""
    _exigir_coordinacion(usuario)
    exigir_abierto(plan)
    validar_mes(plan, mes)
    with transaction.atomic():
        bloquear_mes(plan, mes)
        cierre = CierreMensual.objects.select_for_update().filter(plan=plan, mes=mes).first()
        if cierre and cierre.cerrado:
            return cierre
        cierre = cierre or CierreMensual(plan=plan, mes=mes)
        cierre.cerrado = True
        cierre.motivo = ""  # el motivo de la última reapertura sigue en la historia
        return _guardar(cierre, usuario)


def reabrir_mes(*, plan: Plan, mes: date, usuario, motivo: str) -> CierreMensual:
    """Reabre un mes cerrado; el motivo es obligatorio y queda en la historia."""
    _exigir_coordinacion(usuario)
    exigir_abierto(plan)
    motivo = (motivo or "").strip()
    if not motivo:
        raise ValidationError({"motivo": "Indique por qué se reabre el mes."})
    if len(motivo) > LARGO_MAXIMO_MOTIVO:
        raise ValidationError({"motivo": f"El motivo admite hasta {LARGO_MAXIMO_MOTIVO} caracteres."})
    with transaction.atomic():
        bloquear_mes(plan, mes)
        cierre = CierreMensual.objects.select_for_update().filter(plan=plan, mes=mes, cerrado=True).first()
        if cierre is None:
            raise ValidationError({"mes": f"{nombre_mes(mes)} no está cerrado."})
        cierre.cerrado = False
        cierre.motivo = motivo
        return _guardar(cierre, usuario)


def _guardar(cierre: CierreMensual, usuario) -> CierreMensual:
    cierre.full_clean(validate_constraints=False)
    cierre._history_user = usuario
    cierre.save()
    return cierre


@dataclass(frozen=True)
class EstadoMes:
    """Una línea de la página de cierres."""

    mes: date
    cerrado: bool
    motivo: str  # el de la última reapertura, si el mes está abierto tras reabrirse
    se_puede_cerrar: bool  # el mes ya empezó

    @property
    def nombre(self) -> str:
        return nombre_mes(self.mes)


def estado_de_meses(plan: Plan) -> list[EstadoMes]:
    """Cada mes del plan con su estado de cierre (una consulta)."""
    cierres = {c.mes: c for c in CierreMensual.objects.filter(plan=plan)}
    iniciados = set(meses_iniciados(plan))
    estados = []
    for mes in plan.meses():
        cierre = cierres.get(mes)
        estados.append(
            EstadoMes(
                mes=mes,
                cerrado=bool(cierre and cierre.cerrado),
                motivo=cierre.motivo if cierre else "",
                se_puede_cerrar=mes in iniciados,
            )
        )
    return estados


@dataclass(frozen=True)
class SucesoCierre:
    """Un cierre o una reapertura, con quién y por qué (de la historia de CierreMensual)."""

    mes: date
    fecha: datetime
    usuario: str
    cerrado: bool
    motivo: str

    @property
    def nombre_mes(self) -> str:
        return nombre_mes(self.mes)

    @property
    def accion(self) -> str:
        return "Cerró" if self.cerrado else "Reabrió"


def historia_de_cierres(plan: Plan) -> list[SucesoCierre]:
    """Cada cierre y reapertura del plan, del más reciente al más antiguo (una consulta)."""
    filas = (CierreMensual.history.filter(plan_id=plan.pk).select_related("history_user")
             .order_by("-history_date", "-history_id"))
    return [
        SucesoCierre(mes=f.mes, fecha=f.history_date, cerrado=f.cerrado, motivo=f.motivo,
                     usuario=f.history_user.get_username() if f.history_user else "sistema")
        for f in filas
    ]
