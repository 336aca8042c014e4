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
from cronograma import ciclo
from cronograma.limites import LARGO_MOTIVO_CIERRE
from cronograma.models import CierreMensual
from cronograma.periodo import validar_mes
from cronograma.permisos import perfil_de, puede_cerrar_mes

LARGO_MAXIMO_MOTIVO = LARGO_MOTIVO_CIERRE


def mes_cerrado(plan: Plan, mes: date) -> bool:
    """¿Está cerrado el mes? (Un mes por iniciar nunca lo está, tampoco en un plan archivado.)"""
    return ciclo.estado_mes(plan, mes) == ciclo.EstadoMes.CERRADO


def meses_cerrados(plan: Plan) -> set[date]:
    """Los meses cerrados del plan, en una consulta (para marcar varios meses a la vez).

    Un plan archivado es de solo lectura: todos sus meses ya empezados cuentan como cerrados (pantallas
    sin formularios); los que aún no empiezan siguen «Por iniciar» (`cronograma.ciclo.estado_mes`).
    """
    if plan.archivado:
        return set(ciclo.meses_iniciados(plan))
    return ciclo.meses_cerrados(plan)


bloquear_mes = ciclo.bloquear_mes  # el candado del mes vive en cronograma.ciclo


def validar_mes_abierto_bloqueado(plan: Plan, mes: date, accion=ciclo.Accion.REGISTRAR_AVANCE) -> Plan:
    """Dentro de la transacción de una escritura: relee el plan y toma el candado del mes
    (`ciclo.exigir`), y comprueba que el mes siga abierto. Devuelve el plan releído."""
    return ciclo.exigir(accion, plan, mes)


def validar_mes_abierto(plan: Plan, mes: date, accion=ciclo.Accion.REGISTRAR_AVANCE) -> None:
    """Rechaza escribir en un mes cerrado o por iniciar (o en un plan archivado), sin candados, con el
    mensaje que ven los formularios (`ciclo.puede`)."""
    ciclo.comprobar(accion, plan, mes)


def _exigir_coordinacion(usuario) -> None:
    if not puede_cerrar_mes(perfil_de(usuario)):
        raise PermissionDenied("Solo la coordinación puede cerrar o reabrir meses.")


def cerrar_mes(*, plan: Plan, mes: date, usuario) -> CierreMensual:
    """Cierra `mes`; si ya estaba cerrado no escribe nada (ni otra fila de historia)."""
    _exigir_coordinacion(usuario)
    validar_mes(plan, mes)
    with transaction.atomic():
        ciclo.exigir(ciclo.Accion.CERRAR_MES, plan, mes)  # plan releído, candado del mes; archivado no
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
    motivo = (motivo or "").strip()
    if not motivo:
        raise ValidationError({"motivo": "Indique por qué se reabre el mes."})
    if len(motivo) > LARGO_MAXIMO_MOTIVO:
        raise ValidationError({"motivo": f"El motivo admite hasta {LARGO_MAXIMO_MOTIVO} caracteres."})
    with transaction.atomic():
        ciclo.exigir(ciclo.Accion.CERRAR_MES, plan, mes)
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
    se_puede_cerrar: bool  # el mes ya empezó y el plan no está archivado
    estado: ciclo.EstadoMes = ciclo.EstadoMes.ABIERTO  # por iniciar, en curso, abierto o cerrado

    @property
    def nombre(self) -> str:
        return nombre_mes(self.mes)

    @property
    def por_iniciar(self) -> bool:
        return self.estado == ciclo.EstadoMes.FUTURO


def estado_de_meses(plan: Plan) -> list[EstadoMes]:
    """Cada mes del plan con su estado de cierre (una consulta)."""
    cierres = {c.mes: c for c in CierreMensual.objects.filter(plan=plan)}
    cerrados = {mes for mes, cierre in cierres.items() if cierre.cerrado}
    estados = []
    for mes in plan.meses():
        cierre = cierres.get(mes)
        estado = ciclo.estado_mes(plan, mes, cerrados=cerrados)
        estados.append(
            EstadoMes(
                mes=mes,
                cerrado=bool(cierre and cierre.cerrado) and estado != ciclo.EstadoMes.FUTURO,
                motivo=cierre.motivo if cierre else "",
                se_puede_cerrar=bool(ciclo.puede(ciclo.Accion.CERRAR_MES, plan, mes, cerrados=set())),
                estado=estado,
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
