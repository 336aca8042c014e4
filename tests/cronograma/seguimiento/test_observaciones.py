"""Observar un avance, responder o corregir, dar conforme: el hilo en la fila, con quién y cuándo."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cronograma.mensual.cierres import cerrar_mes
from cronograma.registro import registrar_avance
from cronograma.seguimiento import observaciones
from cronograma.seguimiento.direcciones import url_del_plan
from cronograma.seguimiento.models import MensajeRevision, Revision
from tests.factories import hoja

from .escenario import NOV

pytestmark = pytest.mark.django_db


def _estado(avance):
    revision = Revision.objects.filter(avance=avance).first()
    return (revision.estado if revision else None, MensajeRevision.objects.filter(revision__avance=avance).count())


def test_el_ciclo_observar_responder_corregir_conforme(mundo):
    observaciones.observar(avance=mundo.avance, motivo="¿Por qué 90 % si no hay acta?", usuario=mundo.coordinacion)
    assert _estado(mundo.avance) == ("observado", 1)
    observaciones.responder(avance=mundo.avance, texto="El acta se firma el lunes.", usuario=mundo.sdlgat)
    assert _estado(mundo.avance) == ("respondido", 2)
    # Corregir el valor con las reglas de siempre también responde, y entra al hilo.
    observaciones.observar(avance=mundo.avance, motivo="Sin acta no hay 90 %", usuario=mundo.coordinacion)
    registrar_avance(hoja=hoja(mundo.plan, "1.1.1"), mes=NOV, porcentaje="60", comentario="Corregido: sin acta aún",
                     usuario=mundo.sdlgat, version_base=1)
    assert _estado(mundo.avance) == ("respondido", 4)
    ultimo = MensajeRevision.objects.order_by("-id").first()
    assert ultimo.tipo == "correccion" and "90,0 % a 60,0 %" in ultimo.texto and ultimo.autor == mundo.sdlgat
    observaciones.marcar_conforme(avance=mundo.avance, usuario=mundo.coordinacion)
    assert _estado(mundo.avance) == ("conforme", 5)
    assert observaciones.contar_abiertas(mundo.plan) == 0
    hilo = observaciones.hilos_de([mundo.avance])[mundo.avance.pk]
    assert [(m.tipo, m.autor.username) for m in hilo.mensajes] == [
        ("observacion", "coordinacion"), ("respuesta", "ana_sdlgat"), ("observacion", "coordinacion"),
        ("correccion", "ana_sdlgat"), ("conforme", "coordinacion")]


@pytest.mark.parametrize("quien", ["sdlgat", "drtpelm", "revisor"])
def test_solo_la_coordinacion_observa(mundo, quien):
    with pytest.raises(PermissionDenied):
        observaciones.observar(avance=mundo.avance, motivo="yo también", usuario=getattr(mundo, quien))
    with pytest.raises(PermissionDenied):
        observaciones.marcar_conforme(avance=mundo.avance, usuario=getattr(mundo, quien))
    assert _estado(mundo.avance) == (None, 0)


@pytest.mark.parametrize("quien", ["drtpelm", "revisor"])
def test_una_unidad_responde_solo_por_sus_filas(mundo, quien):
    observaciones.observar(avance=mundo.avance, motivo="Falta el acta", usuario=mundo.coordinacion)
    with pytest.raises(PermissionDenied):
        observaciones.responder(avance=mundo.avance, texto="No es mía", usuario=getattr(mundo, quien))
    assert _estado(mundo.avance) == ("observado", 1)


def test_un_mes_cerrado_o_un_plan_archivado_no_se_observan(mundo):
    cerrar_mes(plan=mundo.plan, mes=NOV, usuario=mundo.coordinacion)
    with pytest.raises(ValidationError, match="cerrado"):
        observaciones.observar(avance=mundo.avance, motivo="tarde", usuario=mundo.coordinacion)
    assert _estado(mundo.avance) == (None, 0)


def test_textos_obligatorios_y_acotados(mundo):
    with pytest.raises(ValidationError, match="motivo"):
        observaciones.observar(avance=mundo.avance, motivo="   ", usuario=mundo.coordinacion)
    with pytest.raises(ValidationError, match="1000 caracteres"):
        observaciones.observar(avance=mundo.avance, motivo="x" * 1001, usuario=mundo.coordinacion)
    with pytest.raises(ValidationError, match="no tiene una observación abierta"):
        observaciones.responder(avance=mundo.avance, texto="nadie preguntó", usuario=mundo.sdlgat)
    assert _estado(mundo.avance) == (None, 0)


def test_por_la_pagina_de_la_fila(client, mundo):
    fila = url_del_plan("fila", mundo.plan, codigo="1.1.1", consulta="mes=2020-11")
    revision = url_del_plan("revision_avance", mundo.plan, avance_id=mundo.avance.pk)
    client.force_login(mundo.coordinacion)
    pagina = client.get(fila).content.decode()
    assert "Observar Noviembre 2020" in pagina
    client.post(revision, {"accion": "observar", "texto": "¿Dónde está el acta?"})
    client.force_login(mundo.sdlgat)
    mis = client.get(url_del_plan("mis_actividades", mundo.plan)).content.decode()
    assert "Observados por la coordinación (1)" in mis
    assert mis.index("Observados por la coordinación") < mis.index('id="hoja-del-mes"')  # primero
    pagina = client.get(fila).content.decode()
    assert "¿Dónde está el acta?" in pagina and "Su respuesta a la observación" in pagina
    # La unidad no puede observar por la dirección: 403 y nada cambia.
    assert client.post(revision, {"accion": "observar", "texto": "yo"}).status_code == 403
    client.post(revision, {"accion": "responder", "texto": "Adjunto el acta hoy."})
    assert _estado(mundo.avance) == ("respondido", 2)
    # Otra unidad, por la dirección: 403.
    client.force_login(mundo.drtpelm)
    assert client.post(revision, {"accion": "responder", "texto": "ajeno"}).status_code == 403
    assert _estado(mundo.avance) == ("respondido", 2)
    # Avance de otro plan bajo este plan: 404.
    from tests.factories import crear_plan

    otro = crear_plan(vigente=False)
    assert client.post(url_del_plan("revision_avance", otro, avance_id=mundo.avance.pk),
                       {"accion": "responder", "texto": "x"}).status_code == 404


def test_el_tablero_y_el_reporte_cuentan_las_abiertas(client, mundo):
    from cronograma.reportes.datos import generar

    observaciones.observar(avance=mundo.avance, motivo="Falta el acta", usuario=mundo.coordinacion)
    observaciones.observar(avance=mundo.avance_ajeno, motivo="Falta la lista", usuario=mundo.coordinacion)
    observaciones.marcar_conforme(avance=mundo.avance_ajeno, usuario=mundo.coordinacion)
    assert generar(mundo.plan, desde=date(2020, 10, 1), hasta=date(2020, 12, 1)).observadas_abiertas == 1
    client.force_login(mundo.coordinacion)
    pagina = client.get(url_del_plan("tablero", mundo.plan)).content.decode()
    assert "Registros observados aún abiertos: <strong>1</strong>" in pagina
