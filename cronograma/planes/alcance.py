"""El plan de una página es parte de su dirección: /planes/<plan_id>/… (issue 21).

`con_plan` convierte el `plan_id` de la dirección en `request.plan` una sola vez, antes de la vista (404
«No existe el plan …» si no existe); la vista toma el plan de ahí y lo pasa explícito a lo que llama. Un
objeto pedido por su id (reporte, avance, evidencia, versión) se busca dentro de `request.plan`
(`del_plan(plan)` de su gestor): el de otro plan es un 404, no se sirve. No hay plan «escondido» (ni
ContextVar ni prefijo de script) ni `?plan=` que cambie el de la dirección.

Las direcciones de antes, sin plan (/cronograma/, /reportes/3/…), son redirecciones (`al_plan_vigente`)
a la misma página del plan vigente, o del plan del objeto que nombran.
"""

from functools import wraps

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse

from componentes.models import Plan
from componentes.planes import ID_MAXIMO, SinPlan


def plan_de_la_direccion(plan_id) -> Plan:
    """El plan `plan_id` de la dirección, o 404 con el motivo en castellano."""
    try:
        numero = int(plan_id)
    except (TypeError, ValueError):
        numero = None
    plan = Plan.objects.filter(pk=numero).first() if numero is not None and 0 < numero <= ID_MAXIMO else None
    if plan is None:
        raise Http404(f"No existe el plan {plan_id}: revise el enlace o elija un plan en la lista de planes.")
    return plan


def con_plan(vista):
    """Decorador de toda vista de /planes/<plan_id>/…: deja el plan en `request.plan` y llama a la vista sin
    `plan_id` (la vista lo toma de `request.plan`)."""

    @wraps(vista)
    def envoltura(request, plan_id, *args, **kwargs):
        request.plan = plan_de_la_direccion(plan_id)
        return vista(request, *args, **kwargs)

    envoltura.con_plan = True
    return envoltura


def del_plan_o_404(queryset, plan: Plan, *, pk, que: str):
    """El objeto `pk` de `queryset.del_plan(plan)`; si no existe o es de otro plan, 404 («que» lo nombra)."""
    objeto = queryset.del_plan(plan).filter(pk=pk).first()
    if objeto is None:
        raise Http404(f"{que} {pk} no existe en el plan «{plan}».")
    return objeto


def url_del_plan(nombre: str, plan: Plan | int, *args, **kwargs) -> str:
    """`reverse()` de una página del plan: `url_del_plan("fila", plan, "1.1.1")`."""
    plan_id = plan if isinstance(plan, int) else plan.pk
    if kwargs:
        return reverse(nombre, kwargs={"plan_id": plan_id, **kwargs})
    return reverse(nombre, args=[plan_id, *args])


# --- Las direcciones de antes -------------------------------------------------------------------------

def _plan_del_objeto(nombre: str, kwargs: dict) -> int | None:
    """Para las direcciones de antes que nombran un objeto: el plan de ese objeto (o None: el vigente)."""
    from cronograma.models import Avance, Evidencia, Reporte

    pk = kwargs.get("pk")
    if pk is None:
        return None
    if nombre.startswith("reporte_"):
        return Reporte.objects.filter(pk=pk).values_list("plan_id", flat=True).first()
    if nombre == "evidencias_avance":
        return Avance.objects.filter(pk=pk).values_list("actividad__componente__plan_id", flat=True).first()
    if nombre in ("descargar_evidencia", "retirar_evidencia"):
        return Evidencia.objects.filter(pk=pk).values_list("avance__actividad__componente__plan_id", flat=True).first()
    return None


def al_plan_vigente(request, nombre: str, **kwargs):
    """Una dirección de antes (sin plan): 302 a la misma página del plan vigente (o del plan del objeto que
    nombra), con la misma consulta. Sin ningún plan, la página «sin plan» (SinPlanMiddleware)."""
    plan_id = _plan_del_objeto(nombre, kwargs)
    if plan_id is None:
        plan = Plan.objects.vigente()
        if plan is None:
            raise SinPlan()
        plan_id = plan.pk
    destino = reverse(nombre, kwargs={"plan_id": plan_id, **kwargs})
    consulta = request.META.get("QUERY_STRING", "")
    return redirect(f"{destino}?{consulta}" if consulta else destino)
