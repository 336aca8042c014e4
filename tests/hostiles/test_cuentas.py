"""Punto 10 del issue 15: los fallos del cambio de contraseña cuentan para el bloqueo de django-axes, y el
restablecimiento de contraseña está apagado (sus URL no existen)."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail

from tests.factories import crear_usuario

pytestmark = pytest.mark.django_db
CLAVE = "clave-de-prueba-1"


def _cambiar(client, actual, nueva="Otra-clave-larga-2026"):
    return client.post("/cuentas/password_change/", {"old_password": actual, "new_password1": nueva, "new_password2": nueva})


def test_adivinar_la_contrasena_actual_en_el_cambio_termina_en_bloqueo(client):
    ana = crear_usuario("ana")
    client.force_login(ana)
    hash_antes = get_user_model().objects.get(pk=ana.pk).password
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        respuesta = _cambiar(client, "equivocada")
        assert respuesta.status_code == 200 and "contraseña antigua" in respuesta.content.decode().lower()
    bloqueo = _cambiar(client, "equivocada")
    assert bloqueo.status_code == 429 and "Demasiados intentos fallidos" in bloqueo.content.decode()
    # Bloqueada, ni la contraseña correcta cambia la clave, y el inicio de sesión también está bloqueado.
    assert _cambiar(client, CLAVE).status_code == 429
    assert get_user_model().objects.get(pk=ana.pk).password == hash_antes
    client.logout()
    assert client.post("/cuentas/login/", {"username": "ana", "password": CLAVE}).status_code == 429


def test_con_la_contrasena_correcta_el_cambio_funciona(client):
    beto = crear_usuario("beto")
    client.force_login(beto)
    assert _cambiar(client, CLAVE).status_code == 302
    assert get_user_model().objects.get(pk=beto.pk).check_password("Otra-clave-larga-2026")


@pytest.mark.parametrize("url", [
    "/cuentas/password_reset/", "/cuentas/password_reset/done/", "/cuentas/reset/MQ/abc-def/", "/cuentas/reset/done/",
])
def test_el_restablecimiento_de_contrasena_esta_apagado(client, url):
    crear_usuario("carla", email="carla@example.org")
    for respuesta in (client.get(url), client.post(url, {"email": "carla@example.org"})):
        assert respuesta.status_code in (302, 404)
        assert respuesta.status_code == 404 or "/cuentas/login/" in respuesta["Location"]
    assert mail.outbox == []
