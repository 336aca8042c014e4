"""Issue 23, en el navegador: la coordinación vuelve una medida correctiva en compromiso y observa un avance;
la unidad se entera (página, cabecera y correo por un SMTP real), responde, avanza su compromiso con una
evidencia; la coordinación lo da por cumplido. axe sin violaciones en cada página, a 1366 y 390 px."""

import pytest
from playwright.sync_api import expect

from cronograma.seguimiento.models import Compromiso, Revision
from tests.browser.sesion import ingresar
from tests.browser.test_accesibilidad import VENTANAS, violaciones
from tests.cronograma.seguimiento.escenario import armar_mundo
from tests.correo import servidor_smtp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _revisar(page, ancho, encontradas, nombre):
    encontradas[nombre] = violaciones(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= ancho, f"desplazamiento lateral en {nombre}"


@pytest.mark.parametrize("ventana", VENTANAS)
def test_el_ciclo_del_seguimiento(live_server, browser, settings, ventana):
    ancho, alto = VENTANAS[ventana]
    with servidor_smtp(settings) as buzon:
        mundo = armar_mundo()
        base = f"{live_server.url}/planes/{mundo.plan.pk}"
        encontradas: dict[str, list[str]] = {}

        # La coordinación: de la medida correctiva al compromiso, y una observación.
        coordinacion = browser.new_context(viewport={"width": ancho, "height": alto}).new_page()
        ingresar(coordinacion, live_server.url, "coordinacion", portada="Tablero")
        coordinacion.goto(f"{base}/compromisos/")
        _revisar(coordinacion, ancho, encontradas, "compromisos (vacía)")
        coordinacion.get_by_role("link", name=str(mundo.reporte)).click()
        expect(coordinacion.get_by_role("heading", name="Compromisos desde el")).to_be_visible()
        _revisar(coordinacion, ancho, encontradas, "desde el reporte")
        medida = coordinacion.locator("section", has=coordinacion.get_by_role("heading", name="medida 1"))
        medida.get_by_label("SDLGAT").check()
        medida.get_by_role("button", name="Crear compromiso").click()
        expect(coordinacion.get_by_text("Compromiso creado.")).to_be_visible()
        compromiso = Compromiso.objects.get()
        assert compromiso.texto == "Reforzar la difusión del servicio"

        coordinacion.goto(f"{base}/cronograma/fila/1.1.1/?mes=2020-11")
        coordinacion.get_by_label("Motivo de la observación").first.fill("¿Por qué 90 % si no hay acta?")
        coordinacion.get_by_role("button", name="Observar Noviembre 2020").click()
        expect(coordinacion.get_by_text("la unidad recibe un aviso")).to_be_visible()
        _revisar(coordinacion, ancho, encontradas, "fila con observación (coordinación)")

        # La unidad: la cuenta en la cabecera, lo observado primero, responde; su compromiso, con evidencia.
        unidad = browser.new_context(viewport={"width": ancho, "height": alto}).new_page()
        ingresar(unidad, live_server.url, "ana_sdlgat", portada="Mis actividades")
        expect(unidad.locator('a[href="/avisos/"]')).to_contain_text("1 sin leer")
        unidad.goto(f"{base}/mis-actividades/")
        expect(unidad.get_by_role("heading", name="Observados por la coordinación (1)")).to_be_visible()
        _revisar(unidad, ancho, encontradas, "mis actividades con observados")
        unidad.locator("#observadas").get_by_role("link", name="1.1.1").click()
        unidad.get_by_label("Su respuesta a la observación").fill("El acta se firma el lunes.")
        unidad.get_by_role("button", name="Responder").click()
        expect(unidad.get_by_text("Respuesta enviada a la coordinación.")).to_be_visible()
        _revisar(unidad, ancho, encontradas, "fila con hilo (unidad)")
        assert Revision.objects.get().estado == "respondido"

        unidad.goto(f"{base}/compromisos/{compromiso.pk}/")
        unidad.get_by_label("Estado").select_option("en_proceso")
        unidad.get_by_label("Notas").fill("Se pidió el presupuesto.")
        unidad.get_by_role("button", name="Guardar").click()
        expect(unidad.get_by_text("Compromiso actualizado.")).to_be_visible()
        unidad.get_by_label("Medio de verificación").set_input_files(
            files=[{"name": "acta.pdf", "mimeType": "application/pdf", "buffer": PDF}])
        unidad.get_by_role("button", name="Adjuntar").click()
        expect(unidad.get_by_role("link", name="acta.pdf")).to_be_visible()
        _revisar(unidad, ancho, encontradas, "compromiso (unidad)")
        for ruta in ("/avisos/", "/avisos/preferencias/"):
            unidad.goto(f"{live_server.url}{ruta}")
            _revisar(unidad, ancho, encontradas, ruta)
        unidad.goto(f"{base}/tablero/")
        expect(unidad.get_by_role("heading", name="Tablero de SDLGAT")).to_be_visible()
        _revisar(unidad, ancho, encontradas, "tablero de la unidad")

        # La coordinación verifica: cumplido.
        coordinacion.goto(f"{base}/compromisos/{compromiso.pk}/")
        coordinacion.get_by_label("Estado").select_option("cumplido")
        coordinacion.get_by_role("button", name="Guardar").click()
        expect(coordinacion.get_by_text("Compromiso actualizado.")).to_be_visible()
        _revisar(coordinacion, ancho, encontradas, "compromiso cumplido (coordinación)")
        coordinacion.goto(f"{base}/compromisos/?estado=cumplido")
        expect(coordinacion.get_by_role("link", name="Reforzar la difusión del servicio")).to_be_visible()
        _revisar(coordinacion, ancho, encontradas, "compromisos filtrados")

        compromiso.refresh_from_db()
        assert (compromiso.estado, compromiso.evidencias.count()) == ("cumplido", 1)
        destinatarios = [c["para"] for c in buzon.leidos()]
        assert ["ana@trabajo.gob.pe"] in destinatarios and ["ogpp@trabajo.gob.pe"] in destinatarios
    assert {pagina: v for pagina, v in encontradas.items() if v} == {}
