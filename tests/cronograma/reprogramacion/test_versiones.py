"""Versiones del plan: reprogramar mira hacia adelante y nunca cambia una cifra ya medida."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from componentes.models import Subactividad
from cronograma.avance import Seguimiento
from cronograma.mensual.cierres import cerrar_mes
from cronograma.models import MesProgramado, VersionPlan
from cronograma.reprogramacion.diferencias import diferencia_del_borrador, diferencia_entre_versiones
from cronograma.reprogramacion.versiones import (
    aprobar_version, crear_borrador, descartar_borrador, guardar_borrador, version_en_curso,
)
from tests.factories import (
    crear_actividad, crear_componente, crear_plan, crear_subactividad, crear_usuario, programar, registrar,
)

OCT, NOV, DIC, ENE, FEB, MAR = (date(2020, 10, 1), date(2020, 11, 1), date(2020, 12, 1),
                                date(2021, 1, 1), date(2021, 2, 1), date(2021, 3, 1))
ABR, MAY, JUN = date(2021, 4, 1), date(2021, 5, 1), date(2021, 6, 1)

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    plan = crear_plan()
    componente = crear_componente(plan, 1)
    actividad = crear_actividad(componente, 2, unidades=("SDLGAT",))
    crear_subactividad(actividad, 1, unidades=("SDLGAT",))
    crear_subactividad(actividad, 2, unidades=("SDLGAT",))
    crear_actividad(componente, 3, unidades=("OGPP",))
    programar(plan, "1.2.1", OCT)
    programar(plan, "1.2.2", NOV)
    programar(plan, "1.3", DIC, ENE)
    return plan


@pytest.fixture
def ogpp():
    return crear_usuario("coordinadora", unidades=("OGPP",))


def _cifras(plan):
    """Todas las cifras de todas las filas que se muestran a todo corte del plan (las filas de otra
    versión, `fuera`, no se muestran ni cuentan a ese corte)."""
    seguimiento = Seguimiento(plan)
    resultados = {mes: seguimiento.al_corte(mes) for mes in plan.meses()}
    return {mes: (r.plan,
                  {k: v for k, v in r.por_componente.items() if any(
                      h.componente.id == k and h.clave not in r.fuera for h in r.catalogo.hojas)},
                  {k: v for k, v in r.por_actividad.items() if any(
                      h.actividad.id == k and h.clave not in r.fuera for h in r.catalogo.hojas)},
                  {k: v for k, v in r.por_hoja.items() if k not in r.fuera})
            for mes, r in resultados.items()}


def test_la_programacion_cargada_es_la_version_del_documento(plan):
    version = version_en_curso(plan)
    assert (version.numero, version.fecha_texto, version.vigente_desde) == (2, "Nov-20", OCT)
    assert MesProgramado.objects.filter(version=version).count() == 4


def test_agregar_febrero_a_1_2_2_no_cambia_el_programado_de_diciembre(plan, ogpp):
    """El caso del issue: antes, agregar Febrero bajaba el programado de Diciembre de 100 % a 50 %."""
    antes = _cifras(plan)
    borrador = crear_borrador(plan=plan, usuario=ogpp)
    guardar_borrador(version=borrador, usuario=ogpp, meses={"1.2.2": ["2020-11", "2021-02"]})
    aprobar_version(version=borrador, motivo="Se postergó el taller.", vigente_desde=ENE, usuario=ogpp)
    despues = _cifras(plan)
    clave = next(k for k in despues[DIC][3] if k.subactividad_id and
                 Subactividad.objects.get(pk=k.subactividad_id).numero == 2)
    assert despues[DIC][3][clave].programado == D("100.0")
    assert despues[ENE][3][clave].programado == D("50.0")
    assert {m: antes[m] for m in (OCT, NOV, DIC)} == {m: despues[m] for m in (OCT, NOV, DIC)}
    borrador.refresh_from_db()
    assert (borrador.numero, borrador.estado, borrador.aprobada_por) == (3, VersionPlan.Estado.APROBADA, ogpp)
    assert borrador.history.first().history_user == ogpp


def test_filas_nuevas_retiradas_renombradas_y_periodo_extendido(plan, ogpp):
    antes = _cifras(plan)
    borrador = crear_borrador(plan=plan, usuario=ogpp)
    guardar_borrador(version=borrador, usuario=ogpp, mes_fin="2021-06")
    guardar_borrador(version=borrador, usuario=ogpp, nombres={"1.2.1": "Taller reprogramado"},
                     unidades={"1.2.1": ["OGPP", "SDLGAT"]}, retiradas=["1.3"],
                     nueva={"codigo": "1.2.3", "nombre": "Encuesta nueva", "unidades": ["SDLGAT"],
                            "meses": ["2021-05", "2021-06"]})
    diferencia = diferencia_del_borrador(borrador)
    por_codigo = {f.codigo: f for f in diferencia.filas}
    assert por_codigo["1.2.3"].agregada and por_codigo["1.2.3"].meses_mas == [MAY, JUN]
    assert por_codigo["1.3"].retirada
    assert por_codigo["1.2.1"].renombrada and por_codigo["1.2.1"].cambia_unidades
    assert diferencia.unidades_afectadas == ["OGPP", "SDLGAT"]
    assert (diferencia.mes_fin_antes, diferencia.mes_fin_despues) == (MAR, JUN)
    assert [p.mes for p in diferencia.programado][-1] == JUN
    aprobar_version(version=borrador, motivo="Ampliación del plan.", vigente_desde=FEB, usuario=ogpp)
    plan.refresh_from_db()
    assert plan.mes_fin == JUN
    despues = _cifras(plan)
    assert {m: antes[m] for m in (OCT, NOV, DIC, ENE)} == {m: despues[m] for m in (OCT, NOV, DIC, ENE)}
    seguimiento = Seguimiento(plan)
    codigos_feb = {h.codigo for h in seguimiento.catalogo.hojas if h.clave not in seguimiento.al_corte(FEB).fuera}
    codigos_ene = {h.codigo for h in seguimiento.catalogo.hojas if h.clave not in seguimiento.al_corte(ENE).fuera}
    assert codigos_feb == {"1.2.1", "1.2.2", "1.2.3"} and codigos_ene == {"1.2.1", "1.2.2", "1.3"}
    assert Subactividad.objects.get(nombre="Taller reprogramado").history.first().history_user == ogpp


def test_comparar_dos_versiones_aprobadas(plan, ogpp):
    borrador = crear_borrador(plan=plan, usuario=ogpp)
    guardar_borrador(version=borrador, usuario=ogpp, meses={"1.3": ["2021-01", "2021-03"]},
                     nombres={"1.3": "Otro nombre"})
    aprobar_version(version=borrador, motivo="Cambio.", vigente_desde=FEB, usuario=ogpp)
    diferencia = diferencia_entre_versiones(Seguimiento(plan), 2, 3)
    (fila,) = diferencia.filas
    assert (fila.codigo, fila.meses_mas, fila.meses_menos, fila.nombre_antes, fila.nombre) == (
        "1.3", [MAR], [DIC], "Actividad 1.3", "Otro nombre")


def test_la_linea_base_es_la_primera_version(plan, ogpp):
    borrador = crear_borrador(plan=plan, usuario=ogpp)
    guardar_borrador(version=borrador, usuario=ogpp, meses={"1.3": ["2021-03"]})
    aprobar_version(version=borrador, motivo="Cambio.", vigente_desde=ENE, usuario=ogpp)
    seguimiento = Seguimiento(plan)
    assert seguimiento.linea_base.version.numero == 2
    assert seguimiento.linea_base_al(FEB).plan.programado > seguimiento.al_corte(FEB).plan.programado


def test_descartar_borra_el_borrador_y_deja_historia(plan, ogpp):
    borrador = crear_borrador(plan=plan, usuario=ogpp)
    descartar_borrador(version=borrador, usuario=ogpp)
    assert not VersionPlan.objects.filter(estado=VersionPlan.Estado.BORRADOR).exists()
    assert VersionPlan.history.filter(history_type="-").get().history_user == ogpp


# --- Entradas malas: cada una rechazada con su mensaje, y nada cambia ---------------------------

def _foto(plan):
    return (list(VersionPlan.objects.values_list("numero", "estado", "vigente_desde", "motivo").order_by("numero")),
            MesProgramado.objects.count(), _cifras(plan))


@pytest.mark.parametrize(("motivo", "vigente_desde", "mensaje"), [
    ("  ", FEB, "Escriba el sustento"),
    ("Cambio.", date(2021, 4, 1), "está fuera del plan"),
    ("Cambio.", date(2020, 9, 1), "está fuera del plan"),
    ("Cambio.", DIC, "está cerrado"),
    ("Cambio.", NOV, "anterior al primer mes abierto"),  # reabierto para corregirlo, pero Diciembre ya se cerró
])
def test_aprobar_con_datos_malos_se_rechaza_sin_cambiar_nada(plan, ogpp, motivo, vigente_desde, mensaje):
    borrador = crear_borrador(plan=plan, usuario=ogpp)
    guardar_borrador(version=borrador, usuario=ogpp, meses={"1.3": ["2021-03"]})
    cerrar_mes(plan=plan, mes=OCT, usuario=ogpp)
    cerrar_mes(plan=plan, mes=DIC, usuario=ogpp)
    antes = _foto(plan)
    with pytest.raises(ValidationError, match=mensaje):
        aprobar_version(version=borrador, motivo=motivo, vigente_desde=vigente_desde, usuario=ogpp)
    assert _foto(plan) == antes


def test_no_puede_regir_antes_que_la_ultima_version(plan, ogpp):
    primero = crear_borrador(plan=plan, usuario=ogpp)
    aprobar_version(version=primero, motivo="Uno.", vigente_desde=FEB, usuario=ogpp)
    segundo = crear_borrador(plan=plan, usuario=ogpp)
    with pytest.raises(ValidationError, match="anterior a la versión 3"):
        aprobar_version(version=segundo, motivo="Dos.", vigente_desde=ENE, usuario=ogpp)


def test_un_segundo_borrador_se_rechaza(plan, ogpp):
    crear_borrador(plan=plan, usuario=ogpp)
    with pytest.raises(ValidationError, match="Ya hay un borrador abierto"):
        crear_borrador(plan=plan, usuario=ogpp)
    assert VersionPlan.objects.filter(estado=VersionPlan.Estado.BORRADOR).count() == 1


def test_una_fila_con_avance_no_se_retira(plan, ogpp):
    registrar(plan, "1.2.1", OCT, 40)
    borrador = crear_borrador(plan=plan, usuario=ogpp)
    with pytest.raises(ValidationError, match="No se puede retirar 1.2.1: tiene avance registrado"):
        guardar_borrador(version=borrador, usuario=ogpp, retiradas=["1.2.1"])
    borrador.refresh_from_db()
    assert borrador.cambios["retiradas"] == []


@pytest.mark.parametrize(("cambio", "mensaje"), [
    ({"meses": {"1.2.1": ["2021-07"]}}, "Fila 1.2.1: Julio 2021 está fuera del plan"),
    ({"meses": {"9.9": ["2021-01"]}}, "no tiene una fila hoja 9.9"),
    ({"nombres": {"1.2.1": "   "}}, "no puede quedar vacío"),
    ({"unidades": {"1.2.1": ["XYZ"]}}, "unidad desconocida XYZ"),
    ({"mes_fin": "2021-02"}, "solo se puede extender"),
    ({"nueva": {"codigo": "1.3.1", "nombre": "x", "unidades": [], "meses": []}}, "es una fila hoja"),
    ({"nueva": {"codigo": "1.2.1", "nombre": "x", "unidades": [], "meses": []}}, "ya existe"),
    ({"nueva": {"codigo": "4.1", "nombre": "x", "unidades": [], "meses": []}}, "no tiene la fila 4"),
    ({"nueva": {"codigo": "1.x", "nombre": "x", "unidades": [], "meses": []}}, "no es un código"),
])
def test_cambios_malos_en_el_borrador_se_rechazan(plan, ogpp, cambio, mensaje):
    borrador = crear_borrador(plan=plan, usuario=ogpp)
    antes = dict(borrador.cambios)
    with pytest.raises(ValidationError, match=mensaje):
        guardar_borrador(version=borrador, usuario=ogpp, **cambio)
    borrador.refresh_from_db()
    assert borrador.cambios == antes


def test_solo_la_coordinacion_reprograma(plan, ogpp):
    personal = crear_usuario("personal", unidades=("SDLGAT",))
    with pytest.raises(PermissionDenied):
        crear_borrador(plan=plan, usuario=personal)
    borrador = crear_borrador(plan=plan, usuario=ogpp)
    for intento in (lambda: guardar_borrador(version=borrador, usuario=personal, meses={"1.3": []}),
                    lambda: aprobar_version(version=borrador, motivo="x", vigente_desde=FEB, usuario=personal),
                    lambda: descartar_borrador(version=borrador, usuario=personal)):
        with pytest.raises(PermissionDenied):
            intento()
    borrador.refresh_from_db()
    assert borrador.estado == VersionPlan.Estado.BORRADOR and borrador.cambios["meses"]["1.3"] == ["2020-12", "2021-01"]


def test_pendientes_y_la_hoja_del_mes_solo_muestran_las_filas_de_la_version_al_corte(plan, ogpp):
    from cronograma.mensual.pendientes import filas_pendientes
    from cronograma.mensual.hoja import armar_hoja_del_mes
    from cronograma.permisos import perfil_de

    borrador = crear_borrador(plan=plan, usuario=ogpp)
    guardar_borrador(version=borrador, usuario=ogpp, retiradas=["1.3"],
                     nueva={"codigo": "1.2.3", "nombre": "Nueva", "unidades": ["SDLGAT"], "meses": ["2021-02"]})
    aprobar_version(version=borrador, motivo="Cambio.", vigente_desde=FEB, usuario=ogpp)
    seguimiento = Seguimiento(plan)
    for corte, esperadas, ausente in ((ENE, "1.3", "1.2.3"), (MAR, "1.2.3", "1.3")):
        resultado = seguimiento.al_corte(corte)
        pendientes = {f.hoja.codigo for f in filas_pendientes(resultado)}
        propias = {f.hoja.codigo for f in armar_hoja_del_mes(resultado, perfil_de(ogpp)).filas}
        assert esperadas in pendientes and ausente not in pendientes
        assert esperadas in propias and ausente not in propias
