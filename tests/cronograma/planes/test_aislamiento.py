"""Los datos de un plan nunca aparecen en las páginas, exportaciones, reportes o recordatorios de otro.

Dos planes con los mismos códigos (tests/cronograma/planes/escenario.py): cada página, bajo /planes/<id>/,
se revisa buscando la marca del otro plan.
"""

from datetime import date
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from cronograma.reportes.flujo import crear_reporte
from tests.cronograma.planes.escenario import ENE, NOV, dos_planes  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

PAGINAS = ["", "cronograma/", "cronograma/?mes={mes}", "cronograma/fila/1.1.1/", "cronograma/fila/1.1.2/",
           "mis-actividades/", "pendientes/", "tablero/", "cierres/", "reportes/", "matriz/", "reportes/{reporte}/"]
LIBROS = ["cronograma/anexo2.xlsx", "matriz.xlsx", "reportes/{reporte}/xlsx/"]


def _reportes(dos_planes):
    return {
        "A": crear_reporte(plan=dos_planes.a, desde=date(2020, 10, 1), hasta=date(2021, 3, 1), usuario=dos_planes.coordinador),
        "B": crear_reporte(plan=dos_planes.b, desde=ENE, hasta=date(2021, 6, 1), usuario=dos_planes.coordinador),
    }


def _texto_del_libro(contenido: bytes) -> str:
    libro = load_workbook(BytesIO(contenido), read_only=True)
    try:
        return " ".join(str(c) for pestana in libro.worksheets for fila in pestana.iter_rows(values_only=True) for c in fila if c is not None)
    finally:
        libro.close()


@pytest.mark.parametrize("marca, otra", [("A", "B"), ("B", "A")])
def test_cada_pagina_y_libro_muestra_solo_su_plan(client, dos_planes, marca, otra):
    reportes = _reportes(dos_planes)
    plan = dos_planes.a if marca == "A" else dos_planes.b
    client.force_login(dos_planes.coordinador)
    valores = {"reporte": reportes[marca].pk, "mes": "2021-03" if marca == "A" else "2021-06"}
    for pagina in PAGINAS:
        url = f"/planes/{plan.pk}/{pagina.format(**valores)}"
        respuesta = client.get(url)
        assert respuesta.status_code == 200, url
        texto = respuesta.content.decode()
        assert f"NOMBRE-{otra}" not in texto and f"COMENTARIO-{otra}" not in texto, url
        assert f'data-plan-id="{plan.pk}"' in texto, f"{url} no dice qué plan muestra"
    for libro in LIBROS:
        url = f"/planes/{plan.pk}/{libro.format(**valores)}"
        respuesta = client.get(url)
        assert respuesta.status_code == 200, url
        texto = _texto_del_libro(respuesta.content)
        assert f"NOMBRE-{marca}" in texto and f"NOMBRE-{otra}" not in texto, url


def test_los_enlaces_de_una_pagina_conservan_su_plan(client, dos_planes):
    client.force_login(dos_planes.coordinador)
    b = dos_planes.b.pk
    texto = client.get(f"/planes/{b}/cronograma/").content.decode()
    assert f'href="/planes/{b}/cronograma/fila/1.1.1/' in texto and f'href="/planes/{b}/pendientes/"' in texto
    assert 'href="/cronograma/fila/' not in texto
    assert 'href="/static/' in texto or 'src="/static/' in texto  # los estáticos no llevan el prefijo
    vigente = client.get(f"/planes/{dos_planes.a.pk}/cronograma/").content.decode()  # las direcciones de antes: el plan vigente
    assert "NOMBRE-A-1.1.1" in vigente and "NOMBRE-B" not in vigente


def test_un_objeto_de_otro_plan_no_se_abre_bajo_la_direccion_de_este(client, dos_planes):
    reportes = _reportes(dos_planes)
    client.force_login(dos_planes.coordinador)
    a, b = dos_planes.a.pk, dos_planes.b.pk
    assert client.get(f"/planes/{a}/reportes/{reportes['B'].pk}/").status_code == 404
    assert client.get(f"/planes/{b}/reportes/{reportes['B'].pk}/").status_code == 200
    from cronograma.models import Avance
    avance_b = Avance.objects.get(comentario="COMENTARIO-B")
    assert client.get(f"/planes/{a}/avances/{avance_b.pk}/evidencias/").status_code == 404
    assert client.get(f"/planes/{b}/avances/{avance_b.pk}/evidencias/").status_code == 200
    assert client.get("/planes/999999/cronograma/").status_code == 404


def test_la_lista_de_reportes_es_del_plan(client, dos_planes):
    reportes = _reportes(dos_planes)
    client.force_login(dos_planes.coordinador)
    texto = client.get(f"/planes/{dos_planes.b.pk}/reportes/").content.decode()
    assert f"reportes/{reportes['B'].pk}/" in texto and f"reportes/{reportes['A'].pk}/" not in texto


def test_mis_actividades_reune_los_planes_abiertos_por_plan(client, dos_planes):
    client.force_login(dos_planes.sdlgat)
    texto = client.get("/mis-actividades/").content.decode()
    assert texto.index("NOMBRE-A-1.1.1") < texto.index("NOMBRE-B-1.1.1")  # el vigente primero
    assert "NOMBRE-A-1.1.2" not in texto and "NOMBRE-B-1.1.2" not in texto  # de DRTPELM
    # Una hoja del mes por plan (issue 14), con el prefijo de su plan: los mismos códigos no chocan.
    for plan in (dos_planes.a, dos_planes.b):
        assert f'name="p{plan.pk}-1.1.1-porcentaje"' in texto
        assert f'href="/planes/{plan.pk}/cronograma/fila/1.1.1/' in texto
    assert texto.count('name="guardar" value="*"') == 1  # un solo «Guardar todo» para todos los planes
    solo_b = client.get(f"/planes/{dos_planes.b.pk}/mis-actividades/").content.decode()
    assert "NOMBRE-B-1.1.1" in solo_b and "NOMBRE-A" not in solo_b


def test_registrar_desde_mis_actividades_va_al_plan_de_la_fila(client, dos_planes):
    from cronograma.models import Avance
    client.force_login(dos_planes.sdlgat)
    respuesta = client.post(f"/planes/{dos_planes.b.pk}/cronograma/fila/1.1.1/registrar/",
                            {"mes": "2021-01", "porcentaje": "100", "comentario": "", "version": "0"})
    assert respuesta.status_code == 302
    guardado = Avance.objects.get(porcentaje=100)
    assert guardado.actividad.componente.plan_id == dos_planes.b.pk and guardado.mes == ENE


def test_pendientes_por_plan(client, dos_planes):
    client.force_login(dos_planes.coordinador)
    texto = client.get("/pendientes/?mes=2021-01").content.decode()
    assert "NOMBRE-A-1.1.1" in texto and "NOMBRE-B-1.1.1" in texto
    assert texto.count('class="plan-agrupado"') == 2


def test_un_correo_por_unidad_con_sus_filas_de_cada_plan(dos_planes, mailoutbox):
    call_command("send_reminders", "--mes", "2021-01", stdout=StringIO())
    sdlgat = [m for m in mailoutbox if "(SDLGAT)" in m.subject]
    assert len(sdlgat) == 1 and sdlgat[0].to == ["sdlgat@example.org"]
    cuerpo = sdlgat[0].body
    assert f"Plan «{dos_planes.a}»:\n- 1.1.1 NOMBRE-A-1.1.1" in cuerpo
    assert f"Plan «{dos_planes.b}»:\n- 1.1.1 NOMBRE-B-1.1.1" in cuerpo
    mailoutbox.clear()
    call_command("send_reminders", "--mes", "2021-01", "--plan", str(dos_planes.b.pk), stdout=StringIO())
    cuerpos = " ".join(m.body for m in mailoutbox)
    assert "NOMBRE-B-1.1.1" in cuerpos and "NOMBRE-A" not in cuerpos


def test_vista_general_una_linea_por_plan_abierto(client, dos_planes):
    client.force_login(dos_planes.coordinador)
    respuesta = client.get("/planes/")
    lineas = respuesta.context["lineas"]
    assert [linea.plan for linea in lineas] == [dos_planes.a, dos_planes.b]
    assert lineas[0].filas_pendientes == 3 and lineas[0].mes == date(2021, 3, 1)  # plan terminado: su último mes
    assert "Semáforo" in respuesta.content.decode()
    client.force_login(dos_planes.sdlgat)
    assert client.get("/planes/").context["lineas"] is None  # las unidades ven la lista, sin cifras


def _guardar(client, datos, **kwargs):
    return client.post("/mis-actividades/guardar/", datos, **kwargs)


def test_guardar_una_fila_de_mis_actividades_va_a_su_plan(client, dos_planes):
    """La hoja reúne los dos planes: «Guardar» de 1.1.1 del plan B escribe en B (a su mes por defecto)."""
    from cronograma.models import Avance
    client.force_login(dos_planes.sdlgat)
    b = f"p{dos_planes.b.pk}-1.1.1"
    respuesta = _guardar(client, {"mes": "", "guardar": b, f"{b}-porcentaje": "30", f"{b}-comentario": "Avance parcial",
                                  f"{b}-mes": "2021-06", f"{b}-version": "0"})
    assert respuesta.status_code == 302 and respuesta["Location"].endswith(f"#fila-{b}")
    avance = Avance.objects.get(subactividad__actividad__componente__plan=dos_planes.b, subactividad__numero=1)
    assert (avance.mes, avance.porcentaje) == (date(2021, 6, 1), 30)
    assert not Avance.objects.filter(subactividad__actividad__componente__plan=dos_planes.a, subactividad__numero=1).exists()


def test_guardar_todo_guarda_cada_plan_con_sus_reglas_por_json(client, dos_planes):
    from cronograma.models import Avance
    client.force_login(dos_planes.sdlgat)
    a, b = f"p{dos_planes.a.pk}-1.1.1", f"p{dos_planes.b.pk}-1.1.1"
    datos = {"mes": "", "guardar": "*"}
    for clave, mes, valor in ((a, "2021-03", "20"), (b, "2021-06", "150")):  # 150 %: fuera de rango
        datos.update({f"{clave}-porcentaje": valor, f"{clave}-comentario": "Avance parcial", f"{clave}-mes": mes, f"{clave}-version": "0"})
    respuesta = _guardar(client, datos, headers={"X-Hoja-Del-Mes": "1"})
    assert respuesta.status_code == 400
    json = respuesta.json()
    assert json["filas"][f"fila-{a}"]["ok"] and not json["filas"][f"fila-{b}"]["ok"]
    assert set(json["resumenes"]) == {f"resumen-del-mes-p{dos_planes.a.pk}", f"resumen-del-mes-p{dos_planes.b.pk}"}
    assert f"/planes/{dos_planes.b.pk}/cronograma/fila/1.1.1/" in json["filas"][f"fila-{b}"]["html"]
    assert Avance.objects.filter(subactividad__actividad__componente__plan=dos_planes.a).count() == 2
    assert Avance.objects.filter(subactividad__actividad__componente__plan=dos_planes.b).count() == 1  # solo el de 1.1.2


def test_guardar_una_fila_en_su_lugar_lee_solo_su_plan(client, dos_planes):
    """Con JavaScript, «Guardar» de una fila del plan B responde su fila y el resumen de B (el de A no cambia)
    y no lee el plan A: las mismas consultas que la página de B sola (issue 24, la hoja bajo carga)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cronograma.models import Avance
    client.force_login(dos_planes.sdlgat)
    b = f"p{dos_planes.b.pk}-1.1.1"
    datos = {"mes": "", "guardar": b, f"{b}-porcentaje": "30", f"{b}-comentario": "Avance parcial",
             f"{b}-mes": "2021-06", f"{b}-version": "0"}
    with CaptureQueriesContext(connection) as consultas:
        respuesta = _guardar(client, datos, headers={"X-Hoja-Del-Mes": "1"})
    json = respuesta.json()
    assert respuesta.status_code == 200 and json["filas"][f"fila-{b}"]["ok"]
    assert set(json["resumenes"]) == {f"resumen-del-mes-p{dos_planes.b.pk}"}
    assert 'name="p%d-1.1.1-porcentaje"' % dos_planes.b.pk in json["filas"][f"fila-{b}"]["html"]  # los nombres de la página
    assert Avance.objects.get(subactividad__actividad__componente__plan=dos_planes.b, subactividad__numero=1).porcentaje == 30
    # Ninguna consulta por los componentes del plan A (el catálogo se lee por plan: `plan_id IN (...)`).
    catalogo = [c["sql"] for c in consultas.captured_queries if "componentes_componente" in c["sql"] and " IN (" in c["sql"]]
    assert catalogo and all(f"({dos_planes.b.pk})" in sql.replace(" ", "") or f"IN({dos_planes.b.pk})" in sql.replace(" ", "")
                            for sql in catalogo), catalogo


def test_un_plan_archivado_no_esta_en_la_hoja_ni_se_guarda_desde_ella(client, dos_planes):
    from componentes.planes import archivar_plan
    from cronograma.models import Avance
    archivar_plan(plan=dos_planes.b, usuario=dos_planes.coordinador)
    client.force_login(dos_planes.sdlgat)
    texto = client.get("/mis-actividades/").content.decode()
    assert "NOMBRE-B" not in texto
    b = f"p{dos_planes.b.pk}-1.1.1"
    _guardar(client, {"mes": "", "guardar": b, f"{b}-porcentaje": "30", f"{b}-mes": "2021-06", f"{b}-version": "0"})
    assert Avance.objects.filter(subactividad__actividad__componente__plan=dos_planes.b).count() == 1
    # Y bajo su propia dirección, la hoja del plan archivado no ofrece formularios y el guardado se rechaza.
    solo_b = client.get(f"/planes/{dos_planes.b.pk}/mis-actividades/").content.decode()
    assert 'name="1.1.1-porcentaje"' not in solo_b
    client.post(f"/planes/{dos_planes.b.pk}/mis-actividades/guardar/",
                {"mes": "2021-06", "guardar": "1.1.1", "1.1.1-porcentaje": "30", "1.1.1-mes": "2021-06", "1.1.1-version": "0"})
    assert Avance.objects.filter(subactividad__actividad__componente__plan=dos_planes.b).count() == 1


def test_un_reporte_nuevo_bajo_la_direccion_de_un_plan_es_de_ese_plan(client, dos_planes):
    """Bajo /planes/<B>/ el formulario solo ofrece B; enviar el id de A (a mano) se rechaza sin crear nada."""
    from cronograma.models import Reporte

    a, b = dos_planes.a, dos_planes.b
    client.force_login(dos_planes.coordinador)
    pagina = client.get(f"/planes/{b.pk}/reportes/nuevo/").content.decode()
    assert f'value="{b.pk}"' in pagina and f'value="{a.pk}"' not in pagina
    respuesta = client.post(f"/planes/{b.pk}/reportes/nuevo/", {"plan": a.pk, "desde": "2021-01", "hasta": "2021-03"})
    assert respuesta.status_code == 200 and "Elija uno de los planes de la lista." in respuesta.content.decode()
    assert not Reporte.objects.exists()
    respuesta = client.post(f"/planes/{b.pk}/reportes/nuevo/", {"plan": b.pk, "desde": "2021-01", "hasta": "2021-03"})
    assert respuesta.status_code == 302 and Reporte.objects.get().plan == b
    # Bajo la dirección de A, la lista solo tiene A (el plan lo nombra la dirección, no el formulario).
    pagina = client.get(f"/planes/{a.pk}/reportes/nuevo/").content.decode()
    assert f'value="{a.pk}"' in pagina and f'value="{b.pk}"' not in pagina
