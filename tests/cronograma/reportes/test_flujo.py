"""El trámite del reporte: quién puede cada paso, qué se rechaza, y que la foto no cambia tras aprobar."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cronograma.reportes import datos as reportes

from cronograma.reportes import flujo
from cronograma.models import Reporte, ReporteComponente
from cronograma.permisos import perfil_de
from cronograma.registro import registrar_avance
from tests.cronograma.reportes.escenario import DIC, OCT, aprobado, armar_escenario, borrador, completar, redactar
from tests.factories import hoja

pytestmark = pytest.mark.django_db
TEXTOS = reportes.TextosComponente(logros="Encuesta aplicada", dificultades="Poco personal", medidas_correctivas="Apoyo")


def _estado_en_base(reporte):
    fila = Reporte.objects.get(pk=reporte.pk)
    textos = list(ReporteComponente.objects.filter(reporte=reporte).values_list("logros", "dificultades", "medidas_correctivas"))
    return (fila.estado, fila.cifras, fila.firmante_nombre, fila.numero_oficio, fila.fecha_remision, textos)


def _corregir_avance(escenario):
    """La coordinación corrige a la baja 1.1.1 en noviembre (exige comentario)."""
    registrar_avance(hoja=hoja(escenario.plan, "1.1.1"), mes=date(2020, 11, 1), porcentaje="60",
                     comentario="Corrección: faltaba un informe", usuario=escenario.coordinador)


def test_la_coordinacion_crea_un_borrador_con_textos_por_componente_y_autor_en_la_historia():
    escenario = armar_escenario()
    reporte = borrador(escenario)
    assert reporte.estado == Reporte.Estado.BORRADOR
    assert ReporteComponente.objects.filter(reporte=reporte).count() == 2
    assert reporte.history.get().history_user == escenario.coordinador


@pytest.mark.parametrize("rol", ["personal", "equipo"])
def test_solo_la_coordinacion_crea_reportes(rol):
    escenario = armar_escenario()
    with pytest.raises(PermissionDenied):
        flujo.crear_reporte(plan=escenario.plan, desde=OCT, hasta=DIC, usuario=getattr(escenario, rol))
    assert not Reporte.objects.exists()


def test_el_equipo_de_trabajo_redacta_los_textos_de_un_borrador():
    escenario = armar_escenario()
    reporte = borrador(escenario)
    componente = escenario.plan.componentes.get(numero=1)
    flujo.editar_textos(reporte=reporte, usuario=escenario.equipo, textos={componente.id: TEXTOS})
    guardado = ReporteComponente.objects.get(reporte=reporte, componente=componente)
    assert (guardado.logros, guardado.dificultades, guardado.medidas_correctivas) == (
        "Encuesta aplicada", "Poco personal", "Apoyo")
    assert guardado.history.latest().history_user == escenario.equipo


def test_el_equipo_de_trabajo_no_cambia_la_firma():
    escenario = armar_escenario()
    reporte = borrador(escenario)
    antes = _estado_en_base(reporte)
    with pytest.raises(PermissionDenied):
        flujo.editar_textos(reporte=reporte, usuario=escenario.equipo, firmante_nombre="Otra persona")
    assert _estado_en_base(reporte) == antes


def test_el_personal_de_una_unidad_no_redacta():
    escenario = armar_escenario()
    reporte = borrador(escenario)
    antes = _estado_en_base(reporte)
    componente = escenario.plan.componentes.get(numero=1)
    with pytest.raises(PermissionDenied):
        flujo.editar_textos(reporte=reporte, usuario=escenario.personal, textos={componente.id: TEXTOS})
    assert _estado_en_base(reporte) == antes


def test_guardar_los_mismos_textos_no_escribe_historia():
    escenario = armar_escenario()
    reporte = borrador(escenario)
    redactar(escenario, reporte, 1, logros="Encuesta aplicada")
    filas = ReporteComponente.history.count()
    redactar(escenario, reporte, 1, logros="Encuesta aplicada")
    assert ReporteComponente.history.count() == filas


def test_un_componente_de_otro_plan_se_rechaza():
    escenario = armar_escenario()
    reporte = borrador(escenario)
    with pytest.raises(ValidationError):
        flujo.editar_textos(reporte=reporte, usuario=escenario.coordinador, textos={999999: TEXTOS})


def test_aprobar_exige_la_firma():
    escenario = armar_escenario()
    reporte = borrador(escenario)
    with pytest.raises(ValidationError, match="quien firma"):
        flujo.aprobar_reporte(reporte=reporte, usuario=escenario.coordinador)
    assert Reporte.objects.get(pk=reporte.pk).estado == Reporte.Estado.BORRADOR


@pytest.mark.parametrize("rol", ["personal", "equipo"])
def test_solo_la_coordinacion_aprueba(rol):
    escenario = armar_escenario()
    reporte = borrador(escenario)
    flujo.editar_textos(reporte=reporte, usuario=escenario.coordinador, firmante_nombre="Ana", firmante_cargo="Jefa")
    antes = _estado_en_base(reporte)
    with pytest.raises(PermissionDenied):
        flujo.aprobar_reporte(reporte=reporte, usuario=getattr(escenario, rol))
    assert _estado_en_base(reporte) == antes


def test_aprobar_congela_las_cifras_y_una_correccion_posterior_no_las_cambia():
    escenario = armar_escenario()
    reporte = aprobado(escenario)
    assert reporte.aprobado_por == escenario.coordinador and reporte.cifras is not None
    congeladas = reportes.datos_del_reporte(reporte).cifras
    _corregir_avance(escenario)
    vivas = reportes.generar(escenario.plan, desde=OCT, hasta=DIC)
    assert vivas.plan != congeladas.plan  # la corrección sí cambió el avance…
    assert reportes.datos_del_reporte(Reporte.objects.get(pk=reporte.pk)).cifras == congeladas  # …no el reporte
    nuevo_borrador = borrador(escenario)
    assert reportes.datos_del_reporte(nuevo_borrador).cifras.plan == vivas.plan


def test_un_reporte_aprobado_no_se_edita():
    escenario = armar_escenario()
    reporte = aprobado(escenario)
    antes = _estado_en_base(reporte)
    componente = escenario.plan.componentes.get(numero=1)
    with pytest.raises(ValidationError, match="ya no se puede modificar"):
        flujo.editar_textos(reporte=reporte, usuario=escenario.coordinador, textos={componente.id: TEXTOS})
    with pytest.raises(ValidationError, match="ya no se puede modificar"):
        flujo.aprobar_reporte(reporte=reporte, usuario=escenario.coordinador)
    assert _estado_en_base(reporte) == antes


@pytest.mark.parametrize(
    ("fecha", "oficio", "campo"),
    [(None, "Oficio N° 123-2021-MTPE/4", "fecha_remision"), (timezone.localdate(), "  ", "numero_oficio")],
)
def test_la_remision_exige_fecha_y_numero_de_oficio(fecha, oficio, campo):
    escenario = armar_escenario()
    reporte = aprobado(escenario)
    antes = _estado_en_base(reporte)
    with pytest.raises(ValidationError) as error:
        flujo.registrar_remision(reporte=reporte, usuario=escenario.coordinador, fecha_remision=fecha, numero_oficio=oficio)
    assert campo in error.value.message_dict
    assert _estado_en_base(reporte) == antes


def test_la_remision_no_puede_ser_futura_ni_anterior_a_la_aprobacion():
    escenario = armar_escenario()
    reporte = aprobado(escenario)
    hoy = timezone.localdate()
    for fecha in (hoy + timedelta(days=1), hoy - timedelta(days=1)):
        with pytest.raises(ValidationError):
            flujo.registrar_remision(reporte=reporte, usuario=escenario.coordinador, fecha_remision=fecha, numero_oficio="1")
    assert Reporte.objects.get(pk=reporte.pk).estado == Reporte.Estado.APROBADO


def test_solo_un_reporte_aprobado_se_remite():
    escenario = armar_escenario()
    reporte = borrador(escenario)
    with pytest.raises(ValidationError, match="Solo un reporte aprobado"):
        flujo.registrar_remision(reporte=reporte, usuario=escenario.coordinador,
                                 fecha_remision=timezone.localdate(), numero_oficio="Oficio 1")
    assert Reporte.objects.get(pk=reporte.pk).estado == Reporte.Estado.BORRADOR


def test_la_coordinacion_registra_la_remision_una_sola_vez():
    escenario = armar_escenario()
    reporte = aprobado(escenario)
    flujo.registrar_remision(reporte=reporte, usuario=escenario.coordinador,
                             fecha_remision=timezone.localdate(), numero_oficio=" Oficio N° 45-2021 ")
    remitido = Reporte.objects.get(pk=reporte.pk)
    assert (remitido.estado, remitido.numero_oficio) == (Reporte.Estado.REMITIDO, "Oficio N° 45-2021")
    with pytest.raises(ValidationError):
        flujo.registrar_remision(reporte=reporte, usuario=escenario.coordinador,
                                 fecha_remision=timezone.localdate(), numero_oficio="Otro")
    assert Reporte.objects.get(pk=reporte.pk).numero_oficio == "Oficio N° 45-2021"


def test_el_personal_no_registra_la_remision():
    escenario = armar_escenario()
    reporte = aprobado(escenario)
    antes = _estado_en_base(reporte)
    with pytest.raises(PermissionDenied):
        flujo.registrar_remision(reporte=reporte, usuario=escenario.personal,
                                 fecha_remision=timezone.localdate(), numero_oficio="Oficio 1")
    assert _estado_en_base(reporte) == antes


def test_cada_paso_queda_en_la_historia_con_su_autor():
    escenario = armar_escenario()
    reporte = borrador(escenario)
    redactar(escenario, reporte, 2, usuario=escenario.equipo, logros="Encuesta aplicada")
    completar(reporte, escenario.coordinador)  # los textos que faltan y la firma
    flujo.aprobar_reporte(reporte=reporte, usuario=escenario.coordinador)
    flujo.registrar_remision(reporte=reporte, usuario=escenario.coordinador,
                             fecha_remision=timezone.localdate(), numero_oficio="Oficio 7")
    estados = list(reporte.history.order_by("history_date").values_list("estado", "history_user__username"))
    assert estados == [("borrador", "coordinador"), ("borrador", "coordinador"), ("aprobado", "coordinador"),
                       ("remitido", "coordinador")]
    sucesos = [(s.usuario, s.texto) for s in flujo.historia_de(reporte)]
    assert sucesos[0] == ("coordinador", f"Registró la remisión a la SGP: Oficio 7, {timezone.localdate():%d/%m/%Y}.")
    assert ("equipo", "Editó los textos del componente 2.") in sucesos
    assert ("coordinador", f"Aprobó el reporte con fecha {timezone.localdate():%d/%m/%Y} y congeló sus cifras.") in sucesos
    assert ("coordinador", "Editó la firma del reporte.") in sucesos
    assert sucesos[-1] == ("coordinador", "Creó el reporte (borrador).")


def test_las_acciones_dependen_del_rol_y_del_estado():
    escenario = armar_escenario()
    reporte = borrador(escenario)
    assert flujo.acciones_de(perfil_de(escenario.coordinador), reporte) == flujo.Acciones(True, True, True, False)
    assert flujo.acciones_de(perfil_de(escenario.equipo), reporte) == flujo.Acciones(True, False, False, False)
    assert flujo.acciones_de(perfil_de(escenario.personal), reporte) == flujo.Acciones(False, False, False, False)
    reporte = aprobado(escenario)
    assert flujo.acciones_de(perfil_de(escenario.coordinador), reporte) == flujo.Acciones(False, False, False, True)
