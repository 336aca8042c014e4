"""Playwright (API síncrona) con el Chromium de Debian, contra el live_server de pytest-django."""

import os
import shutil

import pytest

# live_server corre en otro hilo y Playwright síncrono usa un bucle de eventos: Django lo permite así.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session", autouse=True)
def _http_en_el_servidor_de_pruebas():
    """El live_server es de sesión y su SecurityMiddleware lee los ajustes al arrancar: sin esto, con
    DEBUG apagado redirigiría a https. Se desactiva antes de que arranque (ver tests/conftest.py)."""
    from django.test.utils import override_settings

    with override_settings(SECURE_SSL_REDIRECT=False, SESSION_COOKIE_SECURE=False, CSRF_COOKIE_SECURE=False):
        yield


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": shutil.which("chromium") or "/usr/bin/chromium",
        # Corremos como root y sin red: sin sandbox ni servicios en segundo plano.
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    }
