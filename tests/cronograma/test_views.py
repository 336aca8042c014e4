"""Las páginas del registro mensual: Mis actividades, la grilla, la página de la fila y el POST de registro."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cronograma.models import Avance
from tests.factories import crear_plan_sintetico, crear_usuario, programar, registrar

OCT, NOV, MAR = date(2020, 10, 1), date(2020, 11, 1), date(2021, 3, 1)


@pytest.fixture
def sdlgat(db):
    return crear_usuario("sdlgat", unidades=("SDLGAT",))


@pytest.fixture
def cliente(client, anexo2, sdlgat):
    programar(anexo2, "1.1.1", OCT, NOV)
    client.force_login(sdlgat)
    return client


def _post(porcentaje="100", mes="2021-03", version="0", comentario="", siguiente="/cronograma/?componente=1"):
    return {"porcentaje": porcentaje, "comentario": comentario, "mes": mes, "version": version, "siguiente": siguiente}


def _fila_html(pagina: str, codigo: str) -> str:
    """El HTML de la fila data-codigo=… de una página: un <tr> de la grilla o un <li> de la hoja del mes."""
    inicio = pagina.index(f'data-codigo="{codigo}"')
    return pagina[inicio:min(i for i in (pagina.find("</tr>", inicio), pagina.find("</li>", inicio)) if i >= 0)]


# --- Mis actividades ---------------------------------------------------------------------------------------

def test_mis_actividades_muestra_solo_las_filas_de_la_unidad_por_componente(cliente, anexo2, sdlgat):
    registrar(anexo2, "1.1.1", OCT, 30, usuario=sdlgat)
    pagina = cliente.get("/mis-actividades/?mes=2020-11").content.decode()
    assert "Componente 1: Conocer las Necesidades y Expectativas" in pagina
    assert 'data-codigo="1.1.1"' in pagina and 'data-codigo="4.3.1"' in pagina  # SDLGAT / OGRH
    assert 'data-codigo="1.2.3"' not in pagina and 'data-codigo="6.2.1"' not in pagina  # OGPP, OGRH
    fila = _fila_html(pagina, "1.1.1")
    assert "Octubre 2020, Noviembre 2020" in fila  # meses programados
    assert "30,0 %" in fila and "(Octubre 2020)" in fila  # último registrado, arrastrado a noviembre
    assert "100,0 %" in fila and "Rojo: avance crítico" in fila  # programado y semáforo a noviembre
    assert 'name="1.1.1-mes" value="2020-11"' in fila and "Avance acumulado (%)" in fila


def test_inicio_es_mis_actividades_para_las_unidades_y_el_tablero_para_la_coordinacion(cliente, client, anexo2):
    pagina = cliente.get("/").content.decode()
    assert "Mis actividades" in pagina and "Tablero de seguimiento" not in pagina and 'href="/tablero/"' not in pagina
    client.force_login(crear_usuario("ogpp", unidades=("OGPP",)))
    pagina = client.get("/").content.decode()
    assert "Tablero de seguimiento" in pagina
    for enlace in (f'href="/planes/{anexo2.pk}/tablero/"', f'href="/planes/{anexo2.pk}/cierres/"',
                   f'href="/planes/{anexo2.pk}/cronograma/importar/"'):
        assert enlace in pagina, enlace


def test_mis_actividades_empieza_por_lo_que_toca_registrar(cliente):
    """Issue 14: primero las filas por registrar del mes, con el total arriba; el resto después."""
    pagina = cliente.get("/mis-actividades/?mes=2020-11").content.decode()
    por_registrar = pagina[pagina.index('id="seccion-por-registrar"'):pagina.index('id="seccion-otras"')]
    assert "Por registrar en Noviembre 2020: 1 fila" in por_registrar and 'data-codigo="1.1.1"' in por_registrar
    assert 'data-codigo="1.1.2"' not in por_registrar
    assert "1 fila por registrar</strong> en Noviembre 2020" in pagina
    assert 'href="#avance-1.1.1-2020-11-1.1.1-porcentaje">Ir a la primera fila por registrar (1.1.1)' in pagina


def test_mes_cerrado_se_muestra_de_solo_lectura(cliente, anexo2):
    from cronograma.mensual.cierres import cerrar_mes

    cerrar_mes(plan=anexo2, mes=NOV, usuario=crear_usuario(is_superuser=True))
    pagina = cliente.get("/mis-actividades/?mes=2020-11").content.decode()
    assert "Noviembre 2020 está cerrado" in pagina
    assert '-porcentaje"' not in pagina and "Guardar todo" not in pagina
    fila = cliente.get(f"/planes/{anexo2.pk}/cronograma/fila/1.1.1/?mes=2020-11").content.decode()
    assert "está cerrado" in fila and 'name="porcentaje"' not in fila
    # La grilla ofrece «Registrar» (uno por fila) solo para un mes de corte abierto.
    grilla = cliente.get(f"/planes/{anexo2.pk}/cronograma/?mes=2020-11&componente=1").content.decode()
    assert f"/planes/{anexo2.pk}/cronograma/fila/1.1.1/formulario/?mes=2020-11" not in grilla
    grilla = cliente.get(f"/planes/{anexo2.pk}/cronograma/?mes=2020-10&componente=1").content.decode()
    assert f"/planes/{anexo2.pk}/cronograma/fila/1.1.1/formulario/?mes=2020-10" in grilla


def test_pagina_de_la_fila_muestra_las_evidencias_de_cada_mes(cliente, anexo2, sdlgat):
    avance = registrar(anexo2, "1.1.1", OCT, 50, usuario=sdlgat)
    pagina = cliente.get(f"/planes/{anexo2.pk}/cronograma/fila/1.1.1/").content.decode()
    assert "Medios de verificación por mes" in pagina
    assert "<title>1.1.1 · MTPE</title>" in pagina
    assert f'action="/planes/{anexo2.pk}/avances/{avance.pk}/evidencias/"' in pagina


def test_mis_actividades_mes_futuro_o_fuera_del_plan(cliente):
    pagina = cliente.get("/mis-actividades/?mes=2021-04").content.decode()
    assert "Abril 2021 está fuera del plan" in pagina and "Se muestra Marzo 2021" in pagina
    pagina = cliente.get("/mis-actividades/?mes=marzo").content.decode()
    assert "no es un mes válido" in pagina


def test_usuario_sin_unidad_ve_un_aviso(client, anexo2):
    client.force_login(crear_usuario("nadie"))
    assert "no pertenece a ninguna unidad" in client.get("/mis-actividades/").content.decode()


@pytest.mark.parametrize("url", [
    "/", "/mis-actividades/", "/cronograma/", "/cronograma/fila/1.1.1/", "/cronograma/anexo2.xlsx",
    "/cronograma/importar/", "/pendientes/", "/tablero/", "/cierres/", "/reportes/nuevo/",
])
def test_sin_plan_cargado_toda_pagina_dice_lo_mismo_y_que_hacer(client, db, url):
    """Una sola conducta para "aún no hay plan": la misma página, con qué hacer (nada de 404 ni redirecciones)."""
    client.force_login(crear_usuario("coordinacion", unidades=("OGPP",)))
    respuesta = client.get(url)
    assert respuesta.status_code == 200
    pagina = respuesta.content.decode()
    assert "Aún no hay un plan cargado" in pagina and "load_anexo2" in pagina


@pytest.mark.parametrize("orden, argumentos", [
    ("export_anexo2", ["--output", "/tmp/no-se-escribe.xlsx"]),
    ("send_reminders", ["--mes", "2020-11"]),
    ("report_semestral", ["--desde", "2020-10", "--hasta", "2020-12", "--output", "/tmp/no-se-escribe.pdf"]),
])
def test_sin_plan_las_ordenes_dicen_lo_mismo(db, orden, argumentos):
    from django.core.management import CommandError, call_command

    from componentes.planes import SinPlan

    with pytest.raises(CommandError) as error:
        call_command(orden, *argumentos)
    assert str(error.value) == SinPlan.mensaje


# --- La grilla ---------------------------------------------------------------------------------------------

def test_grilla_cabecera_del_anexo_y_encabezados(cliente, anexo2):
    anexo2.aviso = "Programación ILUSTRATIVA"
    anexo2.save()
    pagina = cliente.get(f"/planes/{anexo2.pk}/cronograma/").content.decode()
    for texto in ("IMPLEMENTAR LA NORMA TÉCNICA", "OBLIGATORIO", "LIMA METROPOLITANA", "Nov-20", "MENSUAL",
                  "Programación ILUSTRATIVA", "Mes de corte</dt><dd>Marzo 2021", f'href="/planes/{anexo2.pk}/cronograma/anexo2.xlsx?mes=2021-03"'):
        assert texto in pagina, texto
    assert '<th scope="colgroup" colspan="3" class="anio">2020</th>' in pagina
    assert '<th scope="colgroup" colspan="3" class="anio">2021</th>' in pagina
    assert '<th scope="col" class="mes">Octubre</th>' in pagina


def test_grilla_celdas_programadas_porcentajes_y_consolidados(cliente, anexo2, sdlgat):
    registrar(anexo2, "1.1.1", OCT, 30, usuario=sdlgat)
    registrar(anexo2, "1.1.1", NOV, 95, usuario=sdlgat)
    pagina = cliente.get(f"/planes/{anexo2.pk}/cronograma/?mes=2020-11").content.decode()
    fila = _fila_html(pagina, "1.1.1")
    # Los 6 meses van después del código, el nombre y las unidades (th + 2 td) y antes de las 4 cifras.
    celdas = re.findall(r"<td[^>]*>.*?</td>", fila)[2:-4]
    assert celdas[:2] == ['<td class="programado"><span class="visualmente-oculto">programado</span>30,0 %</td>',
                          '<td class="programado"><span class="visualmente-oculto">programado</span>95,0 %</td>']
    assert celdas[2:] == ["<td></td>"] * 4  # un mes vacío no lleva nada (issue 16: el peso de la página)
    assert '<td class="num avance">95,0 %</td>' in fila and "Verde: avance adecuado" in fila
    # 1.1 tiene 6 subactividades: 95 / 6 = 15,8 ; programado 100 / 6 = 16,7
    assert '<td class="num avance">15,8 %</td>' in _fila_html(pagina, "1.1")
    assert "16,7 %" in _fila_html(pagina, "1.1")


def test_grilla_filtros_por_componente_y_unidad(cliente, anexo2):
    pagina = cliente.get(f"/planes/{anexo2.pk}/cronograma/?componente=3&unidad=OCII").content.decode()
    assert 'data-codigo="3.6.1"' in pagina and 'data-codigo="3"' in pagina and 'data-codigo="3.6"' in pagina
    assert 'data-codigo="3.3.1"' not in pagina and 'data-codigo="1.1.1"' not in pagina


def test_grilla_filtros_invalidos_se_explican(cliente, anexo2):
    pagina = cliente.get(f"/planes/{anexo2.pk}/cronograma/?mes=2031-01&componente=99&unidad=XYZ").content.decode()
    assert "Enero 2031 está fuera del plan" in pagina
    assert "no tiene un componente «99»" in pagina and "No hay una unidad «XYZ»" in pagina
    assert 'data-codigo="7.5"' in pagina  # se muestra todo


def test_cada_entrada_tiene_su_label(cliente, anexo2):
    celda = cliente.get(f"/planes/{anexo2.pk}/cronograma/fila/1.1.1/formulario/?mes=2021-03", HTTP_HX_REQUEST="true").content.decode()
    assert '<label for="avance-1.1.1-2021-03-porcentaje">Avance acumulado (%)</label>' in celda
    assert '<label for="avance-1.1.1-2021-03-comentario">Comentario</label>' in celda
    assert "<script" not in celda


def test_formulario_de_celda_sin_htmx_lleva_a_la_pagina_de_la_fila(cliente, anexo2):
    respuesta = cliente.get(f"/planes/{anexo2.pk}/cronograma/fila/1.1.1/formulario/?mes=2021-03")
    assert respuesta.status_code == 302 and respuesta["Location"].startswith(f"/planes/{anexo2.pk}/cronograma/fila/1.1.1/?mes=2021-03")


# --- Registrar ---------------------------------------------------------------------------------------------

def test_post_sin_javascript_guarda_y_vuelve_a_la_grilla_con_mensaje(cliente, anexo2):
    respuesta = cliente.post(f"/planes/{anexo2.pk}/cronograma/fila/1.1.1/registrar/", _post())
    assert respuesta.status_code == 302 and respuesta["Location"] == "/cronograma/?componente=1"  # el `siguiente` que vino
    assert [str(m) for m in get_messages(respuesta.wsgi_request)] == ["Se registró 100,0 % en 1.1.1 para Marzo 2021."]
    assert Avance.objects.get().porcentaje == Decimal("100.0")
    pagina = cliente.get(respuesta["Location"], follow=True).content.decode()
    assert '<td class="num avance">100,0 %</td>' in _fila_html(pagina, "1.1.1")


def test_post_con_htmx_recarga_el_contenido_de_la_pagina(cliente, anexo2):
    respuesta = cliente.post(f"/planes/{anexo2.pk}/cronograma/fila/1.1.1/registrar/", _post(), HTTP_HX_REQUEST="true")
    assert respuesta.status_code == 200
    assert '"path": "/cronograma/?componente=1"' in respuesta["HX-Location"]
    assert '"select": "#contenido"' in respuesta["HX-Location"]


def test_siguiente_externo_se_ignora(cliente, anexo2):
    respuesta = cliente.post(f"/planes/{anexo2.pk}/cronograma/fila/1.1.1/registrar/", _post(siguiente="https://malo.example/"))
    assert respuesta["Location"] == f"/planes/{anexo2.pk}/cronograma/fila/1.1.1/"


def test_error_sin_javascript_muestra_la_pagina_de_la_fila_con_lo_escrito(cliente, anexo2):
    respuesta = cliente.post(f"/planes/{anexo2.pk}/cronograma/fila/1.1.1/registrar/", _post(porcentaje="101", comentario="mi nota"))
    pagina = respuesta.content.decode()
    assert respuesta.status_code == 200 and "entre 0 y 100" in pagina
    assert 'value="101"' in pagina and "mi nota" in pagina and 'value="/cronograma/?componente=1"' in pagina
    assert not Avance.objects.exists()
    # Issue 14: título «Error: …» y resumen arriba, con el foco y un enlace al campo marcado.
    assert "<title>Error: 1.1.1" in pagina
    resumen = pagina[pagina.index('id="resumen-errores"'):]
    assert 'href="#avance-1.1.1-2021-03-porcentaje">Avance acumulado (%):' in resumen and "autofocus" in pagina
    assert 'class="campo con-error"' in pagina and 'aria-invalid="true"' in pagina


def test_error_con_htmx_devuelve_solo_el_formulario(cliente, anexo2):
    respuesta = cliente.post(f"/planes/{anexo2.pk}/cronograma/fila/1.1.1/registrar/", _post(mes="2021-04"), HTTP_HX_REQUEST="true")
    pagina = respuesta.content.decode()
    assert respuesta.status_code == 200 and pagina.lstrip().startswith("<form")
    assert "<html" not in pagina and "Abril 2021 está fuera del plan" in pagina
    assert not Avance.objects.exists()


def test_conflicto_por_la_web(cliente, anexo2):
    otro = crear_usuario("drtpelm", unidades=("DRTPELM",))
    registrar(anexo2, "1.1.1", MAR, 80, usuario=otro)
    respuesta = cliente.post(f"/planes/{anexo2.pk}/cronograma/fila/1.1.1/registrar/", _post(porcentaje="90", version="0"))
    pagina = respuesta.content.decode()
    assert "drtpelm registró 80,0 %" in pagina and 'value="90"' in pagina
    assert Avance.objects.get().porcentaje == Decimal("80.0")


def test_fila_inexistente(cliente, anexo2):
    assert cliente.get(f"/planes/{anexo2.pk}/cronograma/fila/9.9.9/").status_code == 404
    assert cliente.get(f"/planes/{anexo2.pk}/cronograma/fila/1.1/").status_code == 404  # 1.1 tiene subactividades: no es hoja


# --- Página de la fila -------------------------------------------------------------------------------------

def test_pagina_de_la_fila_muestra_la_historia_completa(cliente, anexo2):
    otro = crear_usuario("drtpelm", unidades=("DRTPELM",))
    cliente.post(f"/planes/{anexo2.pk}/cronograma/fila/1.1.1/registrar/", _post(porcentaje="50", mes="2020-10"))
    cliente.force_login(otro)
    cliente.post(f"/planes/{anexo2.pk}/cronograma/fila/1.1.1/registrar/", _post(porcentaje="40", mes="2020-10", version="1", comentario="Se contó doble"))
    pagina = cliente.get(f"/planes/{anexo2.pk}/cronograma/fila/1.1.1/").content.decode()
    assert "Octubre 2020, Noviembre 2020" in pagina  # meses programados
    historia = pagina[pagina.index('class="historial"'):]
    assert historia.index("sdlgat") < historia.index("drtpelm")
    assert "50,0 % → 40,0 %" in historia and "Se contó doble" in historia and "Corrección" in historia


# --- Número de consultas -----------------------------------------------------------------------------------

@pytest.mark.parametrize("tamano", [{"actividades": 5, "subactividades": 2}, {"actividades": 10, "subactividades": 10}])
def test_consultas_constantes(client, db, django_assert_max_num_queries, tamano):
    """70 filas (como el Anexo) o 700: las mismas consultas, para la coordinación y para una unidad."""
    plan = crear_plan_sintetico(**tamano)
    for usuario in (crear_usuario(unidades=("OGPP",)), crear_usuario(unidades=("SDLGAT",))):
        client.force_login(usuario)
        for url in (f"/planes/{plan.pk}/cronograma/", "/mis-actividades/", "/mis-actividades/?pagina=2",
                    "/mis-actividades/?unidad=todas", f"/planes/{plan.pk}/cronograma/?componente=2&unidad=SDLGAT"):
            # 16: Mis actividades lee los registros observados de la unidad (issue 23); +1: el árbol del plan
            # entero en tuplas, para leer en objetos solo las actividades de la unidad (issue 24).
            with django_assert_max_num_queries(17):
                assert client.get(url).status_code == 200


# --- La grilla de la coordinación a escala (issue 16) ------------------------------------------------------

def _grilla_de(client, plan) -> tuple[str, int]:
    """La grilla de `plan` (por su dirección /planes/<id>/) y cuántas consultas hizo."""
    with CaptureQueriesContext(connection) as consultas:
        respuesta = client.get(f"/planes/{plan.pk}/cronograma/")
    assert respuesta.status_code == 200
    return respuesta.content.decode(), len(consultas.captured_queries)


def test_grilla_de_la_coordinacion_mismas_consultas_en_todo_tamano_y_pagina_liviana(client, db, django_assert_max_num_queries):
    """70 filas × 6 meses y 700 × 24: las mismas consultas (≤ 15), un «Registrar» por fila hoja y ninguno
    en las consolidadas, y a lo más 1.200 bytes por fila hoja (8,4 MB a 7.000 filas; el objetivo es ≤ 10 MB)."""
    chico = crear_plan_sintetico(actividades=5, subactividades=2, meses=6, vigente=False)
    grande = crear_plan_sintetico(actividades=10, subactividades=10, meses=24)
    client.force_login(crear_usuario(unidades=("OGPP",)))
    with django_assert_max_num_queries(15):
        _, consultas_chica = _grilla_de(client, chico)
    with django_assert_max_num_queries(consultas_chica):
        pagina, consultas = _grilla_de(client, grande)
    assert consultas == consultas_chica
    cuerpo = pagina[pagina.index("<tbody>"):pagina.index("</tbody>")]
    hojas = len(re.findall(r'<tr class="nivel-subactividad"', cuerpo))
    assert hojas == 700 and cuerpo.count("<tr ") == 700 + 70 + 7  # y sus actividades y componentes
    assert cuerpo.count('class="editar"') == 700 and cuerpo.count("<td></td>") > 700 * 20
    assert len(cuerpo.encode()) / hojas <= 1200


def test_grilla_ofrece_registrar_solo_donde_se_puede(client, db):
    """El «Registrar» de cada fila solo si permisos.py deja escribir en ella al corte: la unidad en sus
    filas, nadie en un mes cerrado, un revisor nunca; la página de la fila es el camino sin JavaScript."""
    from django.contrib.auth.models import Group

    from cronograma.mensual.cierres import cerrar_mes

    plan = crear_plan_sintetico(actividades=2, subactividades=3)
    # crear_plan_sintetico da la fila c.a.s a SDLGAT si (c + a + s) % 3 == 0.
    propias = {f"{c}.{a}.{s}" for c in range(1, 8) for a in (1, 2) for s in (1, 2, 3) if (c + a + s) % 3 == 0}
    client.force_login(sdlgat := crear_usuario(unidades=("SDLGAT",)))
    pagina, _ = _grilla_de(client, plan)
    con_registrar = set(re.findall(r'<a class="editar" id="editar-([0-9.]+)"', pagina))
    assert con_registrar == propias
    corte = "2021-03"
    enlace = re.search(r'<a class="editar" id="editar-1\.1\.1" href="([^"]+)" hx-get="([^"]+)"', pagina)
    assert enlace.group(1) == f"/planes/{plan.pk}/cronograma/fila/1.1.1/?mes={corte}&amp;siguiente=%2Fplanes%2F{plan.pk}%2Fcronograma%2F#registro"
    assert enlace.group(2) == f"/planes/{plan.pk}/cronograma/fila/1.1.1/formulario/?mes={corte}&amp;siguiente=%2Fplanes%2F{plan.pk}%2Fcronograma%2F&amp;editor=fila"

    revisor = crear_usuario(unidades=("SDLGAT",))
    revisor.groups.add(Group.objects.get_or_create(name="Revisores")[0])
    client.force_login(revisor)
    assert 'class="editar"' not in _grilla_de(client, plan)[0]

    cerrar_mes(plan=plan, mes=plan.mes_fin, usuario=crear_usuario(unidades=("OGPP",)))
    client.force_login(sdlgat)
    assert 'class="editar"' not in _grilla_de(client, plan)[0]
