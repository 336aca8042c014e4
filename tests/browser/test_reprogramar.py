"""De punta a punta: la coordinación reprograma con el teclado en el editor del borrador, ve la
diferencia, aprueba con sustento y la grilla de un corte anterior no cambia."""

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from cronograma.models import VersionPlan
from tests.browser.sesion import ingresar
from tests.factories import (
    crear_actividad, crear_componente, crear_plan, crear_subactividad, crear_usuario, programar,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NOV = date(2020, 11, 1)


@pytest.fixture
def plan(db):
    plan = crear_plan()
    actividad = crear_actividad(crear_componente(plan, 1), 2, unidades=("SDLGAT",))
    crear_subactividad(actividad, 2, unidades=("SDLGAT",), nombre="Aplicar la encuesta")
    programar(plan, "1.2.2", NOV)
    crear_usuario("ogpp", unidades=("OGPP",))
    return plan


def test_reprogramar_con_el_teclado_y_aprobar(page: Page, live_server, plan):
    ingresar(page, live_server.url, "ogpp", portada="Tablero de seguimiento")
    page.goto(f"{live_server.url}/cronograma/versiones/")
    page.get_by_role("button", name="Nueva versión (borrador desde la vigente)").click()
    expect(page.get_by_role("heading", name="Borrador de la versión 3")).to_be_visible()
    # Las flechas las maneja calidad.js al cargar la página: con la máquina ocupada, el encabezado ya se ve
    # antes de que estén atadas (la prueba falló así una vez en la suite completa).
    page.wait_for_load_state("load")
    noviembre = page.get_by_label("1.2.2 en Noviembre 2020")
    expect(noviembre).to_be_checked()
    noviembre.focus()
    for mes in ("Diciembre 2020", "Enero 2021", "Febrero 2021"):
        page.keyboard.press("ArrowRight")
        expect(page.get_by_label(f"1.2.2 en {mes}")).to_be_focused()
    page.keyboard.press("Space")
    expect(page.get_by_label("1.2.2 en Febrero 2021")).to_be_checked()
    page.get_by_role("button", name="Guardar el borrador").click()
    expect(page.get_by_text("Borrador guardado.")).to_be_visible()
    page.get_by_role("link", name="Ver la diferencia y aprobar").click()
    expect(page.get_by_role("cell", name="Febrero 2021").first).to_be_visible()
    page.get_by_label("Sustento").fill("La encuesta se postergó.")
    page.get_by_label("Vigente desde (AAAA-MM)").fill("2021-01")
    page.get_by_role("button", name="Aprobar la versión 3").click()
    expect(page.get_by_text("Versión 3 aprobada.")).to_be_visible()
    version = VersionPlan.objects.get(numero=3)
    assert version.aprobada and version.motivo == "La encuesta se postergó."
    page.goto(f"{live_server.url}/cronograma/?mes=2020-12")
    fila = page.locator('tr[data-codigo="1.2.2"]')
    expect(fila).to_contain_text("100,0")  # programado a Diciembre con la versión 2: intacto
