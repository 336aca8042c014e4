"""Cada escritura del seguimiento, intentada por la dirección por cada rol que debe ser rechazado: la
respuesta lo dice y nada cambia (compromisos, evidencias, revisiones, avisos)."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from componentes.models import Responsable
from cronograma.seguimiento import compromisos, observaciones
from cronograma.seguimiento.direcciones import url_del_plan
from cronograma.seguimiento.models import Aviso, AvisoDesactivado, Compromiso, EvidenciaCompromiso, MensajeRevision, Revision

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _todo():
    """Todo lo que el seguimiento guarda, con sus historias: si algo cambia, cambia esto."""
    return (
        list(Compromiso.objects.order_by("pk").values_list("pk", "texto", "estado", "notas", "mes_limite", "version")),
        Compromiso.history.count(), EvidenciaCompromiso.objects.count(),
        list(Revision.objects.values_list("pk", "estado")), MensajeRevision.objects.count(),
        list(Aviso.objects.values_list("pk", "leido_en")), AvisoDesactivado.objects.count(),
    )


@pytest.fixture
def con_compromiso(mundo):
    mundo.compromiso = compromisos.crear_compromiso(
        reporte=mundo.reporte, texto="Capacitar", responsables=Responsable.objects.filter(sigla="SDLGAT"),
        mes_limite=date(2021, 6, 1), usuario=mundo.coordinacion)
    observaciones.observar(avance=mundo.avance, motivo="Falta el acta", usuario=mundo.coordinacion)
    return mundo


def _escrituras(m):
    plan = m.plan
    c = m.compromiso.pk
    return {
        "crear": (url_del_plan("compromisos_desde_reporte", plan, reporte_id=m.reporte.pk),
                  {"texto": "Nuevo", "responsables": ["SDLGAT"], "mes_limite": "2021-06"}),
        "actualizar_unidad": (url_del_plan("compromiso", plan, compromiso_id=c),
                              {"version": "1", "estado": "en_proceso", "notas": "ajeno"}),
        "verificar": (url_del_plan("compromiso", plan, compromiso_id=c),
                      {"version": "1", "texto": "Otro", "responsables": ["DRTPELM"], "mes_limite": "2021-07",
                       "estado": "cumplido", "notas": ""}),
        "evidencia": (url_del_plan("compromiso_evidencia", plan, compromiso_id=c),
                      {"archivo": SimpleUploadedFile("acta.pdf", PDF)}),
        "observar": (url_del_plan("revision_avance", plan, avance_id=m.avance.pk), {"accion": "observar", "texto": "x"}),
        "conforme": (url_del_plan("revision_avance", plan, avance_id=m.avance.pk), {"accion": "conforme"}),
        "responder": (url_del_plan("revision_avance", plan, avance_id=m.avance.pk), {"accion": "responder", "texto": "x"}),
    }


# (rol, escrituras que debe ver rechazadas)
RECHAZOS = [
    ("drtpelm", ["crear", "actualizar_unidad", "evidencia", "observar", "conforme", "responder"]),
    ("sdlgat", ["crear", "verificar", "observar", "conforme"]),
    ("revisor", ["crear", "actualizar_unidad", "verificar", "evidencia", "observar", "conforme", "responder"]),
]


@pytest.mark.parametrize(("rol", "escrituras"), RECHAZOS)
def test_cada_rol_rechazado_no_cambia_nada(client, con_compromiso, rol, escrituras):
    client.force_login(getattr(con_compromiso, rol))
    todas = _escrituras(con_compromiso)
    antes = _todo()
    for nombre in escrituras:
        url, datos = todas[nombre]
        respuesta = client.post(url, datos)
        assert respuesta.status_code in (403, 302, 400), (nombre, respuesta.status_code)
        if respuesta.status_code == 302:  # rechazo con mensaje (p. ej. un estado que la unidad no puede poner)
            mensajes = [str(m) for m in respuesta.wsgi_request._messages]
            assert mensajes and not any("actualizado" in m or "creado" in m for m in mensajes), (nombre, mensajes)
        assert _todo() == antes, nombre


def test_en_un_plan_archivado_nadie_escribe_por_la_direccion(client, con_compromiso):
    m = con_compromiso
    m.plan.vigente, m.plan.archivado = False, True
    m.plan.save()
    antes = _todo()
    for rol in ("coordinacion", "sdlgat"):
        client.force_login(getattr(m, rol))
        for nombre, (url, datos) in _escrituras(m).items():
            if hasattr(datos.get("archivo"), "seek"):
                datos["archivo"].seek(0)
            client.post(url, datos)
            assert _todo() == antes, (rol, nombre)
    pagina = client.get(url_del_plan("compromiso", m.plan, compromiso_id=m.compromiso.pk)).content.decode()
    assert "Guardar" not in pagina and "Adjuntar" not in pagina  # sin formularios


def test_avisos_y_preferencias_son_de_cada_persona(client, con_compromiso):
    m = con_compromiso
    aviso = Aviso.objects.get(usuario=m.sdlgat)
    client.force_login(m.drtpelm)
    client.post("/avisos/", {"aviso": [str(aviso.pk)]})  # marcar leídos los de otro: no toca nada
    assert Aviso.objects.get(pk=aviso.pk).leido_en is None
    client.force_login(m.revisor)
    antes = _todo()
    assert client.post("/avisos/preferencias/", {"por_correo": []}).status_code == 403  # solo lectura
    assert _todo() == antes
