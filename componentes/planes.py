"""Qué plan muestra una página u orden: el indicado por su id, o el vigente si no se indica ninguno.

Un solo comportamiento para "aún no hay plan": `SinPlan`, que `cronograma.middleware.SinPlanMiddleware` convierte en la
página que lo dice y explica qué hacer (y las órdenes, en un CommandError).
"""

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
    """El plan `plan_id` (404 si no existe) o, sin id, el vigente (SinPlan si no hay ninguno)."""
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
