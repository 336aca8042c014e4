"""De punta a punta: la coordinación completa un reporte (con un «sin información»), lo aprueba en el paso
de confirmación con la fecha real de 2021 y registra la remisión; la página muestra el estado en pasos."""

import pytest
from playwright.sync_api import Page, expect

from cronograma.models import Reporte
from tests.browser.sesion import ingresar
from tests.cronograma.reportes.escenario import armar_escenario, borrador

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_completa_confirma_y_remite_con_fechas_reales(live_server, page: Page):
    escenario = armar_escenario()
    reporte = borrador(escenario)
    ingresar(page, live_server.url, "coordinador", portada="Tablero de seguimiento")
    page.goto(f"{live_server.url}/reportes/{reporte.pk}/")
    expect(page.locator('.pasos-reporte [aria-current="step"]')).to_contain_text("Borrador")
    expect(page.get_by_text("Siguiente paso: completar los textos")).to_be_visible()

    # Aprobar sin completar: la confirmación dice qué falta y no ofrece confirmar.
    page.get_by_role("link", name="Aprobar…").click()
    expect(page.get_by_text("Aún no se puede aprobar")).to_be_visible()
    expect(page.get_by_role("button", name="Confirmar la aprobación y congelar")).to_have_count(0)

    page.get_by_role("link", name="Completar los textos y la firma").click()
    for numero in (1, 2):
        seccion = page.locator(f"#componente-{numero}")
        expect(seccion.locator("caption")).to_have_text("Cifras del componente al corte")  # cifras al lado
        seccion.get_by_label("Logros").fill(f"Logros del componente {numero}")
        seccion.get_by_label("Dificultades").fill("Poco personal")
        apartado = seccion.locator(".apartado").nth(2)
        apartado.get_by_label("Sin información").check()
        apartado.get_by_label("Motivo").fill("No hubo desviaciones")
    page.get_by_label("Nombre de quien firma").fill("Ana Quispe")
    page.get_by_label("Cargo de quien firma").fill("Jefa de la OGPP")
    page.get_by_role("button", name="Guardar").click()
    expect(page.get_by_text("Textos guardados.")).to_be_visible()

    page.get_by_role("link", name="Aprobar…").click()
    expect(page.get_by_role("heading", name="Lo que se congela al aprobar")).to_be_visible()
    page.get_by_label("Fecha de aprobación").fill("2021-01-12")
    page.get_by_role("button", name="Confirmar la aprobación y congelar").click()
    expect(page.get_by_text("Reporte aprobado")).to_be_visible()
    expect(page.locator('.pasos-reporte [aria-current="step"]')).to_contain_text("Aprobado el 12/01/2021")

    page.get_by_role("link", name="Registrar remisión a la SGP").click()
    page.get_by_label("Fecha de remisión").fill("2021-01-05")  # antes de la aprobación: se rechaza
    page.get_by_label("Número de oficio").fill("N° 012-2021-MTPE/4")
    page.get_by_role("button", name="Registrar remisión").click()
    # El error sale en el resumen de arriba (con el foco) y junto al campo (issue 25).
    expect(page.locator("#resumen-errores")).to_be_focused()
    expect(page.locator("#resumen-errores")).to_contain_text("no puede ser anterior al 12/01/2021")
    expect(page.locator("#id_fecha_remision_error")).to_contain_text("no puede ser anterior al 12/01/2021")
    assert Reporte.objects.get(pk=reporte.pk).estado == Reporte.Estado.APROBADO
    page.get_by_label("Fecha de remisión").fill("2021-01-14")
    page.get_by_role("button", name="Registrar remisión").click()
    expect(page.locator('.pasos-reporte [aria-current="step"]')).to_contain_text("Remitido a la SGP el 14/01/2021")
    expect(page.get_by_text("Remitido a la SGP con Oficio N° 012-2021-MTPE/4 del 14/01/2021")).to_be_visible()
    expect(page.get_by_text("Sin información: No hubo desviaciones").first).to_be_visible()
