"""Fixtures del seguimiento: el mundo (escenario.py) y un servidor SMTP real (tests/correo.py)."""

import pytest

from tests.correo import puerto_libre, servidor_smtp

from .escenario import DIC, NOV, OCT, Mundo, armar_mundo  # noqa: F401


@pytest.fixture
def smtp(settings):
    with servidor_smtp(settings) as buzon:
        yield buzon


@pytest.fixture
def smtp_caido(settings):
    """Un servidor de correo que no responde: nadie escucha en ese puerto."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", puerto_libre(), False
    settings.EMAIL_TIMEOUT = 2


@pytest.fixture
def mundo(db) -> Mundo:
    return armar_mundo()
