"""`{% enlaces_del_plan plan %} … {% fin_enlaces_del_plan %}`: todo `{% url %}` de adentro lleva a ese plan.

Una página que reúne varios planes (Mis actividades, pendientes, la vista general) muestra filas de
cada uno: sus enlaces y formularios deben ir a /planes/<id>/…, no al plan vigente. Es el mismo prefijo
que pone cronograma.middleware.PlanDeLaDireccionMiddleware, solo mientras se dibuja el bloque.
"""

from django import template
from django.urls import get_script_prefix, set_script_prefix

from cronograma import periodo

register = template.Library()


class NodoEnlacesDelPlan(template.Node):
    def __init__(self, plan, nodelist):
        self.plan = plan
        self.nodelist = nodelist

    def render(self, context):
        plan = self.plan.resolve(context)
        if plan is None:  # sin plan (p. ej. la hoja del mes de un solo plan): los enlaces de siempre
            return self.nodelist.render(context)
        request = context.get("request")
        base = getattr(request, "prefijo_sin_plan", None) or "/"
        anterior = get_script_prefix()
        set_script_prefix(f"{base}planes/{plan.pk}/")
        try:
            return self.nodelist.render(context)
        finally:
            set_script_prefix(anterior)


@register.tag("enlaces_del_plan")
def enlaces_del_plan(parser, token):
    partes = token.split_contents()
    if len(partes) != 2:
        raise template.TemplateSyntaxError("Uso: {% enlaces_del_plan plan %} … {% fin_enlaces_del_plan %}")
    nodelist = parser.parse(("fin_enlaces_del_plan",))
    parser.delete_first_token()
    return NodoEnlacesDelPlan(parser.compile_filter(partes[1]), nodelist)


@register.filter
def meses_iniciados(plan):
    """Los meses del plan que ya empezaron (para elegir el mes de un bloque de plan): periodo.meses_iniciados."""
    return periodo.meses_iniciados(plan)
