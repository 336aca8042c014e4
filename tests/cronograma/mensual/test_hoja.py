"""La hoja del mes (issue 14): orden de trabajo, guardar una fila o todas, sin JavaScript y con JSON."""

from datetime import date

import pytest

from cronograma.models import Avance
from tests.factories import crear_usuario, hoja, programar, registrar

OCT, NOV = date(2020, 10, 1), date(2020, 11, 1)


@pytest.fixture
def cliente(client, anexo2):
    programar(anexo2, "1.1.1", OCT, NOV)  # por registrar en noviembre
    programar(anexo2, "1.1.3", NOV)  # por registrar en noviembre
    programar(anexo2, "1.1.2", OCT)
    registrar(anexo2, "1.1.2", OCT, 100)  # concluida
    client.force_login(crear_usuario("sdlgat", unidades=("SDLGAT",)))
    return client


def _avance(plan, codigo, mes=NOV):
    clave = hoja(plan, codigo).clave
    return Avance.objects.filter(actividad_id=clave.actividad_id, subactividad_id=clave.subactividad_id, mes=mes).first()


def _post(**filas):
    datos = {"mes": "2020-11"}
    for codigo, (porcentaje, comentario) in filas.items():
        datos.update({f"{codigo}-porcentaje": porcentaje, f"{codigo}-comentario": comentario,
                      f"{codigo}-mes": "2020-11", f"{codigo}-version": "0"})
    return datos


def test_secciones_en_orden_de_trabajo_y_concluidas_plegadas(cliente):
    pagina = cliente.get("/mis-actividades/?mes=2020-11").content.decode()
    por_registrar, otras, concluidas = (pagina.index(f'id="seccion-{s}"') for s in ("por-registrar", "otras", "concluidas"))
    assert por_registrar < otras < concluidas
    assert pagina.index('data-codigo="1.1.2"') > concluidas  # la concluida va plegada al final
    assert '<details class="seccion-del-mes plegada" id="seccion-concluidas">' in pagina


def test_guardar_una_fila_sin_javascript_vuelve_al_ancla_con_el_mensaje_junto_a_la_fila(cliente, anexo2):
    datos = {**_post(**{"1.1.1": ("40", ""), "1.1.3": ("100", "")}), "guardar": "1.1.3"}
    respuesta = cliente.post("/mis-actividades/guardar/", datos)
    assert respuesta.status_code == 302 and respuesta.url == "/mis-actividades/?mes=2020-11#fila-1.1.3"
    assert _avance(anexo2, "1.1.3").porcentaje == 100 and _avance(anexo2, "1.1.1") is None  # solo la pedida
    pagina = cliente.get(respuesta.url).content.decode()
    fila = pagina[pagina.index('id="fila-1.1.3"'):]
    assert fila.index("Guardado: 100,0 % en 1.1.3 para Noviembre 2020.") < fila.index("</li>")
    assert '<ul class="mensajes"' not in pagina  # el mensaje va en la fila, no arriba


def test_guardar_todo_aplica_las_reglas_de_cada_fila_y_muestra_los_errores_arriba(cliente, anexo2):
    datos = {**_post(**{"1.1.1": ("60", ""), "1.1.3": ("100", "")}), "guardar": "*"}
    respuesta = cliente.post("/mis-actividades/guardar/", datos)
    assert respuesta.status_code == 400
    pagina = respuesta.content.decode()
    assert "<title>Error: Mis actividades" in pagina
    resumen = pagina[pagina.index('id="resumen-errores"'):pagina.index("</div>", pagina.index('id="resumen-errores"'))]
    assert 'href="#avance-1.1.1-2020-11-1.1.1-comentario"' in resumen and "autofocus" in pagina
    assert 'value="60"' in pagina  # lo escrito se conserva
    assert _avance(anexo2, "1.1.3").porcentaje == 100 and _avance(anexo2, "1.1.1") is None


def test_con_javascript_responde_las_filas_y_los_resumenes(cliente, anexo2):
    datos = {**_post(**{"1.1.3": ("100", "")}), "guardar": "1.1.3"}
    respuesta = cliente.post("/mis-actividades/guardar/", datos, headers={"X-Hoja-Del-Mes": "1"})
    assert respuesta.status_code == 200
    json = respuesta.json()
    assert list(json["filas"]) == ["fila-1.1.3"] and json["filas"]["fila-1.1.3"]["ok"]
    assert json["filas"]["fila-1.1.3"]["mensaje"] == "Guardado: 100,0 % en 1.1.3 para Noviembre 2020."
    assert "1 fila por registrar" in json["resumen"]
    assert any("Actividad 1.1: 33,3 %" in html for html in json["actividades"].values())  # (100 + 100) / 6


def test_una_fila_de_otra_unidad_no_se_guarda_aunque_se_pida(cliente, anexo2):
    """1.2.3 es solo de OGPP: no está en la hoja de SDLGAT y un POST armado no escribe nada."""
    datos = {**_post(**{"1.2.3": ("100", "")}), "guardar": "1.2.3"}
    cliente.post("/mis-actividades/guardar/", datos)
    datos["guardar"] = "*"
    cliente.post("/mis-actividades/guardar/", datos)
    assert _avance(anexo2, "1.2.3") is None and Avance.history.count() == 1  # solo el de la preparación


def test_entrada_mala_nunca_es_un_500(cliente, anexo2):
    for datos in ({}, {"mes": "marzo", "guardar": "*"}, {"mes": "2020-11", "guardar": "1.1.1"},
                  {**_post(**{"1.1.1": ("ciento", "")}), "guardar": "1.1.1"}):
        assert cliente.post("/mis-actividades/guardar/", datos).status_code in (302, 400)
    assert _avance(anexo2, "1.1.1") is None


@pytest.mark.parametrize("tamano", [{"actividades": 5, "subactividades": 2}, {"actividades": 10, "subactividades": 10}])
def test_guardar_consultas_constantes(client, db, django_assert_max_num_queries, tamano):
    """70 filas o 700: guardar una fila (y responder las filas y los resúmenes) cuesta lo mismo (39 hoy:
    la hoja se arma antes y después de guardar, 15 cada vez, más la escritura con su historia)."""
    from tests.factories import crear_plan_sintetico

    plan = crear_plan_sintetico(**tamano)
    client.force_login(crear_usuario(unidades=("OGPP",)))
    codigo = "1.1.1"
    # La coordinación registra en una fila de otra unidad desde «todas las unidades» (por defecto ve las suyas).
    datos = {"mes": "2021-03", "unidad": "todas", "guardar": codigo, f"{codigo}-porcentaje": "100",
             f"{codigo}-comentario": "", f"{codigo}-mes": "2021-03", f"{codigo}-version": "0"}
    with django_assert_max_num_queries(40):
        respuesta = client.post("/mis-actividades/guardar/", datos, headers={"X-Hoja-Del-Mes": "1"})
    assert respuesta.status_code == 200 and respuesta.json()["filas"]["fila-1.1.1"]["ok"]
    assert _avance(plan, codigo, date(2021, 3, 1)).porcentaje == 100


def test_durante_el_mes_lo_programado_vence_a_su_cierre_y_no_figura_atrasado(client, db):
    """En el mes en curso (Lima), lo programado para él está «por registrar» y vence al cierre del mes: el título
    de la sección lo dice, y ni la fila ni su actividad figuran atrasadas, vencidas ni en rojo (domain: «nada
    del mes en curso es pendiente ni atrasado»). Lo programado para el mes anterior, ya terminado y sin avance,
    sí está atrasado. En el mes anterior el título no dice «vence al cierre»."""
    import re

    from componentes.meses import anterior, clave_mes, nombre_mes, siguiente
    from cronograma import ciclo
    from tests.factories import crear_actividad, crear_componente, crear_plan, crear_subactividad

    este_mes = ciclo.mes_actual()
    pasado = anterior(este_mes)
    plan = crear_plan(mes_inicio=anterior(pasado), mes_fin=siguiente(este_mes), vigente=True)
    componente = crear_componente(plan, 1)
    crear_subactividad(crear_actividad(componente, 1, unidades=("SDLGAT",)), 1, unidades=("SDLGAT",))
    crear_subactividad(crear_actividad(componente, 2, unidades=("SDLGAT",)), 1, unidades=("SDLGAT",))
    programar(plan, "1.1.1", este_mes)  # vence al cierre de este mes
    programar(plan, "1.2.1", pasado)  # venció el mes pasado, sin avance
    client.force_login(crear_usuario("sdlgat", unidades=("SDLGAT",)))

    def fila(pagina: str, codigo: str) -> tuple[str, str]:
        """(texto del semáforo de la fila, resumen de su actividad)."""
        trozo = pagina[pagina.index(f'data-codigo="{codigo}"'):]
        semaforo = re.search(r'<span class="semaforo ([a-z]+)">([^<]*)</span>', trozo)
        resumen = re.search(r'data-resumen-actividad="[^"]*">([^<]*)</p>', trozo)[1]
        return f"{semaforo[1]}: {semaforo[2]}", resumen

    en_curso = client.get(f"/planes/{plan.pk}/mis-actividades/?mes={clave_mes(este_mes)}").content.decode()
    assert f"Por registrar en {nombre_mes(este_mes)} (vence al cierre del mes)" in en_curso
    semaforo, resumen = fila(en_curso, "1.1.1")
    assert semaforo.startswith("gris:") and resumen == "Actividad 1.1: 0,0 % (programado 100,0 %), no iniciada", (semaforo, resumen)
    semaforo, resumen = fila(en_curso, "1.2.1")
    assert semaforo.startswith("rojo:") and resumen.endswith("vencida"), (semaforo, resumen)

    terminado = client.get(f"/planes/{plan.pk}/mis-actividades/?mes={clave_mes(pasado)}").content.decode()
    assert f"Por registrar en {nombre_mes(pasado)}" in terminado
    assert "vence al cierre del mes" not in terminado
