"""Issue 21: cada transición se comprueba sobre lo que hay en la base, bajo candado, no sobre el objeto
que trae quien escribe.

Dos variantes por transición:
- «rancia» (SQLite y PostgreSQL): quien escribe trae un objeto leído ANTES de la transición (un borrador
  que ya se aprobó, un plan que ya se archivó, un mes que ya se cerró) y la escritura se rechaza sin tocar
  nada. Sin la relectura dentro de la transacción (`ciclo.exigir`, `versiones._borrador_bloqueado`),
  estas pruebas fallan: se comprobó quitando cada relectura.
- «carrera» (solo PostgreSQL): dos hilos con su conexión, el entrelazado forzado como en
  test_carreras.py; la segunda operación espera al candado de la primera y después ve su resultado.
"""

import threading
import time
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from componentes.planes import archivar_plan
from cronograma import ciclo
from cronograma.mensual import cierres
from cronograma.mensual.cierres import cerrar_mes
from cronograma.models import Avance, CierreMensual, MesProgramado, Reporte, VersionPlan
from cronograma.registro import registrar_avance
from cronograma.reportes import flujo
from cronograma.reprogramacion import versiones
from cronograma.reprogramacion.versiones import aprobar_version, crear_borrador, descartar_borrador, guardar_borrador
from tests.cronograma.reportes.escenario import DIC, ENE, NOV, armar_escenario, firmar_y_aprobar
from tests.factories import hoja
from tests.hostiles.test_carreras import ESPERA, Hilo

FEB = date(2021, 2, 1)


def _aprobada_por_otro(escenario, *, vigente_desde=ENE):
    """Un borrador leído por «este» usuario y aprobado por «otro» antes de que este escriba."""
    borrador = crear_borrador(plan=escenario.plan, usuario=escenario.coordinador)
    guardar_borrador(version=borrador, usuario=escenario.coordinador, meses={"1.1.2": ["2020-12", "2021-02"]})
    rancio = VersionPlan.objects.get(pk=borrador.pk)  # lo que tiene abierto este usuario
    aprobar_version(version=borrador, motivo="Lo aprobó otro.", vigente_desde=vigente_desde, usuario=escenario.coordinador)
    assert rancio.estado == VersionPlan.Estado.BORRADOR  # el objeto no se enteró
    return rancio


def _foto_de_versiones(plan):
    return (list(VersionPlan.objects.filter(plan=plan).order_by("numero").values_list("numero", "estado", "cambios")),
            sorted(MesProgramado.objects.filter(version__plan=plan).values_list("version__numero", "actividad_id",
                                                                                 "subactividad_id", "mes")))


# --- Rancias: SQLite y PostgreSQL ------------------------------------------------------------------

@pytest.mark.django_db
def test_guardar_un_borrador_ya_aprobado_no_pisa_la_version_aprobada():
    escenario = armar_escenario()
    rancio = _aprobada_por_otro(escenario)
    antes = _foto_de_versiones(escenario.plan)
    with pytest.raises(ValidationError, match="ya está aprobada"):
        guardar_borrador(version=rancio, usuario=escenario.coordinador, meses={"1.1.2": ["2020-10"]})
    assert _foto_de_versiones(escenario.plan) == antes


@pytest.mark.django_db
def test_descartar_un_borrador_ya_aprobado_no_borra_la_version_aprobada():
    escenario = armar_escenario()
    rancio = _aprobada_por_otro(escenario)
    antes = _foto_de_versiones(escenario.plan)
    with pytest.raises(ValidationError, match="ya está aprobada"):
        descartar_borrador(version=rancio, usuario=escenario.coordinador)
    assert _foto_de_versiones(escenario.plan) == antes
    assert VersionPlan.objects.get(pk=rancio.pk).aprobada


@pytest.mark.django_db
def test_aprobar_un_borrador_ya_descartado_dice_que_ya_no_existe():
    escenario = armar_escenario()
    borrador = crear_borrador(plan=escenario.plan, usuario=escenario.coordinador)
    rancio = VersionPlan.objects.get(pk=borrador.pk)
    descartar_borrador(version=borrador, usuario=escenario.coordinador)
    with pytest.raises(ValidationError, match="ya no existe"):
        aprobar_version(version=rancio, motivo="x", vigente_desde=ENE, usuario=escenario.coordinador)


@pytest.mark.django_db
def test_aprobar_una_version_que_rige_desde_un_mes_ya_cerrado_se_rechaza_aunque_el_borrador_no_lo_supiera():
    escenario = armar_escenario()
    borrador = crear_borrador(plan=escenario.plan, usuario=escenario.coordinador)
    assert borrador.vigente_desde == date(2020, 10, 1)
    cerrar_mes(plan=escenario.plan, mes=DIC, usuario=escenario.coordinador)  # otro cierra diciembre
    antes = _foto_de_versiones(escenario.plan)
    with pytest.raises(ValidationError, match="Diciembre 2020 está cerrado"):
        aprobar_version(version=borrador, motivo="x", vigente_desde=DIC, usuario=escenario.coordinador)
    with pytest.raises(ValidationError, match="anterior al primer mes abierto"):
        aprobar_version(version=borrador, motivo="x", vigente_desde=NOV, usuario=escenario.coordinador)
    assert _foto_de_versiones(escenario.plan) == antes
    aprobar_version(version=borrador, motivo="x", vigente_desde=ENE, usuario=escenario.coordinador)


@pytest.mark.django_db
def test_una_version_no_rige_en_un_corte_ya_remitido_a_la_sgp():
    escenario = armar_escenario()
    reporte = firmar_y_aprobar(escenario, flujo.crear_reporte(plan=escenario.plan, desde=date(2020, 10, 1), hasta=DIC,
                                                              usuario=escenario.coordinador))
    borrador = crear_borrador(plan=escenario.plan, usuario=escenario.coordinador)
    flujo.registrar_remision(reporte=reporte, usuario=escenario.coordinador, fecha_remision=timezone.localdate(),
                             numero_oficio="Oficio 1")
    with pytest.raises(ValidationError, match="reporte remitido a la SGP"):
        aprobar_version(version=borrador, motivo="x", vigente_desde=DIC, usuario=escenario.coordinador)
    version = aprobar_version(version=borrador, motivo="x", vigente_desde=ENE, usuario=escenario.coordinador)
    assert version.aprobada
    assert Reporte.objects.get(pk=reporte.pk).estado == Reporte.Estado.REMITIDO


@pytest.mark.django_db
def test_escribir_con_un_plan_rancio_en_un_plan_ya_archivado_se_rechaza():
    escenario = armar_escenario()
    plan = escenario.plan
    fila = hoja(plan, "1.1.2")
    assert not fila.componente.plan.archivado  # quien escribe ya leyó su plan, antes de que se archive
    plan.vigente = False
    plan.save(update_fields=["vigente"])
    archivar_plan(plan=type(plan).objects.get(pk=plan.pk), usuario=escenario.coordinador)
    assert not fila.componente.plan.archivado  # el objeto de quien escribe no se enteró
    antes = list(Avance.objects.values_list("pk", "porcentaje", "version"))
    with pytest.raises(ValidationError, match="archivado"):
        registrar_avance(hoja=fila, mes=DIC, porcentaje="90", comentario="tarde", usuario=escenario.equipo)
    with pytest.raises(ValidationError, match="archivado"):
        crear_borrador(plan=fila.componente.plan, usuario=escenario.coordinador)
    with pytest.raises(ValidationError, match="archivado"):
        cerrar_mes(plan=fila.componente.plan, mes=DIC, usuario=escenario.coordinador)
    assert list(Avance.objects.values_list("pk", "porcentaje", "version")) == antes
    assert not CierreMensual.objects.filter(plan=plan).exists()
    assert not VersionPlan.objects.filter(plan=plan, estado=VersionPlan.Estado.BORRADOR).exists()


@pytest.mark.django_db
def test_un_borrador_abierto_de_un_plan_que_se_archiva_ya_no_se_guarda_ni_se_aprueba():
    escenario = armar_escenario()
    plan = escenario.plan
    borrador = crear_borrador(plan=plan, usuario=escenario.coordinador)
    plan.vigente = False
    plan.save(update_fields=["vigente"])
    archivar_plan(plan=type(plan).objects.get(pk=plan.pk), usuario=escenario.coordinador)
    with pytest.raises(ValidationError, match="archivado"):
        guardar_borrador(version=borrador, usuario=escenario.coordinador, nombres={"1.1.2": "Otro nombre"},
                         mes_fin="2021-06")
    with pytest.raises(ValidationError, match="archivado"):
        aprobar_version(version=borrador, motivo="x", vigente_desde=ENE, usuario=escenario.coordinador)
    plan.refresh_from_db()
    assert plan.mes_fin == date(2021, 3, 1)
    assert hoja(plan, "1.1.2").nombre == "Validar con usuarios"


# --- Carreras: solo PostgreSQL ---------------------------------------------------------------------

def _detener_en(monkeypatch, modulo, nombre):
    """Hace que `modulo.nombre` avise y espere a `seguir` después de correr (su transacción sigue abierta)."""
    llego, seguir = threading.Event(), threading.Event()
    original = getattr(modulo, nombre)

    def envoltura(*args, **kwargs):
        resultado = original(*args, **kwargs)
        llego.set()
        assert seguir.wait(ESPERA)
        return resultado

    monkeypatch.setattr(modulo, nombre, envoltura)
    return llego, seguir


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="el entrelazado real necesita PostgreSQL")
@pytest.mark.parametrize("accion", ["guardar", "descartar"])
def test_carrera_guardar_o_descartar_contra_aprobar(monkeypatch, accion):
    escenario = armar_escenario()
    borrador = crear_borrador(plan=escenario.plan, usuario=escenario.coordinador)
    rancio = VersionPlan.objects.get(pk=borrador.pk)
    llego, seguir = _detener_en(monkeypatch, versiones, "_crear_filas_nuevas")  # aprobando, con el candado
    aprobacion = Hilo(lambda: aprobar_version(version=borrador, motivo="Aprobada.", vigente_desde=ENE,
                                              usuario=escenario.coordinador))
    aprobacion.start()
    assert llego.wait(ESPERA)
    if accion == "guardar":
        otra = Hilo(lambda: guardar_borrador(version=rancio, usuario=escenario.coordinador, meses={"1.1.2": ["2020-10"]}))
    else:
        otra = Hilo(lambda: descartar_borrador(version=rancio, usuario=escenario.coordinador))
    otra.start()
    time.sleep(1)
    assert otra.is_alive(), f"{accion} no esperó a la aprobación: leyó el estado sin candado"
    seguir.set()
    aprobacion.join(ESPERA)
    otra.join(ESPERA)
    assert aprobacion.error is None and not otra.is_alive()
    assert isinstance(otra.error, ValidationError) and "ya está aprobada" in " ".join(otra.error.messages)
    version = VersionPlan.objects.get(pk=borrador.pk)
    assert version.aprobada and MesProgramado.objects.filter(version=version).exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="el entrelazado real necesita PostgreSQL")
def test_carrera_cerrar_el_mes_mientras_se_aprueba_una_version_que_rige_desde_el(monkeypatch):
    escenario = armar_escenario()
    borrador = crear_borrador(plan=escenario.plan, usuario=escenario.coordinador)
    llego, seguir = _detener_en(monkeypatch, versiones, "_crear_filas_nuevas")
    aprobacion = Hilo(lambda: aprobar_version(version=borrador, motivo="Aprobada.", vigente_desde=ENE,
                                              usuario=escenario.coordinador))
    aprobacion.start()
    assert llego.wait(ESPERA)
    cierre = Hilo(lambda: cerrar_mes(plan=escenario.plan, mes=ENE, usuario=escenario.coordinador))
    cierre.start()
    time.sleep(1)
    assert cierre.is_alive(), "el cierre no esperó a la aprobación de la versión que rige desde su mes"
    seguir.set()
    aprobacion.join(ESPERA)
    cierre.join(ESPERA)
    assert aprobacion.error is None and cierre.error is None
    # Orden serial: primero la versión (rige desde enero, abierto entonces), después el cierre.
    aprobada_en = VersionPlan.objects.get(pk=borrador.pk).aprobada_en
    cerrado_en = CierreMensual.history.filter(plan=escenario.plan, mes=ENE).latest("history_date").history_date
    assert aprobada_en < cerrado_en


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="el entrelazado real necesita PostgreSQL")
def test_carrera_aprobar_mientras_se_cierra_el_mes_desde_el_que_rige(monkeypatch):
    escenario = armar_escenario()
    borrador = crear_borrador(plan=escenario.plan, usuario=escenario.coordinador)
    llego, seguir = _detener_en(monkeypatch, cierres, "_guardar")
    cierre = Hilo(lambda: cerrar_mes(plan=escenario.plan, mes=ENE, usuario=escenario.coordinador))
    cierre.start()
    assert llego.wait(ESPERA)
    aprobacion = Hilo(lambda: aprobar_version(version=borrador, motivo="x", vigente_desde=ENE,
                                              usuario=escenario.coordinador))
    aprobacion.start()
    time.sleep(1)
    assert aprobacion.is_alive(), "la aprobación no esperó al cierre del mes desde el que rige"
    seguir.set()
    cierre.join(ESPERA)
    aprobacion.join(ESPERA)
    assert cierre.error is None
    assert isinstance(aprobacion.error, ValidationError) and "Enero 2021 está cerrado" in " ".join(aprobacion.error.messages)
    assert VersionPlan.objects.get(pk=borrador.pk).estado == VersionPlan.Estado.BORRADOR


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="el entrelazado real necesita PostgreSQL")
def test_carrera_archivar_el_plan_mientras_se_escribe_en_el(monkeypatch):
    escenario = armar_escenario()
    plan = escenario.plan
    plan.vigente = False
    plan.save(update_fields=["vigente"])
    llego, seguir = threading.Event(), threading.Event()
    guardar_original = Avance.save

    def guardar_y_esperar(self, *args, **kwargs):
        guardar_original(self, *args, **kwargs)
        llego.set()
        assert seguir.wait(ESPERA)

    monkeypatch.setattr(Avance, "save", guardar_y_esperar)
    escritura = Hilo(lambda: registrar_avance(hoja=hoja(plan, "1.1.2"), mes=DIC, porcentaje="90",
                                              comentario="antes de archivar", usuario=escenario.equipo))
    escritura.start()
    assert llego.wait(ESPERA)
    archivo = Hilo(lambda: archivar_plan(plan=type(plan).objects.get(pk=plan.pk), usuario=escenario.coordinador))
    archivo.start()
    time.sleep(1)
    assert archivo.is_alive(), "archivar no esperó a la escritura en curso (la escritura no tomó el candado del plan)"
    seguir.set()
    escritura.join(ESPERA)
    archivo.join(ESPERA)
    assert escritura.error is None and archivo.error is None
    plan.refresh_from_db()
    assert plan.archivado
    # Y después de archivado, la siguiente escritura lo ve.
    monkeypatch.setattr(Avance, "save", guardar_original)
    with pytest.raises(ValidationError, match="archivado"):
        registrar_avance(hoja=hoja(plan, "1.1.2"), mes=DIC, porcentaje="95", comentario="tarde", usuario=escenario.equipo)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="el entrelazado real necesita PostgreSQL")
def test_carrera_remitir_un_reporte_mientras_se_aprueba_una_version_en_su_corte(monkeypatch):
    escenario = armar_escenario()
    reporte = firmar_y_aprobar(escenario, flujo.crear_reporte(plan=escenario.plan, desde=date(2020, 10, 1), hasta=DIC,
                                                              usuario=escenario.coordinador))
    borrador = crear_borrador(plan=escenario.plan, usuario=escenario.coordinador)
    llego, seguir = _detener_en(monkeypatch, flujo, "_guardar")
    remision = Hilo(lambda: flujo.registrar_remision(reporte=reporte, usuario=escenario.coordinador,
                                                     fecha_remision=timezone.localdate(), numero_oficio="Oficio 9"))
    remision.start()
    assert llego.wait(ESPERA)
    aprobacion = Hilo(lambda: aprobar_version(version=borrador, motivo="x", vigente_desde=DIC,
                                              usuario=escenario.coordinador))
    aprobacion.start()
    time.sleep(1)
    assert aprobacion.is_alive(), "la aprobación no esperó a la remisión del reporte"
    seguir.set()
    remision.join(ESPERA)
    aprobacion.join(ESPERA)
    assert remision.error is None
    assert isinstance(aprobacion.error, ValidationError) and "remitido" in " ".join(aprobacion.error.messages)


def test_ciclo_exigir_fuera_de_una_transaccion_es_un_error_de_programacion():
    with pytest.raises(RuntimeError):
        ciclo.exigir(ciclo.Accion.REGISTRAR_AVANCE, object(), DIC)
