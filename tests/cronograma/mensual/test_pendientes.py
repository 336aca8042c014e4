"""Pendientes de un mes: filas que debían actualizarse y no tienen registro, agrupadas por unidad."""

from datetime import date

import pytest

from cronograma.mensual.pendientes import pendientes_del_mes
from tests.cronograma.mensual.escenario import DIC, NOV, OCT, mes_chico  # noqa: F401 (fixture)
from tests.factories import crear_plan_sintetico, crear_usuario

pytestmark = pytest.mark.django_db


def _por_unidad(pendientes) -> dict[str, list[str]]:
    return {u.responsable.sigla: [f.hoja.codigo for f in u.filas] for u in pendientes.unidades}


def test_pendientes_de_noviembre_por_unidad(mes_chico):
    pendientes = pendientes_del_mes(mes_chico.plan, NOV)
    assert _por_unidad(pendientes) == {"SDLGAT": ["1.1.1", "1.1.3"], "DRTPELM": ["1.1.3"], "OGRH": ["2.1"]}
    assert pendientes.total_filas == 3
    motivos = {f.hoja.codigo: f.motivo for u in pendientes.unidades for f in u.filas}
    assert motivos == {
        "1.1.1": "Programada en el mes",
        "1.1.3": "En ejecución, sin concluir",
        "2.1": "Programada desde antes, sin iniciar",
    }


def test_pendientes_de_octubre_y_diciembre(mes_chico):
    # Octubre: 2.1 programada y sin registro; 1.1.3 y 1.2.1 registraron.
    assert _por_unidad(pendientes_del_mes(mes_chico.plan, OCT)) == {"OGRH": ["2.1"]}
    # Diciembre: nadie registró; 1.2.1 ya estaba concluida y no se reclama; 1.2.2 empieza a tocar.
    assert _por_unidad(pendientes_del_mes(mes_chico.plan, DIC)) == {
        "SDLGAT": ["1.1.1", "1.1.3"], "DRTPELM": ["1.1.2", "1.1.3"], "OGPP": ["1.2.2"], "OGRH": ["2.1"],
    }


def test_filtrar_por_unidad(mes_chico):
    assert _por_unidad(pendientes_del_mes(mes_chico.plan, NOV, siglas={"DRTPELM"})) == {"DRTPELM": ["1.1.3"]}
    assert _por_unidad(pendientes_del_mes(mes_chico.plan, NOV, siglas={"OGPP"})) == {}


def test_pagina_la_unidad_ve_solo_lo_suyo(client, mes_chico):
    client.force_login(mes_chico.drtpelm)
    pagina = client.get("/pendientes/?mes=2020-11").content.decode()
    assert "DRTPELM — " in pagina and "1.1.3" in pagina
    assert "SDLGAT — " not in pagina and "1.1.1" not in pagina and "OGRH" not in pagina


def test_pagina_la_coordinacion_ve_todas(client, mes_chico):
    client.force_login(mes_chico.coordinador)
    pagina = client.get("/pendientes/?mes=2020-11").content.decode()
    for texto in ("SDLGAT — ", "DRTPELM — ", "OGRH — ", "1.1.1", "2.1"):
        assert texto in pagina


def test_pagina_con_mes_invalido_avisa_en_castellano(client, mes_chico):
    client.force_login(mes_chico.coordinador)
    pagina = client.get("/pendientes/?mes=noviembre").content.decode()
    assert "no es un mes válido" in pagina
    fuera = client.get("/pendientes/?mes=2019-01").content.decode()
    assert "Enero 2019 está fuera del plan" in fuera


@pytest.mark.parametrize("tamano", [dict(), dict(actividades=10, subactividades=10)])
def test_pagina_en_consultas_constantes(client, settings, django_assert_max_num_queries, tamano):
    """La misma cota para 70 filas hoja que para 700."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    crear_plan_sintetico(**tamano)
    client.force_login(crear_usuario(unidades=("OGPP",)))
    with django_assert_max_num_queries(15):  # 11 + ¿mes cerrado? (17) + selector y lista de planes (13) + versiones (12)
        respuesta = client.get("/pendientes/?mes=2021-01")
    assert respuesta.status_code == 200 and "Pendientes de Enero 2021" in respuesta.content.decode()
    assert respuesta.context["pendientes"].mes == date(2021, 1, 1)
    assert respuesta.context["pendientes"].total_filas > 0


def test_pagina_para_un_usuario_sin_unidad(client, mes_chico):
    client.force_login(crear_usuario("sin_unidad"))
    pagina = client.get("/pendientes/?mes=2020-11").content.decode()
    assert "no pertenece a ninguna unidad" in pagina and "1.1.1" not in pagina
