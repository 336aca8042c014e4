"""La matriz de compromisos: crear desde las medidas correctivas, actualizar, verificar, vencer, exportar."""

from datetime import date
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from componentes.models import Responsable
from cronograma.seguimiento import compromisos
from cronograma.seguimiento.direcciones import url_del_plan
from cronograma.seguimiento.models import Compromiso, EvidenciaCompromiso

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _crear(mundo, texto="Reforzar la difusión del servicio", siglas=("SDLGAT",), mes=date(2021, 6, 1)):
    return compromisos.crear_compromiso(
        reporte=mundo.reporte, texto=texto, responsables=Responsable.objects.filter(sigla__in=siglas),
        mes_limite=mes, usuario=mundo.coordinacion, componente=mundo.reporte.componentes.get().componente)


def _foto(compromiso):
    compromiso = Compromiso.objects.get(pk=compromiso.pk)
    return (compromiso.texto, compromiso.estado, compromiso.notas, compromiso.mes_limite, compromiso.version,
            sorted(compromiso.responsables.values_list("sigla", flat=True)), compromiso.history.count())


def test_cada_medida_correctiva_del_reporte_es_una_linea_y_se_vuelve_compromiso(mundo):
    medidas = compromisos.medidas_del_reporte(mundo.reporte)
    assert [m.texto for m in medidas] == ["Reforzar la difusión del servicio", "Capacitar a los conciliadores"]
    assert all(m.compromiso is None for m in medidas)
    compromiso = _crear(mundo)
    assert compromiso.estado == Compromiso.Estado.PENDIENTE and compromiso.fecha_pendiente is not None
    assert {h.history_user for h in compromiso.history.all()} == {mundo.coordinacion}
    assert compromisos.medidas_del_reporte(mundo.reporte)[0].compromiso == compromiso


def test_la_unidad_lo_pone_en_proceso_y_solo_la_coordinacion_lo_da_por_cumplido(mundo):
    compromiso = _crear(mundo)
    compromisos.actualizar_compromiso(compromiso=compromiso, usuario=mundo.sdlgat, version=1,
                                      estado="en_proceso", notas="Se pidió el presupuesto")
    compromiso.refresh_from_db()
    assert (compromiso.estado, compromiso.notas, compromiso.version) == ("en_proceso", "Se pidió el presupuesto", 2)
    assert compromiso.fecha_en_proceso is not None
    antes = _foto(compromiso)
    with pytest.raises(PermissionDenied):
        compromisos.actualizar_compromiso(compromiso=compromiso, usuario=mundo.sdlgat, version=2, estado="cumplido")
    with pytest.raises(PermissionDenied):  # ni el plazo ni el texto
        compromisos.actualizar_compromiso(compromiso=compromiso, usuario=mundo.sdlgat, version=2,
                                          mes_limite=date(2022, 1, 1))
    assert _foto(compromiso) == antes
    compromisos.actualizar_compromiso(compromiso=compromiso, usuario=mundo.coordinacion, version=2, estado="cumplido")
    compromiso.refresh_from_db()
    assert compromiso.estado == "cumplido" and compromiso.fecha_cumplido is not None
    assert not compromisos.vencido(compromiso)  # cumplido: nunca vencido
    with pytest.raises(PermissionDenied):  # la unidad no lo reabre
        compromisos.actualizar_compromiso(compromiso=compromiso, usuario=mundo.sdlgat, version=3, estado="en_proceso")


@pytest.mark.parametrize("quien", ["drtpelm", "revisor"])
def test_otra_unidad_o_un_revisor_no_cambian_nada(mundo, quien):
    compromiso = _crear(mundo)
    antes = _foto(compromiso)
    with pytest.raises(PermissionDenied):
        compromisos.actualizar_compromiso(compromiso=compromiso, usuario=getattr(mundo, quien), version=1,
                                          estado="en_proceso", notas="ajeno")
    with pytest.raises(PermissionDenied):
        compromisos.adjuntar_evidencia(compromiso=compromiso, usuario=getattr(mundo, quien),
                                       archivo=SimpleUploadedFile("acta.pdf", PDF))
    with pytest.raises(PermissionDenied):
        compromisos.crear_compromiso(reporte=mundo.reporte, texto="x", responsables=Responsable.objects.all(),
                                     mes_limite=date(2021, 6, 1), usuario=getattr(mundo, quien))
    assert _foto(compromiso) == antes and Compromiso.objects.count() == 1
    assert not EvidenciaCompromiso.objects.exists()


def test_en_un_plan_archivado_nadie_escribe(mundo):
    compromiso = _crear(mundo)
    mundo.plan.vigente, mundo.plan.archivado = False, True
    mundo.plan.save()
    antes = _foto(compromiso)
    for usuario in (mundo.coordinacion, mundo.sdlgat):
        with pytest.raises(ValidationError, match="archivado"):
            compromisos.actualizar_compromiso(compromiso=compromiso, usuario=usuario, version=1, notas="tarde")
        with pytest.raises(ValidationError, match="archivado"):
            compromisos.adjuntar_evidencia(compromiso=compromiso, usuario=usuario, archivo=SimpleUploadedFile("a.pdf", PDF))
    with pytest.raises(ValidationError, match="archivado"):
        _crear(mundo, texto="Otro")
    assert _foto(compromiso) == antes and Compromiso.objects.count() == 1
    assert not EvidenciaCompromiso.objects.exists()


def test_dos_personas_a_la_vez_la_segunda_se_entera_y_no_pisa_nada(mundo):
    compromiso = _crear(mundo)
    compromisos.actualizar_compromiso(compromiso=compromiso, usuario=mundo.sdlgat, version=1, notas="Primera")
    antes = _foto(compromiso)
    with pytest.raises(compromisos.ConflictoDeCompromiso) as conflicto:
        compromisos.actualizar_compromiso(compromiso=compromiso, usuario=mundo.coordinacion, version=1, notas="Segunda")
    assert conflicto.value.autor == "ana_sdlgat" and conflicto.value.actual.notas == "Primera"
    assert _foto(compromiso) == antes


def test_vencido_se_deduce_del_mes_limite_sin_que_nadie_lo_cambie(mundo):
    compromiso = _crear(mundo, mes=date(2021, 6, 1))
    assert compromisos.vencido(compromiso, hoy=date(2021, 7, 1))
    assert not compromisos.vencido(compromiso, hoy=date(2021, 6, 30))  # el mes aún no termina
    assert compromisos.por_vencer(compromiso, hoy=date(2021, 6, 25))
    assert not compromisos.por_vencer(compromiso, hoy=date(2021, 6, 20))
    assert Compromiso.objects.get(pk=compromiso.pk).estado == "pendiente"


def test_limites_de_texto_y_mes(mundo):
    with pytest.raises(ValidationError, match="1000 caracteres"):
        _crear(mundo, texto="x" * 1001)
    with pytest.raises(ValidationError, match="unidad responsable"):
        _crear(mundo, siglas=())
    with pytest.raises(ValidationError, match="anterior al periodo"):
        _crear(mundo, mes=date(2020, 1, 1))
    compromiso = _crear(mundo)
    with pytest.raises(ValidationError, match="2000 caracteres"):
        compromisos.actualizar_compromiso(compromiso=compromiso, usuario=mundo.sdlgat, version=1, notas="n" * 2001)
    assert Compromiso.objects.get().notas == ""


def test_evidencias_con_las_mismas_revisiones_que_las_del_avance(mundo):
    compromiso = _crear(mundo)
    with pytest.raises(ValidationError, match="no es PDF"):
        compromisos.adjuntar_evidencia(compromiso=compromiso, usuario=mundo.sdlgat,
                                       archivo=SimpleUploadedFile("acta.pdf", b"MZ\x90\x00 no es un pdf"))
    assert not EvidenciaCompromiso.objects.exists()
    evidencia = compromisos.adjuntar_evidencia(compromiso=compromiso, usuario=mundo.sdlgat,
                                               archivo=SimpleUploadedFile("acta final.pdf.exe", PDF))
    assert (evidencia.nombre_original, evidencia.tipo) == ("acta final.pdf", "application/pdf")
    with evidencia.archivo.open("rb") as archivo:
        assert archivo.read() == PDF


def test_pagina_filtra_por_unidad_y_estado_y_muestra_vencido(client, mundo, django_assert_max_num_queries):
    a = _crear(mundo, texto="Compromiso de SDLGAT", siglas=("SDLGAT",), mes=date(2021, 6, 1))
    _crear(mundo, texto="Compromiso de DRTPELM", siglas=("DRTPELM",), mes=date(2099, 6, 1))
    for i in range(10):
        _crear(mundo, texto=f"Otro {i}", siglas=("SDLGAT", "DRTPELM"), mes=date(2099, 1, 1))
    client.force_login(mundo.sdlgat)
    url = url_del_plan("compromisos", mundo.plan)
    with django_assert_max_num_queries(12):
        pagina = client.get(url, {"unidad": "DRTPELM"}).content.decode()
    assert "Compromiso de DRTPELM" in pagina and "Compromiso de SDLGAT" not in pagina
    pagina = client.get(url, {"estado": "vencido"}).content.decode()
    assert "Compromiso de SDLGAT" in pagina and "Vencido" in pagina and "Otro 1" not in pagina
    # Un filtro sin sentido no rompe la página: se dice y se muestran todos.
    respuesta = client.get(url, {"unidad": "<XYZ>", "estado": "inventado"})
    assert respuesta.status_code == 200 and "No existe la unidad" in respuesta.content.decode()
    assert a.texto in respuesta.content.decode()


def test_exportacion_xlsx_leida_de_vuelta_con_formulas_como_texto(client, mundo):
    _crear(mundo, texto="=HYPERLINK(\"http://malo\",\"clic\")")
    client.force_login(mundo.revisor)
    respuesta = client.get(url_del_plan("compromisos_xlsx", mundo.plan))
    assert respuesta.status_code == 200
    libro = load_workbook(BytesIO(respuesta.content))
    filas = list(libro["Compromisos"].iter_rows(values_only=True))
    assert filas[1][:7] == ("N°", "Compromiso", "Componente", "Reporte de origen", "Unidades responsables",
                            "Mes límite", "Estado")
    assert filas[2][1] == '=HYPERLINK("http://malo","clic")' and filas[2][6] == "Vencido"
    assert libro["Compromisos"].cell(3, 2).data_type == "s"  # texto, no fórmula


def test_el_siguiente_reporte_lista_los_abiertos_al_empezar_y_que_paso(mundo):
    from django.utils import timezone

    from cronograma.reportes import flujo
    from cronograma.reportes.datos import congelar, descongelar, generar

    abierto = _crear(mundo, texto="Reforzar la difusión del servicio")
    cumplido = _crear(mundo, texto="Capacitar a los conciliadores")
    cerrado_antes = _crear(mundo, texto="Cerrado antes del periodo")
    # La historia en fechas del pasado: uno creado antes del periodo siguiente, otro ya empezado (la matriz
    # se arma al aprobar el reporte), y uno que se cerró antes de empezar.
    fechas = {abierto.pk: (2020, 12, 15), cumplido.pk: (2021, 1, 20), cerrado_antes.pk: (2020, 12, 15)}
    for pk, fecha in fechas.items():
        Compromiso.history.filter(id=pk).update(history_date=timezone.make_aware(timezone.datetime(*fecha)))
    compromisos.actualizar_compromiso(compromiso=cerrado_antes, usuario=mundo.coordinacion, version=1,
                                      estado="no_cumplido")
    Compromiso.history.filter(id=cerrado_antes.pk, estado="no_cumplido").update(
        history_date=timezone.make_aware(timezone.datetime(2020, 12, 20)))
    compromisos.actualizar_compromiso(compromiso=cumplido, usuario=mundo.coordinacion, version=1, estado="cumplido")
    Compromiso.history.filter(id=cumplido.pk, estado="cumplido").update(
        history_date=timezone.make_aware(timezone.datetime(2021, 2, 10)))
    cifras = generar(mundo.plan, desde=date(2021, 1, 1), hasta=date(2021, 3, 1))
    por_texto = {c.texto: c for c in cifras.compromisos}
    assert set(por_texto) == {"Reforzar la difusión del servicio", "Capacitar a los conciliadores"}
    assert (por_texto["Capacitar a los conciliadores"].estado_al_inicio,
            por_texto["Capacitar a los conciliadores"].estado_al_cierre) == ("Pendiente", "Cumplido")
    assert por_texto["Reforzar la difusión del servicio"].estado_al_cierre == "Pendiente"  # jun-2021: aún en plazo
    assert descongelar(congelar(cifras)).compromisos == cifras.compromisos  # la foto lo conserva
    # El PDF y el Excel del reporte llevan la sección.
    from cronograma.reportes.datos import datos_del_reporte
    from cronograma.reportes.salidas import libro_del_reporte

    siguiente = flujo.crear_reporte(plan=mundo.plan, desde=date(2021, 1, 1), hasta=date(2021, 3, 1),
                                    usuario=mundo.coordinacion)
    libro = load_workbook(BytesIO(libro_del_reporte(datos_del_reporte(siguiente))))
    textos = [fila for fila in libro["Compromisos"].iter_rows(values_only=True)]
    assert any(fila[1] == "Capacitar a los conciliadores" and fila[5] == "Cumplido" for fila in textos)
