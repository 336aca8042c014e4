"""Respaldo y restauración (`manage.py respaldar` / `restaurar`: dumpdata/loaddata), como dice el README.

Se respalda un plan con programación, avance registrado con registrar_avance (con su historia) y usuarios; se
vacía la base (como una base nueva recién migrada); se restaura, y todo debe ser igual: cada fila del
catálogo, del avance y de la historia, las cifras del plan, y los usuarios pueden volver a entrar.
"""

from datetime import date

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management import CommandError, call_command

from componentes.models import Plan, Responsable
from cronograma.avance import avance_del_plan
from cronograma.models import Avance
from cronograma.registro import registrar_avance
from tests.factories import crear_actividad, crear_componente, crear_plan, crear_subactividad, crear_usuario, hoja, programar

APLICACIONES_COMPARADAS = ("componentes", "cronograma", "auth")


def _armar_plan_con_avance_e_historia() -> Plan:
    plan = crear_plan()
    componente = crear_componente(plan, 1)
    actividad = crear_actividad(componente, 1, unidades=("SDLGAT",))
    crear_subactividad(actividad, 1)
    crear_subactividad(actividad, 2, unidades=("DRTPELM",))
    crear_actividad(componente, 2, unidades=("OGPP",))
    programar(plan, "1.1.1", date(2020, 10, 1), date(2020, 11, 1))
    programar(plan, "1.1.2", date(2020, 11, 1))
    sdlgat = crear_usuario("sdlgat", unidades=("SDLGAT",))
    ogpp = crear_usuario("ogpp", unidades=("OGPP",))
    registrar_avance(hoja=hoja(plan, "1.1.1"), mes=date(2020, 10, 1), porcentaje=30, comentario="Primera entrega", usuario=sdlgat)
    # Una corrección: la historia del avance guarda las dos versiones, con quién las hizo.
    registrar_avance(hoja=hoja(plan, "1.1.1"), mes=date(2020, 10, 1), porcentaje=45, comentario="Corrección", usuario=ogpp)
    registrar_avance(hoja=hoja(plan, "1.2"), mes=date(2020, 11, 1), porcentaje=100, usuario=ogpp)
    return plan


def _contenido_de_la_base() -> dict[str, list[str]]:
    """Cada fila de cada modelo comparado, serializada con claves naturales y ordenada."""
    contenido = {}
    for aplicacion in APLICACIONES_COMPARADAS:
        for modelo in apps.get_app_config(aplicacion).get_models():
            if modelo._meta.label in {"auth.Permission"}:
                continue
            filas = serializers.serialize(
                "python", modelo._default_manager.all(), use_natural_foreign_keys=True, use_natural_primary_keys=True
            )
            contenido[modelo._meta.label] = sorted(repr(sorted(fila.items())) for fila in filas)
    return contenido


def _cifras(plan_id: int):
    resultado = avance_del_plan(Plan.objects.get(pk=plan_id), corte=date(2020, 11, 1))
    return resultado.plan, resultado.por_hoja


@pytest.mark.django_db(transaction=True)
def test_respaldo_con_dumpdata_y_restauracion_en_una_base_vacia(tmp_path, client):
    plan = _armar_plan_con_avance_e_historia()
    antes = _contenido_de_la_base()
    cifras_antes = _cifras(plan.pk)
    assert len(antes["cronograma.HistoricalAvance"]) == 3 and antes["componentes.HistoricalActividad"]

    respaldo = tmp_path / "respaldo.xml"
    call_command("respaldar", str(respaldo))

    # Una base vacía: flush borra todo y, como migrate en una base nueva, recrea tipos de contenido y permisos.
    call_command("flush", interactive=False, verbosity=0)
    assert not Avance.history.exists() and not Responsable.objects.exists() and not get_user_model().objects.exists()

    call_command("restaurar", str(respaldo))

    assert _contenido_de_la_base() == antes
    assert _cifras(plan.pk) == cifras_antes
    ultima = Avance.history.filter(porcentaje=45).get()
    assert ultima.history_user.username == "ogpp" and ultima.prev_record.porcentaje == 30
    assert client.login(username="sdlgat", password="clave-de-prueba-1")
    # Las secuencias de id siguen tras lo restaurado (en PostgreSQL, loaddata las reajusta): se puede seguir.
    sdlgat = get_user_model().objects.get(username="sdlgat")
    registrar_avance(hoja=hoja(plan, "1.1.1"), mes=date(2020, 11, 1), porcentaje=100, usuario=sdlgat)
    assert Avance.history.count() == 4


@pytest.mark.django_db
def test_restaurar_se_niega_sobre_una_base_con_datos(tmp_path):
    _armar_plan_con_avance_e_historia()
    respaldo = tmp_path / "respaldo.xml"
    call_command("respaldar", str(respaldo))
    antes = _contenido_de_la_base()
    with pytest.raises(CommandError, match="La base ya tiene datos"):
        call_command("restaurar", str(respaldo))
    assert _contenido_de_la_base() == antes
