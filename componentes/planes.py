"""Lo de los planes que es solo del catálogo: cuál es el vigente, archivar, y qué plan usa una orden.

Un solo comportamiento para "aún no hay plan": `SinPlan`, que `cronograma.middleware.SinPlanMiddleware` convierte en la
página que lo dice y explica qué hacer (y las órdenes, en un CommandError). Las páginas no usan este módulo
para saber su plan: lo nombra su dirección (/planes/<id>/…, `cronograma.planes.alcance.con_plan`).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404

from calidad.lectores import ID_MAXIMO, ValorInvalido, leer_id, mostrar  # noqa: F401 (ID_MAXIMO se importa de aquí)
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
    """Para órdenes e importaciones (no para páginas): el plan `plan_id` (404 si no existe) o, sin id, el
    vigente (SinPlan si no hay ninguno)."""
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


class PlanArchivado(ValidationError):
    """Se intentó escribir en un plan archivado (de solo lectura). Lo lanza `cronograma.ciclo.exigir`, el
    único lugar que decide si un plan admite escrituras."""


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
    """Archiva (o desarchiva) un plan terminado. El vigente no se archiva: antes se marca otro.

    Relee el plan con candado exclusivo: toda escritura en el plan lo relee con candado compartido
    (`cronograma.ciclo.exigir`), así que archivar espera a las escrituras en curso y las siguientes ven
    el plan archivado."""
    pedido, plan = plan, Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.archivado != archivado:
        plan.archivado = archivado
        plan.full_clean()
        plan._history_user = usuario
        plan.save(update_fields=["archivado"])
    pedido.archivado = plan.archivado  # quien llamó ve el resultado en su objeto
    return plan
