"""De punta a punta (issue 14): «Mis actividades» como hoja del mes, con y sin JavaScript, y en teléfono."""

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from componentes.anexo2 import cargar_anexo2
from cronograma.models import Avance
from tests.browser.sesion import ingresar
from tests.factories import crear_usuario, hoja, programar, registrar

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OCT, FEB, MAR = date(2020, 10, 1), date(2021, 2, 1), date(2021, 3, 1)


@pytest.fixture
def plan(db):
    """SDLGAT: 1.1.1 y 1.1.3 por registrar en marzo (mes por defecto: el plan ya terminó); 1.1.2 concluida."""
    plan = cargar_anexo2().plan
    programar(plan, "1.1.1", FEB, MAR)
    programar(plan, "1.1.3", MAR)
    programar(plan, "1.1.2", OCT)
    registrar(plan, "1.1.2", OCT, 100)
    crear_usuario("sdlgat", unidades=("SDLGAT",))
    return plan


def _fila(page: Page, codigo: str):
    return page.locator(f'li[data-codigo="{codigo}"]')


def _porcentaje(page: Page, codigo: str):
    return _fila(page, codigo).get_by_label(f"Avance acumulado (%) de {codigo}")


def _registro(plan, codigo: str, mes=MAR) -> Avance | None:
    clave = hoja(plan, codigo).clave
    return Avance.objects.filter(actividad_id=clave.actividad_id, subactividad_id=clave.subactividad_id, mes=mes).first()


def _en_la_ventana(page: Page, locator) -> bool:
    caja = locator.bounding_box()
    alto = page.viewport_size["height"]
    return caja is not None and caja["y"] >= 0 and caja["y"] + caja["height"] <= alto


def test_lo_por_registrar_va_primero_y_las_concluidas_plegadas(live_server, page: Page, plan):
    ingresar(page, live_server.url, "sdlgat", portada="Mis actividades · registro de Marzo 2021")
    por_registrar = page.locator("#seccion-por-registrar")
    expect(por_registrar.get_by_role("heading", level=2)).to_have_text("Por registrar en Marzo 2021: 2 filas")
    expect(por_registrar.locator("li[data-codigo]")).to_have_count(2)
    expect(page.locator("#resumen-del-mes")).to_contain_text("2 filas por registrar en Marzo 2021")
    # La concluida está plegada (en un <details> cerrado): no se ve ni hay que pasar por ella.
    expect(_fila(page, "1.1.2")).to_be_hidden()
    page.locator("#seccion-concluidas summary").click()
    expect(_fila(page, "1.1.2")).to_be_visible()
    # La sección «por registrar» está antes que cualquier otra.
    orden = page.locator("#hoja-del-mes > [id^=seccion-]").evaluate_all("(s) => s.map((e) => e.id)")
    assert orden[0] == "seccion-por-registrar" and orden[-1] == "seccion-concluidas"


def test_guardar_una_fila_no_toca_lo_escrito_en_otra_y_anuncia_junto_a_la_fila(live_server, page: Page, plan):
    ingresar(page, live_server.url, "sdlgat", portada="Mis actividades · registro de Marzo 2021")
    expect(_fila(page, "1.1.1").locator(".resumen-actividad")).to_contain_text("Actividad 1.1: 16,7 %")  # 100 / 6
    _porcentaje(page, "1.1.1").fill("40")  # escrito, sin guardar
    _porcentaje(page, "1.1.3").fill("100")
    boton = _fila(page, "1.1.3").get_by_role("button", name="Guardar 1.1.3")
    boton.click()

    resultado = _fila(page, "1.1.3").get_by_role("status")
    expect(resultado).to_have_text("Guardado: 100,0 % en 1.1.3 para Marzo 2021.")
    assert _en_la_ventana(page, resultado), "la confirmación debe quedar dentro de la ventana"
    expect(page).to_have_url(f"{live_server.url}/")  # sin recargar la página
    expect(_porcentaje(page, "1.1.1")).to_have_value("40")  # lo escrito en la otra fila sigue ahí
    expect(_fila(page, "1.1.3").get_by_role("button", name="Guardar 1.1.3")).to_be_focused()
    # Cambian en su lugar el resumen de la actividad 1.1 y el de la página.
    expect(_fila(page, "1.1.1").locator(".resumen-actividad")).to_contain_text("Actividad 1.1: 33,3 %")  # 200 / 6
    expect(page.locator("#resumen-del-mes")).to_contain_text("1 fila por registrar")
    assert _registro(plan, "1.1.3").porcentaje == 100


def test_guardar_todo_aplica_las_reglas_de_cada_fila(live_server, page: Page, plan):
    ingresar(page, live_server.url, "sdlgat", portada="Mis actividades · registro de Marzo 2021")
    _porcentaje(page, "1.1.1").fill("60")  # por debajo de lo programado (100 %): pide comentario
    comentario = _fila(page, "1.1.1").get_by_label("Comentario de 1.1.1")
    expect(comentario).to_be_visible()  # el comentario aparece cuando la regla lo pide
    _porcentaje(page, "1.1.3").fill("100")
    page.get_by_role("button", name="Guardar todo").click()

    expect(_fila(page, "1.1.3").get_by_role("status")).to_have_text("Guardado: 100,0 % en 1.1.3 para Marzo 2021.")
    expect(_fila(page, "1.1.1").get_by_role("status")).to_have_text("No se guardó: revise los errores de esta fila.")
    expect(_fila(page, "1.1.1")).to_contain_text("explique")
    expect(_porcentaje(page, "1.1.1")).to_have_value("60")
    expect(comentario).to_be_focused()  # el foco va al campo que falta
    assert _registro(plan, "1.1.1") is None and _registro(plan, "1.1.3") is not None
    comentario.fill("Se reprogramó la medición")
    _fila(page, "1.1.1").get_by_role("button", name="Guardar 1.1.1").click()
    expect(_fila(page, "1.1.1").get_by_role("status")).to_have_text("Guardado: 60,0 % en 1.1.1 para Marzo 2021.")


def test_sin_javascript_vuelve_al_ancla_con_el_mensaje_y_los_errores_arriba(live_server, browser, plan):
    contexto = browser.new_context(java_script_enabled=False, viewport={"width": 1366, "height": 768})
    page = contexto.new_page()
    ingresar(page, live_server.url, "sdlgat", portada="Mis actividades · registro de Marzo 2021")
    _porcentaje(page, "1.1.3").fill("100")
    _fila(page, "1.1.3").get_by_role("button", name="Guardar 1.1.3").click()
    expect(page).to_have_url(f"{live_server.url}/mis-actividades/?mes=2021-03#fila-1.1.3")
    expect(_fila(page, "1.1.3").locator(".resultado")).to_have_text("Guardado: 100,0 % en 1.1.3 para Marzo 2021.")
    assert _en_la_ventana(page, _fila(page, "1.1.3").locator(".resultado"))

    # Un error: título «Error: …», resumen arriba con el foco y un enlace a cada campo, campo marcado.
    _porcentaje(page, "1.1.1").fill("60")
    _fila(page, "1.1.1").get_by_role("button", name="Guardar 1.1.1").click()
    assert page.title().startswith("Error: ")
    resumen = page.locator("#resumen-errores")
    expect(resumen).to_be_focused()
    enlace = resumen.get_by_role("link", name="1.1.1, comentario")
    expect(enlace).to_have_attribute("href", "#" + _fila(page, "1.1.1").get_by_label("Comentario de 1.1.1").get_attribute("id"))
    expect(_fila(page, "1.1.1").get_by_label("Comentario de 1.1.1")).to_have_attribute("aria-invalid", "true")
    expect(_porcentaje(page, "1.1.1")).to_have_value("60")
    contexto.close()


def test_desde_la_portada_registrar_una_fila_con_comentario_en_tres_acciones(live_server, page: Page, plan):
    ingresar(page, live_server.url, "sdlgat", portada="Mis actividades · registro de Marzo 2021")
    assert _en_la_ventana(page, _porcentaje(page, "1.1.1")), "la primera fila por registrar se ve sin desplazarse"
    # La primera entrada por registrar: la primera tabulación es un enlace que lleva a ella.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Ir a la primera fila por registrar (1.1.1)")).to_be_focused()
    page.keyboard.press("Enter")
    expect(_porcentaje(page, "1.1.1")).to_be_focused()
    # Tres acciones: el %, el comentario y «Guardar»; sin pasar por filas concluidas.
    _porcentaje(page, "1.1.1").fill("50")  # 1
    _fila(page, "1.1.1").get_by_label("Comentario de 1.1.1").fill("Falta la segunda ronda")  # 2
    _fila(page, "1.1.1").get_by_role("button", name="Guardar 1.1.1").click()  # 3
    expect(_fila(page, "1.1.1").get_by_role("status")).to_have_text("Guardado: 50,0 % en 1.1.1 para Marzo 2021.")
    assert _registro(plan, "1.1.1").comentario == "Falta la segunda ronda"


def test_telefono_sin_desplazamiento_lateral_y_con_boton_de_menu(live_server, browser, plan):
    contexto = browser.new_context(viewport={"width": 390, "height": 844})
    page = contexto.new_page()
    ingresar(page, live_server.url, "sdlgat", portada="Mis actividades · registro de Marzo 2021")
    for ruta in ("/", "/cronograma/", "/pendientes/", "/cronograma/fila/1.1.1/"):
        page.goto(f"{live_server.url}{ruta}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, ruta
    page.goto(f"{live_server.url}/mis-actividades/")
    menu = page.get_by_role("button", name="Menú")
    navegacion = page.get_by_role("link", name="Cronograma")
    expect(navegacion).to_be_hidden()
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(navegacion).to_be_visible()
    expect(page.get_by_role("link", name="Mis actividades")).to_have_attribute("aria-current", "page")
    # La grilla se desplaza dentro de su marco con el código fijo.
    page.goto(f"{live_server.url}/cronograma/")
    marco = page.get_by_role("region", name="Cronograma (se desplaza dentro del marco)")
    marco.evaluate("(m) => m.scrollBy(400, 0)")
    codigo = page.locator('tr[data-codigo="1.1.1"] > th')
    assert codigo.bounding_box()["x"] <= marco.bounding_box()["x"] + 2
    contexto.close()


def test_grilla_a_1366_todas_las_columnas_a_la_vista_y_cabecera_fija(live_server, browser, plan):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    ingresar(page, live_server.url, "sdlgat", portada="Mis actividades · registro de Marzo 2021")
    page.goto(f"{live_server.url}/cronograma/")
    marco = page.get_by_role("region", name="Cronograma (se desplaza dentro del marco)")
    ancho, visible = marco.evaluate("(m) => [m.scrollWidth, m.clientWidth]")
    assert ancho <= visible, "a 1366 px se ven todas las columnas, semáforo incluido"
    # Un solo «Registrar» por fila: tantos como filas en que SDLGAT registra, no uno por celda.
    registrar = page.get_by_role("link", name="Registrar avance de")
    assert registrar.count() == page.locator("tr:has(a.editar)").count()
    # La cabecera queda a la vista al bajar dentro del marco.
    marco.evaluate("(m) => m.scrollBy(0, 2000)")
    cabecera = page.get_by_role("columnheader", name="Semáforo")
    assert cabecera.bounding_box()["y"] >= marco.bounding_box()["y"] - 1
    expect(cabecera).to_be_in_viewport()
    page.close()


@pytest.mark.parametrize("ancho,alto", [(1366, 768), (390, 844)])
def test_una_hoja_de_varias_paginas_se_recorre_y_se_guarda_en_cualquiera(live_server, browser, plan, monkeypatch, ancho, alto):
    """Issue 24: con más filas que una página (aquí, páginas de 5), las por registrar van primero, se pasa a la
    siguiente con su enlace, el mes sigue siendo el mismo, Enter guarda en su lugar una fila de esa página, y
    axe no encuentra violaciones (WCAG 2.1 A/AA y buenas prácticas) en la navegación."""
    from cronograma.mensual import hoja as modulo_hoja
    from tests.browser.test_accesibilidad import _axe, ETIQUETAS

    monkeypatch.setattr(modulo_hoja, "FILAS_POR_PAGINA", 5)
    contexto = browser.new_context(viewport={"width": ancho, "height": alto})
    page = contexto.new_page()
    ingresar(page, live_server.url, "sdlgat", portada="Mis actividades · registro de Marzo 2021")
    expect(page.locator("#seccion-por-registrar li[data-codigo]")).to_have_count(2)
    navegacion = page.get_by_role("navigation", name="Páginas de la hoja")
    expect(navegacion.get_by_role("link", name="Página 1")).to_have_attribute("aria-current", "page")
    navegacion.get_by_role("link", name="Siguiente página").click()
    expect(page).to_have_url(f"{live_server.url}/mis-actividades/?mes=2021-03&pagina=2")
    expect(page.locator("#seccion-por-registrar")).to_have_count(0)
    expect(page.locator("#nota-pagina")).to_contain_text("Página 2 de")
    expect(page.locator("#nota-pagina").get_by_role("link", name="Ir a la página 1")).to_be_visible()
    filas = page.locator("li[data-codigo]")
    expect(filas).to_have_count(5)
    codigo = filas.first.get_attribute("data-codigo")
    assert page.evaluate("document.documentElement.scrollWidth") <= ancho
    resultado = _axe.run(page, options={"runOnly": {"type": "tag", "values": [*ETIQUETAS, "best-practice"]}})
    assert [f"{v['id']}: {n['target']}" for v in resultado.response["violations"] for n in v["nodes"]] == []

    _porcentaje(page, codigo).fill("100")
    _porcentaje(page, codigo).press("Enter")
    expect(_fila(page, codigo).get_by_role("status")).to_have_text(f"Guardado: 100,0 % en {codigo} para Marzo 2021.")
    expect(page).to_have_url(f"{live_server.url}/mis-actividades/?mes=2021-03&pagina=2")  # sin recargar
    assert _registro(plan, codigo).porcentaje == 100
    contexto.close()
