"""El registro del mes en minutos (issue 24): Enter guarda la fila en que se pulsó, «Sin cambios» y el
comentario del mes anterior en un paso, la primera fila a la vista, «mis» filas para la coordinación, y una
parada de tabulación por fila en la grilla. Se escribe y se pulsa Enter como lo hace una persona."""

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from componentes.anexo2 import cargar_anexo2
from cronograma.models import Avance
from tests.browser.sesion import ingresar
from tests.factories import crear_usuario, hoja, programar, registrar

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OCT, FEB, MAR = date(2020, 10, 1), date(2021, 2, 1), date(2021, 3, 1)
PORTADA = "Mis actividades · registro de Marzo 2021"
TABLERO = "Tablero de seguimiento · corte a Marzo 2021"


@pytest.fixture
def plan(db):
    """SDLGAT en marzo: 1.1.1 programada en febrero y marzo (sin registro: «Sin cambios» pide comentario),
    1.1.3 con 20 % y un comentario en febrero, 1.1.4 en ejecución (50 % en febrero, nada programado)."""
    plan = cargar_anexo2().plan
    programar(plan, "1.1.1", FEB, MAR)
    programar(plan, "1.1.3", MAR)
    registrar(plan, "1.1.3", FEB, 20, comentario="Se espera el informe de la DRTPELM")
    registrar(plan, "1.1.4", FEB, 50, comentario="Encuestas aplicadas a la mitad")
    crear_usuario("sdlgat", unidades=("SDLGAT",))
    return plan


def _fila(page: Page, codigo: str):
    return page.locator(f'li[data-codigo="{codigo}"]')


def _porcentaje(page: Page, codigo: str):
    return _fila(page, codigo).get_by_label(f"Avance acumulado (%) de {codigo}")


def _registro(plan, codigo: str, mes=MAR) -> Avance | None:
    clave = hoja(plan, codigo).clave
    return Avance.objects.filter(actividad_id=clave.actividad_id, subactividad_id=clave.subactividad_id, mes=mes).first()


def test_enter_en_el_porcentaje_guarda_esa_fila_y_nada_mas(live_server, page: Page, plan):
    ingresar(page, live_server.url, "sdlgat", portada=PORTADA)
    _porcentaje(page, "1.1.1").fill("40")  # escrito en otra fila, sin guardar
    _porcentaje(page, "1.1.4").click()
    page.keyboard.type("70")
    page.keyboard.press("Enter")

    expect(_fila(page, "1.1.4").get_by_role("status")).to_have_text("Guardado: 70,0 % en 1.1.4 para Marzo 2021.")
    assert _registro(plan, "1.1.4").porcentaje == 70
    assert _registro(plan, "1.1.1") is None, "Enter no guarda la primera fila del formulario"
    expect(_porcentaje(page, "1.1.1")).to_have_value("40")
    expect(_porcentaje(page, "1.1.4")).to_have_value("70,0")  # con coma decimal, como se escribe en el Perú
    page.reload()
    expect(_porcentaje(page, "1.1.4")).to_have_value("70,0")


def test_sin_javascript_enter_guarda_esa_fila_y_acepta_punto_o_coma(live_server, browser, plan):
    contexto = browser.new_context(java_script_enabled=False, viewport={"width": 1366, "height": 768})
    page = contexto.new_page()
    ingresar(page, live_server.url, "sdlgat", portada=PORTADA)
    _porcentaje(page, "1.1.1").fill("40")
    _porcentaje(page, "1.1.4").fill("70.0")  # con punto también
    _porcentaje(page, "1.1.4").press("Enter")
    expect(page).to_have_url(f"{live_server.url}/mis-actividades/?mes=2021-03#fila-1.1.4")
    expect(_fila(page, "1.1.4").locator(".resultado")).to_have_text("Guardado: 70,0 % en 1.1.4 para Marzo 2021.")
    assert _registro(plan, "1.1.4").porcentaje == 70 and _registro(plan, "1.1.1") is None
    expect(_porcentaje(page, "1.1.4")).to_have_value("70,0")
    # Y con coma, corrigiendo el mismo mes.
    _porcentaje(page, "1.1.4").fill("75,5")
    _porcentaje(page, "1.1.4").press("Enter")
    expect(_porcentaje(page, "1.1.4")).to_have_value("75,5")
    assert str(_registro(plan, "1.1.4").porcentaje) == "75.5"
    contexto.close()


def test_sin_cambios_en_un_paso_y_la_regla_del_comentario_se_dice(live_server, page: Page, plan):
    ingresar(page, live_server.url, "sdlgat", portada=PORTADA)
    # 1.1.4: 50 % en febrero, nada programado: un solo clic registra 50 % en marzo.
    _fila(page, "1.1.4").get_by_role("button", name="Sin cambios en 1.1.4 (50,0 %)").click()
    expect(_fila(page, "1.1.4").get_by_role("status")).to_have_text("Guardado: 50,0 % en 1.1.4 para Marzo 2021.")
    assert _registro(plan, "1.1.4").porcentaje == 50

    # 1.1.1: 0 % y programado 100 % a marzo: el botón avisa que pide comentario, y lo pide.
    sin_cambios = _fila(page, "1.1.1").get_by_role("button", name="Sin cambios en 1.1.1 (0,0 %)")
    expect(sin_cambios).to_have_accessible_description("«Sin cambios» repite 0,0 %; pide comentario (queda por debajo de lo programado, 100,0 %).")
    sin_cambios.click()
    expect(_fila(page, "1.1.1").get_by_role("status")).to_have_text("No se guardó: revise los errores de esta fila.")
    comentario = _fila(page, "1.1.1").get_by_label("Comentario de 1.1.1")
    expect(comentario).to_be_focused()
    expect(_fila(page, "1.1.1")).to_contain_text("explique")
    assert _registro(plan, "1.1.1") is None
    comentario.fill("Se postergó la contratación")
    _fila(page, "1.1.1").get_by_role("button", name="Sin cambios en 1.1.1 (0,0 %)").click()
    expect(_fila(page, "1.1.1").get_by_role("status")).to_have_text("Guardado: 0,0 % en 1.1.1 para Marzo 2021.")
    assert _registro(plan, "1.1.1").comentario == "Se postergó la contratación"


def test_el_comentario_del_mes_anterior_se_reusa_en_un_paso(live_server, page: Page, plan):
    ingresar(page, live_server.url, "sdlgat", portada=PORTADA)
    _porcentaje(page, "1.1.3").fill("30")  # bajo lo programado (100 %): pide comentario
    _fila(page, "1.1.3").get_by_role("button", name="Guardar con el comentario de Febrero 2021 en 1.1.3").click()
    expect(_fila(page, "1.1.3").get_by_role("status")).to_have_text("Guardado: 30,0 % en 1.1.3 para Marzo 2021.")
    registro = _registro(plan, "1.1.3")
    assert registro.porcentaje == 30 and registro.comentario == "Se espera el informe de la DRTPELM"


@pytest.fixture
def demostracion(db, settings):
    """La demostración de `make run` (Anexo N° 2 real, 17 filas de SDLGAT por registrar, dos planes)."""
    from django.core.management import call_command

    settings.DEBUG = True  # --demo solo corre con DEBUG
    call_command("load_anexo2", "--demo", verbosity=0)
    settings.DEBUG = False


def _entrar_demo(page: Page, url: str, usuario: str) -> None:
    page.goto(f"{url}/cuentas/login/")
    page.get_by_label("Usuario").fill(usuario)
    page.get_by_label("Contraseña").fill("calidad-demo")
    page.get_by_role("button", name="Ingresar").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mis actividades")


@pytest.mark.parametrize("ventana", [(390, 844), (1366, 768)], ids=["telefono", "portatil"])
def test_la_primera_fila_por_registrar_se_ve_sin_desplazarse(live_server, browser, demostracion, ventana):
    ancho, alto = ventana
    page = browser.new_page(viewport={"width": ancho, "height": alto})
    _entrar_demo(page, live_server.url, "sdlgat")
    casilla = page.locator("[id$='por-registrar'] .campo-porcentaje input").first
    caja = casilla.bounding_box()
    guardar_todo = page.locator("#guardar-todo").bounding_box()  # barra fija abajo: no debe taparla
    assert page.evaluate("window.scrollY") == 0
    assert caja["y"] >= 0 and caja["y"] + caja["height"] <= min(alto, guardar_todo["y"]), caja
    page.close()


def test_las_17_filas_de_sdlgat_con_comentario_en_a_lo_sumo_50_teclas_de_navegacion(live_server, browser, demostracion):
    """El recorrido de scripts/medir_hoja.py: el enlace para saltar, y en cada fila el %, el comentario si se
    pide, Tab hasta «Guardar» y Enter; tras guardar, el foco ya está en la siguiente."""
    from scripts.medir_hoja import teclas_para_registrar

    medida = teclas_para_registrar(browser, live_server.url, "sdlgat", "/mis-actividades/")
    assert medida["filas_por_registrar"] == 17 and medida["filas_guardadas"] == 17
    assert medida["teclas_de_navegacion"] <= 50, medida


def test_la_coordinacion_ve_sus_filas_y_elige_otra_unidad_o_todas(live_server, page: Page, plan):
    crear_usuario("ogpp", unidades=("OGPP",))
    ingresar(page, live_server.url, "ogpp", portada=TABLERO)
    page.get_by_role("link", name="Mis actividades").click()
    page.wait_for_url("**/mis-actividades/**")  # se leen las filas de la página nueva, no de la que se deja
    codigos = lambda: set(page.locator("li[data-codigo]").evaluate_all("(l) => l.map((e) => e.dataset.codigo)"))  # noqa: E731
    propias = codigos()
    assert "1.2.3" in propias and "1.1.1" not in propias  # 1.2.3 es de OGPP; 1.1.1, de SDLGAT
    page.get_by_label("Filas de", exact=True).select_option("SDLGAT")
    page.get_by_role("button", name="Ver").click()
    page.wait_for_url("**unidad=SDLGAT**")
    de_sdlgat = codigos()
    assert "1.1.1" in de_sdlgat and "1.2.3" not in de_sdlgat
    # Registrar desde otra unidad vuelve a la misma hoja (filtro incluido).
    _porcentaje(page, "1.1.4").fill("60")
    _porcentaje(page, "1.1.4").press("Enter")
    expect(_fila(page, "1.1.4").get_by_role("status")).to_have_text("Guardado: 60,0 % en 1.1.4 para Marzo 2021.")
    page.get_by_label("Filas de", exact=True).select_option("todas")
    page.get_by_role("button", name="Ver").click()
    page.wait_for_url("**unidad=todas**")
    assert propias | de_sdlgat <= codigos()


def test_grilla_una_parada_por_fila_chips_en_un_renglon_y_leyenda_en_el_telefono(live_server, browser, plan):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    ingresar(page, live_server.url, "sdlgat", portada=PORTADA)
    page.goto(f"{live_server.url}/cronograma/")
    expect(page.locator("#pista-grilla")).to_be_visible()
    registrar_ = page.get_by_role("link", name="Registrar avance de")
    registrar_.first.focus()
    for _ in range(4):
        page.keyboard.press("Tab")
    expect(registrar_.nth(4)).to_be_focused()  # el 5.º «Registrar» a 4 tabulaciones del 1.º
    # Chips del semáforo y cifras en un renglón.
    partidos = page.evaluate("""() => [...document.querySelectorAll('#grilla .semaforo, #grilla td.num')]
        .filter(e => { const r = document.createRange(); r.selectNodeContents(e); return r.getClientRects().length > 1
                       && new Set([...r.getClientRects()].map(c => Math.round(c.top))).size > 1; }).length""")
    assert partidos == 0
    # La leyenda de la tabla cabe en la pantalla del teléfono.
    ancho_texto = page.evaluate("""() => { const r = document.createRange();
        r.selectNodeContents(document.querySelector('#grilla caption')); return r.getBoundingClientRect().right; }""")
    assert ancho_texto <= 390
    page.close()


def test_el_css_en_linea_se_aplica_bajo_la_csp_del_servidor(live_server, page: Page, plan):
    """El CSS del sitio va en línea (issue 24, primer pintado en una línea lenta): Chromium aplica la CSP real
    del servidor, así que si el hash no coincidiera con el texto, la página quedaría sin estilos y el navegador
    lo diría en la consola."""
    avisos = []
    page.on("console", lambda mensaje: avisos.append(mensaje.text) if "Content Security Policy" in mensaje.text else None)
    ingresar(page, live_server.url, "sdlgat", portada=PORTADA)
    assert page.evaluate("getComputedStyle(document.querySelector('header.barra')).display") == "flex"
    assert page.evaluate("getComputedStyle(document.body).fontSize") == "15px"
    assert avisos == []
