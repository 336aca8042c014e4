"""Los códigos derivan de los números: un prefijo equivocado se rechaza."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from tablib import Dataset

from componentes.codigos import descomponer, numero_bajo
from componentes.models import Subactividad
from componentes.recursos import ActividadResource, SubactividadResource
from tests.factories import crear_actividad, crear_componente, crear_plan, crear_subactividad


def test_descomponer_codigo():
    assert descomponer("3.10.2") == (3, 10, 2)
    for malo in ["", "3..1", "a.1", "3.0", "1.2.3.4"]:
        with pytest.raises(ValidationError):
            descomponer(malo)


def test_subactividad_que_no_extiende_a_su_actividad_se_rechaza():
    assert numero_bajo("1.1.3", padre="1.1", nivel="subactividad") == 3
    with pytest.raises(ValidationError, match="no corresponde a «1.1»"):
        numero_bajo("2.1.1", padre="1.1", nivel="subactividad")
    with pytest.raises(ValidationError):
        numero_bajo("1.1", padre="1.1", nivel="subactividad")


@pytest.mark.django_db
def test_numero_repetido_en_la_misma_actividad_lo_impide_la_base():
    actividad = crear_actividad(crear_componente(crear_plan(), 1), 1)
    crear_subactividad(actividad, 1)
    with pytest.raises(IntegrityError):
        Subactividad.objects.create(actividad=actividad, numero=1, nombre="repetida")


@pytest.mark.django_db
def test_importar_subactividad_con_codigo_ajeno_a_su_actividad_no_guarda_nada():
    plan = crear_plan()
    actividad = crear_actividad(crear_componente(plan, 1), 1, unidades=("SDLGAT",))
    crear_actividad(crear_componente(plan, 2), 1)
    datos = Dataset(headers=["codigo", "actividad", "nombre", "responsables", "peso"])
    datos.append(["1.1.1", "1.1", "Válida", "SDLGAT", "1"])
    datos.append(["2.1.1", "1.1", "Prefijo equivocado", "SDLGAT", "1"])
    resultado = SubactividadResource(plan=plan).import_data(datos, rollback_on_validation_errors=True)
    assert resultado.has_validation_errors()
    mensajes = " ".join(m for fila in resultado.invalid_rows for m in fila.error_dict.get("codigo", []))
    assert "no corresponde a «1.1»" in mensajes
    assert not Subactividad.objects.filter(actividad=actividad).exists()


@pytest.mark.django_db
def test_importar_sigla_desconocida_es_un_error_que_la_nombra():
    plan = crear_plan()
    crear_componente(plan, 1)
    datos = Dataset(headers=["codigo", "nombre", "responsables", "peso"])
    datos.append(["1.1", "Nueva", "SDLGAT / XYZ", "1"])
    crear_actividad(crear_componente(plan, 9), 1, unidades=("SDLGAT",))
    resultado = ActividadResource(plan=plan).import_data(datos, rollback_on_validation_errors=True)
    assert resultado.has_validation_errors()
    assert "XYZ" in str(resultado.invalid_rows[0].error_dict)
    assert not plan.componentes.get(numero=1).actividades.exists()


@pytest.mark.django_db
def test_exportar_e_importar_actividades_por_codigo_no_cambia_nada():
    plan = crear_plan()
    crear_actividad(crear_componente(plan, 3), 10, unidades=("OGPP", "SG"), nombre="Décima")
    exportado = ActividadResource(plan=plan).export()
    assert exportado.dict[0]["codigo"] == "3.10"
    assert exportado.dict[0]["responsables"] == "OGPP / SG"
    resultado = ActividadResource(plan=plan).import_data(exportado, dry_run=False)
    assert not resultado.has_errors() and not resultado.has_validation_errors()
    assert resultado.totals["update"] == 0 and resultado.totals["new"] == 0
