"""Mide lo que el issue 24 pide comparar en «Mis actividades», contra un servidor ya en marcha:

- peso por la red de la hoja de una unidad y de la grilla, sin comprimir y con `Accept-Encoding: gzip`;
- primer pintado de la hoja con una línea 3G lenta emulada (2 s de ida y vuelta, 400 kbit/s) y la CPU
  4 veces más lenta (Chromium por CDP: `Network.emulateNetworkConditions`, `Emulation.setCPUThrottlingRate`),
  primera visita (sin caché) y segunda (con la caché del navegador);
- teclas para registrar con el teclado todas las filas por registrar de la unidad, cada una con su % y,
  cuando la casilla está a la vista, su comentario: cuántas son de navegación (Tab, Mayús+Tab, flechas) y
  cuántas en total (más lo escrito y los Enter).

Uso: `python scripts/medir_hoja.py URL_BASE [USUARIO] [--sin-teclas]` (contraseña de demostración). Imprime
JSON. No es una prueba: las pruebas viven en tests/; esto compara versiones (antes y después).
"""

import http.client
import json
import shutil
import sys
from urllib.parse import urlsplit

from playwright.sync_api import sync_playwright

CONTRASENA = "calidad-demo"
# El «Slow 3G» de las herramientas de Chromium: 2.000 ms de ida y vuelta, 400 kbit/s de bajada y de subida.
LINEA_LENTA = {"offline": False, "latency": 2000, "downloadThroughput": 400 * 1000 / 8, "uploadThroughput": 400 * 1000 / 8}
CPU_LENTA = 4
COMENTARIO = "Avance según el informe del mes"


def entrar(page, base: str, usuario: str) -> None:
    page.goto(f"{base}/cuentas/login/")
    page.fill("input[name=username]", usuario)
    page.fill("input[name=password]", CONTRASENA)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def bytes_por_la_red(base: str, ruta: str, cookies: list[dict], gzip: bool) -> dict:
    """Bytes del cuerpo tal como viajan (sin descomprimir) y su codificación."""
    partes = urlsplit(base)
    conexion = http.client.HTTPConnection(partes.hostname, partes.port, timeout=120)
    cabeceras = {"Cookie": "; ".join(f"{c['name']}={c['value']}" for c in cookies)}
    if gzip:
        cabeceras["Accept-Encoding"] = "gzip"
    conexion.request("GET", ruta, headers=cabeceras)
    respuesta = conexion.getresponse()
    cuerpo = respuesta.read()
    if respuesta.status in (301, 302) and respuesta.getheader("Location", "").startswith("/"):
        conexion.close()  # /cronograma/ lleva a la grilla del plan vigente (/planes/<id>/cronograma/)
        return bytes_por_la_red(base, respuesta.getheader("Location"), cookies, gzip)
    conexion.close()
    return {"estado": respuesta.status, "bytes": len(cuerpo), "codificacion": respuesta.getheader("Content-Encoding") or ""}


PINTADO = """() => {
  const p = Object.fromEntries(performance.getEntriesByType('paint').map(e => [e.name, Math.round(e.startTime)]));
  const n = performance.getEntriesByType('navigation')[0];
  const recursos = performance.getEntriesByType('resource').map(r => ({nombre: r.name.split('/').pop(), bytes: r.transferSize}));
  return {primer_pintado_ms: p['first-paint'] ?? null, primer_pintado_con_contenido_ms: p['first-contentful-paint'] ?? null,
          dom_listo_ms: Math.round(n.domContentLoadedEventEnd), carga_ms: Math.round(n.loadEventEnd),
          bytes_documento: n.transferSize, recursos};
}"""


def primer_pintado(navegador, base: str, usuario: str, ruta: str) -> dict:
    contexto = navegador.new_context(viewport={"width": 390, "height": 844})
    page = contexto.new_page()
    entrar(page, base, usuario)
    cdp = contexto.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.clearBrowserCache")
    cdp.send("Network.emulateNetworkConditions", LINEA_LENTA)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_LENTA})
    medidas = {}
    for visita in ("primera_visita", "segunda_visita"):
        page.goto(f"{base}{ruta}", wait_until="load", timeout=300_000)
        medidas[visita] = page.evaluate(PINTADO)
    contexto.close()
    return medidas


def teclas_para_registrar(navegador, base: str, usuario: str, ruta: str) -> dict:
    """Registra con el teclado cada fila por registrar (la página recién cargada), como lo haría una persona:
    el enlace para saltar lleva a la primera; en cada fila escribe un % (5 puntos más que el anterior, hasta
    100) y, si la casilla está a la vista, un comentario; llega con Tab a su «Guardar» y pulsa Enter; luego,
    con Tab, a la casilla de % de la siguiente."""
    contexto = navegador.new_context(viewport={"width": 1366, "height": 768})
    page = contexto.new_page()
    entrar(page, base, usuario)
    page.goto(f"{base}{ruta}")
    codigos = page.locator("[id$='por-registrar'] li[data-codigo]").evaluate_all("(l) => l.map((e) => e.dataset.codigo)")
    navegacion = total = 0

    def tecla(nombre: str, *, navega: bool) -> None:
        nonlocal navegacion, total
        page.keyboard.press(nombre)
        total += 1
        navegacion += navega

    def escribir(texto: str) -> None:
        nonlocal total
        page.keyboard.type(texto)
        total += len(texto)

    def enfocado(selector: str) -> bool:
        return page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector)

    tecla("Tab", navega=True)  # «Ir a la primera fila por registrar»
    tecla("Enter", navega=False)
    guardadas = 0
    for codigo in codigos:
        fila = f'li[data-codigo="{codigo}"]'
        for _ in range(60):
            if enfocado(f"{fila} .campo-porcentaje input"):
                break
            tecla("Tab", navega=True)
        else:
            break
        anterior = float(page.locator(fila).get_attribute("data-anterior") or 0)
        escribir(f"{min(100.0, anterior + 5):.1f}".replace(".", ","))
        comentario = page.locator(f"{fila} textarea")
        if comentario.count() and comentario.is_visible():
            tecla("Tab", navega=True)
            escribir(COMENTARIO)
        for _ in range(10):
            if enfocado(f'{fila} button[name="guardar"]'):
                break
            tecla("Tab", navega=True)
        tecla("Enter", navega=False)
        page.locator(f"{fila} [role=status]").filter(has_text="Guardado").wait_for(timeout=60_000)
        guardadas += 1
    contexto.close()
    return {"filas_por_registrar": len(codigos), "filas_guardadas": guardadas,
            "teclas_de_navegacion": navegacion, "teclas_en_total": total}


def main() -> None:
    argumentos = [a for a in sys.argv[1:] if not a.startswith("--")]
    base = argumentos[0] if argumentos else "http://127.0.0.1:8000"
    usuario = argumentos[1] if len(argumentos) > 1 else "sdlgat"
    resultado = {"usuario": usuario}
    with sync_playwright() as p:
        navegador = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        contexto = navegador.new_context()
        page = contexto.new_page()
        entrar(page, base, usuario)
        cookies = contexto.cookies()
        contexto.close()
        resultado["peso"] = {
            nombre: {"sin_comprimir": bytes_por_la_red(base, ruta, cookies, False),
                     "gzip": bytes_por_la_red(base, ruta, cookies, True)}
            for nombre, ruta in (("hoja_del_mes", "/mis-actividades/"), ("grilla", "/cronograma/"))
        }
        resultado["primer_pintado_hoja"] = primer_pintado(navegador, base, usuario, "/mis-actividades/")
        if "--sin-teclas" not in sys.argv:
            resultado["teclas"] = teclas_para_registrar(navegador, base, usuario, "/mis-actividades/")
        navegador.close()
    print(json.dumps(resultado, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
