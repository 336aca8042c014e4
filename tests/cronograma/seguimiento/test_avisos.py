"""Avisos en la página y por correo, por un servidor SMTP real: después del commit, uno por evento y
persona, desactivables, nunca para planes sin empezar o archivados, y un servidor caído no rompe nada."""

from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from componentes.models import Responsable
from cronograma.seguimiento import avisos, compromisos, observaciones
from cronograma.seguimiento.models import Aviso, AvisoDesactivado, Revision
from tests.factories import crear_actividad, crear_componente, crear_plan, programar, registrar

pytestmark = pytest.mark.django_db


def test_la_observacion_llega_por_correo_despues_del_commit(mundo, smtp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as al_confirmar:
        observaciones.observar(avance=mundo.avance, motivo="¿Por qué 90 % si no hay acta?", usuario=mundo.coordinacion)
        assert smtp.mensajes == []  # dentro de la transacción aún no sale nada
    assert len(al_confirmar) == 1
    [correo] = smtp.leidos()
    assert correo["para"] == ["ana@trabajo.gob.pe"]
    assert "observado" in correo["asunto"].lower()
    assert "¿Por qué 90 % si no hay acta?" in correo["cuerpo"] and "/cronograma/fila/1.1.1/?mes=2020-11#revision" in correo["cuerpo"]
    aviso = Aviso.objects.get(usuario=mundo.sdlgat)
    assert aviso.correo_enviado_en is not None and aviso.enlace.startswith(f"/planes/{mundo.plan.pk}/")
    # La respuesta avisa a la coordinación.
    with django_capture_on_commit_callbacks(execute=True):
        observaciones.responder(avance=mundo.avance, texto="El acta llega mañana", usuario=mundo.sdlgat)
    assert smtp.leidos()[-1]["para"] == ["ogpp@trabajo.gob.pe"]


def test_un_servidor_de_correo_caido_no_hace_fallar_la_accion(mundo, smtp_caido, django_capture_on_commit_callbacks, caplog):
    with django_capture_on_commit_callbacks(execute=True):
        observaciones.observar(avance=mundo.avance, motivo="Falta el acta", usuario=mundo.coordinacion)
    assert Revision.objects.get(avance=mundo.avance).estado == "observado"
    aviso = Aviso.objects.get(usuario=mundo.sdlgat)
    assert aviso.correo_enviado_en is None and aviso.correo_error
    assert "No se pudo enviar el correo" in caplog.text


def test_la_orden_es_idempotente_y_reintenta_lo_no_enviado(mundo, smtp):
    compromiso = compromisos.crear_compromiso(
        reporte=mundo.reporte, texto="Capacitar a los conciliadores", mes_limite=date(2021, 6, 1),
        responsables=Responsable.objects.filter(sigla="SDLGAT"), usuario=mundo.coordinacion)
    call_command("enviar_avisos", "--hoy", "2021-06-25")
    call_command("enviar_avisos", "--hoy", "2021-06-26")  # lo mismo: nada nuevo
    assert [c["para"] for c in smtp.leidos()] == [["ana@trabajo.gob.pe"]]
    assert "vence al terminar Junio 2021" in smtp.leidos()[0]["cuerpo"]
    call_command("enviar_avisos", "--hoy", "2021-07-02")  # ya vencido: otro evento
    call_command("enviar_avisos", "--hoy", "2021-07-03")
    assert len(smtp.leidos()) == 2 and "venció" in smtp.leidos()[1]["cuerpo"]
    assert Aviso.objects.filter(usuario=mundo.sdlgat, tipo="compromiso_vencido").count() == 1
    compromisos.actualizar_compromiso(compromiso=compromiso, usuario=mundo.coordinacion, version=1, estado="cumplido")
    call_command("enviar_avisos", "--hoy", "2021-08-02")
    assert len(smtp.leidos()) == 2  # cumplido: ya no se avisa


def test_cada_tipo_se_apaga_por_persona(mundo, smtp, client, django_capture_on_commit_callbacks):
    client.force_login(mundo.sdlgat)
    todos = [t for t in Aviso.Tipo.values if t != "observacion"]
    respuesta = client.post(reverse("avisos_preferencias"), {"por_correo": todos})
    assert respuesta.status_code == 302
    assert list(AvisoDesactivado.objects.filter(usuario=mundo.sdlgat).values_list("tipo", flat=True)) == ["observacion"]
    with django_capture_on_commit_callbacks(execute=True):
        observaciones.observar(avance=mundo.avance, motivo="Falta el acta", usuario=mundo.coordinacion)
    assert smtp.mensajes == []  # apagado por correo…
    assert Aviso.objects.filter(usuario=mundo.sdlgat, tipo="observacion").exists()  # …pero en su página
    assert client.post(reverse("avisos_preferencias"), {"por_correo": ["inventado"]}).status_code == 400


def test_nada_para_un_plan_que_no_empezo_o_archivado(mundo, smtp):
    futuro = crear_plan(mes_inicio=date(2099, 1, 1), mes_fin=date(2099, 6, 1), vigente=False)
    componente = crear_componente(futuro, 1)
    crear_actividad(componente, 1, unidades=("SDLGAT",))
    programar(futuro, "1.1", date(2099, 1, 1))
    assert avisos.avisar(tipo="observacion", evento="prueba:1", plan=futuro, usuarios=[mundo.sdlgat],
                         texto="x", enlace="/") == []
    mundo.plan.vigente, mundo.plan.archivado = False, True
    mundo.plan.save()
    call_command("enviar_avisos", "--hoy", "2021-07-02")
    assert avisos.avisar(tipo="observacion", evento="prueba:2", plan=mundo.plan, usuarios=[mundo.sdlgat],
                         texto="x", enlace="/") == []
    assert not Aviso.objects.exists() and smtp.mensajes == []


def test_mes_por_cerrar_con_filas_pendientes(mundo, smtp, settings):
    settings.CALIDAD_DIA_DE_CIERRE, settings.CALIDAD_AVISO_CIERRE_DIAS = 10, 3
    call_command("enviar_avisos", "--hoy", "2021-01-08")  # diciembre se cierra el 10/01
    textos = {c["para"][0]: c["cuerpo"] for c in smtp.leidos()}
    # Las dos filas debían reportar diciembre (1.2 programada; 1.1.1 empezada y sin concluir) y no lo hicieron.
    assert set(textos) == {"beto@trabajo.gob.pe", "ana@trabajo.gob.pe"}
    assert "Diciembre 2020 se cierra el 10/01/2021 y DRTPELM tiene 1 fila sin avance" in textos["beto@trabajo.gob.pe"]
    registrar(mundo.plan, "1.1.1", date(2020, 12, 1), 100)
    call_command("enviar_avisos", "--hoy", "2021-01-09")  # el mismo evento: nada nuevo
    call_command("enviar_avisos", "--hoy", "2021-01-01")  # demasiado pronto: nada
    assert len(smtp.leidos()) == 2


def test_reporte_aprobado_y_version_aprobada_avisan(mundo, smtp, django_capture_on_commit_callbacks):
    from cronograma.reprogramacion import versiones

    borrador = versiones.crear_borrador(plan=mundo.plan, usuario=mundo.coordinacion)
    versiones.guardar_borrador(version=borrador, usuario=mundo.coordinacion, meses={"1.2": ["2021-02", "2021-03"]})
    with django_capture_on_commit_callbacks(execute=True):
        versiones.aprobar_version(version=borrador, motivo="Reprogramación", vigente_desde=date(2021, 2, 1),
                                  usuario=mundo.coordinacion)
    [aviso] = Aviso.objects.filter(tipo="version_aprobada")
    assert aviso.usuario == mundo.drtpelm and "1.2" in aviso.texto  # solo la unidad de la fila que cambió
    assert smtp.leidos()[-1]["para"] == ["beto@trabajo.gob.pe"]


def test_la_pagina_de_avisos_y_la_cuenta_en_la_cabecera(client, mundo, django_assert_max_num_queries):
    from cronograma.permisos import perfil_de

    observaciones.observar(avance=mundo.avance, motivo="Falta el acta", usuario=mundo.coordinacion)
    ajeno = Aviso.objects.create(usuario=mundo.drtpelm, tipo="observacion", evento="x:1", texto="De otro", enlace="/")
    assert perfil_de(mundo.sdlgat).avisos_sin_leer == 1
    client.force_login(mundo.sdlgat)
    pagina = client.get(reverse("avisos")).content.decode()
    assert '<span class="contador">1<span class="visualmente-oculto"> sin leer</span></span>' in pagina
    assert "Falta el acta" in pagina and "De otro" not in pagina
    aviso = Aviso.objects.get(usuario=mundo.sdlgat)
    destino = client.get(reverse("aviso_abrir", args=[aviso.pk]))
    assert destino.status_code == 302 and destino["Location"] == aviso.enlace
    assert perfil_de(mundo.sdlgat).avisos_sin_leer == 0
    assert client.get(reverse("aviso_abrir", args=[ajeno.pk])).status_code == 404  # el de otro, no
    assert Aviso.objects.get(pk=ajeno.pk).leido_en is None
    # La cuenta no agrega consultas: viene en la del perfil (sesión, usuario, perfil, avisos, planes).
    with django_assert_max_num_queries(5):
        client.get(reverse("avisos"))


def test_ni_un_error_inesperado_del_envio_rompe_la_pagina(client, mundo, monkeypatch, django_capture_on_commit_callbacks):
    from cronograma.seguimiento import correo
    from cronograma.seguimiento.direcciones import url_del_plan

    def roto(ids):
        raise RuntimeError("el servidor de correo explotó")

    monkeypatch.setattr(correo, "enviar", roto)
    client.force_login(mundo.coordinacion)
    with django_capture_on_commit_callbacks(execute=True):
        respuesta = client.post(url_del_plan("revision_avance", mundo.plan, avance_id=mundo.avance.pk),
                                {"accion": "observar", "texto": "Falta el acta"})
    assert respuesta.status_code == 302
    assert Revision.objects.get(avance=mundo.avance).estado == "observado"
    assert Aviso.objects.filter(usuario=mundo.sdlgat).exists()  # el aviso queda en su página
