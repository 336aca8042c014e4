"""Ajustes de django-axes (límite de intentos de inicio de sesión) a cómo corre calidad."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.shortcuts import render


class AxesSoloPeticionesWeb(AxesStandaloneBackend):
    """Limita los intentos de las peticiones web.

    Todo inicio de sesión por la web (login propio y del admin) pasa la petición y queda vigilado. Sin
    petición solo autentica código del propio servidor (el cliente de pruebas con `client.login`, la
    consola): ahí no hay IP ni atacante a quien limitar, y axes fallaría con un error en vez de dejar
    seguir a ModelBackend.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def ip_del_cliente(request) -> str | None:
    """La IP de quien intenta entrar.

    Detrás del proxy con TLS (SECURE_PROXY_SSL_HEADER fijado), REMOTE_ADDR es el proxy; el proxy añade la
    IP real al final de X-Forwarded-For (`proxy_add_x_forwarded_for`), y lo anterior lo escribe el cliente,
    así que solo se cree el último valor. Sin proxy, REMOTE_ADDR.
    """
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        reenviadas = [ip.strip() for ip in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if ip.strip()]
        if reenviadas:
            return reenviadas[-1]
    return request.META.get("REMOTE_ADDR")


def pagina_de_bloqueo(request, respuesta_original=None, credenciales=None):
    """La página que ve quien superó los intentos: en castellano y con la espera en minutos."""
    contexto = {
        "intentos": settings.AXES_FAILURE_LIMIT,
        "minutos": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "registration/bloqueado.html", contexto, status=429)
