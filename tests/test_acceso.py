"""Toda página exige sesión: un anónimo va siempre al login."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

PUBLICAS = {"login", "password_reset", "password_reset_done", "password_reset_confirm", "password_reset_complete"}


def _rutas(patrones, prefijo=""):
    for patron in patrones:
        if isinstance(patron, URLResolver):
            yield from _rutas(patron.url_patterns, prefijo + str(patron.pattern))
        elif isinstance(patron, URLPattern):
            yield prefijo + str(patron.pattern), patron.name


def _url_de_ejemplo(ruta: str) -> str:
    import re

    ruta = re.sub(r"<(?:int:)?[^>]*(?:pk|id)[^>]*>", "1", ruta)
    ruta = re.sub(r"<[^>]+>", "x", ruta)
    ruta = ruta.replace("^", "").replace("$", "").replace("\\", "")
    return "/" + ruta


def test_anonimo_es_enviado_al_login_en_todas_las_paginas(client):
    revisadas = 0
    for ruta, nombre in _rutas(get_resolver().url_patterns):
        if nombre in PUBLICAS or ruta.startswith("admin/") or "(?P" in ruta:
            continue
        url = _url_de_ejemplo(ruta)
        respuesta = client.get(url)
        assert respuesta.status_code == 302, f"{url} respondió {respuesta.status_code}"
        assert respuesta["Location"].startswith("/cuentas/login/"), url
        revisadas += 1
    assert revisadas >= 2
    admin = client.get("/admin/")
    assert admin.status_code == 302 and "login" in admin["Location"]


def test_login_en_castellano(client):
    pagina = client.get("/cuentas/login/").content.decode()
    assert "Iniciar sesión" in pagina and "Contraseña" in pagina
    fallido = client.post("/cuentas/login/", {"username": "nadie", "password": "mala"}).content.decode()
    assert "Usuario o contraseña incorrectos" in fallido
