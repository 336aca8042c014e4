"""De punta a punta (issue 25): el editor del reporte con un error sigue el patrón de los formularios del
avance: «Error:» en el título, el resumen arriba con el foco y un enlace que lleva al campo; sin violaciones
de axe a 1366 y 390 px. Y el Word se descarga desde la página del reporte."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.sesion import ingresar
from tests.browser.test_accesibilidad import violaciones
from tests.cronograma.reportes.escenario import armar_escenario, borrador

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("ancho", [1366, 390])
def test_editor_del_reporte_con_error(live_server, page: Page, ancho):
    page.set_viewport_size({"width": ancho, "height": 900})
    escenario = armar_escenario()
    reporte = borrador(escenario)
    ingresar(page, live_server.url, "coordinador", portada="Tablero de seguimiento")
    page.goto(f"{live_server.url}/planes/{reporte.plan_id}/reportes/{reporte.pk}/editar/")
    seccion = page.locator("#componente-1")
    seccion.get_by_label("Logros").fill("Texto con motivo a la vez")
    seccion.locator(".apartado").nth(0).get_by_label("Sin información").check()
    seccion.locator(".apartado").nth(0).get_by_label("Motivo").fill("Y también un motivo")
    page.get_by_role("button", name="Guardar").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    resumen = page.locator("#resumen-errores")
    expect(resumen).to_be_focused()
    enlace = resumen.get_by_role("link").first
    expect(enlace).to_contain_text("Componente 1 · ")
    enlace.click()
    destino = enlace.get_attribute("href")[1:]
    expect(page.locator(f"#{destino}")).to_be_visible()
    assert violaciones(page) == []


def test_el_word_se_descarga_desde_la_pagina_del_reporte(live_server, page: Page):
    escenario = armar_escenario()
    reporte = borrador(escenario)
    ingresar(page, live_server.url, "coordinador", portada="Tablero de seguimiento")
    page.goto(f"{live_server.url}/planes/{reporte.plan_id}/reportes/{reporte.pk}/")
    with page.expect_download() as descarga:
        page.get_by_role("link", name="Descargar Word").click()
    assert descarga.value.suggested_filename == "reporte-semestral-2020-10-a-2020-12.docx"
