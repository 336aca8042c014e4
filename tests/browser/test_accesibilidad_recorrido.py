"""Accesibilidad en todo el recorrido (issue 24, punto 8): axe-core, con las reglas WCAG 2.1 A y AA y las de
buenas prácticas («best-practice»), sobre cada clase de página HTML que alcanza el recorrido del espacio de
estados (tests/recorrido.py: planes terminado, en curso, por iniciar y archivado; reportes en borrador,
aprobado y remitido; versiones; seguimiento; cada rol), a 1366×768 y a 390×844: 0 violaciones, y ninguna
página que se desplace a lo ancho.

Qué pasa por axe:
- Las respuestas 200 text/html del recorrido. Las descargas (xlsx, pdf, docx), las redirecciones (su destino
  se recorre como enlace) y los errores (403, 404, 405) no.
- Una página por clase y por rol (regla de deduplicación). La clase de una dirección es (nombre de su patrón
  de URL, situación del plan que nombra, estado del reporte o de la versión que nombra, nombres de los
  parámetros de su consulta): las filas 1.1.1 y 1.1.2 de un mismo plan son una clase; la grilla de un plan
  en curso y la de uno por iniciar son dos, como un reporte en borrador y uno remitido, o la grilla con
  `?version=` y sin ella. El recorrido (cliente de pruebas, sin navegador) no pide otra dirección de una
  clase que ya dio su página HTML, ni una vista que ya dio 405 (solo POST) o una descarga; de dos páginas
  idénticas (salvo la ficha CSRF) de un rol, axe revisa una: daría lo mismo.
- Además, la página de inicio de sesión sin sesión.

Cada rol entra una vez por el formulario de inicio de sesión, con dos contextos del navegador (uno por tamaño),
y axe cargado en cada página (sin CDN: viene en el paquete axe-playwright-python). Las dos pestañas cargan la
misma página y axe corre en ambas a la vez (dos procesos, dos núcleos). La prueba falla con una línea por
nodo: (rol, dirección, tamaño, regla, selector).
"""

import json
import os
import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import Resolver404, resolve
from playwright.sync_api import expect

from cronograma import ciclo
from cronograma.models import Reporte, VersionPlan
from tests.browser.sesion import CONTRASENA
from tests.recorrido import ROLES, Mundo, armar_mundo, plan_de_la_direccion, recorrer

# Una sola pasada del CI: axe mira el HTML y el CSS, que no dependen de la base; el recorrido mismo (nunca
# un 5xx, etc.) corre también sobre PostgreSQL en tests/test_recorrido.py. Con PostgreSQL (DATABASE_URL,
# `make test-postgres`) se salta: ahorra unos 2 minutos a la segunda pasada del CI.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
                       reason="axe revisa HTML y CSS: una pasada basta, la de SQLite (make test)"),
]

VENTANAS = {"1366×768": (1366, 768), "390×844": (390, 844)}
OPCIONES_AXE = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
    "resultTypes": ["violations"],  # de las demás clases de resultado, un solo nodo: axe termina antes
}
# axe se carga en cada página y arranca solo al terminar de cargarla (evento load): mientras corre en una
# pestaña, la otra ya carga la suya, sin esperar una orden de Playwright.
AXE = Axe().axe_script + (
    f"\nwindow.addEventListener('load', () => {{ window.resultadoAxe = axe.run(document, {json.dumps(OPCIONES_AXE)}); }});")
RESULTADO = """async () => {
  const resultado = await window.resultadoAxe;
  return {violaciones: resultado.violations.flatMap((v) => v.nodes.map((nodo) => [v.id, nodo.target])),
          ancho: document.documentElement.scrollWidth};
}"""
FICHA_CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')


def _estado_del_objeto(nombre: str, parametros: dict, plan) -> str | None:
    """El estado del reporte o de la versión que nombra la dirección: cada estado se ve distinto."""
    reporte = parametros.get("reporte_id") or (parametros.get("pk") if nombre.startswith("reporte_") else None)
    if reporte is not None:
        return Reporte.objects.filter(pk=reporte).values_list("estado", flat=True).first()
    if "numero" in parametros and plan is not None:
        return VersionPlan.objects.filter(plan=plan, numero=parametros["numero"]).values_list("estado", flat=True).first()
    return None


def clase_de_pagina(url: str, mundo: Mundo) -> tuple:
    """(patrón de URL, situación del plan, estado del objeto, parámetros de la consulta) de una dirección."""
    partes = urlsplit(url)
    try:
        coincidencia = resolve(partes.path)
    except Resolver404:
        return ("sin patrón", partes.path)
    plan = plan_de_la_direccion(url, mundo)
    return (
        coincidencia.view_name,
        ciclo.situacion(plan).value if plan else None,
        _estado_del_objeto(coincidencia.url_name or "", coincidencia.kwargs, plan),
        tuple(sorted({clave for clave, _ in parse_qsl(partes.query, keep_blank_values=True)})),
    )


def paginas_del_rol(client, mundo: Mundo, rol: str, sin_html: set[str]) -> dict[tuple, str]:
    """{clase: la primera dirección de esa clase que dio 200 text/html} del recorrido de `rol`.

    No se pide lo que no puede dar una página nueva: otra dirección de una clase ya vista; una vista que ya
    dio 405 (solo POST) o una descarga (`sin_html`, nombres de vista, compartido entre roles: con otro id,
    estado o rol no da HTML); una página idéntica a otra ya guardada (salvo la ficha CSRF) no se guarda."""
    html: dict[tuple, str] = {}
    contenidos: set[bytes] = set()

    def ya_vista(url: str) -> bool:
        clase = clase_de_pagina(url, mundo)
        return clase in html or clase[0] in sin_html

    for _, url, respuesta in recorrer(client, mundo, rol, saltar=ya_vista):
        clase = clase_de_pagina(url, mundo)
        if respuesta.status_code == 200 and "text/html" in respuesta.get("Content-Type", ""):
            contenido = FICHA_CSRF.sub(b"", respuesta.content)
            html.setdefault(clase, "" if contenido in contenidos else url)
            contenidos.add(contenido)
        elif respuesta.status_code in (200, 405):
            sin_html.add(clase[0])
    return {clase: url for clase, url in html.items() if url}


def _pestanas(browser) -> dict:
    """Tamaño → pestaña, cada una en su contexto, con axe cargado (y corriendo) en cada página que abra."""
    pestanas = {}
    for ventana, (ancho, alto) in VENTANAS.items():
        contexto = browser.new_context(viewport={"width": ancho, "height": alto})
        contexto.add_init_script(AXE)
        pestanas[ventana] = contexto.new_page()
    return pestanas


def _ingresar(pestanas: dict, url_base: str, usuario) -> None:
    """Entra una vez por el formulario (en la primera pestaña) y pasa la cookie de la sesión a la otra."""
    primera = next(iter(pestanas.values()))
    primera.goto(f"{url_base}/cuentas/login/")
    primera.get_by_label("Usuario").fill(usuario.username)
    primera.get_by_label("Contraseña").fill(CONTRASENA)
    primera.get_by_role("button", name="Ingresar").click()
    expect(primera).not_to_have_url(f"{url_base}/cuentas/login/")
    for pestana in pestanas.values():
        pestana.context.add_cookies(primera.context.cookies())


def _revisar(pestanas: dict, url_base: str, rol: str, url: str) -> list[str]:
    """Carga `url` en las dos pestañas (axe arranca en cada una al cargar: corren a la vez, en dos procesos)
    y recoge sus violaciones y si la página se desplaza a lo ancho."""
    for pestana in pestanas.values():
        respuesta = pestana.goto(f"{url_base}{url}")
        assert respuesta.status == 200, f"{rol} {url}: {respuesta.status} en el navegador, 200 en el recorrido"
    encontradas = []
    for ventana, pestana in pestanas.items():
        resultado = pestana.evaluate(RESULTADO)
        encontradas += [f"{rol} {url} {ventana} {regla}: {nodo}" for regla, nodo in resultado["violaciones"]]
        if resultado["ancho"] > VENTANAS[ventana][0]:
            encontradas.append(f"{rol} {url} {ventana} desplazamiento lateral")
    return encontradas


def test_cero_violaciones_en_cada_pagina_del_recorrido(live_server, browser, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    mundo = armar_mundo()
    sin_html: set[str] = set()
    paginas = {rol: paginas_del_rol(client, mundo, rol, sin_html) for rol in ROLES}
    # Reportes en cada estado, versiones y seguimiento, en los planes de cada situación, también llegan a axe.
    clases = paginas["coordinacion"]
    assert {estado for (vista, _, estado, _) in clases if vista == "reporte_detalle"} == {"borrador", "aprobado", "remitido"}
    assert {"reporte_editar", "reporte_aprobar", "reporte_remision", "versiones", "version_detalle", "version_editar",
            "versiones_comparar", "compromiso", "compromisos_desde_reporte", "password_change"} <= {c[0] for c in clases}
    assert {situacion for (vista, situacion, _, _) in clases if vista == "grilla"} == {
        "terminado", "en_curso", "por_iniciar", "archivado"}
    assert all(len(p) > 50 for p in paginas.values()), {rol: len(p) for rol, p in paginas.items()}
    encontradas: list[str] = []
    for rol in ROLES:
        pestanas = _pestanas(browser)
        if rol == ROLES[0]:  # antes de entrar, la página de inicio de sesión sin sesión
            encontradas += _revisar(pestanas, live_server.url, "anónimo", "/cuentas/login/")
        _ingresar(pestanas, live_server.url, mundo.usuarios[rol])
        for url in paginas[rol].values():
            encontradas += _revisar(pestanas, live_server.url, rol, url)
        for pestana in pestanas.values():
            pestana.context.close()
    assert not encontradas, f"{len(encontradas)} violaciones:\n" + "\n".join(encontradas)
