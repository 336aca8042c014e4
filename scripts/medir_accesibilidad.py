"""Mide lo que el issue 14 pide comparar: paradas de tabulación, alto y ancho de página, distancia en
tabulaciones a la primera casilla de % y violaciones de axe (WCAG 2.1 A/AA), por usuario y tamaño.

Uso: con un servidor de demostración en marcha (make run), `python scripts/medir_accesibilidad.py
[URL_BASE]`. Imprime una tabla JSON. No es una prueba: las pruebas viven en tests/browser/.
"""

import json
import shutil
import sys

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
CONTRASENA = "calidad-demo"
PAGINAS = [("sdlgat", "/mis-actividades/"), ("ogpp", "/cronograma/"), ("ogpp", "/mis-actividades/")]
TAMANOS = [(1366, 768), (390, 844)]
ETIQUETAS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

PARADAS = """() => [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]')]
  .filter(e => e.tabIndex >= 0 && !e.disabled && e.offsetParent !== null).length"""


def primera_tabulacion(page) -> str:
    """El texto de la primera parada de tabulación (el enlace para saltar), con la página recién cargada."""
    page.reload()
    page.keyboard.press("Tab")
    return page.evaluate("() => document.activeElement.textContent.trim()")


def tabulaciones_hasta_porcentaje(page, tope=40):
    """Tabulaciones seguidas, sin usar el enlace para saltar, hasta la primera casilla de %."""
    page.reload()
    for n in range(1, tope + 1):
        page.keyboard.press("Tab")
        if page.evaluate("() => (document.activeElement.name || '').endsWith('porcentaje')"):
            return n
    return None


def main():
    axe = Axe()
    filas = []
    with sync_playwright() as p:
        navegador = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        for usuario, ruta in PAGINAS:
            for ancho, alto in TAMANOS:
                page = navegador.new_page(viewport={"width": ancho, "height": alto})
                page.goto(f"{BASE}/cuentas/login/")
                page.fill("input[name=username]", usuario)
                page.fill("input[name=password]", CONTRASENA)
                page.click("button[type=submit]")
                page.goto(f"{BASE}{ruta}")
                resultado = axe.run(page, options={"runOnly": {"type": "tag", "values": ETIQUETAS}})
                violaciones = resultado.response["violations"]
                filas.append({
                    "usuario": usuario, "pagina": ruta, "ventana": f"{ancho}x{alto}",
                    "paradas_de_tabulacion": page.evaluate(PARADAS),
                    "alto_px": page.evaluate("document.documentElement.scrollHeight"),
                    "ancho_px": page.evaluate("document.documentElement.scrollWidth"),
                    "tabs_hasta_primer_porcentaje": tabulaciones_hasta_porcentaje(page),
                    "primera_tabulacion": primera_tabulacion(page),
                    "axe_reglas_violadas": len(violaciones),
                    "axe_nodos": sum(len(v["nodes"]) for v in violaciones),
                    "axe_detalle": sorted(v["id"] for v in violaciones),
                })
                page.close()
        navegador.close()
    print(json.dumps(filas, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
