"""Meses cerrados: sin recordatorios, la página de pendientes lo dice, la importación no ofrece cambiarlos,
y /cierres/ muestra cada cierre y reapertura con su motivo y su usuario."""

import io
from io import StringIO

import pytest

from componentes.models import Plan
from django.core.management import call_command
from django.urls import reverse

from cronograma.anexo import subidas
from cronograma.mensual.cierres import cerrar_mes, reabrir_mes
from cronograma.models import Avance, CierreMensual
from tests.cronograma.anexo.libros import DIC, crear_plan_pequeno, fila_de, foto_de_la_base, libro_retocado
from tests.cronograma.mensual.escenario import NOV, mes_chico  # noqa: F401 (fixture)
from tests.factories import crear_usuario

pytestmark = pytest.mark.django_db


def test_no_se_envian_recordatorios_de_un_mes_cerrado_y_la_orden_dice_por_que(mes_chico, mailoutbox):
    cerrar_mes(plan=mes_chico.plan, mes=NOV, usuario=mes_chico.coordinador)
    salida = StringIO()
    call_command("send_reminders", "--mes", "2020-11", stdout=salida)
    assert mailoutbox == []
    assert "Noviembre 2020 está cerrado" in salida.getvalue() and "no se envían recordatorios" in salida.getvalue()
    # reabierto, vuelven a enviarse
    reabrir_mes(plan=mes_chico.plan, mes=NOV, usuario=mes_chico.coordinador, motivo="Faltó SDLGAT")
    call_command("send_reminders", "--mes", "2020-11", stdout=StringIO())
    assert len(mailoutbox) == 2


def test_la_pagina_de_pendientes_dice_que_el_mes_esta_cerrado(client, mes_chico):
    client.force_login(mes_chico.sdlgat)
    url = reverse("pendientes") + "?mes=2020-11"
    assert "está cerrado" not in client.get(url).content.decode()
    cerrar_mes(plan=mes_chico.plan, mes=NOV, usuario=mes_chico.coordinador)
    pagina = client.get(url).content.decode()
    assert "Noviembre 2020 está cerrado." in pagina and "reabrir el mes" in pagina


def test_cierres_muestra_cada_cierre_y_reapertura_con_motivo_y_usuario(client, mes_chico):
    otra = crear_usuario("otra_coordinadora", unidades=("OGPP",))
    cerrar_mes(plan=mes_chico.plan, mes=NOV, usuario=mes_chico.coordinador)
    reabrir_mes(plan=mes_chico.plan, mes=NOV, usuario=otra, motivo="SDLGAT corrige 1.1.1")
    cerrar_mes(plan=mes_chico.plan, mes=NOV, usuario=mes_chico.coordinador)
    client.force_login(mes_chico.coordinador)
    respuesta = client.get(reverse("cierres", args=[mes_chico.plan.pk]))
    historia = respuesta.context["historia"]
    assert [(s.accion, s.usuario, s.motivo) for s in historia] == [
        ("Cerró", "coordinadora", ""), ("Reabrió", "otra_coordinadora", "SDLGAT corrige 1.1.1"),
        ("Cerró", "coordinadora", ""),
    ]
    pagina = respuesta.content.decode()
    assert "Historia de cierres y reaperturas" in pagina and "SDLGAT corrige 1.1.1" in pagina
    assert "otra_coordinadora" in pagina


def test_la_historia_de_cierres_no_crece_en_consultas(client, mes_chico, django_assert_max_num_queries):
    for _ in range(5):
        cerrar_mes(plan=mes_chico.plan, mes=NOV, usuario=mes_chico.coordinador)
        reabrir_mes(plan=mes_chico.plan, mes=NOV, usuario=mes_chico.coordinador, motivo="Otra corrección")
    client.force_login(mes_chico.coordinador)
    with django_assert_max_num_queries(8):
        respuesta = client.get(reverse("cierres", args=[mes_chico.plan.pk]))
    assert len(respuesta.context["historia"]) == 10


# --- Importación ----------------------------------------------------------------------------------------

@pytest.fixture
def anexo(tmp_path, monkeypatch):
    monkeypatch.setattr(subidas, "DIRECTORIO", tmp_path / "subidas")
    plan = crear_plan_pequeno()
    coordinador = crear_usuario("ogpp", unidades=("OGPP",))
    cerrar_mes(plan=plan, mes=DIC, usuario=coordinador)
    return plan, coordinador


def _subir(client, datos):
    archivo = io.BytesIO(datos)
    archivo.name = "anexo.xlsx"
    # El libro se sube al plan vigente (el único de estas pruebas), por su dirección /planes/<id>/.
    return client.post(reverse("importar_anexo2", args=[Plan.objects.vigente().pk]), {"archivo": archivo, "mes": ""})


def _cambiar_avance(hoja):
    hoja.cell(fila_de(hoja, "7.1"), 10).value = 60  # % AVANCE a diciembre (cerrado)


def test_la_vista_previa_marca_rechazado_el_avance_de_un_mes_cerrado_y_no_ofrece_confirmarlo(client, anexo):
    plan, coordinador = anexo
    client.force_login(coordinador)
    antes = foto_de_la_base()
    respuesta = _subir(client, libro_retocado(plan, DIC, _cambiar_avance))
    pagina = respuesta.content.decode()
    assert "Cambios rechazados: no se aplicarán al confirmar" in pagina
    assert "Rechazado:</strong> Diciembre 2020 está cerrado" in pagina
    assert "Confirmar e importar" not in pagina and respuesta.context["token"] is None
    assert "los únicos cambios del libro están rechazados" in pagina
    assert foto_de_la_base() == antes


def test_con_otros_cambios_se_confirman_solo_los_permitidos(client, anexo):
    plan, coordinador = anexo
    client.force_login(coordinador)

    def retoque(hoja):
        _cambiar_avance(hoja)
        hoja.cell(fila_de(hoja, "1.1.2"), 2).value = "Población y muestra"

    respuesta = _subir(client, libro_retocado(plan, DIC, retoque))
    assert "Confirmar e importar" in respuesta.content.decode()
    avances = Avance.objects.count()
    client.post(reverse("confirmar_importacion_anexo2", args=[plan.pk]), {"token": respuesta.context["token"]})
    assert plan.componentes.get(numero=1).actividades.get(numero=1).subactividades.get(numero=2).nombre == "Población y muestra"
    assert Avance.objects.count() == avances  # el 60 % de diciembre (cerrado) no se registró
    assert CierreMensual.objects.get(plan=plan, mes=DIC).cerrado


def test_la_orden_de_importacion_muestra_el_rechazo(anexo, tmp_path):
    plan, _ = anexo
    archivo = tmp_path / "anexo.xlsx"
    archivo.write_bytes(libro_retocado(plan, DIC, _cambiar_avance))
    antes = foto_de_la_base()
    salida = StringIO()
    call_command("import_anexo2", str(archivo), "--usuario", "ogpp", stdout=salida)
    assert "RECHAZADO" in salida.getvalue() and "Diciembre 2020 está cerrado" in salida.getvalue()
    assert foto_de_la_base() == antes
