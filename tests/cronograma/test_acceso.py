"""@acceso(pregunta): quien la pregunta deja pasar entra; los demás reciben 403. La marca sobrevive."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory
from django.views.decorators.http import require_POST

from cronograma.permisos import acceso, puede_cerrar_mes
from tests.factories import crear_usuario

pytestmark = pytest.mark.django_db


@acceso(puede_cerrar_mes, "Solo la coordinación.")
def _panel(request):
    return HttpResponse("ok")


def _pedir(usuario):
    peticion = RequestFactory().get("/panel/")
    peticion.user = usuario
    return _panel(peticion)


def test_la_coordinacion_y_el_superusuario_pasan():
    assert _pedir(crear_usuario(unidades=("OGPP",))).content == b"ok"
    assert _pedir(crear_usuario(is_superuser=True)).content == b"ok"


def test_el_personal_de_unidad_recibe_403_con_el_mensaje_declarado():
    with pytest.raises(PermissionDenied, match="Solo la coordinación."):
        _pedir(crear_usuario(unidades=("SDLGAT",)))


def test_la_marca_sobrevive_a_otros_decoradores():
    assert require_POST(_panel).acceso is puede_cerrar_mes
