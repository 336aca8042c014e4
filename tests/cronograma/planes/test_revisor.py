"""El revisor (SGP, auditoría interna) lee todo y no escribe nada: cada escritura se intenta y se rechaza."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from componentes.models import Actividad, Componente, Plan, Subactividad
from cronograma.mensual.evidencias import adjuntar_evidencia
from cronograma.models import Avance, CierreMensual, Evidencia, MesProgramado, Reporte, ReporteComponente
from cronograma.permisos import perfil_de, puede_registrar_avance, puede_ver_reportes, puede_ver_todo
from cronograma.reportes.flujo import crear_reporte
from tests.cronograma.planes.escenario import dos_planes  # noqa: F401 (fixture)
from tests.factories import hoja

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
MODELOS = (Plan, Componente, Actividad, Subactividad, MesProgramado, Avance, Evidencia, CierreMensual, Reporte, ReporteComponente)


def _foto():
    return tuple((m.objects.count(), m.history.count()) for m in MODELOS) + (
        tuple(Plan.objects.order_by("id").values_list("vigente", "archivado")),
        tuple(Reporte.objects.order_by("id").values_list("estado", flat=True)),
    )


@pytest.fixture
def con_todo(dos_planes, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    avance = Avance.objects.get(comentario="COMENTARIO-A")
    evidencia = adjuntar_evidencia(avance=avance, archivo=SimpleUploadedFile("acta.pdf", PDF, "application/pdf"),
                                   usuario=dos_planes.coordinador)
    reporte = crear_reporte(plan=dos_planes.a, desde=date(2020, 10, 1), hasta=date(2021, 3, 1), usuario=dos_planes.coordinador)
    return dos_planes, avance, evidencia, reporte


def test_el_perfil_del_revisor_lee_y_no_escribe(dos_planes):
    perfil = perfil_de(dos_planes.revisor)
    assert perfil.revisor and not perfil.coordinador and not perfil.escribe
    assert puede_ver_todo(perfil) and puede_ver_reportes(perfil)
    assert not puede_registrar_avance(perfil, hoja(dos_planes.a, "1.1.1"))


def test_un_revisor_que_ademas_es_de_una_unidad_tampoco_escribe(dos_planes):
    from componentes.models import Responsable
    Responsable.objects.get(sigla="OGPP").usuarios.add(dos_planes.revisor)
    perfil = perfil_de(dos_planes.revisor)
    assert perfil.siglas == {"OGPP"} and not perfil.coordinador
    assert not puede_registrar_avance(perfil, hoja(dos_planes.a, "2.1"))


def test_el_revisor_ve_todas_las_paginas_reportes_exportaciones_y_evidencias(client, con_todo):
    planes, avance, evidencia, reporte = con_todo
    client.force_login(planes.revisor)
    a, b = planes.a.pk, planes.b.pk
    for url in ["/", "/planes/", f"/planes/{a}/cronograma/", f"/planes/{b}/cronograma/", f"/planes/{a}/cronograma/fila/1.1.1/",
                f"/planes/{b}/tablero/", f"/planes/{a}/pendientes/", f"/planes/{a}/cierres/", f"/planes/{a}/reportes/",
                f"/planes/{reporte.plan.pk}/reportes/{reporte.pk}/", f"/planes/{reporte.plan.pk}/reportes/{reporte.pk}/xlsx/", f"/planes/{a}/cronograma/anexo2.xlsx",
                f"/planes/{b}/matriz/", f"/planes/{b}/matriz.xlsx", f"/planes/{reporte.plan.pk}/avances/{avance.pk}/evidencias/",
                f"/planes/{reporte.plan.pk}/evidencias/{evidencia.pk}/descargar/", "/mis-actividades/"]:
        assert client.get(url).status_code == 200, url
    pagina = client.get(f"/planes/{a}/cronograma/").content.decode()
    assert "/formulario/" not in pagina and 'name="porcentaje"' not in pagina  # ni un formulario de avance
    assert "<form" not in client.get(f"/planes/{a}/cierres/").content.decode().split('id="contenido"')[1]


def test_cada_escritura_del_revisor_se_rechaza_y_nada_cambia(client, con_todo):
    planes, avance, evidencia, reporte = con_todo
    client.force_login(planes.revisor)
    a, b = planes.a.pk, planes.b.pk
    antes = _foto()
    intentos = [
        ("post", f"/planes/{a}/cronograma/fila/1.1.1/registrar/", {"mes": "2020-11", "porcentaje": "50", "version": "0"}),
        ("get", f"/planes/{a}/cronograma/fila/1.1.1/formulario/?mes=2020-11", None),
        ("post", f"/planes/{reporte.plan.pk}/avances/{avance.pk}/evidencias/", {"archivo": SimpleUploadedFile("otra.pdf", PDF, "application/pdf")}),
        ("post", f"/planes/{reporte.plan.pk}/evidencias/{evidencia.pk}/retirar/", {"motivo": "auditoría"}),
        ("post", f"/planes/{a}/cierres/", {"mes": "2020-10-01", "accion": "cerrar"}),
        ("get", f"/planes/{a}/cronograma/importar/", None),
        ("post", f"/planes/{a}/cronograma/importar/confirmar/", {"token": "x"}),
        ("get", f"/planes/{a}/reportes/nuevo/", None),
        ("post", f"/planes/{a}/reportes/nuevo/", {"plan": a, "desde": "2020-10", "hasta": "2021-03"}),
        ("post", f"/planes/{reporte.plan.pk}/reportes/{reporte.pk}/editar/", {}),
        ("post", f"/planes/{reporte.plan.pk}/reportes/{reporte.pk}/aprobar/", {}),
        ("post", f"/planes/{reporte.plan.pk}/reportes/{reporte.pk}/remision/", {"fecha_remision": "2021-04-01", "numero_oficio": "1"}),
        ("get", "/planes/nuevo/", None),
        ("post", "/planes/nuevo/confirmar/", {"token": "x"}),
        ("post", "/planes/copiar/", {"origen": a, "servicio": "X", "desde": "2027-01", "hasta": "2027-06", "meses": "vacios"}),
        ("post", f"/planes/{b}/archivar-plan/", {}),
        ("post", f"/planes/{b}/marcar-vigente/", {}),
    ]
    for metodo, url, datos in intentos:
        extra = {"HTTP_HX_REQUEST": "true"} if url.endswith("formulario/?mes=2020-11") else {}
        respuesta = getattr(client, metodo)(url, datos, **extra) if datos is not None else getattr(client, metodo)(url, **extra)
        assert respuesta.status_code == 403, (url, respuesta.status_code)
    assert _foto() == antes
