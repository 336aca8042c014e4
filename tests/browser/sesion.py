"""Ayudas de los recorridos: entrar como lo hace una persona y ubicar celdas de la grilla."""

from playwright.sync_api import Page, expect

CONTRASENA = "clave-de-prueba-1"  # la de tests.factories.crear_usuario


def ingresar(page: Page, url_base: str, usuario: str, *, portada: str) -> None:
    """Entra por el formulario de inicio de sesión y espera el título de la portada de ese usuario."""
    page.goto(f"{url_base}/cuentas/login/")
    page.get_by_label("Usuario").fill(usuario)
    page.get_by_label("Contraseña").fill(CONTRASENA)
    page.get_by_role("button", name="Ingresar").click()
    expect(page.get_by_role("heading", name=portada)).to_be_visible()


def celda(page: Page, codigo: str, columna: int):
    """Columnas de una fila de la grilla: 0 nombre, 1 responsable, 2–7 meses (Oct…Mar), 8 % avance."""
    return page.locator(f'tr[data-codigo="{codigo}"] > td').nth(columna)
