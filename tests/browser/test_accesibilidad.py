"""Accesibilidad (issue 14): axe-core (WCAG 2.1 A y AA) sin violaciones en cada página, por rol, a 1366×768
y 390×844; chips del semáforo con contraste ≥ 4,5:1; foco visible.

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
ETIQUETAS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
VENTANAS = {"escritorio": (1366, 768), "telefono": (390, 844)}
# 1.1.3 tiene avance: su página muestra la tabla de historia (escrita por {% filas_de_historial %}) y sus evidencias.
PAGINAS_UNIDAD = ["/", "/mis-actividades/", "/cronograma/", "/cronograma/fila/1.1.1/", "/cronograma/fila/1.1.3/",
                  "/pendientes/", "/reportes/"]
PAGINAS_COORDINACION = [*PAGINAS_UNIDAD, "/tablero/", "/cierres/", "/cronograma/importar/", "/reportes/nuevo/",
                        "/planes/", "/matriz/", "/planes/nuevo/", "/planes/copiar/"]  # las de varios planes (issue 13)

_axe = Axe()


def violaciones(page: Page) -> list[str]:
    """Las violaciones WCAG 2.1 A/AA de la página, en una línea cada una (regla, nodo, resumen)."""
    resultado = _axe.run(page, options={"runOnly": {"type": "tag", "values": ETIQUETAS}})
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
@pytest.mark.parametrize("usuario,paginas", [("sdlgat", PAGINAS_UNIDAD), ("ogpp", PAGINAS_COORDINACION)])
def test_cero_violaciones_wcag_en_cada_pagina(live_server, browser, plan, usuario, paginas, ventana):
    ancho, alto = VENTANAS[ventana]
    contexto = browser.new_context(viewport={"width": ancho, "height": alto})
    page = contexto.new_page()
    page.goto(f"{live_server.url}/cuentas/login/")
    encontradas = {"/cuentas/login/": violaciones(page)}
    ingresar(page, live_server.url, usuario, portada="Tablero" if usuario == "ogpp" else "Mis actividades")
    for ruta in paginas:
        respuesta = page.goto(f"{live_server.url}{ruta}")
        assert respuesta.status == 200, ruta
        encontradas[ruta] = violaciones(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= ancho, f"desplazamiento lateral en {ruta}"
    # Estados que no son una URL: el editor de la grilla abierto y la hoja del mes con un error.
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
    assert {ruta: v for ruta, v in encontradas.items() if v} == {}


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


@pytest.mark.parametrize("ventana", VENTANAS)
def test_cero_violaciones_con_varios_planes_abiertos(live_server, browser, ventana):
    """Issue 13: Mis actividades con una hoja por plan (mismos códigos en ambos), la vista general, la
    matriz, crear y copiar un plan, y la hoja de un solo plan bajo /planes/<id>/."""
    from tests.cronograma.planes.escenario import armar_dos_planes

    planes = armar_dos_planes()
    ancho, alto = VENTANAS[ventana]
    contexto = browser.new_context(viewport={"width": ancho, "height": alto})
    page = contexto.new_page()
    encontradas = {}
    for usuario, portada, paginas in (
        ("sdlgat", "Mis actividades", ["/mis-actividades/", f"/planes/{planes.b.pk}/mis-actividades/", "/planes/", "/matriz/"]),
        ("coordinador", "Tablero", ["/mis-actividades/", "/planes/", "/matriz/", "/planes/nuevo/", "/planes/copiar/",
                                    f"/planes/{planes.b.pk}/matriz/"]),
    ):
        ingresar(page, live_server.url, usuario, portada=portada)
        for ruta in paginas:
            respuesta = page.goto(f"{live_server.url}{ruta}")
            assert respuesta.status == 200, ruta
            encontradas[f"{usuario} {ruta}"] = violaciones(page)
            assert page.evaluate("document.documentElement.scrollWidth") <= ancho, f"desplazamiento lateral en {ruta}"
        page.context.clear_cookies()
    contexto.close()
    assert {ruta: v for ruta, v in encontradas.items() if v} == {}


@pytest.mark.parametrize("ventana", VENTANAS)
def test_cero_violaciones_en_reportes_y_versiones(live_server, browser, ventana):
    """Issue 24: el recorrido de axe también pasa por el reporte (detalle, textos, aprobación) y las versiones
    (lista, detalle, editor del borrador, comparación), y por los pendientes con dos planes abiertos (dos
    bloques: cada región con su propio nombre). Con las reglas de buenas prácticas de axe también."""
    from cronograma.reprogramacion.versiones import crear_borrador
    from tests.cronograma.reportes.escenario import armar_escenario, borrador
    from tests.factories import crear_plan

    escenario = armar_escenario()
    reporte = borrador(escenario)
    version = crear_borrador(plan=escenario.plan, usuario=escenario.coordinador)
    crear_plan(servicio="Otro servicio", vigente=False)  # un segundo plan abierto: /pendientes/ con dos bloques
    ancho, alto = VENTANAS[ventana]
    contexto = browser.new_context(viewport={"width": ancho, "height": alto})
    page = contexto.new_page()
    ingresar(page, live_server.url, "coordinador", portada="Tablero de seguimiento")
    base = f"/planes/{escenario.plan.pk}"
    paginas = [f"{base}/reportes/{reporte.pk}/", f"{base}/reportes/{reporte.pk}/editar/",
               f"{base}/reportes/{reporte.pk}/aprobar/", f"{base}/cronograma/versiones/",
               f"{base}/cronograma/versiones/{version.numero}/",
               f"{base}/cronograma/versiones/{version.numero}/editar/", f"{base}/cronograma/versiones/comparar/",
               "/pendientes/", "/mis-actividades/"]
    encontradas = {}
    for ruta in paginas:
        respuesta = page.goto(f"{live_server.url}{ruta}")
        assert respuesta.ok, ruta
        resultado = _axe.run(page, options={"runOnly": {"type": "tag", "values": [*ETIQUETAS, "best-practice"]}})
        encontradas[ruta] = [f"{v['id']}: {n['target']}" for v in resultado.response["violations"] for n in v["nodes"]]
    assert all(not v for v in encontradas.values()), {r: v for r, v in encontradas.items() if v}
    contexto.close()
