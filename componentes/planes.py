"""Lo de los planes que es solo del catálogo: cuál es el vigente, archivar, y qué plan usa una orden.

Un solo comportamiento para "aún no hay plan": `SinPlan`, que `cronograma.middleware.SinPlanMiddleware` convierte en la
página que lo dice y explica qué hacer (y las órdenes, en un CommandError). Las páginas no usan este módulo
para saber su plan: lo nombra su dirección (/planes/<id>/…, `cronograma.planes.alcance.con_plan`).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404

from componentes.models import Plan

ID_MAXIMO = 2**31 - 1  # el mayor id que toda base acepta en una consulta


class SinPlan(Exception):
    """No hay ningún plan cargado."""

    mensaje = (
        "Aún no hay un plan cargado. Un administrador lo carga con «python manage.py load_anexo2» "
        "(el Anexo N° 2 del MTPE) o importando un Anexo en Excel."
    )

    def __str__(self):
        return self.mensaje


def plan_pedido(plan_id=None) -> Plan:
    """Para órdenes e importaciones (no para páginas): el plan `plan_id` (404 si no existe) o, sin id, el
    vigente (SinPlan si no hay ninguno)."""
    if plan_id not in (None, ""):
        try:
            numero = int(str(plan_id)) if str(plan_id).isascii() else None
            if numero is None or not 0 < numero <= ID_MAXIMO:
                raise ValueError(plan_id)
            return Plan.objects.get(pk=numero)
        except (Plan.DoesNotExist, TypeError, ValueError):
            raise Http404(f"No existe el plan «{plan_id}».") from None
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
