"""Un solo patrón de errores en cada formulario (issue 25): al enviarlo con datos malos, la página dice
«Error: » al inicio del <title>, abre con un resumen «Hay un problema» que recibe el foco (autofocus) y
enlaza cada error a su campo, y nada se guarda."""

import re
from datetime import date

import pytest
from django.urls import reverse

from cronograma.models import Reporte
from cronograma.reportes import flujo
from tests.cronograma.reportes.escenario import armar_escenario, borrador, firmar_y_aprobar

pytestmark = pytest.mark.django_db


def _resumen(respuesta) -> tuple[str, list[tuple[str, str]]]:
    """(título, [(ancla, texto)]) del resumen de errores de la página."""
    html = respuesta.content.decode()
    titulo = re.search(r"<title>(.*?)</title>", html, re.DOTALL).group(1).strip()
    bloque = re.search(r'<div class="resumen-errores" id="resumen-errores" tabindex="-1" autofocus[^>]*>(.*?)</div>',
                       html, re.DOTALL)
    assert bloque, "sin resumen de errores con el foco"
    assert html.count('id="resumen-errores"') == 1  # uno solo, aunque la página tenga varios formularios
    enlaces = re.findall(r'<li><a href="(#[^"]+)">(.*?)</a></li>', bloque.group(1), re.DOTALL)
    for ancla, _ in enlaces:  # cada enlace lleva a un elemento que existe en la página
        assert f'id="{ancla[1:]}"' in html, ancla
    return titulo, enlaces


def _comprobar(respuesta, *, esperado: str) -> None:
    assert respuesta.status_code in (200, 400)
    titulo, enlaces = _resumen(respuesta)
    assert titulo.startswith("Error: ") and titulo.count("Error:") == 1, titulo
    assert enlaces and any(esperado in texto for _, texto in enlaces), enlaces


def test_nuevo_reporte(client):
    escenario = armar_escenario()
    client.force_login(escenario.coordinador)
    respuesta = client.post(reverse("reporte_nuevo", args=[escenario.plan.pk]), {"plan": escenario.plan.pk, "desde": "2020-12", "hasta": "2020-10"})
    assert not Reporte.objects.exists()
    _comprobar(respuesta, esperado="")


def test_editor_del_reporte_dice_de_que_componente_es_cada_error(client):
    escenario = armar_escenario()
    reporte = borrador(escenario)
    client.force_login(escenario.coordinador)
    uno = escenario.plan.componentes.get(numero=1)
    respuesta = client.post(reverse("reporte_editar", args=[reporte.plan_id, reporte.pk]),
                            {f"c{uno.id}-logros": "x" * 20000, "firmante_nombre": "Ana"})
    _comprobar(respuesta, esperado="Componente 1 · Logros:")
    reporte.refresh_from_db()
    assert reporte.firmante_nombre == ""


def test_aprobar_con_fecha_invalida(client):
    escenario = armar_escenario()
    reporte = borrador(escenario)
    flujo.editar_textos(reporte=reporte, usuario=escenario.coordinador, firmante_nombre="Ana", firmante_cargo="Jefa")
    from tests.cronograma.reportes.escenario import completar
    completar(reporte, escenario.coordinador)
    client.force_login(escenario.coordinador)
    respuesta = client.post(reverse("reporte_aprobar", args=[reporte.plan_id, reporte.pk]), {"fecha_aprobacion": "2020-11-30"})
    _comprobar(respuesta, esperado="Fecha de aprobación")
    assert Reporte.objects.get().estado == Reporte.Estado.BORRADOR


def test_remision_sin_oficio(client):
    escenario = armar_escenario()
    reporte = firmar_y_aprobar(escenario, borrador(escenario), fecha_aprobacion=date(2021, 1, 5))
    client.force_login(escenario.coordinador)
    respuesta = client.post(reverse("reporte_remision", args=[reporte.plan_id, reporte.pk]), {"fecha_remision": "2021-01-06"})
    _comprobar(respuesta, esperado="Número de oficio: Indique el número de oficio.")
    assert Reporte.objects.get().estado == Reporte.Estado.APROBADO


def test_copiar_un_plan(client):
    escenario = armar_escenario()
    client.force_login(escenario.coordinador)
    respuesta = client.post(reverse("copiar_plan"), {"origen": escenario.plan.pk, "servicio": "", "desde": "2022-13"})
    _comprobar(respuesta, esperado="Servicio del plan nuevo")


def test_importar_el_anexo_sin_archivo(client):
    escenario = armar_escenario()
    client.force_login(escenario.coordinador)
    _comprobar(client.post(reverse("importar_anexo2", args=[escenario.plan.pk]), {"mes": ""}), esperado="")


def test_iniciar_sesion(client):
    respuesta = client.post(reverse("login"), {"username": "nadie", "password": "mala"})
    _comprobar(respuesta, esperado="Usuario o contraseña incorrectos")


def test_una_pagina_sin_errores_no_lleva_resumen_ni_error_en_el_titulo(client):
    escenario = armar_escenario()
    client.force_login(escenario.coordinador)
    html = client.get(reverse("reporte_nuevo", args=[escenario.plan.pk])).content.decode()
    assert 'id="resumen-errores"' not in html and "<title>Error" not in html  # (la clase sí está en el CSS en línea)
