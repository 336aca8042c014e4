"""Punto 1 del issue 15: ninguna entrada da un 500 ni escribe nada que no se haya aceptado.

Hypothesis genera, por cada URL de la aplicación, parámetros de consulta y campos de formulario hostiles
(por tipo: meses, números, ids, textos; ver `valores.py`) y comprueba dos cosas:
- la respuesta nunca es 5xx (un 4xx, una redirección o la página con su mensaje en castellano);
- una petición que no fue aceptada no escribió nada: se capturan las consultas SQL y no puede haber un
  INSERT/UPDATE/DELETE (salvo la sesión) si la respuesta no es la redirección de un envío aceptado.
Corre igual sobre SQLite y PostgreSQL (DATABASE_URL). `CALIDAD_EJEMPLOS_HYPOTHESIS` sube los ejemplos.
"""

import os
import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings as hyp_settings
from hypothesis import strategies as st

from cronograma.mensual.evidencias import adjuntar_evidencia
from cronograma.models import Avance
from tests.cronograma.reportes.escenario import armar_escenario, borrador
from tests.hostiles.valores import texto_hostil

EJEMPLOS = int(os.environ.get("CALIDAD_EJEMPLOS_HYPOTHESIS", "12"))
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
ESCRITURA = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
TABLAS_DE_SESION = ("django_session", "axes_")
PARAMETROS_GET = ["mes", "componente", "unidad", "plan", "desde", "hasta", "siguiente", "next", "page", "codigo", "estado"]
CAMPOS_POST = [
    "porcentaje", "comentario", "mes", "version", "siguiente", "motivo", "accion", "plan", "desde", "hasta",
    "fecha_remision", "numero_oficio", "firmante_nombre", "firmante_cargo", "token", "archivo",
]
# Ejemplos por URL: las salidas pesadas (PDF, Excel) no leen parámetros y bastan unos pocos.
PESADAS = {"reporte_pdf", "reporte_xlsx", "anexo2_xlsx"}


@pytest.fixture
def mundo(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    escenario = armar_escenario()
    reporte = borrador(escenario)
    avance = Avance.objects.filter(actividad__componente__plan=escenario.plan).order_by("pk").first()
    evidencia = adjuntar_evidencia(
        avance=avance, archivo=SimpleUploadedFile("acta.pdf", PDF, "application/pdf"), usuario=escenario.coordinador
    )
    componentes = list(escenario.plan.componentes.values_list("pk", flat=True))
    campos = CAMPOS_POST + [f"c{pk}-{campo}" for pk in componentes for campo in ("logros", "dificultades", "medidas_correctivas")]
    urls = {
        "inicio": reverse("inicio"),
        "mis_actividades": reverse("mis_actividades"),
        "grilla": reverse("grilla", args=[escenario.plan.pk]),
        "fila": reverse("fila", args=[escenario.plan.pk, "1.1.1"]),
        "formulario_celda": reverse("formulario_celda", args=[escenario.plan.pk, "1.1.1"]),
        "registrar": reverse("registrar", args=[escenario.plan.pk, "1.1.1"]),
        "anexo2_xlsx": reverse("anexo2_xlsx", args=[escenario.plan.pk]),
        "importar_anexo2": reverse("importar_anexo2", args=[escenario.plan.pk]),
        "confirmar_importacion_anexo2": reverse("confirmar_importacion_anexo2", args=[escenario.plan.pk]),
        "evidencias_avance": reverse("evidencias_avance", args=[escenario.plan.pk, avance.pk]),
        "descargar_evidencia": reverse("descargar_evidencia", args=[escenario.plan.pk, evidencia.pk]),
        "retirar_evidencia": reverse("retirar_evidencia", args=[escenario.plan.pk, evidencia.pk]),
        "cierres": reverse("cierres", args=[escenario.plan.pk]),
        "pendientes": reverse("pendientes"),
        "tablero": reverse("tablero", args=[escenario.plan.pk]),
        "reportes": reverse("reportes", args=[escenario.plan.pk]),
        "reporte_nuevo": reverse("reporte_nuevo", args=[escenario.plan.pk]),
        "reporte_detalle": reverse("reporte_detalle", args=[escenario.plan.pk, reporte.pk]),
        "reporte_editar": reverse("reporte_editar", args=[escenario.plan.pk, reporte.pk]),
        "reporte_aprobar": reverse("reporte_aprobar", args=[escenario.plan.pk, reporte.pk]),
        "reporte_remision": reverse("reporte_remision", args=[escenario.plan.pk, reporte.pk]),
        "reporte_pdf": reverse("reporte_pdf", args=[escenario.plan.pk, reporte.pk]),
        "reporte_xlsx": reverse("reporte_xlsx", args=[escenario.plan.pk, reporte.pk]),
        "password_change": reverse("password_change"),
    }
    return {"escenario": escenario, "urls": urls, "campos": campos}


def _escrituras(consultas) -> list[str]:
    return [
        c["sql"][:120] for c in consultas
        if ESCRITURA.match(c["sql"]) and not any(tabla in c["sql"] for tabla in TABLAS_DE_SESION)
    ]


def _pedir(client, metodo: str, url: str, datos: dict):
    with CaptureQueriesContext(connection) as consultas:
        respuesta = client.get(url, datos) if metodo == "GET" else client.post(url, datos)
    assert respuesta.status_code < 500, f"{metodo} {url} {datos!r}: {respuesta.status_code}"
    aceptada = metodo == "POST" and respuesta.status_code == 302
    if not aceptada:
        assert _escrituras(consultas) == [], f"{metodo} {url} {datos!r} no fue aceptada y escribió"
    return respuesta


NOMBRES = [
    "inicio", "mis_actividades", "grilla", "fila", "formulario_celda", "registrar", "anexo2_xlsx",
    "importar_anexo2", "confirmar_importacion_anexo2", "evidencias_avance", "descargar_evidencia",
    "retirar_evidencia", "cierres", "pendientes", "tablero", "reportes", "reporte_nuevo", "reporte_detalle",
    "reporte_editar", "reporte_aprobar", "reporte_remision", "reporte_pdf", "reporte_xlsx", "password_change",
]


@pytest.mark.parametrize("nombre", NOMBRES)
def test_parametros_y_campos_hostiles_nunca_dan_500_ni_escriben(client, mundo, nombre):
    client.force_login(mundo["escenario"].coordinador)
    url = mundo["urls"][nombre]
    ejemplos = 2 if nombre in PESADAS else EJEMPLOS

    @hyp_settings(max_examples=ejemplos, deadline=None, database=None,
                  suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(
        consulta=st.dictionaries(st.sampled_from(PARAMETROS_GET), texto_hostil, max_size=4),
        formulario=st.dictionaries(st.sampled_from(mundo["campos"]), texto_hostil, max_size=8),
    )
    def probar(consulta, formulario):
        _pedir(client, "GET", url, consulta)
        if nombre not in PESADAS:
            _pedir(client, "POST", url + "?" + "&".join(f"{k}=x" for k in list(consulta)[:1]), formulario)

    probar()


@given(codigo=texto_hostil)
@hyp_settings(max_examples=EJEMPLOS * 3, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_codigos_de_fila_hostiles_en_la_ruta(client, mundo, codigo):
    client.force_login(mundo["escenario"].coordinador)
    codigo = codigo.replace("/", "_") or "x"
    for nombre in ("fila", "formulario_celda", "registrar"):
        try:
            url = reverse(nombre, args=[codigo])
        except Exception:  # noqa: BLE001 - un texto que la ruta no admite no llega a ninguna vista
            continue
        _pedir(client, "GET", url, {})
        _pedir(client, "POST", url, {"porcentaje": "10", "mes": "2020-11", "version": "0"})


@pytest.mark.parametrize("ruta", [
    "/reportes/{}/", "/reportes/{}/pdf/", "/reportes/{}/editar/", "/avances/{}/evidencias/",
    "/evidencias/{}/descargar/", "/evidencias/{}/retirar/", "/admin/cronograma/avance/{}/change/",
    "/admin/componentes/plan/{}/change/", "/admin/cronograma/reporte/{}/history/",
])
@pytest.mark.parametrize("numero", ["0", "2147483648", "9223372036854775808", "99999999999999999999999"])
def test_ids_enormes_en_la_ruta_son_404(client, mundo, admin_user, ruta, numero):
    client.force_login(admin_user)
    respuesta = _pedir(client, "GET", ruta.format(numero), {})
    assert respuesta.status_code in (302, 404, 405)


PARAMETROS_ADMIN = ["q", "o", "p", "e", "all", "mes", "mes__gte", "mes__month", "mes__year", "plan__id__exact",
                    "actividad__componente__plan__id__exact", "cerrado__exact", "estado__exact", "_changelist_filters"]


def _changelists():
    from django.contrib.admin.sites import site

    return sorted(f"/admin/{m._meta.app_label}/{m._meta.model_name}/" for m in site._registry)


@pytest.mark.parametrize("url", _changelists())
def test_parametros_hostiles_en_las_listas_del_admin(client, mundo, admin_user, url):
    client.force_login(admin_user)

    @hyp_settings(max_examples=max(EJEMPLOS // 2, 3), deadline=None, database=None,
                  suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(consulta=st.dictionaries(st.sampled_from(PARAMETROS_ADMIN), texto_hostil, max_size=3))
    def probar(consulta):
        _pedir(client, "GET", url, consulta)

    probar()
