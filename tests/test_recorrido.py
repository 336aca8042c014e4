"""El recorrido del espacio de estados (issue 21): cada rol visita lo que enlaza su portada y cada patrón
de URL llenado con los ids de un mundo con planes por iniciar, en curso, terminados y archivados
(tests/recorrido.py). En todas las respuestas:
- nunca un 5xx;
- lo que aún no empieza (un plan por iniciar) no sale «Retrasada», en rojo o ámbar, ni «(mes cerrado)»;
- la etiqueta de versión de un corte es la misma en toda página que la muestra (grilla, reporte);
- ninguna página de un plan archivado ofrece un formulario que escriba (POST), salvo «Cerrar sesión».
"""

import re
from collections import defaultdict

import pytest

from tests.ciclo_en_pantalla import marcas_de_atraso
from tests.recorrido import ROLES, armar_mundo, direcciones_del_resolvedor, plan_de_la_direccion, recorrer

pytestmark = pytest.mark.django_db

FORMULARIO_POST = re.compile(r"<form\b[^>]*method=\"post\"[^>]*>", re.I)
ETIQUETA = re.compile(r"data-etiqueta-version=\"(\d{4}-\d{2})\"[^>]*>\s*(?:Versión\s*)?(\d+)")


@pytest.fixture
def mundo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return armar_mundo()


def test_el_resolvedor_se_recorre_entero_y_con_los_ids_del_mundo(mundo):
    direcciones = [url for url, _ in direcciones_del_resolvedor(mundo)]
    assert len(direcciones) > 100
    por_iniciar = mundo.planes["por_iniciar"].pk
    assert any(f"/planes/{por_iniciar}/" in url and "cronograma" in url for url in direcciones)
    assert any(f"reportes/{mundo.reportes[2]}/" in url for url in direcciones)


@pytest.mark.parametrize("rol", ROLES)
def test_recorrido_por_rol(client, mundo, rol):
    por_iniciar, archivado = mundo.planes["por_iniciar"], mundo.planes["archivado"]
    errores: list[str] = []
    etiquetas: dict[tuple[int, str], set[str]] = defaultdict(set)
    visitadas = 0
    for _, url, respuesta in recorrer(client, mundo, rol):
        visitadas += 1
        if respuesta.status_code >= 500:
            errores.append(f"{url}: {respuesta.status_code}")
            continue
        if respuesta.status_code != 200 or "text/html" not in respuesta.get("Content-Type", ""):
            continue
        html = respuesta.content.decode()
        plan = plan_de_la_direccion(url, mundo)
        if plan is not None and plan.pk == por_iniciar.pk:
            marcas = marcas_de_atraso(html)
            if marcas:
                errores.append(f"{url}: plan por iniciar con {marcas}")
        if plan is not None and plan.pk == archivado.pk:
            formularios = [f for f in FORMULARIO_POST.findall(html) if "logout" not in f and "salir" not in f]
            if formularios:
                errores.append(f"{url}: plan archivado con formulario de escritura {formularios[0]}")
        if plan is not None:
            for corte, numero in ETIQUETA.findall(html):
                etiquetas[(plan.pk, corte)].add(numero)
    distintas = {clave: numeros for clave, numeros in etiquetas.items() if len(numeros) > 1}
    assert not distintas, f"la misma versión no se nombra igual en todas las páginas: {distintas}"
    assert not errores, "\n".join(errores[:40])
    assert visitadas > 100
