"""Fechas como ocurrieron, aprobar solo un reporte completo, confirmación, pasos, y textos sin pisarse."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cronograma.models import Reporte, ReporteComponente
from cronograma.reportes import flujo
from cronograma.reportes.datos import datos_del_reporte
from tests.cronograma.reportes.escenario import armar_escenario, borrador, completar, firmar_y_aprobar

pytestmark = pytest.mark.django_db


def _foto(reporte):
    """Todo lo que un intento rechazado no debe cambiar."""
    fila = Reporte.objects.get(pk=reporte.pk)
    textos = list(ReporteComponente.objects.filter(reporte=reporte).order_by("id").values())
    return (fila.estado, fila.cifras, fila.fecha_aprobacion, fila.aprobado_en, fila.fecha_remision,
            fila.numero_oficio, fila.firmante_nombre, fila.version, textos, fila.history.count())


# --- 1. Fechas como ocurrieron ----------------------------------------------------------------------

def test_un_reporte_de_2021_se_registra_con_sus_fechas_reales_y_la_historia_dice_quien_las_ingreso():
    escenario = armar_escenario()
    reporte = firmar_y_aprobar(escenario, borrador(escenario), fecha_aprobacion=date(2021, 1, 12))
    reporte = flujo.registrar_remision(reporte=reporte, usuario=escenario.coordinador,
                                       fecha_remision=date(2021, 1, 14), numero_oficio="Oficio N° 012-2021-MTPE/4")
    assert (reporte.fecha_aprobacion, reporte.fecha_remision) == (date(2021, 1, 12), date(2021, 1, 14))
    aprobacion = reporte.history.filter(estado="aprobado").get()
    assert aprobacion.history_user == escenario.coordinador and aprobacion.fecha_aprobacion == date(2021, 1, 12)
    assert aprobacion.aprobado_en.date() == timezone.now().date()  # cuándo se ingresó
    assert reporte.history.filter(estado="remitido").get().history_user == escenario.coordinador


# «Mañana» se calcula al correr cada prueba, no al recolectarlas: una suite que cruza la medianoche de Lima
# convertía el «mañana» de la recolección en «hoy» (falló así una vez).
MANANA = "mañana"


def _fecha(fecha):
    return timezone.localdate() + timedelta(days=1) if fecha == MANANA else fecha


@pytest.mark.parametrize(
    ("fecha", "mensaje"),
    [
        (date(2020, 12, 30), "no puede ser anterior al 31/12/2020"),  # antes del fin del periodo (corte Dic-2020)
        (MANANA, "no puede ser futura"),
    ],
)
def test_una_fecha_de_aprobacion_imposible_se_rechaza_sin_cambiar_nada(fecha, mensaje):
    fecha = _fecha(fecha)
    escenario = armar_escenario()
    reporte = borrador(escenario)
    completar(reporte, escenario.coordinador)
    antes = _foto(reporte)
    with pytest.raises(ValidationError, match=mensaje):
        flujo.aprobar_reporte(reporte=reporte, usuario=escenario.coordinador, fecha_aprobacion=fecha)
    assert _foto(reporte) == antes


def test_el_ultimo_dia_del_periodo_ya_es_una_fecha_de_aprobacion_valida():
    escenario = armar_escenario()
    reporte = firmar_y_aprobar(escenario, borrador(escenario), fecha_aprobacion=date(2020, 12, 31))
    assert reporte.estado == Reporte.Estado.APROBADO


@pytest.mark.parametrize(
    ("fecha", "mensaje"),
    [
        (date(2021, 1, 11), "no puede ser anterior al 12/01/2021"),
        (MANANA, "no puede ser futura"),
    ],
)
def test_la_remision_no_puede_ser_anterior_a_la_aprobacion_ni_futura(fecha, mensaje):
    fecha = _fecha(fecha)
    escenario = armar_escenario()
    reporte = firmar_y_aprobar(escenario, borrador(escenario), fecha_aprobacion=date(2021, 1, 12))
    antes = _foto(reporte)
    with pytest.raises(ValidationError, match=mensaje):
        flujo.registrar_remision(reporte=reporte, usuario=escenario.coordinador, fecha_remision=fecha,
                                 numero_oficio="Oficio 1")
    assert _foto(reporte) == antes


def test_la_pagina_de_remision_propone_hoy_y_explica_el_rechazo(client):
    escenario = armar_escenario()
    reporte = firmar_y_aprobar(escenario, borrador(escenario), fecha_aprobacion=date(2021, 1, 12))
    client.force_login(escenario.coordinador)
    pagina = client.get(reverse("reporte_remision", args=[escenario.plan.pk, reporte.pk]))
    assert pagina.context["form"]["fecha_remision"].value() == timezone.localdate()
    antes = _foto(reporte)
    respuesta = client.post(reverse("reporte_remision", args=[escenario.plan.pk, reporte.pk]),
                            {"fecha_remision": "2021-01-05", "numero_oficio": "Of. 9"})
    assert respuesta.status_code == 200
    assert "no puede ser anterior al 12/01/2021 (la fecha de aprobación)" in respuesta.content.decode()
    assert _foto(reporte) == antes


# --- 2. Aprobar exige un reporte completo; confirmación; pasos ----------------------------------------

def test_aprobar_con_apartados_vacios_se_rechaza_y_dice_cuales():
    escenario = armar_escenario()
    reporte = borrador(escenario)
    flujo.editar_textos(reporte=reporte, usuario=escenario.coordinador,
                        firmante_nombre="Ana", firmante_cargo="Jefa")
    uno = escenario.plan.componentes.get(numero=1)
    flujo.editar_textos(reporte=reporte, usuario=escenario.coordinador,
                        textos={uno.id: flujo.CambioTextos({"logros": "Encuesta aplicada"})})
    antes = _foto(reporte)
    with pytest.raises(ValidationError) as error:
        flujo.aprobar_reporte(reporte=reporte, usuario=escenario.coordinador)
    mensajes = " ".join(error.value.messages)
    assert "Componente 1: falta «Dificultades» y «Medidas correctivas»" in mensajes
    assert "Componente 2: falta «Logros», «Dificultades» y «Medidas correctivas»" in mensajes
    assert _foto(reporte) == antes


def test_sin_informacion_con_motivo_completa_un_apartado_y_sale_en_el_documento():
    escenario = armar_escenario()
    reporte = borrador(escenario)
    completar(reporte, escenario.coordinador)  # medidas correctivas: «sin información» con motivo
    reporte = flujo.aprobar_reporte(reporte=reporte, usuario=escenario.coordinador)
    assert reporte.estado == Reporte.Estado.APROBADO
    apartados = datos_del_reporte(reporte).secciones[0].textos.apartados
    assert apartados[2].motivo_sin_informacion == "No hubo desviaciones que corregir"


def test_un_apartado_no_puede_tener_texto_y_sin_informacion_a_la_vez():
    escenario = armar_escenario()
    reporte = borrador(escenario)
    uno = escenario.plan.componentes.get(numero=1)
    antes = _foto(reporte)
    with pytest.raises(ValidationError, match="no puede marcarse"):
        flujo.editar_textos(reporte=reporte, usuario=escenario.coordinador, textos={uno.id: flujo.CambioTextos(
            {"logros": "Algo", "logros_sin_informacion": "Nada que decir"})})
    assert _foto(reporte) == antes


def test_el_formulario_pide_el_motivo_de_sin_informacion(client):
    escenario = armar_escenario()
    reporte = borrador(escenario)
    uno = escenario.plan.componentes.get(numero=1)
    client.force_login(escenario.coordinador)
    antes = _foto(reporte)
    respuesta = client.post(reverse("reporte_editar", args=[escenario.plan.pk, reporte.pk]),
                            {f"c{uno.id}-logros": "", f"c{uno.id}-logros_marca": "on", f"c{uno.id}-logros_motivo": ""})
    assert "Logros: indique el motivo de «sin información»." in respuesta.content.decode()
    respuesta = client.post(reverse("reporte_editar", args=[escenario.plan.pk, reporte.pk]),
                            {f"c{uno.id}-logros": "Texto", f"c{uno.id}-logros_marca": "on", f"c{uno.id}-logros_motivo": "x"})
    assert "escriba el texto o marque «sin información», no ambos" in respuesta.content.decode()
    assert _foto(reporte) == antes
    client.post(reverse("reporte_editar", args=[escenario.plan.pk, reporte.pk]),
                {f"c{uno.id}-logros": "", f"c{uno.id}-logros_marca": "on", f"c{uno.id}-logros_motivo": "Sin actividades"})
    assert ReporteComponente.objects.get(reporte=reporte, componente=uno).logros_sin_informacion == "Sin actividades"


def test_la_confirmacion_muestra_lo_que_se_congela_o_lo_que_falta(client):
    escenario = armar_escenario()
    reporte = borrador(escenario)
    client.force_login(escenario.coordinador)
    pagina = client.get(reverse("reporte_aprobar", args=[escenario.plan.pk, reporte.pk])).content.decode()
    assert "Aún no se puede aprobar" in pagina and "Confirmar la aprobación" not in pagina
    completar(reporte, escenario.coordinador)
    pagina = client.get(reverse("reporte_aprobar", args=[escenario.plan.pk, reporte.pk])).content.decode()
    assert "Lo que se congela al aprobar" in pagina and "Confirmar la aprobación y congelar" in pagina
    assert "Medidas correctivas (sin información: No hubo desviaciones que corregir)" in pagina
    assert Reporte.objects.get(pk=reporte.pk).estado == Reporte.Estado.BORRADOR  # mirar no aprueba


@pytest.mark.parametrize("rol", ["personal", "equipo"])
def test_la_confirmacion_es_solo_de_la_coordinacion(client, rol):
    escenario = armar_escenario()
    reporte = borrador(escenario)
    completar(reporte, escenario.coordinador)
    antes = _foto(reporte)
    client.force_login(getattr(escenario, rol))
    assert client.get(reverse("reporte_aprobar", args=[escenario.plan.pk, reporte.pk])).status_code == 403
    assert client.post(reverse("reporte_aprobar", args=[escenario.plan.pk, reporte.pk]), {"fecha_aprobacion": "2021-01-10"}).status_code == 403
    assert _foto(reporte) == antes


def test_la_pagina_muestra_el_estado_en_pasos_con_la_siguiente_accion(client):
    escenario = armar_escenario()
    reporte = borrador(escenario)
    client.force_login(escenario.coordinador)
    pagina = client.get(reverse("reporte_detalle", args=[escenario.plan.pk, reporte.pk])).content.decode()
    assert 'class="pasos-reporte"' in pagina and 'aria-current="step"' in pagina
    assert "1. Borrador" in pagina and "2. Aprobado" in pagina and "3. Remitido a la SGP" in pagina
    assert "Siguiente paso: completar los textos" in pagina
    reporte = firmar_y_aprobar(escenario, reporte, fecha_aprobacion=date(2021, 1, 12))
    pagina = client.get(reverse("reporte_detalle", args=[escenario.plan.pk, reporte.pk])).content.decode()
    assert "el 12/01/2021" in pagina and "Siguiente paso: la coordinación registra la remisión" in pagina


# --- Issue 15, punto 6: textos con bloqueo optimista y solo los campos enviados -------------------------

def test_una_peticion_con_un_campo_no_borra_los_demas(client):
    escenario = armar_escenario()
    reporte = borrador(escenario)
    uno = escenario.plan.componentes.get(numero=1)
    flujo.editar_textos(reporte=reporte, usuario=escenario.coordinador, firmante_nombre="Ana", firmante_cargo="Jefa",
                        textos={uno.id: flujo.CambioTextos({"logros": "L", "dificultades": "D"})})
    client.force_login(escenario.coordinador)
    client.post(reverse("reporte_editar", args=[escenario.plan.pk, reporte.pk]), {f"c{uno.id}-dificultades": "D2"})
    fila = ReporteComponente.objects.get(reporte=reporte, componente=uno)
    assert (fila.logros, fila.dificultades) == ("L", "D2")
    assert Reporte.objects.get(pk=reporte.pk).firmante_nombre == "Ana"


def test_el_segundo_editor_ve_el_texto_del_otro_y_no_pierde_el_suyo(client):
    escenario = armar_escenario()
    reporte = borrador(escenario)
    uno = escenario.plan.componentes.get(numero=1)
    url = reverse("reporte_editar", args=[escenario.plan.pk, reporte.pk])
    client.force_login(escenario.equipo)
    formulario = client.get(url)
    version = formulario.context["secciones"][0][1]["version"].value()
    # Mientras tanto, la coordinación guarda sus logros.
    flujo.editar_textos(reporte=reporte, usuario=escenario.coordinador,
                        textos={uno.id: flujo.CambioTextos({"logros": "Texto de la coordinación"}, version)})
    antes = _foto(reporte)
    respuesta = client.post(url, {f"c{uno.id}-version": version, f"c{uno.id}-logros": "Texto del equipo"})
    pagina = respuesta.content.decode()
    assert respuesta.status_code == 200 and "No se guardó nada" in pagina
    assert "Texto de la coordinación" in pagina and "Texto del equipo" in pagina  # ve el otro, conserva el suyo
    assert "coordinador</strong> guardó estos textos" in pagina
    assert _foto(reporte) == antes
    # Al reenviar, la versión ya es la actual: se guarda lo que decida.
    nueva = respuesta.context["secciones"][0][1]["version"].value()
    client.post(url, {f"c{uno.id}-version": nueva, f"c{uno.id}-logros": "Texto combinado"})
    assert ReporteComponente.objects.get(reporte=reporte, componente=uno).logros == "Texto combinado"


def test_un_conflicto_en_un_componente_no_guarda_los_demas():
    escenario = armar_escenario()
    reporte = borrador(escenario)
    uno, dos = escenario.plan.componentes.order_by("numero")
    flujo.editar_textos(reporte=reporte, usuario=escenario.coordinador,
                        textos={uno.id: flujo.CambioTextos({"logros": "Primero"}, 1)})
    antes = _foto(reporte)
    with pytest.raises(flujo.ConflictoDeTextos) as conflicto:
        flujo.editar_textos(reporte=reporte, usuario=escenario.equipo, textos={
            dos.id: flujo.CambioTextos({"logros": "Dos"}, 1), uno.id: flujo.CambioTextos({"logros": "Pisado"}, 1)})
    assert [c.componente_id for c in conflicto.value.conflictos] == [uno.id]
    assert conflicto.value.conflictos[0].actuales["logros"] == "Primero"
    assert _foto(reporte) == antes


def test_la_firma_tambien_tiene_bloqueo_optimista():
    escenario = armar_escenario()
    reporte = borrador(escenario)
    flujo.editar_textos(reporte=reporte, usuario=escenario.coordinador, firmante_nombre="Ana", version_firma=1)
    antes = _foto(reporte)
    with pytest.raises(flujo.ConflictoDeTextos):
        flujo.editar_textos(reporte=reporte, usuario=escenario.coordinador, firmante_nombre="Beto", version_firma=1)
    assert _foto(reporte) == antes


def test_al_volver_a_mostrar_el_editor_lo_que_no_vino_en_la_peticion_conserva_lo_guardado(client):
    """Si se reenviara el formulario vuelto a mostrar, no debe borrar los campos que la petición no trajo."""
    escenario = armar_escenario()
    reporte = borrador(escenario)
    uno, dos = escenario.plan.componentes.order_by("numero")
    flujo.editar_textos(reporte=reporte, usuario=escenario.coordinador, textos={
        dos.id: flujo.CambioTextos({"logros": "Logros guardados", "medidas_correctivas_sin_informacion": "Nada"})})
    client.force_login(escenario.coordinador)
    antes = _foto(reporte)
    respuesta = client.post(reverse("reporte_editar", args=[escenario.plan.pk, reporte.pk]),
                            {f"c{uno.id}-logros_marca": "on", f"c{uno.id}-logros_motivo": ""})  # inválido
    assert "indique el motivo" in respuesta.content.decode()
    form_dos = respuesta.context["secciones"][1][1]
    assert form_dos["logros"].value() == "Logros guardados"
    assert form_dos["medidas_correctivas_marca"].value() and form_dos["medidas_correctivas_motivo"].value() == "Nada"
    assert _foto(reporte) == antes
