import pytest


@pytest.fixture(autouse=True)
def _estaticos_sin_manifiesto(settings):
    # En producción los estáticos usan un manifiesto (collectstatic); las pruebas no lo generan.
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}


@pytest.fixture(autouse=True)
def _claves_rapidas(settings):
    # PBKDF2 tarda a propósito; las pruebas crean muchos usuarios y no prueban el hash.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def anexo2(db):
    """El Anexo N° 2 del MTPE cargado desde los datos del proyecto."""
    from componentes.anexo2 import cargar_anexo2

    return cargar_anexo2().plan
