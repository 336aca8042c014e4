"""Las reglas que son datos también viven en la base: se intenta violarlas saltándose la aplicación.

Cada caso escribe directo con el ORM (sin full_clean ni funciones de escritura), como lo haría un
script o una consola: la base debe rechazarlo. Corre igual en SQLite y en PostgreSQL.
"""

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from cronograma.models import Avance, CierreMensual, MesProgramado, Reporte, VersionPlan
from cronograma.versiones import version_en_curso
from tests.factories import crear_actividad, crear_componente, crear_plan, crear_usuario

pytestmark = pytest.mark.django_db

OCT, NOV, DIC = date(2020, 10, 1), date(2020, 11, 1), date(2020, 12, 1)


@pytest.fixture
def plan():
    plan = crear_plan()
    crear_actividad(crear_componente(plan, 1), 1, unidades=("SDLGAT",))
    return plan


def _rechaza(crear) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        crear()


# --- Meses: el primer día ---------------------------------------------------------------------------

def test_un_plan_empieza_y_termina_el_primer_dia_de_un_mes():
    _rechaza(lambda: crear_plan(mes_inicio=date(2020, 10, 2), vigente=False))
    _rechaza(lambda: crear_plan(mes_fin=date(2021, 3, 31), vigente=False))
    assert crear_plan(vigente=False).mes_inicio == OCT  # el primer día sí


@pytest.mark.parametrize("modelo", [MesProgramado, Avance])
def test_los_meses_de_una_fila_son_el_primer_dia(plan, modelo):
    actividad = plan.componentes.get().actividades.get()
    extra = {"porcentaje": 10} if modelo is Avance else {"version": version_en_curso(plan)}
    _rechaza(lambda: modelo.objects.create(actividad=actividad, mes=date(2020, 11, 15), **extra))
    modelo.objects.create(actividad=actividad, mes=NOV, **extra)
    # Tampoco cambiando el mes de una fila que ya existe.
    _rechaza(lambda: modelo.objects.filter(actividad=actividad).update(mes=date(2020, 11, 30)))


def test_una_version_del_plan_usa_el_primer_dia(plan):
    campos = {"plan": plan, "numero": 3, "fecha": NOV, "vigente_desde": NOV, "mes_fin": date(2021, 3, 1)}
    for campo, dia in [("fecha", date(2020, 11, 20)), ("vigente_desde", date(2020, 11, 2)), ("mes_fin", date(2021, 3, 31))]:
        _rechaza(lambda: VersionPlan.objects.create(**{**campos, campo: dia}))
    assert VersionPlan.objects.create(**campos).vigente_desde == NOV


def test_un_cierre_y_un_reporte_usan_el_primer_dia(plan):
    _rechaza(lambda: CierreMensual.objects.create(plan=plan, mes=date(2020, 11, 2)))
    _rechaza(lambda: Reporte.objects.create(plan=plan, desde=date(2020, 10, 5), hasta=DIC))
    _rechaza(lambda: Reporte.objects.create(plan=plan, desde=OCT, hasta=date(2020, 12, 31)))


# --- El estado del reporte concuerda con sus campos ---------------------------------------------------

def _aprobado(plan, **campos) -> dict:
    valores = {"plan": plan, "desde": OCT, "hasta": DIC, "estado": Reporte.Estado.APROBADO, "cifras": {"formato": 2},
               "aprobado_por": crear_usuario(), "aprobado_en": timezone.now(), "fecha_aprobacion": date(2021, 1, 5)}
    return {**valores, **campos}


@pytest.mark.parametrize("falta", ["cifras", "aprobado_por", "aprobado_en", "fecha_aprobacion"])
def test_un_reporte_aprobado_tiene_foto_y_aprobador(plan, falta):
    _rechaza(lambda: Reporte.objects.create(**_aprobado(plan, **{falta: None})))
    Reporte.objects.create(**_aprobado(plan))


@pytest.mark.parametrize("campos", [{"fecha_remision": None, "numero_oficio": "Oficio 1"},
                                    {"fecha_remision": date(2021, 4, 5), "numero_oficio": ""}])
def test_un_reporte_remitido_tiene_fecha_y_oficio(plan, campos):
    _rechaza(lambda: Reporte.objects.create(**_aprobado(plan, estado=Reporte.Estado.REMITIDO, **campos)))
    Reporte.objects.create(**_aprobado(plan, estado=Reporte.Estado.REMITIDO, fecha_remision=date(2021, 4, 5),
                                       numero_oficio="Oficio 1"))


def test_un_reporte_no_se_remite_antes_de_aprobarse(plan):
    _rechaza(lambda: Reporte.objects.create(**_aprobado(
        plan, estado=Reporte.Estado.REMITIDO, fecha_remision=date(2021, 1, 4), numero_oficio="1")))
    Reporte.objects.create(**_aprobado(plan, estado=Reporte.Estado.REMITIDO, fecha_remision=date(2021, 1, 5),
                                       numero_oficio="1"))


def test_un_remitido_tambien_conserva_su_foto(plan):
    _rechaza(lambda: Reporte.objects.create(**_aprobado(
        plan, estado=Reporte.Estado.REMITIDO, fecha_remision=date(2021, 4, 5), numero_oficio="1", cifras=None)))


def test_un_borrador_no_necesita_nada_de_eso(plan):
    Reporte.objects.create(plan=plan, desde=OCT, hasta=DIC)


def test_quien_aprobo_un_reporte_no_se_puede_borrar(plan):
    from django.db.models import ProtectedError

    reporte = Reporte.objects.create(**_aprobado(plan))
    with pytest.raises(ProtectedError):
        reporte.aprobado_por.delete()


# --- Un mes está abierto de una sola manera ------------------------------------------------------------

def test_un_mes_abierto_no_es_una_fila_sin_motivo(plan):
    """Abierto = sin fila de cierre, o reabierto con su motivo; cerrado no lleva motivo."""
    _rechaza(lambda: CierreMensual.objects.create(plan=plan, mes=OCT, cerrado=False))
    _rechaza(lambda: CierreMensual.objects.create(plan=plan, mes=OCT, cerrado=True, motivo="quedó un motivo viejo"))
    CierreMensual.objects.create(plan=plan, mes=OCT, cerrado=True)
    CierreMensual.objects.create(plan=plan, mes=NOV, cerrado=False, motivo="Se corrige 1.1")


def test_las_funciones_de_cierre_cumplen_la_regla(plan):
    from cronograma.mensual.cierres import cerrar_mes, reabrir_mes

    coordinacion = crear_usuario(unidades=("OGPP",))
    cerrar_mes(plan=plan, mes=OCT, usuario=coordinacion)
    reabrir_mes(plan=plan, mes=OCT, usuario=coordinacion, motivo="Corrección")
    cierre = cerrar_mes(plan=plan, mes=OCT, usuario=coordinacion)
    assert (cierre.cerrado, cierre.motivo) == (True, "")
