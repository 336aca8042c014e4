"""Punto 9 del issue 15: las exportaciones CSV y TSV del admin escapan todo prefijo de fórmula, los
formatos que no lo hacen no se ofrecen, y la vista previa de una importación cumple la CSP."""

import csv
import io

import pytest
from django.contrib.admin.sites import site

from componentes.models import Responsable
from tests.factories import crear_usuario
from tests.test_seguridad import _incumplimientos

pytestmark = pytest.mark.django_db

PELIGROSOS = ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(1)", "\tcmd", "\r=1"]


@pytest.fixture
def raiz(client):
    client.force_login(crear_usuario("raiz", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("formato, separador", [("0", ","), ("1", "\t")])
def test_csv_y_tsv_escapan_cada_prefijo_de_formula(raiz, formato, separador):
    for numero, texto in enumerate(PELIGROSOS):
        Responsable.objects.create(sigla=f"U{numero}", nombre=texto, orden=numero)
    respuesta = raiz.post("/admin/componentes/responsable/export/", {
        "format": formato, "resource": "0",
        "responsableresource_sigla": "on", "responsableresource_nombre": "on", "responsableresource_orden": "on",
    })
    assert respuesta.status_code == 200, respuesta.content[:500]
    filas = list(csv.reader(io.StringIO(respuesta.content.decode("utf-8-sig"), newline=""), delimiter=separador))
    nombres = {fila[0]: fila[1] for fila in filas[1:]}
    for numero, texto in enumerate(PELIGROSOS):
        assert nombres[f"U{numero}"] == "'" + texto  # el texto intacto, precedido de un apóstrofo
    assert Responsable.objects.filter(nombre__in=PELIGROSOS).count() == len(PELIGROSOS)  # la base no cambió


def test_solo_se_ofrecen_formatos_seguros():
    from componentes.models import Actividad

    nombres = {f().get_title() for f in site._registry[Actividad].get_export_formats()}
    assert nombres == {"csv", "tsv", "xlsx", "json"}


def test_la_vista_previa_de_una_importacion_cumple_la_csp(raiz):
    Responsable.objects.create(sigla="SDLGAT", nombre="Subdirección antigua", orden=1)
    archivo = io.BytesIO("sigla,nombre,orden\nSDLGAT,Subdirección nueva,1\n".encode())
    archivo.name = "unidades.csv"
    respuesta = raiz.post("/admin/componentes/responsable/import/", {"format": "0", "resource": "0", "import_file": archivo})
    assert respuesta.status_code == 200
    contenido = respuesta.content.decode()
    assert "<ins" in contenido or "<del" in contenido  # la vista previa muestra el diff
    assert _incumplimientos(respuesta) == []
    assert Responsable.objects.get(sigla="SDLGAT").nombre == "Subdirección antigua"
