"""De punta a punta: SDLGAT no ve cómo editar una fila de otra unidad, y un POST armado a mano recibe 403."""

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from componentes.anexo2 import cargar_anexo2
from cronograma.models import Avance
from tests.browser.sesion import celda, ingresar
from tests.factories import crear_usuario, hoja, programar

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROPIA, AJENA = "1.1.1", "1.2.3"  # 1.1.1 es de SDLGAT / DRTPELM; 1.2.3, solo de OGPP


@pytest.fixture
def plan(db):
    plan = cargar_anexo2().plan
    programar(plan, PROPIA, date(2021, 3, 1))
    programar(plan, AJENA, date(2021, 3, 1))
    crear_usuario("sdlgat", unidades=("SDLGAT",))
    return plan


def _avances(plan, codigo: str) -> tuple[int, int]:
    clave = hoja(plan, codigo).clave
    filtro = {"actividad_id": clave.actividad_id, "subactividad_id": clave.subactividad_id}
    return Avance.objects.filter(**filtro).count(), Avance.history.filter(**filtro).count()


def _post_armado(page: Page, url: str, *, codigo: str, token: str):
    """El POST que haría un formulario de la fila, con la sesión y el token CSRF del navegador."""
    from componentes.models import Plan

    return page.request.post(
        f"{url}/planes/{Plan.objects.vigente().pk}/cronograma/fila/{codigo}/registrar/",
        form={"csrfmiddlewaretoken": token, "porcentaje": "100", "comentario": "", "mes": "2021-03", "version": "0"},
        max_redirects=0,
    )


def test_sin_control_de_edicion_en_la_fila_de_otra_unidad(live_server, page: Page, plan):
    ingresar(page, live_server.url, "sdlgat", portada="Mis actividades")
    page.get_by_role("link", name="Cronograma").click()

    # En la grilla: la fila propia ofrece un solo «Registrar» (issue 14: uno por fila, no uno por celda);
    # la de OGPP muestra sus meses y el enlace a su página, pero nada para registrar.
    expect(page.get_by_role("link", name=f"Registrar avance de {PROPIA} en Marzo 2021")).to_be_visible()
    expect(celda(page, AJENA, 0)).to_contain_text("Procesamiento y sistematización")
    expect(page.locator(f'tr[data-codigo="{PROPIA}"]').get_by_role("link")).to_have_count(2)
    expect(page.locator(f'tr[data-codigo="{AJENA}"]').get_by_role("link")).to_have_count(1)
    expect(page.locator(f'tr[data-codigo="{AJENA}"]').get_by_role("link", name="Registrar", exact=False)).to_have_count(0)

    # La página de la fila ajena se puede leer, pero sin formulario.
    page.get_by_role("link", name=AJENA, exact=True).click()
    expect(page.get_by_role("heading", name=f"{AJENA} · Procesamiento")).to_be_visible()
    expect(page.get_by_role("heading", name="Registrar avance")).to_have_count(0)
    expect(page.get_by_label("Avance acumulado (%)")).to_have_count(0)
    expect(page.get_by_role("button", name="Guardar")).to_have_count(0)


def test_un_post_armado_sobre_la_fila_ajena_recibe_403_y_no_cambia_nada(live_server, page: Page, plan):
    ingresar(page, live_server.url, "sdlgat", portada="Mis actividades")
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")

    respuesta = _post_armado(page, live_server.url, codigo=AJENA, token=token)
    assert respuesta.status == 403
    assert f"Su unidad no es responsable de la fila {AJENA}" in respuesta.text()
    assert _avances(plan, AJENA) == (0, 0)

    # El mismo POST sobre la fila propia sí se guarda: el 403 no venía del token ni de la forma del envío.
    respuesta = _post_armado(page, live_server.url, codigo=PROPIA, token=token)
    assert respuesta.status == 302
    assert _avances(plan, PROPIA) == (1, 1)
