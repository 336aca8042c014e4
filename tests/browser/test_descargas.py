"""De punta a punta: la coordinación descarga el Anexo N° 2 en Excel y el PDF de un reporte semestral."""

from datetime import date

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from componentes.anexo2 import cargar_anexo2
from cronograma.anexo import formato as formato_anexo2
from tests.browser.sesion import ingresar
from tests.cronograma.anexo.libros import fila_de
from tests.factories import crear_usuario, programar, registrar

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAR = date(2021, 3, 1)
COLUMNA_AVANCE = 10  # Nº, nombre, responsable, 6 meses, % AVANCE


@pytest.fixture
def plan(db):
    plan = cargar_anexo2().plan
    programar(plan, "1.1.1", MAR)
    registrar(plan, "1.1.1", MAR, 60, comentario="Medición reprogramada")
    crear_usuario("ogpp", unidades=("OGPP",))
    return plan


def test_descarga_el_anexo_en_excel(live_server, page: Page, plan, tmp_path):
    ingresar(page, live_server.url, "ogpp", portada="Tablero de seguimiento")
    page.get_by_role("link", name="Cronograma").click()
    with page.expect_download() as descarga:
        page.get_by_role("link", name="Descargar Anexo N° 2 (Excel)").click()
    assert descarga.value.suggested_filename == "anexo2-2021-03.xlsx"
    ruta = tmp_path / descarga.value.suggested_filename
    descarga.value.save_as(ruta)

    libro = load_workbook(ruta)
    pestana = libro.active
    assert pestana.title == formato_anexo2.NOMBRE_PESTANA
    assert formato_anexo2.TITULO in [pestana.cell(1, c).value for c in range(1, 4)]
    fila = fila_de(pestana, "1.1.1")
    assert pestana.cell(fila, 2).value == "Determinar el objetivo de la medición"
    assert pestana.cell(fila, 3).value == "SDLGAT / DRTPELM"
    assert pestana.cell(fila, COLUMNA_AVANCE).value == 60


def test_crea_un_reporte_y_descarga_su_pdf(live_server, page: Page, plan, tmp_path):
    ingresar(page, live_server.url, "ogpp", portada="Tablero de seguimiento")
    page.get_by_role("link", name="Reportes").click()
    page.get_by_role("link", name="Nuevo reporte").click()
    page.get_by_role("button", name="Crear borrador").click()
    expect(page.get_by_text("Borrador creado")).to_be_visible()

    with page.expect_download() as descarga:
        page.get_by_role("link", name="Descargar PDF").click()
    assert descarga.value.suggested_filename.endswith(".pdf")
    ruta = tmp_path / descarga.value.suggested_filename
    descarga.value.save_as(ruta)

    assert ruta.read_bytes().startswith(b"%PDF")
    texto = " ".join("".join(p.extract_text() for p in PdfReader(ruta).pages).split())
    assert "Reporte semestral de avance · Octubre 2020 – Marzo 2021" in texto
    # 60 % en una de las seis subactividades de 1.1 → 10 % de la actividad → 3,3 % del componente.
    assert "Componente 1: Conocer las Necesidades y Expectativas 5,6 % 3,3 % Retrasada" in texto
