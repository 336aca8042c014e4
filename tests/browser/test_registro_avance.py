"""De punta a punta: SDLGAT registra el avance de 1.1.1 en la grilla y lo ve en la celda y en los consolidados."""

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from componentes.anexo2 import cargar_anexo2
from tests.browser.sesion import celda, ingresar
from tests.factories import crear_usuario, programar

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def datos(db):
    # live_server vacía la base después de cada prueba: los datos se arman aquí.
    plan = cargar_anexo2().plan
    programar(plan, "1.1.1", date(2021, 2, 1), date(2021, 3, 1))
    crear_usuario("sdlgat", unidades=("SDLGAT",))
    return plan


def test_sdlgat_registra_en_la_grilla_y_ve_los_consolidados(live_server, page: Page, datos):
    ingresar(page, live_server.url, "sdlgat", portada="Mis actividades")

    page.get_by_role("link", name="Cronograma").click()
    page.wait_for_load_state()  # htmx (defer) ya tomó los enlaces: si no, el clic navegaría sin él
    # Marzo 2021 es el mes de corte por defecto (el plan ya terminó): el enlace lo edita en la celda.
    page.get_by_role("link", name="Registrar avance de 1.1.1 en Marzo 2021").click()
    # htmx trae el editor en un renglón debajo de la fila, sin salir de la grilla, con el foco en el %.
    expect(page).to_have_url(f"{live_server.url}/planes/{datos.pk}/cronograma/")
    expect(page.locator(".editor-fila").get_by_label("Avance acumulado (%)")).to_be_focused()
    page.keyboard.type("60")
    page.get_by_role("button", name="Guardar").click()
    # 60 está por debajo de lo programado (100 % a marzo): pide un comentario y conserva lo escrito.
    expect(page.get_by_text("explique el retraso")).to_be_visible()
    expect(page.get_by_label("Avance acumulado (%)")).to_have_value("60")
    page.get_by_label("Comentario").fill("La medición se reprogramó por la emergencia sanitaria")
    page.get_by_role("button", name="Guardar").click()

    expect(page.get_by_text("Se registró 60,0 % en 1.1.1 para Marzo 2021.").first).to_be_visible()
    # Issue 14: la confirmación también queda junto a la fila, a la vista, y el foco vuelve a su «Registrar».
    junto = page.locator("tr.resultado-fila").get_by_role("status")
    expect(junto).to_have_text("Se registró 60,0 % en 1.1.1 para Marzo 2021.")
    caja = junto.bounding_box()
    assert 0 <= caja["y"] and caja["y"] + caja["height"] <= page.viewport_size["height"]
    expect(page.get_by_role("link", name="Registrar avance de 1.1.1 en Marzo 2021")).to_be_focused()
    # Columnas: 0 nombre, 1 responsable, 2–7 meses (Oct…Mar), 8 % avance, 9 programado.
    expect(celda(page, "1.1.1", 7)).to_contain_text("60,0 %")
    expect(celda(page, "1.1.1", 8)).to_have_text("60,0 %")
    expect(celda(page, "1.1", 8)).to_have_text("10,0 %")  # 60 / 6 subactividades
    expect(celda(page, "1", 8)).to_have_text("3,3 %")  # 10 / 3 actividades
