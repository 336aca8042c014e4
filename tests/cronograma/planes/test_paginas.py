"""Las páginas de los planes: crear desde un libro (vista previa y confirmación), copiar, matriz en Excel."""

from datetime import date
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from componentes.models import Plan
from tests.cronograma.anexo.libros import crear_plan_pequeno, libro_retocado
from tests.cronograma.planes.escenario import dos_planes  # noqa: F401 (fixture)
from tests.factories import crear_usuario

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _con_servicio(servicio):
    def retoque(hoja):
        for fila in range(1, 20):
            if hoja.cell(fila, 1).value == "SERVICIO":
                hoja.cell(fila, 3).value = servicio
    return retoque


def test_crear_un_plan_desde_su_libro_con_vista_previa(client):
    origen = crear_plan_pequeno()
    client.force_login(crear_usuario(unidades=("OGPP",)))
    libro = libro_retocado(origen, date(2021, 3, 1), _con_servicio("Servicio Nuevo"))
    previa = client.post("/planes/nuevo/", {"archivo": SimpleUploadedFile("nuevo.xlsx", libro, XLSX)})
    texto = previa.content.decode()
    assert previa.status_code == 200 and "Servicio Nuevo" in texto and "Octubre 2020 – Marzo 2021" in texto
    assert Plan.objects.count() == 1  # la vista previa no crea nada
    respuesta = client.post("/planes/nuevo/confirmar/", {"token": previa.context["token"]})
    nuevo = Plan.objects.get(servicio="Servicio Nuevo")
    assert respuesta.status_code == 302 and respuesta["Location"] == f"/planes/{nuevo.pk}/cronograma/"
    assert client.post("/planes/nuevo/confirmar/", {"token": previa.context["token"]}).status_code == 302
    assert Plan.objects.count() == 2  # confirmar dos veces no crea dos planes


def test_un_libro_malo_se_explica_y_no_crea_nada(client):
    client.force_login(crear_usuario(unidades=("OGPP",)))
    respuesta = client.post("/planes/nuevo/", {"archivo": SimpleUploadedFile("malo.xlsx", b"no es un libro", XLSX)})
    assert respuesta.status_code == 400 and "xlsx" in respuesta.content.decode().lower()
    origen = crear_plan_pequeno()
    libro = libro_retocado(origen, date(2021, 3, 1), lambda h: None)  # mismo servicio, mismo periodo
    respuesta = client.post("/planes/nuevo/", {"archivo": SimpleUploadedFile("igual.xlsx", libro, XLSX)})
    assert "se solapa" in respuesta.content.decode() and "token" not in respuesta.context
    assert Plan.objects.count() == 1


def test_copiar_un_plan_desde_la_pagina(client, dos_planes):
    client.force_login(dos_planes.coordinador)
    datos = {"origen": dos_planes.a.pk, "servicio": "Tercer servicio", "desde": "2027-01", "hasta": "2027-12",
             "meses": "desplazados"}
    respuesta = client.post("/planes/copiar/", datos)
    copia = Plan.objects.get(servicio="Tercer servicio")
    assert respuesta.status_code == 302 and (copia.mes_inicio, copia.mes_fin) == (date(2027, 1, 1), date(2027, 12, 1))
    mala = client.post("/planes/copiar/", {**datos, "desde": "2027-06", "hasta": "2027-03"})
    assert mala.status_code == 400 and "no es válido" in mala.content.decode() and Plan.objects.count() == 3


def test_matriz_de_responsabilidades_en_pagina_y_excel(client, dos_planes):
    client.force_login(dos_planes.sdlgat)
    pagina = client.get(f"/planes/{dos_planes.a.pk}/matriz/")
    assert [u.sigla for u in pagina.context["matriz"].unidades] == ["DRTPELM", "OGPP", "SDLGAT"]  # orden, sigla
    libro = load_workbook(BytesIO(client.get(f"/planes/{dos_planes.a.pk}/matriz.xlsx").content))
    pestana = libro.active
    assert [c.value for c in pestana[4]] == ["Nº", "ACTIVIDADES POR COMPONENTE", "DRTPELM", "OGPP", "SDLGAT"]
    filas = {pestana.cell(f, 1).value: [pestana.cell(f, c).value for c in range(2, 6)] for f in range(5, 8)}
    assert filas == {"1.1.1": ["NOMBRE-A-1.1.1", None, None, "X"], "1.1.2": ["NOMBRE-A-1.1.2", "X", None, None],
                     "2.1": ["NOMBRE-A-2.1", None, "X", None]}
    assert [pestana.cell(8, c).value for c in range(2, 6)] == ["Filas por unidad", 1, 1, 1]
