"""Las consultas de Mis actividades, la grilla, los pendientes y la vista general no crecen con el número
de planes abiertos (1 y 10 planes, medidos en la misma prueba)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import crear_plan_sintetico, crear_usuario

pytestmark = pytest.mark.django_db
PAGINAS = ["/mis-actividades/", "/planes/{plan}/cronograma/", "/pendientes/", "/planes/"]


def _consultas(client, url: str) -> int:
    with CaptureQueriesContext(connection) as consultas:
        assert client.get(url).status_code == 200, url
    return len(consultas)


@pytest.mark.parametrize("usuario", ["coordinacion", "unidad"])
def test_consultas_iguales_con_1_y_10_planes(client, usuario):
    plan = crear_plan_sintetico(componentes=2, actividades=3, subactividades=2)
    client.force_login(crear_usuario(unidades=("OGPP",) if usuario == "coordinacion" else ("SDLGAT",)))
    paginas = [url.format(plan=plan.pk) for url in PAGINAS]
    con_uno = {url: _consultas(client, url) for url in paginas}
    for _ in range(9):
        crear_plan_sintetico(componentes=2, actividades=3, subactividades=2, vigente=False)
    con_diez = {url: _consultas(client, url) for url in paginas}
    assert con_diez == con_uno
    pagina = client.get("/mis-actividades/").content.decode()
    assert pagina.count('class="plan-agrupado"') == 10  # y de verdad muestra los diez
