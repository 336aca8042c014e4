"""Qué plan muestra una página u orden: el indicado por su id, o el vigente si no se indica ninguno.

Un solo comportamiento para "aún no hay plan": `SinPlan`, que `cronograma.middleware.SinPlanMiddleware` convierte en la
página que lo dice y explica qué hacer (y las órdenes, en un CommandError).
"""

from contextvars import ContextVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404

from calidad.lectores import ValorInvalido, leer_id, mostrar
from componentes.models import Plan


class SinPlan(Exception):
    """No hay ningún plan cargado."""

    mensaje = (
        "Aún no hay un plan cargado. Un administrador lo carga con «python manage.py load_anexo2» "
        "(el Anexo N° 2 del MTPE) o importando un Anexo en Excel."
    )

    def __str__(self):
        return self.mensaje


def plan_pedido(plan_id=None) -> Plan:
    """El plan `plan_id` (404 si no existe) o, sin id, el de la dirección (/planes/<id>/…) o el vigente
    (SinPlan si no hay ninguno)."""
    if plan_id in (None, ""):
        plan_id = plan_de_la_direccion.get()
    if plan_id not in (None, ""):
        try:
            return Plan.objects.get(pk=leer_id(plan_id))  # el lector de ids: ni «+1», ni «1_0», ni «٣»
        except (Plan.DoesNotExist, ValorInvalido):
            raise Http404(f"No existe el plan «{mostrar(plan_id)}».") from None
    plan = Plan.objects.vigente()
    if plan is None:
        raise SinPlan()
    return plan


def plan_de_orden(plan_id=None) -> Plan:
    """`plan_pedido` para las órdenes de manage.py (`--plan`): "sin plan" o un id que no existe son un
    CommandError con el mismo mensaje que ven las páginas."""
    from django.core.management.base import CommandError

    try:
        return plan_pedido(plan_id)
    except (SinPlan, Http404) as error:
        raise CommandError(str(error)) from None


# --- Varios planes (issue 13) ----------------------------------------------------------------------
#
# Las direcciones de un plan son las de siempre bajo /planes/<id>/ (cronograma.middleware.PlanDeLaDireccion).
# Ese middleware deja aquí el id que nombra la dirección, durante la petición: así `plan_pedido()` sin id
# da el plan de la dirección y, si no la nombra ninguno, el vigente (las direcciones de antes).

plan_de_la_direccion: ContextVar[int | None] = ContextVar("plan_de_la_direccion", default=None)


def plan_nombrado() -> int | None:
    """El id del plan que nombra la dirección de la petición en curso, o None."""
    return plan_de_la_direccion.get()


def exigir_del_plan(plan_id: int) -> None:
    """Un objeto (reporte, avance, evidencia) pedido bajo /planes/<id>/ debe ser de ese plan: si no, 404.

    Sin plan en la dirección no se exige nada: las direcciones de antes siguen llevando a cualquier objeto.
    """
    nombrado = plan_nombrado()
    if nombrado is not None and nombrado != plan_id:
        raise Http404("Ese objeto no pertenece al plan de esta dirección.")


class PlanArchivado(ValidationError):
    """Se intentó escribir en un plan archivado (de solo lectura)."""


def exigir_abierto(plan: Plan) -> None:
    """Toda escritura sobre un plan lo llama antes: un plan archivado es de solo lectura."""
    if plan.archivado:
        raise PlanArchivado(f"El plan «{plan}» está archivado: es de solo lectura y no admite cambios.")


@transaction.atomic
def marcar_vigente(*, plan: Plan, usuario) -> Plan:
    """Hace vigente a `plan` y deja de serlo el anterior, en una transacción (sin chocar con la restricción)."""
    if plan.archivado:
        raise ValidationError(f"El plan «{plan}» está archivado: desarchívelo antes de marcarlo como vigente.")
    for anterior in Plan.objects.select_for_update().filter(vigente=True).exclude(pk=plan.pk):
        anterior.vigente = False
        anterior._history_user = usuario
        anterior.save(update_fields=["vigente"])
    if not plan.vigente:
        plan.vigente = True
        plan.full_clean()
        plan._history_user = usuario
        plan.save(update_fields=["vigente"])
    return plan


@transaction.atomic
def archivar_plan(*, plan: Plan, usuario, archivado: bool = True) -> Plan:
    """Archiva (o desarchiva) un plan terminado. El vigente no se archiva: antes se marca otro."""
    if plan.archivado == archivado:
        return plan
    plan.archivado = archivado
    plan.full_clean()
    plan._history_user = usuario
    plan.save(update_fields=["archivado"])
    return plan
