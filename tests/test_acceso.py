"""El login, en castellano. (Que toda página exija sesión lo recorre tests/test_seguridad.py.)"""

import pytest

pytestmark = pytest.mark.django_db


def test_login_en_castellano(client):
    pagina = client.get("/cuentas/login/").content.decode()
    assert "Iniciar sesión" in pagina and "Contraseña" in pagina
    fallido = client.post("/cuentas/login/", {"username": "nadie", "password": "mala"}).content.decode()
    assert "Usuario o contraseña incorrectos" in fallido
