"""Las páginas del reporte semestral: permisos por POST fabricado, foto tras aprobar, descargas y consultas."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from cronograma.reportes import flujo
from cronograma.models import Reporte, ReporteComponente
from cronograma.registro import registrar_avance
from tests.cronograma.reportes.escenario import aprobado, armar_escenario, borrador, completar
from tests.factories import crear_plan_sintetico, crear_usuario, hoja, programar, registrar

pytestmark = pytest.mark.django_db
FILA_PLAN = 'Avance del plan</th><td class="num">83,3 %</td><td class="num">{} %</td>'
# Sesión, usuario, perfil, reporte, textos, historia (2) = 7; un borrador suma Seguimiento (7). No crece con el plan;
# un reporte aprobado no toca el catálogo ni el avance: se muestra desde su foto.
# +1: el selector de planes (issue 13); borrador: +1 por las versiones (issue 12); +1: el plan de la dirección
# (@con_plan, issue 21); borrador: +2 por los compromisos del periodo y los registros observados abiertos (issue 23)
CONSULTAS = {False: 19, True: 9}


def _en_base(reporte):
    fila = Reporte.objects.get(pk=reporte.pk)
    textos = list(ReporteComponente.objects.filter(reporte=reporte).values_list("logros", flat=True))
    return (fila.estado, fila.cifras, fila.firmante_nombre, fila.numero_oficio, textos)


def _corregir(escenario):
    registrar_avance(hoja=hoja(escenario.plan, "1.1.1"), mes=date(2020, 11, 1), porcentaje="60",
                     comentario="Corrección: faltaba un informe", usuario=escenario.coordinador)


def test_el_personal_de_una_unidad_lee_la_lista_y_el_reporte_pero_no_ve_acciones(client):
    escenario = armar_escenario()
    reporte = borrador(escenario)
    client.force_login(escenario.personal)
    lista = client.get(reverse("reportes", args=[escenario.plan.pk]))
    assert lista.status_code == 200 and reverse("reporte_detalle", args=[escenario.plan.pk, reporte.pk]).encode() in lista.content
    assert b"Nuevo reporte" not in lista.content
    detalle = client.get(reverse("reporte_detalle", args=[escenario.plan.pk, reporte.pk]))
    assert detalle.status_code == 200
    assert b"Aprobar" not in detalle.content and b"Editar textos" not in detalle.content
    assert escenario.plan.objetivo.encode() in detalle.content


def test_un_usuario_sin_unidad_no_lee_reportes(client):
    escenario = armar_escenario()
    reporte = borrador(escenario)
    client.force_login(crear_usuario("visitante"))
    assert client.get(reverse("reportes", args=[escenario.plan.pk])).status_code == 403
    assert client.get(reverse("reporte_pdf", args=[escenario.plan.pk, reporte.pk])).status_code == 403


def test_la_pagina_de_un_aprobado_no_cambia_al_corregir_el_avance_y_la_de_un_borrador_si(client):
    escenario = armar_escenario()
    congelado = aprobado(escenario)
    en_vivo = borrador(escenario)
    client.force_login(escenario.personal)
    _corregir(escenario)
    pagina = client.get(reverse("reporte_detalle", args=[escenario.plan.pk, congelado.pk])).content.decode()
    assert FILA_PLAN.format("45,0") in pagina
    assert FILA_PLAN.format("35,0") in client.get(reverse("reporte_detalle", args=[escenario.plan.pk, en_vivo.pk])).content.decode()
    pdf = client.get(reverse("reporte_pdf", args=[escenario.plan.pk, congelado.pk]))
    texto = " ".join("".join(p.extract_text() for p in PdfReader(BytesIO(pdf.content)).pages).split())
    assert "Avance del plan 83,3 % 45,0 %" in texto and "Avance del plan 83,3 % 35,0 %" not in texto


def test_las_descargas_son_un_pdf_y_un_libro_legible(client):
    escenario = armar_escenario()
    reporte = borrador(escenario)
    client.force_login(escenario.personal)
    pdf = client.get(reverse("reporte_pdf", args=[escenario.plan.pk, reporte.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert 'filename="reporte-semestral-2020-10-a-2020-12.pdf"' in pdf["Content-Disposition"]
    xlsx = client.get(reverse("reporte_xlsx", args=[escenario.plan.pk, reporte.pk]))
    libro = load_workbook(BytesIO(xlsx.content))
    assert libro["Actividades"]["A2"].value == "1.1"
    libro.close()


@pytest.mark.parametrize(
    ("nombre", "datos"),
    [
        ("reporte_aprobar", {}),
        ("reporte_editar", {"firmante_nombre": "Intruso"}),
        ("reporte_remision", {"fecha_remision": "2021-01-05", "numero_oficio": "Oficio 1"}),
    ],
)
def test_el_personal_de_una_unidad_no_cambia_nada_con_un_post_fabricado(client, nombre, datos):
    escenario = armar_escenario()
    reporte = borrador(escenario)
    flujo.editar_textos(reporte=reporte, usuario=escenario.coordinador, firmante_nombre="Ana", firmante_cargo="Jefa")
    antes = _en_base(reporte)
    client.force_login(escenario.personal)
    assert client.post(reverse(nombre, args=[reporte.plan_id, reporte.pk]), datos).status_code == 403
    assert _en_base(reporte) == antes


def test_el_personal_no_crea_reportes(client):
    escenario = armar_escenario()
    client.force_login(escenario.personal)
    respuesta = client.post(reverse("reporte_nuevo", args=[escenario.plan.pk]), {"plan": escenario.plan.pk, "desde": "2020-10", "hasta": "2020-12"})
    assert respuesta.status_code == 403 and not Reporte.objects.exists()


def test_el_equipo_de_trabajo_redacta_un_borrador_pero_no_lo_aprueba(client):
    escenario = armar_escenario()
    reporte = borrador(escenario)
    flujo.editar_textos(reporte=reporte, usuario=escenario.coordinador, firmante_nombre="Ana", firmante_cargo="Jefa")
    uno, dos = escenario.plan.componentes.order_by("numero")
    client.force_login(escenario.equipo)
    formulario = client.get(reverse("reporte_editar", args=[escenario.plan.pk, reporte.pk]))
    assert b"Firma (coordinaci" not in formulario.content  # la firma no se le ofrece
    datos = {f"c{uno.id}-logros": "Encuesta aplicada", f"c{dos.id}-dificultades": "Sin presupuesto",
             "firmante_nombre": "Intruso"}
    assert client.post(reverse("reporte_editar", args=[escenario.plan.pk, reporte.pk]), datos).status_code == 302
    assert ReporteComponente.objects.get(reporte=reporte, componente=uno).logros == "Encuesta aplicada"
    assert ReporteComponente.objects.get(reporte=reporte, componente=dos).dificultades == "Sin presupuesto"
    assert Reporte.objects.get(pk=reporte.pk).firmante_nombre == "Ana"  # la firma no cambió
    antes = _en_base(reporte)
    assert client.post(reverse("reporte_aprobar", args=[escenario.plan.pk, reporte.pk])).status_code == 403
    assert _en_base(reporte) == antes


def test_la_coordinacion_crea_con_el_periodo_por_defecto_y_aprueba(client):
    escenario = armar_escenario()
    client.force_login(escenario.coordinador)
    formulario = client.get(reverse("reporte_nuevo", args=[escenario.plan.pk]))
    assert formulario.context["form"]["desde"].value() == "2020-10"
    assert b'value="2021-03"' in formulario.content  # el último mes empezado del plan (ya terminado)
    respuesta = client.post(reverse("reporte_nuevo", args=[escenario.plan.pk]), {"plan": escenario.plan.pk, "desde": "2020-10", "hasta": "2020-12"})
    reporte = Reporte.objects.get()
    assert respuesta.url == reverse("reporte_detalle", args=[escenario.plan.pk, reporte.pk])
    client.post(reverse("reporte_editar", args=[escenario.plan.pk, reporte.pk]), {"firmante_nombre": "Ana", "firmante_cargo": "Jefa"})
    completar(reporte, escenario.coordinador)
    confirmacion = client.get(reverse("reporte_aprobar", args=[escenario.plan.pk, reporte.pk]))
    assert confirmacion.context["form"]["fecha_aprobacion"].value() == timezone.localdate()
    assert "Lo que se congela al aprobar" in confirmacion.content.decode()
    client.post(reverse("reporte_aprobar", args=[escenario.plan.pk, reporte.pk]), {"fecha_aprobacion": "2021-01-15"})
    aprobado_ = Reporte.objects.get()
    assert (aprobado_.estado, aprobado_.fecha_aprobacion) == (Reporte.Estado.APROBADO, date(2021, 1, 15))


def test_un_periodo_fuera_del_plan_se_explica_y_no_crea_nada(client):
    escenario = armar_escenario()
    client.force_login(escenario.coordinador)
    respuesta = client.post(reverse("reporte_nuevo", args=[escenario.plan.pk]), {"plan": escenario.plan.pk, "desde": "2020-10", "hasta": "2022-01"})
    assert respuesta.status_code == 200 and "está fuera del plan" in respuesta.content.decode()
    assert not Reporte.objects.exists()


def test_aprobar_sin_firma_muestra_el_motivo(client):
    escenario = armar_escenario()
    reporte = borrador(escenario)
    client.force_login(escenario.coordinador)
    respuesta = client.post(reverse("reporte_aprobar", args=[escenario.plan.pk, reporte.pk]), {"fecha_aprobacion": "2021-01-15"})
    assert "Falta el nombre y el cargo de quien firma" in respuesta.content.decode()
    assert Reporte.objects.get(pk=reporte.pk).estado == Reporte.Estado.BORRADOR


def test_un_reporte_aprobado_no_se_edita_ni_con_un_post_de_la_coordinacion(client):
    escenario = armar_escenario()
    reporte = aprobado(escenario)
    uno = escenario.plan.componentes.get(numero=1)
    antes = _en_base(reporte)
    client.force_login(escenario.coordinador)
    respuesta = client.post(reverse("reporte_editar", args=[escenario.plan.pk, reporte.pk]), {f"c{uno.id}-logros": "Otro"}, follow=True)
    assert "ya no se puede modificar" in respuesta.content.decode()
    assert _en_base(reporte) == antes


def test_la_remision_exige_oficio_y_solo_desde_aprobado(client):
    escenario = armar_escenario()
    reporte = borrador(escenario)
    client.force_login(escenario.coordinador)
    hoy = timezone.localdate().isoformat()
    respuesta = client.post(reverse("reporte_remision", args=[escenario.plan.pk, reporte.pk]), {"fecha_remision": hoy, "numero_oficio": "Of. 1"})
    assert "Solo un reporte aprobado" in respuesta.content.decode()
    assert Reporte.objects.get(pk=reporte.pk).estado == Reporte.Estado.BORRADOR
    reporte = aprobado(escenario)
    respuesta = client.post(reverse("reporte_remision", args=[escenario.plan.pk, reporte.pk]), {"fecha_remision": hoy})
    assert "Indique el número de oficio" in respuesta.content.decode()
    assert Reporte.objects.get(pk=reporte.pk).estado == Reporte.Estado.APROBADO
    client.post(reverse("reporte_remision", args=[escenario.plan.pk, reporte.pk]), {"fecha_remision": hoy, "numero_oficio": "Of. 2"})
    remitido = Reporte.objects.get(pk=reporte.pk)
    assert (remitido.estado, remitido.numero_oficio) == (Reporte.Estado.REMITIDO, "Of. 2")


def _plan_del_anexo(anexo2):
    for codigo in ("1.1.1", "3.2.1", "7.3"):
        programar(anexo2, codigo, date(2020, 11, 1), date(2020, 12, 1))
        registrar(anexo2, codigo, date(2020, 11, 1), 40, "Avance parcial")
    return anexo2


@pytest.mark.parametrize("tamano", ["anexo", "diez_veces"])
@pytest.mark.parametrize("aprobar", [False, True])
def test_la_pagina_del_reporte_hace_un_numero_fijo_de_consultas(client, django_assert_max_num_queries, request,
                                                                tamano, aprobar):
    if tamano == "anexo":
        plan = _plan_del_anexo(request.getfixturevalue("anexo2"))
    else:
        plan = crear_plan_sintetico(componentes=7, actividades=10, subactividades=10)  # 700 filas hoja
    coordinador = crear_usuario("coordinador", unidades=("OGPP",))
    reporte = flujo.crear_reporte(plan=plan, desde=date(2020, 10, 1), hasta=date(2021, 3, 1), usuario=coordinador)
    if aprobar:
        completar(reporte, coordinador)
        flujo.aprobar_reporte(reporte=reporte, usuario=coordinador)
    client.force_login(coordinador)
    with django_assert_max_num_queries(CONSULTAS[aprobar]):
        respuesta = client.get(reverse("reporte_detalle", args=[plan.pk, reporte.pk]))
    assert respuesta.status_code == 200
    assert b"Filas retrasadas" in respuesta.content
