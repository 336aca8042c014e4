"""Middleware de cronograma.

`PerfilMiddleware` deja en `request.perfil` el perfil del usuario (unidades, coordinación), calculado una sola vez.

Como `request.user`: perezoso, así una página que no pregunta por permisos no hace la consulta, y
una que pregunta varias veces (vista, decorador, navegación) la hace una sola.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject

from componentes.planes import SinPlan

from cronograma.permisos import perfil_de, perfil_de_peticion


class PerfilMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.perfil = SimpleLazyObject(lambda: perfil_de(request.user))
        return self.get_response(request)


class RevisorSoloLecturaMiddleware:
    """Una cuenta de revisión es de solo lectura en todo el sitio, también en el admin (donde `is_staff` o
    `is_superuser` le darían los permisos de Django): toda petición que escribe se rechaza, salvo cerrar
    sesión y cambiar su propia contraseña. Las vistas de la aplicación ya lo rechazan con `@acceso`; esto
    cubre las que no son nuestras (el admin, import-export, la historia) sin que `componentes` lo sepa."""

    METODOS_QUE_LEEN = frozenset({"GET", "HEAD", "OPTIONS"})
    PERMITIDAS = frozenset({"logout", "password_change", "login"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, vista, args, kwargs):
        if request.method in self.METODOS_QUE_LEEN or not perfil_de_peticion(request).revisor:
            return None
        coincidencia = getattr(request, "resolver_match", None)
        if coincidencia is not None and coincidencia.url_name in self.PERMITIDAS:
            return None
        raise PermissionDenied("Una cuenta de revisión es de solo lectura: no puede cambiar nada en el sitio.")


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
