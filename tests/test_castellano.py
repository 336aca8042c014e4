"""Castellano en todo (issue 25): la historia escrita para personas, la sección de bloqueos del admin
(django-axes), las tildes de los rótulos y «¿Cómo se calcula?» junto a las cifras."""

import re
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from cronograma.planes.creacion import PlanDesdeLibro
from cronograma.templatetags.historia import para_personas
from tests.cronograma.reportes.escenario import armar_escenario, borrador
from tests.factories import crear_actividad, crear_componente, crear_plan, crear_responsable, crear_usuario


@pytest.mark.parametrize(("valor", "texto"), [
    (None, "—"), ("", "—"), ([], "—"), (["OGPP", "SG"], "OGPP, SG"), (True, "Sí"), (False, "No"),
    (date(2021, 1, 12), "12 de enero de 2021"), (Decimal("45.5"), "45,5"), ("Texto", "Texto"),
    (datetime(2021, 1, 12, 15, 30, tzinfo=ZoneInfo("UTC")), "12 de enero de 2021, 10:30"),  # hora de Lima
])
def test_valores_de_la_historia_para_personas(valor, texto):
    assert para_personas(valor) == texto


def _tabla_de_historia(html: str) -> str:
    inicio = html.index('id="change-history"')
    return re.sub(r"\s+", " ", html[inicio:html.index("</table>", inicio)])


@pytest.mark.django_db
def test_la_historia_del_admin_sin_none_ni_listas_de_python(client):
    plan = crear_plan()
    actividad = crear_actividad(crear_componente(plan, 1), 1)
    actividad.responsables.set([crear_responsable("OGPP"), crear_responsable("SG")])
    client.force_login(crear_usuario(is_superuser=True, is_staff=True))
    tabla = _tabla_de_historia(client.get(f"/admin/componentes/actividad/{actividad.pk}/history/").content.decode())
    assert "None" not in tabla and "[" not in tabla and "Ninguno" not in tabla
    assert "Responsables:</strong> — &nbsp;&rarr;&nbsp;&nbsp;OGPP, SG" in tabla
    assert "Motivo del cambio" in _tabla_de_historia(
        client.get(f"/admin/componentes/actividad/{actividad.pk}/history/").content.decode())


@pytest.mark.django_db
def test_la_seccion_de_bloqueos_del_admin_en_castellano(client):
    from axes.models import AccessAttempt

    AccessAttempt.objects.create(user_agent="Firefox", ip_address="10.0.0.1", username="ana", http_accept="*/*",
                                 path_info="/accounts/login/", get_data="", post_data="", failures_since_start=2)
    client.force_login(crear_usuario(is_superuser=True, is_staff=True))
    indice = client.get("/admin/").content.decode()
    assert "Intentos de acceso" in indice and "Access attempts" not in indice
    lista = client.get("/admin/axes/accessattempt/").content.decode()
    for texto in ("Usuario", "Ruta", "Dirección IP", "Fecha y hora del intento"):
        assert texto in lista, texto
    for texto in ("Access attempts", "Username", ">Path<", "IP Address", "Attempt Time"):
        assert texto not in lista, texto


def test_la_vista_previa_de_un_plan_nuevo_lleva_tildes():
    previa = PlanDesdeLibro(campos={"caracter": "OBLIGATORIO", "version": "2", "frecuencia": "MENSUAL"})
    assert previa.rotulos == [("Carácter", "OBLIGATORIO"), ("Versión", "2"), ("Frecuencia de la medición", "MENSUAL")]


@pytest.mark.django_db
def test_como_se_calcula_en_la_grilla_la_fila_y_el_reporte(client, settings):
    settings.CALIDAD_SEMAFORO_VERDE, settings.CALIDAD_SEMAFORO_AMBAR = 0.85, 0.6
    escenario = armar_escenario()
    reporte = borrador(escenario)
    client.force_login(escenario.coordinador)
    paginas = {
        "grilla": client.get(reverse("grilla", args=[escenario.plan.pk])),
        "fila": client.get(reverse("fila", args=[escenario.plan.pk, "1.1.1"])),
        "reporte": client.get(reverse("reporte_detalle", args=[escenario.plan.pk, reporte.pk])),
    }
    for nombre, respuesta in paginas.items():
        html = respuesta.content.decode()
        assert respuesta.status_code == 200, nombre
        assert "¿Cómo se calcula?" in html, nombre
        for regla in ("Consolidados y pesos", "Programado", "Semáforo", "Estado"):
            assert f"<dt>{regla}</dt>" in html, (nombre, regla)
        assert "verde desde el 85 %" in html and "ámbar desde el 60 %" in html, nombre  # los umbrales vigentes
