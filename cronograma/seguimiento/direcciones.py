"""Direcciones de las páginas de un plan para avisos, correos y plantillas, sin depender del plan de la
petición en curso: `url_del_plan("compromiso", plan, compromiso_id=3)` → /planes/<id>/compromisos/3/.

Sirve con las rutas del contrato del issue 21 (`plan_id` en la ruta) y con las de antes (sin él, bajo el
prefijo /planes/<id>/ que quita PlanDeLaDireccionMiddleware).
"""

from django.urls import NoReverseMatch, get_script_prefix, reverse, set_script_prefix


def url_del_plan(nombre: str, plan, *, consulta: str = "", ancla: str = "", **kwargs) -> str:
    """`plan`: el plan o su id."""
    plan_id = getattr(plan, "pk", plan)
    try:
        ruta = reverse(nombre, kwargs={"plan_id": plan_id, **kwargs})
    except NoReverseMatch:
        prefijo = get_script_prefix()
        base = prefijo.split("planes/")[0] if "/planes/" in prefijo else prefijo
        set_script_prefix("/")
        try:
            ruta = f"{base}planes/{plan_id}/" + reverse(nombre, kwargs=kwargs).lstrip("/")
        finally:
            set_script_prefix(prefijo)
    return ruta + (f"?{consulta}" if consulta else "") + (f"#{ancla}" if ancla else "")
