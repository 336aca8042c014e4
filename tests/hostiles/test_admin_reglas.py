"""Punto 8 del issue 15: el admin obedece las reglas de la aplicación (meses cerrados, sin avance huérfano),
y cada rechazo llega con un mensaje. Cada prueba intenta lo prohibido como superusuario y mira la base."""

import pytest

from componentes.models import Subactividad
from cronograma.mensual.cierres import cerrar_mes
from cronograma.models import MesProgramado
from tests.cronograma.reportes.escenario import DIC, NOV, OCT, armar_escenario
from tests.factories import crear_usuario

pytestmark = pytest.mark.django_db


@pytest.fixture
def mundo(client):
    escenario = armar_escenario()
    cerrar_mes(plan=escenario.plan, mes=NOV, usuario=escenario.coordinador)
    client.force_login(crear_usuario("raiz", is_staff=True, is_superuser=True))
    return escenario


def _foto():
    return (list(MesProgramado.objects.order_by("pk").values_list("pk", "actividad_id", "subactividad_id", "mes")),
            MesProgramado.history.count(), list(Subactividad.objects.values_list("pk", "actividad_id")), Subactividad.history.count())


def _programado(plan, codigo, mes):
    return next(p for p in MesProgramado.objects.filter(actividad__componente__plan=plan, mes=mes)
                if (p.subactividad or p.actividad).codigo == codigo)


# Con las versiones del plan (issue 12) la programación no se cambia en el admin, ni en un mes cerrado ni
# en uno abierto: se cambia con una versión nueva, que no reescribe los cortes anteriores. Así el admin
# obedece también la regla del mes cerrado del issue 15, y más: nada de la programación se mueve aquí.

def test_no_se_borra_un_mes_programado_ni_de_un_mes_cerrado_ni_de_uno_abierto(client, mundo):
    antes = _foto()
    for programado in (_programado(mundo.plan, "1.1.1", NOV), _programado(mundo.plan, "1.1.1", OCT)):
        url = f"/admin/cronograma/mesprogramado/{programado.pk}/delete/"
        for metodo in (client.get, client.post):
            assert metodo(url, {"post": "yes"}).status_code == 403
    assert _foto() == antes


def test_la_accion_de_borrar_en_bloque_tampoco(client, mundo):
    cerrado, abierto = _programado(mundo.plan, "1.1.1", NOV), _programado(mundo.plan, "1.1.1", OCT)
    antes = _foto()
    client.post("/admin/cronograma/mesprogramado/",
                {"action": "delete_selected", "_selected_action": [cerrado.pk, abierto.pk], "post": "yes"})
    assert _foto() == antes


def test_no_se_agrega_ni_se_mueve_un_mes_programado(client, mundo):
    fila = _programado(mundo.plan, "1.1.2", DIC)
    sacado = _programado(mundo.plan, "1.1.1", NOV)
    antes = _foto()
    datos = {"actividad": fila.actividad_id, "subactividad": fila.subactividad_id, "mes": "01/11/2020"}
    assert client.post("/admin/cronograma/mesprogramado/add/", datos).status_code == 403
    client.post(f"/admin/cronograma/mesprogramado/{fila.pk}/change/", datos)  # a un mes cerrado
    client.post(f"/admin/cronograma/mesprogramado/{fila.pk}/change/", {**datos, "mes": "01/01/2021"})  # a uno abierto
    client.post(f"/admin/cronograma/mesprogramado/{sacado.pk}/change/",
                {"actividad": sacado.actividad_id, "subactividad": sacado.subactividad_id, "mes": "01/01/2021"})
    assert _foto() == antes


def test_no_se_agrega_una_subactividad_bajo_una_actividad_con_avance(client, mundo):
    actividad = mundo.plan.componentes.get(numero=2).actividades.get(numero=1)  # 2.1: hoja con avance
    antes = _foto()
    respuesta = client.post("/admin/componentes/subactividad/add/",
                            {"actividad": actividad.pk, "numero": 1, "nombre": "Nueva", "peso": "1"})
    assert respuesta.status_code == 200
    assert "ya tiene avance registrado" in respuesta.content.decode()
    assert _foto() == antes


def test_tampoco_se_mueve_una_subactividad_bajo_ella(client, mundo):
    destino = mundo.plan.componentes.get(numero=2).actividades.get(numero=1)
    sub = Subactividad.objects.get(actividad__componente__numero=1, numero=2)
    antes = _foto()
    respuesta = client.post(f"/admin/componentes/subactividad/{sub.pk}/change/",
                            {"actividad": destino.pk, "numero": 5, "nombre": sub.nombre, "peso": "1"})
    assert respuesta.status_code == 200 and "ya tiene avance registrado" in respuesta.content.decode()
    assert _foto() == antes


def test_la_importacion_del_catalogo_tampoco_agrega_una_subactividad_bajo_una_actividad_con_avance(mundo):
    import tablib

    from componentes.recursos import SubactividadResource

    antes = _foto()
    datos = tablib.Dataset(["2.1.1", "2.1", "Nueva", "OGPP", "1"], headers=["codigo", "actividad", "nombre", "responsables", "peso"])
    resultado = SubactividadResource(plan=mundo.plan).import_data(datos, dry_run=False, rollback_on_validation_errors=True)
    assert resultado.has_validation_errors()
    assert "ya tiene avance registrado" in str(resultado.invalid_rows[0].error_dict)
    assert _foto() == antes
