"""De punta a punta: la coordinación sube un Anexo N° 2 retocado, revisa la vista previa, confirma y ve el cambio.
El plan ya está en curso: el nombre se corrige; el mes agregado se muestra rechazado (eso es reprogramar, issue 12)."""

from datetime import date

import pytest
from openpyxl.styles import PatternFill
from playwright.sync_api import Page, expect

from componentes.anexo2 import cargar_anexo2
from componentes.models import Subactividad
from cronograma.anexo import subidas
from tests.browser.sesion import celda, ingresar
from tests.browser.test_accesibilidad import VENTANAS, violaciones
from tests.cronograma.anexo.libros import fila_de, libro_retocado
from tests.factories import crear_usuario, programar

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAR = date(2021, 3, 1)
NOMBRE_NUEVO = "Procesamiento, sistematización y validación de la información"
COLUMNA_ENERO_EN_EL_LIBRO, COLUMNA_ENERO_EN_LA_GRILLA = 7, 5


@pytest.fixture
def plan(db, tmp_path, monkeypatch):
    monkeypatch.setattr(subidas, "DIRECTORIO", tmp_path / "subidas")  # el live_server corre en este proceso
    plan = cargar_anexo2().plan
    programar(plan, "1.2.3", MAR)
    crear_usuario("ogpp", unidades=("OGPP",))
    return plan


@pytest.fixture
def libro(plan, tmp_path):
    """El Anexo exportado por la aplicación, con 1.2.3 renombrada y programada además en enero de 2021."""

    def retocar(pestana):
        fila = fila_de(pestana, "1.2.3")
        pestana.cell(fila, 2).value = NOMBRE_NUEVO
        pestana.cell(fila, COLUMNA_ENERO_EN_EL_LIBRO).fill = PatternFill("solid", fgColor="9DC3E6")

    ruta = tmp_path / "anexo2-retocado.xlsx"
    ruta.write_bytes(libro_retocado(plan, MAR, retocar))
    return ruta


def test_importa_con_vista_previa_y_confirmacion(live_server, page: Page, plan, libro):
    ingresar(page, live_server.url, "ogpp", portada="Tablero de seguimiento")
    page.get_by_role("link", name="Cronograma").click()
    expect(celda(page, "1.2.3", 0)).to_have_text("Procesamiento y sistematización de información")
    expect(celda(page, "1.2.3", COLUMNA_ENERO_EN_LA_GRILLA)).not_to_have_class("programado")

    page.get_by_role("link", name="Importar Anexo").click()
    page.get_by_label("Libro del Anexo N° 2 (.xlsx)").set_input_files(libro)
    page.get_by_role("button", name="Ver vista previa").click()

    # La vista previa lista cada campo que cambia, con su valor antes y después; nada cambió aún.
    expect(page.get_by_role("heading", name="Vista previa de «anexo2-retocado.xlsx»")).to_be_visible()
    cambios = page.get_by_role("table", name="Filas que se crearán o cambiarán")
    expect(cambios.get_by_role("row").filter(has_text="nombre")).to_contain_text(NOMBRE_NUEVO)
    expect(cambios).to_contain_text("1.2.3")
    rechazados = page.get_by_role("table", name="Cambios rechazados: no se aplicarán al confirmar")
    expect(rechazados.get_by_role("row").filter(has_text="meses programados")).to_contain_text("Enero 2021, Marzo 2021")
    expect(page.get_by_role("link", name="Versiones").last).to_be_visible()
    # La vista previa con cambios rechazados y su aviso: sin violaciones WCAG en escritorio ni en teléfono.
    for ancho, alto in VENTANAS.values():
        page.set_viewport_size({"width": ancho, "height": alto})
        assert violaciones(page) == [], (ancho, alto)
        assert page.evaluate("document.documentElement.scrollWidth") <= ancho
    page.set_viewport_size(dict(zip(("width", "height"), VENTANAS["escritorio"])))  # el menú, desplegado otra vez
    assert Subactividad.objects.filter(nombre=NOMBRE_NUEVO).count() == 0

    page.get_by_role("button", name="Confirmar e importar").click()
    expect(page.get_by_text("Anexo N° 2 importado:")).to_be_visible()
    assert Subactividad.objects.filter(nombre=NOMBRE_NUEVO).count() == 1

    page.get_by_role("link", name="Cronograma").click()
    expect(celda(page, "1.2.3", 0)).to_have_text(NOMBRE_NUEVO)
    expect(celda(page, "1.2.3", COLUMNA_ENERO_EN_LA_GRILLA)).not_to_have_class("programado")  # sigue sin enero
