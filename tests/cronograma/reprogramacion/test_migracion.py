"""La migración de datos: la programación que ya estaba queda como la versión del documento."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

ANTES = [("cronograma", "0007_grupo_revisores"), ("componentes", "0003_varios_planes")]  # lo último antes de las versiones


@pytest.mark.django_db(transaction=True)
def test_la_programacion_cargada_queda_como_version_2_de_nov_2020():
    executor = MigrationExecutor(connection)
    executor.migrate(ANTES)
    viejas = executor.loader.project_state(ANTES).apps
    Plan = viejas.get_model("componentes", "Plan")
    plan = Plan.objects.create(entidad="MTPE", objetivo="o", servicio="CAL", alcance="Lima", version="2", fecha="Nov-20",
                               mes_inicio=date(2020, 10, 1), mes_fin=date(2021, 3, 1))
    otro = Plan.objects.create(entidad="MTPE", objetivo="o", servicio="Otro", alcance="Lima", version="V1", fecha="sin fecha",
                               mes_inicio=date(2022, 1, 1), mes_fin=date(2022, 6, 1))
    componente = viejas.get_model("componentes", "Componente").objects.create(plan=plan, numero=1, nombre="c")
    actividad = viejas.get_model("componentes", "Actividad").objects.create(componente=componente, numero=2, nombre="a")
    viejas.get_model("cronograma", "MesProgramado").objects.create(actividad=actividad, mes=date(2020, 11, 1))

    executor = MigrationExecutor(connection)
    despues = executor.loader.graph.leaf_nodes()  # todo, también lo que otras ramas agreguen después
    executor.migrate(despues)
    nuevas = executor.loader.project_state(despues).apps
    VersionPlan = nuevas.get_model("cronograma", "VersionPlan")
    version = VersionPlan.objects.get(plan_id=plan.id)
    assert (version.numero, version.fecha, version.vigente_desde, version.mes_fin, version.estado) == (
        2, date(2020, 11, 1), date(2020, 10, 1), date(2021, 3, 1), "aprobada")
    assert list(nuevas.get_model("cronograma", "MesProgramado").objects.values_list("version_id", "mes")) == [
        (version.id, date(2020, 11, 1))]
    sin_numero = VersionPlan.objects.get(plan_id=otro.id)  # versión y fecha que no se entienden
    assert (sin_numero.numero, sin_numero.fecha) == (1, date(2022, 1, 1))
