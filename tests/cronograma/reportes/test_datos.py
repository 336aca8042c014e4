"""Los datos del reporte semestral: cifras de avance.py al corte, y la foto que se congela al aprobar."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from componentes.meses import meses_entre
from cronograma.reportes import datos as reportes
from cronograma.avance import RETRASADA, VENCIDA, avance_del_plan
from cronograma.models import Reporte
from tests.cronograma.reportes.escenario import DIC, NOV, OCT, armar_escenario, borrador
from tests.factories import crear_plan, registrar

pytestmark = pytest.mark.django_db


def test_las_cifras_son_las_de_avance_py_al_corte():
    """Plan, componentes y actividades del reporte coinciden con avance_del_plan al mes de corte."""
    escenario = armar_escenario()
    cifras = reportes.generar(escenario.plan, desde=OCT, hasta=DIC)
    esperado = avance_del_plan(escenario.plan, corte=DIC)
    assert cifras.plan == esperado.plan
    assert cifras.plan.ejecutado == Decimal("45.0") and cifras.plan.programado == Decimal("83.3")
    for componente in esperado.catalogo.componentes:
        del_reporte = next(c for c in cifras.componentes if c.id == componente.id)
        assert del_reporte.cifras == esperado.por_componente[componente.id]
        for actividad in componente.actividades.all():
            fila = next(a for a in del_reporte.actividades if a.codigo == actividad.codigo)
            assert fila.cifras == esperado.por_actividad[actividad.id]


def test_con_el_anexo_real_las_cifras_coinciden_con_avance_py(anexo2):
    registrar(anexo2, "1.1.1", OCT, 40)
    registrar(anexo2, "7.1", NOV, 75)
    cifras = reportes.generar(anexo2, desde=OCT, hasta=date(2021, 3, 1))
    esperado = avance_del_plan(anexo2, corte=date(2021, 3, 1))
    assert cifras.plan == esperado.plan
    assert [c.cifras for c in cifras.componentes] == [esperado.por_componente[c.id] for c in esperado.catalogo.componentes]
    assert sum(len(c.actividades) for c in cifras.componentes) == sum(
        1 for _ in esperado.catalogo.actividades()
    )


def test_la_curva_s_da_programado_y_ejecutado_del_plan_a_cada_mes_hasta_el_corte():
    escenario = armar_escenario()
    curva = reportes.generar(escenario.plan, desde=NOV, hasta=DIC).curva
    assert [p.mes for p in curva] == meses_entre(OCT, DIC)  # desde el inicio del plan, no del periodo
    for punto in curva:
        plan = avance_del_plan(escenario.plan, corte=punto.mes).plan
        assert (punto.programado, punto.ejecutado) == (plan.programado, plan.ejecutado)


def test_el_libro_de_avances_se_lee_solo_hasta_el_corte():
    """Un avance (y su comentario) de un mes posterior al corte no entra en el reporte."""
    escenario = armar_escenario()
    registrar(escenario.plan, "2.1", date(2021, 1, 1), 35, "Comentario de enero")
    cifras = reportes.generar(escenario.plan, desde=OCT, hasta=DIC)
    retrasada = next(r for r in cifras.retrasadas if r.fila.codigo == "2.1")
    assert retrasada.fila.cifras.ejecutado == Decimal("30.0")
    assert retrasada.comentario == "Inicio tardío" and retrasada.mes_comentario == NOV


def test_las_retrasadas_son_las_filas_hoja_atrasadas_con_sus_unidades_y_ultimo_comentario():
    escenario = armar_escenario()
    cifras = reportes.generar(escenario.plan, desde=OCT, hasta=DIC)
    assert [(r.fila.codigo, r.fila.siglas, r.comentario) for r in cifras.retrasadas] == [
        ("1.1.2", "EQUIPO DE TRABAJO", "Falta presupuesto para el taller"),
        ("2.1", "OGPP", "Inicio tardío"),
    ]
    assert all(r.fila.cifras.estado in (RETRASADA, VENCIDA) for r in cifras.retrasadas)  # vencidas: issue 23


def test_la_foto_es_json_y_devuelve_exactamente_las_mismas_cifras():
    escenario = armar_escenario()
    cifras = reportes.generar(escenario.plan, desde=OCT, hasta=DIC)
    foto = json.loads(json.dumps(reportes.congelar(cifras)))
    assert reportes.descongelar(foto) == cifras


def test_una_foto_de_formato_1_se_sigue_leyendo_igual():
    """Las fotos aprobadas antes de que la curva tuviera un solo tipo de punto guardaban sus cifras enteras."""
    escenario = armar_escenario()
    cifras = reportes.generar(escenario.plan, desde=OCT, hasta=DIC)
    foto = json.loads(json.dumps(reportes.congelar(cifras)))
    foto["formato"] = 1
    foto["curva"] = [{"mes": p["mes"], "cifras": {"programado": p["programado"], "ejecutado": p["ejecutado"],
                                                  "estado": "En ejecución", "semaforo": "verde"}} for p in foto["curva"]]
    assert reportes.descongelar(foto) == cifras


def test_una_foto_de_formato_desconocido_se_rechaza():
    with pytest.raises(ValueError, match="formato desconocido"):
        reportes.descongelar({"formato": 99})


def test_un_borrador_muestra_cifras_vivas_y_un_aprobado_su_foto():
    escenario = armar_escenario()
    reporte = borrador(escenario)
    antes = reportes.datos_del_reporte(reporte).cifras
    registrar(escenario.plan, "1.1.2", NOV, 90)
    despues = reportes.datos_del_reporte(reporte).cifras
    assert despues != antes
    assert despues == reportes.generar(escenario.plan, desde=OCT, hasta=DIC)
    reporte.estado = Reporte.Estado.APROBADO
    reporte.cifras = {"formato": 1, "identificacion": {}}  # una foto inválida prueba que no se lee la base
    with pytest.raises(KeyError):
        reportes.datos_del_reporte(reporte)


def test_un_reporte_sin_guardar_tiene_textos_en_blanco():
    escenario = armar_escenario()
    datos = reportes.datos_del_reporte(Reporte(plan=escenario.plan, desde=OCT, hasta=DIC))
    assert [s.textos for s in datos.secciones] == [reportes.TextosComponente()] * 2


@pytest.mark.parametrize(
    ("inicio", "fin", "esperado"),
    [
        (date(2020, 10, 1), date(2021, 3, 1), (date(2020, 10, 1), date(2021, 3, 1))),
        (date(2020, 1, 1), date(2020, 12, 1), (date(2020, 7, 1), date(2020, 12, 1))),
        (date(2020, 10, 1), date(2020, 12, 1), (date(2020, 10, 1), date(2020, 12, 1))),
    ],
)
def test_el_periodo_por_defecto_son_los_ultimos_seis_meses_del_plan(inicio, fin, esperado):
    assert reportes.periodo_por_defecto(crear_plan(mes_inicio=inicio, mes_fin=fin)) == esperado


@pytest.mark.parametrize(
    ("desde", "hasta", "campo"),
    [
        (date(2020, 12, 1), date(2020, 11, 1), "hasta"),
        (date(2020, 9, 1), date(2020, 12, 1), "desde"),
        (date(2020, 10, 1), date(2021, 4, 1), "hasta"),
    ],
)
def test_el_periodo_debe_estar_ordenado_y_dentro_del_plan(desde, hasta, campo):
    plan = crear_plan()
    with pytest.raises(ValidationError) as error:
        reportes.validar_periodo(plan, desde, hasta)
    assert campo in error.value.message_dict


def test_el_corte_no_puede_ser_un_mes_que_aun_no_empieza():
    plan = crear_plan(mes_inicio=date(2020, 1, 1), mes_fin=date(2099, 12, 1))
    with pytest.raises(ValidationError, match="aún no empieza"):
        reportes.validar_periodo(plan, date(2020, 1, 1), date(2099, 12, 1))
