"""Accesibilidad (issues 14 y 24): axe-core (WCAG 2.1 A y AA y las buenas prácticas) sin violaciones en los
estados que no son una dirección (el editor de la grilla abierto, la hoja del mes con un error), a 1366×768 y
390×844; chips del semáforo con contraste ≥ 4,5:1; foco visible. Cada página que alcanza el recorrido, por
rol y tamaño, la revisa test_accesibilidad_recorrido.py.

axe-core viene dentro del paquete de PyPI axe-playwright-python (fijado en pyproject.toml): nada de CDN.
"""

from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from componentes.anexo2 import cargar_anexo2
from tests.browser.sesion import ingresar
from tests.factories import crear_usuario, programar, registrar

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAR = date(2021, 3, 1)
ETIQUETAS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
VENTANAS = {"escritorio": (1366, 768), "telefono": (390, 844)}

_axe = Axe()


def violaciones(page: Page) -> list[str]:
    """Las violaciones WCAG 2.1 A/AA y de buenas prácticas de la página, una línea cada una (regla, nodo, resumen)."""
    resultado = _axe.run(page, options={"runOnly": {"type": "tag", "values": ETIQUETAS}, "resultTypes": ["violations"]})
    return [
        f"{v['id']}: {nodo['target']} {nodo['failureSummary'][:200]}"
        for v in resultado.response["violations"]
        for nodo in v["nodes"]
    ]


@pytest.fixture
def plan(db):
    plan = cargar_anexo2().plan
    programar(plan, "1.1.1", date(2021, 2, 1), MAR)
    programar(plan, "1.1.2", date(2020, 10, 1))
    registrar(plan, "1.1.2", date(2020, 10, 1), 100)
    programar(plan, "1.1.3", date(2020, 12, 1), MAR)
    registrar(plan, "1.1.3", date(2020, 12, 1), 30, comentario="Atrasada")  # semáforo rojo
    programar(plan, "1.1.4", date(2021, 1, 1), MAR)
    registrar(plan, "1.1.4", date(2021, 1, 1), 80, comentario="En riesgo")  # 80 / 100: ámbar
    crear_usuario("sdlgat", unidades=("SDLGAT",))
    crear_usuario("ogpp", unidades=("OGPP",))
    return plan


@pytest.mark.parametrize("ventana", VENTANAS)
def test_cero_violaciones_en_los_estados_que_no_son_una_direccion(live_server, browser, plan, ventana):
    """El editor de la grilla abierto (htmx) y la hoja del mes con un error: el recorrido solo pide direcciones."""
    ancho, alto = VENTANAS[ventana]
    contexto = browser.new_context(viewport={"width": ancho, "height": alto})
    page = contexto.new_page()
    ingresar(page, live_server.url, "ogpp", portada="Tablero")
    encontradas = {}
    page.goto(f"{live_server.url}/cronograma/")
    page.wait_for_load_state()
    page.get_by_role("link", name="Registrar avance de 1.1.1 en Marzo 2021").click()
    expect(page.locator(".editor-fila")).to_be_visible()
    encontradas["grilla con el editor abierto"] = violaciones(page)
    page.goto(f"{live_server.url}/mis-actividades/?unidad=todas")
    page.locator('li[data-codigo="1.1.1"]').get_by_label("Avance acumulado (%) de 1.1.1").fill("10")
    page.get_by_role("button", name="Guardar 1.1.1").click()
    expect(page.locator('li[data-codigo="1.1.1"]').get_by_role("status")).to_contain_text("No se guardó")
    encontradas["hoja del mes con un error"] = violaciones(page)
    contexto.close()
    assert {estado: v for estado, v in encontradas.items() if v} == {}


CONTRASTE = """(chip) => {
  const lum = (c) => { const [r, g, b] = c.match(/\\d+/g).slice(0, 3).map((x) => { x = x / 255;
    return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const estilo = getComputedStyle(chip); const a = lum(estilo.color), b = lum(estilo.backgroundColor);
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""


def test_chips_del_semaforo_con_contraste_suficiente_y_foco_visible(live_server, page: Page, plan):
    ingresar(page, live_server.url, "ogpp", portada="Tablero")
    page.goto(f"{live_server.url}/cronograma/")
    colores = {}
    for chip in page.locator(".semaforo").all():
        colores[chip.get_attribute("class")] = chip.evaluate(CONTRASTE)
    assert {"semaforo verde", "semaforo ambar", "semaforo rojo", "semaforo gris"} <= set(colores)
    assert all(razon >= 4.5 for razon in colores.values()), colores
    # Foco visible: un anillo de 3 px, no el borde fino del navegador.
    page.keyboard.press("Tab")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineWidth") == "3px"
