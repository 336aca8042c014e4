"""De punta a punta: la franja dice qué plan se ve, «Cambiar de plan» lleva al otro en la misma sección,
los enlaces siguen en ese plan, y Mis actividades muestra las filas de la unidad en ambos planes."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.sesion import ingresar
from tests.cronograma.planes.escenario import armar_dos_planes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_cambiar_de_plan_y_seguir_en_el(live_server, page: Page):
    planes = armar_dos_planes()
    ingresar(page, live_server.url, "sdlgat", portada="Mis actividades")
    for plan, marca in ((planes.a, "A"), (planes.b, "B")):  # Mis actividades reúne los dos planes
        fila = page.locator(f'section[data-plan-id="{plan.pk}"] li[data-codigo="1.1.1"]')
        expect(fila).to_contain_text(f"NOMBRE-{marca}-1.1.1")
    # Guardar en su lugar la fila 1.1.1 del plan B (la hoja del mes, issue 14): se guarda en B y A no cambia.
    fila_b = page.locator(f'section[data-plan-id="{planes.b.pk}"] li[data-codigo="1.1.1"]')
    fila_b.get_by_label("Avance acumulado (%) de 1.1.1").fill("100")
    fila_b.get_by_role("button", name="Guardar 1.1.1").click()
    expect(fila_b.get_by_role("status")).to_contain_text("Guardado: 100,0 % en 1.1.1")
    expect(page.locator(f'section[data-plan-id="{planes.a.pk}"] li[data-codigo="1.1.1"]')).to_contain_text("Sin registros")

    page.get_by_role("link", name="Cronograma").click()
    franja = page.get_by_role("region", name="Plan que muestra esta página")
    expect(franja).to_contain_text("Conciliación Administrativa Laboral")
    franja.get_by_text("Cambiar de plan").click()
    franja.get_by_role("link", name="Inspección del Trabajo", exact=False).click()

    expect(page).to_have_url(f"{live_server.url}/planes/{planes.b.pk}/cronograma/")
    expect(page.get_by_role("region", name="Plan que muestra esta página")).to_contain_text("Inspección del Trabajo")
    expect(page.locator('tr[data-codigo="1.1.1"]')).to_contain_text("NOMBRE-B-1.1.1")
    expect(page.get_by_text("NOMBRE-A-1.1.1")).to_have_count(0)
    page.get_by_role("link", name="Pendientes").click()  # la navegación también sigue en el plan B
    expect(page).to_have_url(f"{live_server.url}/planes/{planes.b.pk}/pendientes/")
    expect(page.get_by_role("region", name="Plan que muestra esta página")).to_contain_text("Inspección del Trabajo")
