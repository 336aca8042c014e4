"""El ciclo de vida (cronograma.ciclo, issue 21): situación del plan, estado del mes, qué se puede hacer,
y los errores del issue que salían de decidirlo en varios lugares."""

import re
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from componentes.meses import siguiente
from componentes.models import Subactividad
from componentes.planes import archivar_plan
from cronograma import ciclo
from cronograma.avance import GRIS, POR_INICIAR, RETRASADA, Seguimiento
from cronograma.mensual.cierres import cerrar_mes
from cronograma.models import Avance, VersionPlan
from cronograma.reprogramacion.diferencias import diferencia_del_borrador
from cronograma.reprogramacion.versiones import aprobar_version, crear_borrador, guardar_borrador
from tests.ciclo_en_pantalla import marcas_de_atraso
from tests.factories import (
    crear_actividad, crear_componente, crear_plan, crear_subactividad, crear_usuario, hoja, programar, registrar,
)

HOY = date(2026, 12, 6)


def _plan(inicio, fin, **campos):
    return crear_plan(mes_inicio=inicio, mes_fin=fin, **campos)


# --- Reglas puras ----------------------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize(("inicio", "fin", "situacion"), [
    (date(2027, 1, 1), date(2027, 12, 1), ciclo.SituacionPlan.POR_INICIAR),
    (date(2026, 6, 1), date(2027, 5, 1), ciclo.SituacionPlan.EN_CURSO),
    (date(2026, 12, 1), date(2026, 12, 1), ciclo.SituacionPlan.EN_CURSO),
    (date(2020, 10, 1), date(2021, 3, 1), ciclo.SituacionPlan.TERMINADO),
])
def test_situacion_del_plan(inicio, fin, situacion):
    assert ciclo.situacion(_plan(inicio, fin), hoy=HOY) == situacion


@pytest.mark.django_db
def test_un_plan_archivado_es_archivado_y_no_admite_nada():
    plan = _plan(date(2020, 10, 1), date(2021, 3, 1), vigente=False, archivado=True)
    assert ciclo.situacion(plan, hoy=HOY) == ciclo.SituacionPlan.ARCHIVADO
    for accion in ciclo.Accion:
        decision = ciclo.puede(accion, plan, date(2020, 12, 1), hoy=HOY)
        assert not decision and "archivado" in decision.motivo, accion


@pytest.mark.django_db
def test_estado_de_cada_mes_y_lo_que_se_puede_hacer_en_el():
    plan = _plan(date(2026, 10, 1), date(2027, 3, 1))
    cerrados = {date(2026, 10, 1)}
    estados = {mes: ciclo.estado_mes(plan, mes, cerrados=cerrados, hoy=HOY) for mes in plan.meses()}
    assert estados == {
        date(2026, 10, 1): ciclo.EstadoMes.CERRADO, date(2026, 11, 1): ciclo.EstadoMes.ABIERTO,
        date(2026, 12, 1): ciclo.EstadoMes.EN_CURSO, date(2027, 1, 1): ciclo.EstadoMes.FUTURO,
        date(2027, 2, 1): ciclo.EstadoMes.FUTURO, date(2027, 3, 1): ciclo.EstadoMes.FUTURO,
    }
    assert ciclo.EstadoMes.FUTURO.label == "Por iniciar"
    registrar_ = ciclo.Accion.REGISTRAR_AVANCE
    assert not ciclo.puede(registrar_, plan, date(2026, 10, 1), cerrados=cerrados, hoy=HOY)
    assert ciclo.puede(registrar_, plan, date(2026, 11, 1), cerrados=cerrados, hoy=HOY)
    assert ciclo.puede(registrar_, plan, date(2026, 12, 1), cerrados=cerrados, hoy=HOY)
    futuro = ciclo.puede(registrar_, plan, date(2027, 1, 1), cerrados=cerrados, hoy=HOY)
    assert not futuro and futuro.motivo == "Enero 2027 aún no empieza."
    # Recordar: solo meses que ya terminaron y siguen abiertos.
    recordar = ciclo.Accion.RECORDAR
    assert ciclo.puede(recordar, plan, date(2026, 11, 1), cerrados=cerrados, hoy=HOY)
    assert "aún no termina" in ciclo.puede(recordar, plan, date(2026, 12, 1), cerrados=cerrados, hoy=HOY).motivo
    assert "por iniciar" in ciclo.puede(recordar, plan, date(2027, 1, 1), cerrados=cerrados, hoy=HOY).motivo
    assert "cerrado" in ciclo.puede(recordar, plan, date(2026, 10, 1), cerrados=cerrados, hoy=HOY).motivo
    # Un mes vence solo cuando terminó.
    assert ciclo.mes_vencido(date(2026, 11, 1), hoy=HOY) and not ciclo.mes_vencido(date(2026, 12, 1), hoy=HOY)


@pytest.mark.django_db
def test_en_un_plan_archivado_lo_que_no_empezo_sigue_por_iniciar_no_cerrado():
    plan = _plan(date(2026, 11, 1), date(2027, 2, 1), vigente=False, archivado=True)
    assert ciclo.estado_mes(plan, date(2026, 11, 1), cerrados=set(), hoy=HOY) == ciclo.EstadoMes.CERRADO
    assert ciclo.estado_mes(plan, date(2027, 1, 1), cerrados=set(), hoy=HOY) == ciclo.EstadoMes.FUTURO


def test_la_decision_es_verdadera_solo_si_se_puede():
    assert ciclo.Decision(True) and not ciclo.Decision(False, "porque no")


# --- Lo que aún no empieza es «Por iniciar», en gris --------------------------------------------------

def _plan_por_iniciar():
    """Un plan que empieza el mes que viene, con su primer mes programado (el caso de la CUL 2027)."""
    inicio = siguiente(ciclo.mes_actual())
    plan = crear_plan(mes_inicio=inicio, mes_fin=siguiente(siguiente(inicio)), servicio="Plan que aún no empieza",
                      vigente=False)
    actividad = crear_actividad(crear_componente(plan, 1), 1, unidades=("SDLGAT",))
    crear_subactividad(actividad, 1)
    programar(plan, "1.1.1", inicio)
    return plan


@pytest.mark.django_db
def test_un_corte_por_iniciar_es_gris_por_iniciar_en_todas_sus_filas():
    plan = _plan_por_iniciar()
    resultado = Seguimiento(plan).al_corte(plan.mes_inicio)
    todas = [resultado.plan, *resultado.por_hoja.values(), *resultado.por_actividad.values(),
             *resultado.por_componente.values()]
    assert all(c.estado == POR_INICIAR and c.semaforo == GRIS for c in todas)
    assert resultado.plan.texto_semaforo == "Gris: por iniciar"
    assert resultado.plan.programado > 0  # lo programado se sigue viendo: solo no cuenta como atraso
    # Control: el mismo plan medido como si ya hubiera empezado sí estaría atrasado (retrasado o vencido).
    from cronograma.avance import VENCIDA, cifras
    assert cifras(resultado.plan.ejecutado, resultado.plan.programado).estado in (RETRASADA, VENCIDA)


@pytest.mark.django_db
def test_un_plan_por_iniciar_no_sale_retrasado_rojo_pendiente_ni_cerrado_en_sus_paginas(client):
    _plan_vigente = crear_plan(mes_inicio=date(2020, 10, 1), mes_fin=date(2021, 3, 1))
    plan = _plan_por_iniciar()
    client.force_login(crear_usuario("coordinador", unidades=("OGPP",)))
    personal = crear_usuario("personal", unidades=("SDLGAT",))
    paginas = [f"/planes/{plan.pk}/tablero/", f"/planes/{plan.pk}/mis-actividades/", f"/planes/{plan.pk}/pendientes/",
               f"/planes/{plan.pk}/cronograma/", f"/planes/{plan.pk}/cierres/", "/planes/"]
    for url in paginas:
        respuesta = client.get(url, follow=True)
        assert respuesta.status_code == 200, url
        texto = respuesta.content.decode()
        if url == "/planes/":  # la vista general: la fila del plan que aún no empieza
            filas = [f for f in re.findall(r"<tr[ >].*?</tr>", texto, re.S) if "Plan que aún no empieza" in f]
            assert filas and all(marcas_de_atraso(f) == [] for f in filas)
            assert any("Por iniciar" in f for f in filas)
        else:
            assert marcas_de_atraso(texto) == [], url
    client.force_login(personal)
    texto = client.get(f"/planes/{plan.pk}/mis-actividades/").content.decode()
    assert marcas_de_atraso(texto) == [] and "Por registrar" not in texto


@pytest.mark.django_db
def test_send_reminders_no_avisa_de_un_mes_por_iniciar_ni_de_un_plan_archivado(mailoutbox):
    plan = _plan_por_iniciar()
    crear_usuario("sdlgat", unidades=("SDLGAT",), email="sdlgat@example.org")
    salida = StringIO()
    call_command("send_reminders", "--mes", plan.mes_inicio.strftime("%Y-%m"), "--plan", str(plan.pk), stdout=salida)
    assert mailoutbox == [] and "por iniciar" in salida.getvalue()

    terminado = crear_plan(mes_inicio=date(2020, 10, 1), mes_fin=date(2021, 3, 1), vigente=False,
                           servicio="Plan terminado")
    actividad = crear_actividad(crear_componente(terminado, 1), 1, unidades=("SDLGAT",))
    programar(terminado, "1.1", date(2020, 11, 1))
    call_command("send_reminders", "--mes", "2020-11", "--plan", str(terminado.pk), stdout=StringIO())
    assert len(mailoutbox) == 1  # control: sin archivar sí se avisa
    archivar_plan(plan=terminado, usuario=None)
    salida = StringIO()
    call_command("send_reminders", "--mes", "2020-11", "--plan", str(terminado.pk), stdout=salida)
    assert len(mailoutbox) == 1 and "archivado" in salida.getvalue()
    assert actividad.pk


# --- Versiones ---------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_la_pagina_de_la_version_del_documento_sin_aprobador_no_da_500(client):
    plan = crear_plan()
    actividad = crear_actividad(crear_componente(plan, 1), 1, unidades=("SDLGAT",))
    programar(plan, "1.1", date(2020, 11, 1))
    version = VersionPlan.objects.get(plan=plan)
    assert version.aprobada_por is None
    client.force_login(crear_usuario("personal", unidades=("SDLGAT",)))
    respuesta = client.get(f"/planes/{plan.pk}/cronograma/versiones/{version.numero}/")
    assert respuesta.status_code == 200
    assert "versión del documento cargado" in respuesta.content.decode()
    assert actividad.pk


@pytest.mark.django_db
def test_aprobar_un_borrador_que_solo_mueve_meses_no_reescribe_las_unidades_heredadas(client):
    plan = crear_plan()
    actividad = crear_actividad(crear_componente(plan, 5), 2, unidades=("OGPP", "SG"))
    sub = crear_subactividad(actividad, 1)  # sigue las unidades de su actividad
    crear_subactividad(crear_actividad(crear_componente(plan, 1), 2, unidades=("SDLGAT",)), 2)
    programar(plan, "5.2.1", date(2020, 11, 1))
    programar(plan, "1.2.2", date(2020, 12, 1))
    coordinador = crear_usuario("coordinador", unidades=("OGPP",))
    client.force_login(coordinador)
    borrador = crear_borrador(plan=plan, usuario=coordinador)
    # El editor envía todas las filas con las unidades que muestra (las heredadas, para 5.2.1).
    datos = {"filas": ["1.2.2", "5.2.1"], "meses-1.2.2": ["2021-01"], "meses-5.2.1": ["2020-11"],
             "nombre-1.2.2": hoja(plan, "1.2.2").nombre, "nombre-5.2.1": hoja(plan, "5.2.1").nombre,
             "unidades-1.2.2": "SDLGAT", "unidades-5.2.1": "OGPP / SG"}
    respuesta = client.post(f"/planes/{plan.pk}/cronograma/versiones/{borrador.numero}/editar/", datos)
    assert respuesta.status_code == 302
    borrador.refresh_from_db()
    assert borrador.cambios["unidades"] == {}
    historia_antes = Subactividad.history.filter(id=sub.pk).count()
    aprobar_version(version=borrador, motivo="Mover 1.2.2.", vigente_desde=date(2021, 1, 1), usuario=coordinador)
    assert list(sub.responsables.all()) == []  # sigue a su actividad
    assert Subactividad.history.filter(id=sub.pk).count() == historia_antes


@pytest.mark.django_db
def test_la_diferencia_del_borrador_solo_cambia_el_programado_desde_su_vigente_desde():
    plan = crear_plan()
    crear_subactividad(crear_actividad(crear_componente(plan, 1), 1, unidades=("SDLGAT",)), 1)
    programar(plan, "1.1.1", date(2020, 11, 1), date(2021, 2, 1))
    usuario = crear_usuario("coordinador", unidades=("OGPP",))
    cerrar_mes(plan=plan, mes=date(2020, 12, 1), usuario=usuario)
    borrador = crear_borrador(plan=plan, usuario=usuario)
    assert borrador.vigente_desde == date(2021, 1, 1)
    guardar_borrador(version=borrador, usuario=usuario, meses={"1.1.1": ["2021-02", "2021-03"]})
    diferencia = diferencia_del_borrador(borrador)
    cambian = [p.mes for p in diferencia.programado if p.cambia]
    assert cambian and min(cambian) >= date(2021, 1, 1)
    assert {p.mes for p in diferencia.programado if p.mes < date(2021, 1, 1)} == {date(2020, 10, 1), date(2020, 11, 1),
                                                                                 date(2020, 12, 1)}


@pytest.mark.django_db
def test_un_plan_archivado_no_se_reprograma():
    plan = crear_plan(vigente=False)
    crear_subactividad(crear_actividad(crear_componente(plan, 1), 1, unidades=("SDLGAT",)), 1)
    programar(plan, "1.1.1", date(2020, 11, 1))
    usuario = crear_usuario("coordinador", unidades=("OGPP",))
    archivar_plan(plan=plan, usuario=usuario)
    with pytest.raises(Exception, match="archivado"):
        crear_borrador(plan=plan, usuario=usuario)


@pytest.mark.django_db
def test_la_misma_etiqueta_de_version_en_la_franja_la_grilla_y_la_matriz(client):
    plan = crear_plan()  # el documento dice versión 2
    crear_subactividad(crear_actividad(crear_componente(plan, 1), 1, unidades=("SDLGAT",)), 1)
    programar(plan, "1.1.1", date(2020, 11, 1))
    usuario = crear_usuario("coordinador", unidades=("OGPP",))
    for vigente_desde in (date(2021, 1, 1), date(2021, 2, 1)):
        borrador = crear_borrador(plan=plan, usuario=usuario)
        aprobar_version(version=borrador, motivo="x", vigente_desde=vigente_desde, usuario=usuario)
    assert ciclo.etiqueta_version(plan, date(2021, 3, 1)) == "Versión 4"
    assert ciclo.etiqueta_version(plan, date(2021, 1, 1)) == "Versión 3"
    assert ciclo.etiqueta_version(plan, date(2020, 11, 1)) == "Versión 2"
    client.force_login(usuario)
    grilla = client.get(f"/planes/{plan.pk}/cronograma/").content.decode()
    assert "Versión 4" in grilla and "), v2" not in grilla  # la grilla al corte de marzo; la franja no da otra
    from io import BytesIO

    from openpyxl import load_workbook
    libro = load_workbook(BytesIO(client.get(f"/planes/{plan.pk}/matriz.xlsx").content))
    assert "versión 4" in libro.active.cell(2, 1).value


# --- Crear un plan desde un libro no registra avance salvo que se pida ---------------------------------

@pytest.mark.django_db
def test_crear_plan_desde_libro_no_registra_avance_salvo_con_avance(tmp_path):
    from componentes.models import Plan
    from tests.cronograma.anexo.libros import crear_plan_pequeno
    from tests.cronograma.planes.test_creacion import _libro

    origen = crear_plan_pequeno()
    coordinador = crear_usuario("coordinador", unidades=("OGPP",))
    ruta = tmp_path / "libro.xlsx"
    ruta.write_bytes(_libro(origen))
    salida = StringIO()
    call_command("crear_plan", "--desde-libro", str(ruta), "--usuario", "coordinador", stdout=salida)
    plan = Plan.objects.get(pk=int(salida.getvalue().strip().splitlines()[-1]))
    con_avance = int(salida.getvalue().split(" fila(s) traen un % de avance")[0].rsplit("\n", 1)[-1])
    assert con_avance > 0 and "no se registran (use --con-avance" in salida.getvalue()
    assert not Avance.objects.filter(actividad__componente__plan=plan).exists()

    ruta.write_bytes(_libro(origen, servicio="Otro servicio (con avance)"))
    salida = StringIO()
    call_command("crear_plan", "--desde-libro", str(ruta), "--usuario", "coordinador", "--con-avance", stdout=salida)
    plan = Plan.objects.get(pk=int(salida.getvalue().strip().splitlines()[-1]))
    registrados = Avance.objects.filter(actividad__componente__plan=plan)
    assert registrados.count() == con_avance
    assert {a.registrado_por for a in registrados} == {coordinador}
    assert all(a.actualizado is not None for a in registrados)


@pytest.mark.django_db
def test_la_vista_previa_dice_cuantas_filas_traen_avance_y_la_casilla_lo_registra(client):
    from tests.cronograma.anexo.libros import crear_plan_pequeno
    from tests.cronograma.planes.test_creacion import _libro
    from django.core.files.uploadedfile import SimpleUploadedFile

    origen = crear_plan_pequeno()
    client.force_login(crear_usuario("coordinador", unidades=("OGPP",)))
    archivo = SimpleUploadedFile("libro.xlsx", _libro(origen))
    previa = client.post("/planes/nuevo/", {"archivo": archivo})
    texto = previa.content.decode()
    assert previa.status_code == 200 and "Filas con % de avance" in texto and 'name="con_avance"' in texto
    confirmada = client.post("/planes/nuevo/confirmar/", {"token": previa.context["token"]})
    assert confirmada.status_code == 302
    from componentes.models import Plan
    nuevo = Plan.objects.get(servicio="Inspección del Trabajo (SUNAFIL)")
    assert not Avance.objects.filter(actividad__componente__plan=nuevo).exists()


@pytest.mark.django_db
def test_admin_no_edita_filas_de_un_plan_archivado_ni_acorta_un_periodo_con_avance(client):
    plan = crear_plan(vigente=False)
    sub = crear_subactividad(crear_actividad(crear_componente(plan, 1), 1, unidades=("SDLGAT",)), 1)
    programar(plan, "1.1.1", date(2020, 11, 1))
    registrar(plan, "1.1.1", date(2021, 2, 1), 40)
    admin = crear_usuario("admin", is_superuser=True, is_staff=True)
    client.force_login(admin)
    pagina = client.get(f"/admin/componentes/plan/{plan.pk}/change/")
    formulario = {campo: getattr(plan, campo) for campo in ("entidad", "objetivo", "servicio", "caracter", "alcance",
                                                            "version", "fecha", "frecuencia", "aviso")}
    formulario.update({"mes_inicio": "2020-10-01", "mes_fin": "2021-01-01", "componentes-TOTAL_FORMS": "1",
                       "componentes-INITIAL_FORMS": "1", "componentes-0-id": str(plan.componentes.get().pk),
                       "componentes-0-plan": str(plan.pk), "componentes-0-numero": "1",
                       "componentes-0-nombre": plan.componentes.get().nombre, "componentes-0-peso": "1"})
    respuesta = client.post(f"/admin/componentes/plan/{plan.pk}/change/", {k: v or "" for k, v in formulario.items()})
    assert pagina.status_code == 200 and respuesta.status_code == 200
    assert "no puede dejar fuera meses con avance" in respuesta.content.decode()
    plan.refresh_from_db()
    assert plan.mes_fin == date(2021, 3, 1)
    # Archivado: la fila ya no se cambia ni se borra en el admin.
    archivar_plan(plan=plan, usuario=admin)
    assert client.get(f"/admin/componentes/subactividad/{sub.pk}/change/").status_code == 200
    respuesta = client.post(f"/admin/componentes/subactividad/{sub.pk}/change/",
                            {"actividad": sub.actividad_id, "numero": 1, "nombre": "Otro", "peso": "1"})
    assert respuesta.status_code == 403
    assert client.post(f"/admin/componentes/subactividad/{sub.pk}/delete/", {"post": "yes"}).status_code == 403
    sub.refresh_from_db()
    assert sub.nombre != "Otro" and Avance.objects.filter(subactividad=sub).exists()
