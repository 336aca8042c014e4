import os

import pytest
from hypothesis import settings as ajustes_de_hypothesis

# `make test` (y pytest a secas, en cualquier máquina, con o sin CI) recorre siempre los mismos ejemplos
# (derandomize, sin la base de ejemplos de .hypothesis): un rojo se reproduce tal cual y no aparece al azar
# en la primera corrida de quien recién clona (issue 22). `make fuzz` (CALIDAD_FUZZ=1) busca casos nuevos:
# al azar, con más ejemplos, y si encuentra uno imprime cómo fijarlo (@example o @reproduce_failure).
ajustes_de_hypothesis.register_profile("determinista", derandomize=True, database=None, print_blob=True)
ajustes_de_hypothesis.register_profile("ci", parent=ajustes_de_hypothesis.get_profile("determinista"))
ajustes_de_hypothesis.register_profile("fuzz", derandomize=False, print_blob=True, max_examples=200)
ajustes_de_hypothesis.load_profile("fuzz" if os.environ.get("CALIDAD_FUZZ") else "determinista")


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
    """El Anexo N° 2 del MTPE cargado desde los datos del proyecto.

    Se carga de verdad (cargar_anexo2) una sola vez por sesión; las demás pruebas reciben una copia de
    esas mismas filas (catálogo, unidades, relaciones e historia) insertada en bloque, dentro de la
    transacción de la prueba, así que cada una puede cambiarla sin afectar a las otras. Si la prueba ya
    creó unidades o planes antes de pedir el anexo, se carga de verdad (la carga las respeta).
    """
    return _anexo2_compartido()


_FOTO_ANEXO2: dict = {}


def _anexo2_compartido():
    from django.apps import apps

    from componentes.anexo2 import cargar_anexo2
    from componentes.models import Plan, Responsable

    modelos = [m for m in apps.get_app_config("componentes").get_models(include_auto_created=True)]
    vacia = not Responsable.objects.exists() and not Plan.objects.exists()
    if vacia and _FOTO_ANEXO2:
        for modelo, filas in _FOTO_ANEXO2["filas"].items():
            modelo._base_manager.bulk_create([modelo(**fila) for fila in filas])
        return Plan.objects.get(pk=_FOTO_ANEXO2["plan"])
    antes = {modelo: set(modelo._base_manager.values_list("pk", flat=True)) for modelo in modelos} if vacia else {}
    plan = cargar_anexo2().plan
    if vacia:
        _FOTO_ANEXO2["filas"] = {
            modelo: [fila for fila in modelo._base_manager.order_by("pk").values() if fila[modelo._meta.pk.attname] not in antes[modelo]]
            for modelo in modelos
        }
        _FOTO_ANEXO2["plan"] = plan.pk
    return plan
