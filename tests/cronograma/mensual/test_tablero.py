"""El tablero de la coordinación: cifras de avance.py, unidades, curva S, permisos y consultas."""

from datetime import date

import pytest

from cronograma.avance import Seguimiento, avance_del_plan
from cronograma.mensual.cierres import cerrar_mes
from cronograma.mensual.tablero import tablero_del_plan
from tests.cronograma.mensual.escenario import DIC, NOV, mes_chico  # noqa: F401 (fixture)
from tests.factories import crear_plan_sintetico, crear_usuario, registrar

pytestmark = pytest.mark.django_db


def test_cifras_iguales_a_las_de_avance(mes_chico):
    tablero = tablero_del_plan(mes_chico.plan, corte=NOV)
    resultado = avance_del_plan(mes_chico.plan, corte=NOV)
    assert tablero.cifras == resultado.plan
    assert [(f.componente.numero, f.cifras) for f in tablero.componentes] == [
        (c.numero, resultado.por_componente[c.id]) for c in resultado.catalogo.componentes
    ]
    curva = Seguimiento(mes_chico.plan).curva(mes_chico.plan.meses())
    assert [m.programado for m in tablero.curva] == [c.programado for c in curva]
    assert [m.ejecutado for m in tablero.curva] == [c.ejecutado for c in curva[:2]] + [None] * 4


def test_unidades_al_dia_retrasadas_y_sin_registro(mes_chico):
    unidades = {
        f.responsable.sigla: (f.total, f.al_dia, f.retrasadas, f.pendientes)
        for f in tablero_del_plan(mes_chico.plan, corte=NOV).unidades
    }
    # SDLGAT: 1.1.1 (0 de 100: retrasada y sin registro), 1.1.3 (30 de 100: ídem).
    # DRTPELM: 1.1.2 (50 de 100: retrasada, registrada), 1.1.3 (retrasada, sin registro).
    # OGPP: 1.2.1 concluida, 1.2.2 aún no programada: al día. OGRH: 2.1 sin iniciar: retrasada y sin registro.
    assert unidades == {"SDLGAT": (2, 0, 2, 2), "DRTPELM": (2, 0, 2, 1), "OGPP": (2, 2, 0, 0), "OGRH": (1, 0, 1, 1)}


def test_pagina_muestra_graficos_accesibles_y_tablas(client, mes_chico):
    registrar(mes_chico.plan, "1.1.1", NOV, 100)
    cerrar_mes(plan=mes_chico.plan, mes=NOV, usuario=mes_chico.coordinador)
    client.force_login(mes_chico.coordinador)
    respuesta = client.get(f"/planes/{mes_chico.plan.pk}/tablero/?mes=2020-11")
    pagina = respuesta.content.decode()
    tablero = respuesta.context["tablero"]
    assert tablero.corte == NOV and tablero.corte_cerrado
    assert pagina.count('role="img"') == 2 and pagina.count("<title id=") == 2 and pagina.count("<desc id=") == 2
    assert "Datos del gráfico: avance por componente" in pagina and "Datos de la curva S" in pagina
    assert f"{tablero.cifras.ejecutado} %".replace(".", ",") in pagina
    assert "Noviembre 2020 está <strong>cerrado</strong>" in pagina


def test_sin_mes_usa_el_ultimo_mes_empezado(client, mes_chico):
    client.force_login(mes_chico.coordinador)
    assert client.get(f"/planes/{mes_chico.plan.pk}/tablero/").context["tablero"].corte == date(2021, 3, 1)  # plan ya terminado


@pytest.mark.parametrize("usuario", ["sdlgat", "drtpelm", "ogrh"])
def test_una_unidad_ve_el_tablero_de_sus_filas_no_el_del_plan(client, mes_chico, usuario):
    """Issue 23: antes 403; ahora el tablero de su unidad (sus filas, su curva S), nunca el del plan."""
    client.force_login(getattr(mes_chico, usuario))
    respuesta = client.get(f"/planes/{mes_chico.plan.pk}/tablero/")
    assert respuesta.status_code == 200
    pagina = respuesta.content.decode()
    assert "Tablero de seguimiento" not in pagina and "Avance por componente" not in pagina
    siglas = getattr(mes_chico, usuario).responsables.values_list("sigla", flat=True)
    assert respuesta.context["tablero"] is None or respuesta.context["tablero"].siglas == frozenset(siglas)


@pytest.mark.parametrize("tamano", [dict(), dict(actividades=10, subactividades=10)])
def test_consultas_constantes(client, settings, django_assert_max_num_queries, tamano):
    """La misma cota para 70 filas hoja que para 700 (crear_plan_sintetico)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    plan = crear_plan_sintetico(**tamano)
    client.force_login(crear_usuario(unidades=("OGPP",)))
    # +1: el selector de planes (issue 13); +1: las versiones del plan (issue 12); +1: observados abiertos (issue 23)
    with django_assert_max_num_queries(15):
        respuesta = client.get(f"/planes/{plan.pk}/tablero/?mes=2020-12")
    assert respuesta.status_code == 200
    assert respuesta.context["tablero"].cifras == avance_del_plan(plan, corte=DIC).plan


def test_consultas_constantes_con_el_anexo(client, anexo2, settings, django_assert_max_num_queries):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    client.force_login(crear_usuario(unidades=("OGPP",)))
    with django_assert_max_num_queries(15):  # +1: selector de planes (13); +1: versiones (12); +1: observados (23)
        assert client.get(f"/planes/{anexo2.pk}/tablero/?mes=2020-12").status_code == 200
