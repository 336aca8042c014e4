"""@solo_coordinacion: la coordinación y los superusuarios pasan; el personal de unidad recibe 403."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory
from django.views.decorators.http import require_POST

from cronograma.decoradores import solo_coordinacion
from tests.factories import crear_usuario

pytestmark = pytest.mark.django_db


@solo_coordinacion
def _panel(request):
    return HttpResponse("ok")


def _pedir(usuario):
    peticion = RequestFactory().get("/panel/")
    peticion.user = usuario
    return _panel(peticion)


def test_la_coordinacion_y_el_superusuario_pasan():
    assert _pedir(crear_usuario(unidades=("OGPP",))).content == b"ok"
    assert _pedir(crear_usuario(is_superuser=True)).content == b"ok"


def test_el_personal_de_unidad_recibe_403():
    with pytest.raises(PermissionDenied):
        _pedir(crear_usuario(unidades=("SDLGAT",)))


def test_la_marca_sobrevive_a_otros_decoradores():
    assert require_POST(_panel).solo_coordinacion is True
