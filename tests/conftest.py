import pytest


@pytest.fixture(autouse=True)
def _estaticos_sin_manifiesto(settings):
    # En producción los estáticos usan un manifiesto (collectstatic); las pruebas no lo generan.
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}


@pytest.fixture(autouse=True)
def _http_en_pruebas(settings):
    # Sin DEBUG rigen los ajustes de producción, que exigen https; el cliente de pruebas y el servidor
    # de las pruebas de navegador hablan http. tests/test_seguridad.py comprueba los ajustes reales.
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


@pytest.fixture(autouse=True)
def _claves_rapidas(settings):
    # PBKDF2 tarda adrede (~0,5 s por clave); en pruebas basta un hash rápido.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def anexo2(db):
    """El Anexo N° 2 del MTPE cargado desde los datos del proyecto."""
    from componentes.anexo2 import cargar_anexo2

    return cargar_anexo2().plan
