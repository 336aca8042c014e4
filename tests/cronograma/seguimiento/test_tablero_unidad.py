"""El tablero de una unidad (issue 23): sus filas, su curva S, sus compromisos y sus observados."""

from datetime import date

import pytest

from componentes.catalogo import Catalogo
from componentes.models import Responsable
from cronograma.avance import Seguimiento, VENCIDA
from cronograma.seguimiento import compromisos, observaciones
from cronograma.seguimiento.direcciones import url_del_plan
from tests.factories import crear_plan_sintetico, crear_usuario

pytestmark = pytest.mark.django_db


def test_la_unidad_ve_lo_suyo(client, mundo):
    compromisos.crear_compromiso(reporte=mundo.reporte, texto="Capacitar a los conciliadores",
                                 responsables=Responsable.objects.filter(sigla="SDLGAT"), mes_limite=date(2021, 6, 1),
                                 usuario=mundo.coordinacion)
    compromisos.crear_compromiso(reporte=mundo.reporte, texto="Compromiso ajeno",
                                 responsables=Responsable.objects.filter(sigla="DRTPELM"), mes_limite=date(2021, 6, 1),
                                 usuario=mundo.coordinacion)
    observaciones.observar(avance=mundo.avance, motivo="Falta el acta", usuario=mundo.coordinacion)
    client.force_login(mundo.sdlgat)
    respuesta = client.get(url_del_plan("tablero", mundo.plan), {"mes": "2020-12"})
    assert respuesta.status_code == 200
    tablero = respuesta.context["tablero"]
    assert tablero.siglas == frozenset({"SDLGAT"}) and tablero.total_filas == 1
    # 1.1.1: programada Oct–Nov, 90 % a diciembre: vencida; la curva es la de esa fila.
    assert [f.cifras.estado for f in tablero.atrasadas] == [VENCIDA]
    seguimiento = Seguimiento(mundo.plan)
    fila = seguimiento.al_corte(date(2020, 12, 1)).por_hoja[Catalogo(mundo.plan).hojas_por_codigo["1.1.1"].clave]
    assert (tablero.cifras.ejecutado, tablero.cifras.programado) == (fila.ejecutado, fila.programado)
    pagina = respuesta.content.decode()
    assert "Capacitar a los conciliadores" in pagina and "Compromiso ajeno" not in pagina
    assert "Registros observados abiertos (1)" in pagina and "Curva S de SDLGAT" in pagina


@pytest.mark.parametrize("tamano", [dict(), dict(actividades=10, subactividades=10)])
def test_consultas_constantes(client, django_assert_max_num_queries, tamano):
    plan = crear_plan_sintetico(**tamano)
    client.force_login(crear_usuario(unidades=("SDLGAT",)))
    # 70 o 700 filas, las mismas: sesión, usuario y perfil, plan, catálogo (4), versiones y meses, avances,
    # observados, compromisos, selector de planes.
    with django_assert_max_num_queries(16):
        assert client.get(url_del_plan("tablero", plan, consulta="mes=2020-12")).status_code == 200
