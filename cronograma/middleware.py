"""Middleware de cronograma.

`PerfilMiddleware` deja en `request.perfil` el perfil del usuario (unidades, coordinación), calculado una sola vez.

Como `request.user`: perezoso, así una página que no pregunta por permisos no hace la consulta, y
una que pregunta varias veces (vista, decorador, navegación) la hace una sola.
"""

from django.shortcuts import render
from django.utils.functional import SimpleLazyObject

from componentes.planes import SinPlan

from cronograma.permisos import perfil_de


class PerfilMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.perfil = SimpleLazyObject(lambda: perfil_de(request.user))
        return self.get_response(request)


class SinPlanMiddleware:
    """Toda vista que necesita un plan y no lo encuentra (SinPlan) muestra la misma página: qué pasa y qué hacer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, SinPlan):
            return render(request, "cronograma/sin_plan.html", {"mensaje": exception.mensaje})
        return None
