"""Issue 16: la página de la fila, el formulario de la celda y el guardado leen solo lo de su fila; sus
consultas no crecen con el plan ni con la historia, y muestran los consolidados del cálculo completo."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cronograma.avance import Seguimiento
from cronograma.models import Avance
from cronograma.registro import registrar_avance
from tests.factories import crear_plan_sintetico, crear_usuario, hoja

MAR = date(2021, 3, 1)


def _consultas(client, metodo, url, datos=None, **kwargs) -> int:
    with CaptureQueriesContext(connection) as capturadas:
        respuesta = getattr(client, metodo)(url, datos, **kwargs) if datos else getattr(client, metodo)(url, **kwargs)
    assert respuesta.status_code in (200, 302), respuesta.status_code
    return len(capturadas.captured_queries)


def _medir(client, usuario) -> dict:
    client.force_login(usuario)
    version = Avance.objects.filter(actividad__componente__plan__vigente=True, subactividad__numero=1, actividad__numero=1,
                                    actividad__componente__numero=1, mes=MAR).values_list("version", flat=True).first() or 0
    return {
        "fila": _consultas(client, "get", "/cronograma/fila/1.1.1/?mes=2021-03"),
        "celda": _consultas(client, "get", "/cronograma/fila/1.1.1/formulario/?mes=2021-03", headers={"HX-Request": "true"}),
        "guardar": _consultas(client, "post", "/cronograma/fila/1.1.1/registrar/",
                              {"porcentaje": "77", "comentario": "ok", "mes": "2021-03", "version": str(version)}),
    }


@pytest.mark.django_db
def test_consultas_constantes_del_registro(client):
    """70 o 700 filas: las mismas consultas (sesión, usuario, plan, la fila y sus unidades, su libro y sus
    consolidados, cierres, historia y evidencias), y pocas."""
    ogpp = crear_usuario(unidades=("OGPP",))
    chico = crear_plan_sintetico(actividades=5, subactividades=2)
    en_chico = _medir(client, ogpp)
    chico.vigente = False
    chico.save()
    crear_plan_sintetico(actividades=10, subactividades=10)
    assert _medir(client, ogpp) == en_chico
    # El guardado vuelve a mirar el cierre del mes bajo su candado, dentro de su transacción (issue 15);
    # la página de la fila lee además los planes abiertos para el selector de plan (issue 13); la fila y el
    # guardado, una consulta más cada uno por las versiones aprobadas (issue 12: la programación y la regla
    # del comentario son las de la versión vigente al corte). En PostgreSQL el candado es una consulta más.
    # El guardado usa el perfil de la petición y mira el cierre una sola vez, ya bajo el candado: 2 menos.
    # Y relee el plan con candado (cronograma.ciclo.exigir, issue 21): un plan archivado mientras tanto no
    # recibe la escritura. Una más. La fila lee además el hilo de revisión de sus meses (issue 23): una más.
    assert en_chico["fila"] <= 16 and en_chico["celda"] <= 7 and en_chico["guardar"] <= 16, en_chico


@pytest.mark.django_db
def test_la_historia_de_la_pagina_no_crece_con_cada_registro(client):
    plan = crear_plan_sintetico(actividades=1, subactividades=1)
    ogpp = crear_usuario(unidades=("OGPP",))
    fila = hoja(plan, "1.1.1")
    for vuelta in range(25):
        registrar_avance(hoja=fila, mes=MAR, porcentaje=50 + vuelta, comentario=f"vuelta {vuelta}", usuario=ogpp)
    client.force_login(ogpp)
    antes = _consultas(client, "get", f"/planes/{plan.pk}/cronograma/fila/1.1.1/?mes=2021-03")
    pagina = client.get(f"/planes/{plan.pk}/cronograma/fila/1.1.1/?mes=2021-03").content.decode()
    historia = pagina[pagina.index('id="historia"'):]
    assert historia.count("<td>Corrección</td>") + historia.count("<td>Registro</td>") == 20
    assert "vuelta 24" in historia and "vuelta 4</td>" not in historia  # los más recientes
    assert "74,0 %" in historia and "73,0 % → 74,0 %" in historia
    assert "Ver la historia completa" in historia and "historia=completa" in historia
    completa = client.get(f"/planes/{plan.pk}/cronograma/fila/1.1.1/?mes=2021-03&historia=completa").content.decode()
    completa = completa[completa.index('id="historia"'):]
    # 25 cambios de marzo más el registro de la fábrica de octubre–marzo (crear_plan_sintetico)
    assert completa.count("<td>Corrección</td>") + completa.count("<td>Registro</td>") >= 25
    assert "vuelta 0" in completa and "Ver la historia completa" not in completa
    for vuelta in range(25, 35):
        registrar_avance(hoja=fila, mes=MAR, porcentaje=50 + vuelta, comentario=f"vuelta {vuelta}", usuario=ogpp)
    assert _consultas(client, "get", f"/planes/{plan.pk}/cronograma/fila/1.1.1/?mes=2021-03") == antes


@pytest.mark.django_db
def test_la_pagina_de_la_fila_muestra_los_consolidados_del_calculo_completo(client):
    plan = crear_plan_sintetico(actividades=3, subactividades=2)
    client.force_login(crear_usuario(unidades=("OGPP",)))
    pagina = client.get(f"/planes/{plan.pk}/cronograma/fila/2.3.2/?mes=2021-01").content.decode()
    completo = Seguimiento(plan).al_corte(date(2021, 1, 1))
    fila = hoja(plan, "2.3.2")
    for titulo, cifras in (("Actividad 2.3 al corte", completo.por_actividad[fila.actividad.id]),
                           ("Componente 2 al corte", completo.por_componente[fila.componente.id]),
                           ("Plan al corte", completo.plan)):
        tramo = pagina[pagina.index(titulo):]
        tramo = tramo[:tramo.index("</dd>")]
        texto = f"{cifras.ejecutado} % ejecutado de {cifras.programado} % programado · {cifras.estado}"
        assert texto.replace(".", ",") in tramo, (titulo, tramo)
