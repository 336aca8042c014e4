"""Páginas, Excel, órdenes y reporte de la reprogramación; permisos probados intentando lo prohibido."""

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl.styles import PatternFill

from cronograma.models import MesProgramado, VersionPlan
from cronograma.reportes.flujo import crear_reporte
from cronograma.reportes.datos import cifras_del_reporte
from cronograma.reprogramacion.versiones import aprobar_version, crear_borrador, guardar_borrador
from cronograma.anexo.excel import exportar_anexo2
from tests.cronograma.anexo.libros import (
    DIC, ENE, MAR, NOV, OCT, abrir, crear_plan_pequeno, fila_de, foto_de_la_base, libro_retocado,
)
from tests.factories import crear_plan_sintetico, crear_usuario

pytestmark = pytest.mark.django_db
FEB = date(2021, 2, 1)
AZUL = PatternFill("solid", fgColor="9DC3E6")
SIN_RELLENO = PatternFill(fill_type=None)
COLUMNA = {OCT: 4, NOV: 5, DIC: 6, ENE: 7, FEB: 8, MAR: 9}


@pytest.fixture
def plan():
    return crear_plan_pequeno()


@pytest.fixture
def ogpp():
    return crear_usuario("ogpp", unidades=("OGPP",))


@pytest.fixture
def personal():
    return crear_usuario("sdlgat", unidades=("SDLGAT",))


def _version_3(plan, usuario, vigente_desde=ENE):
    """1.1.2 pasa de Enero a Febrero, vigente desde `vigente_desde`."""
    borrador = crear_borrador(plan=plan, usuario=usuario)
    guardar_borrador(version=borrador, usuario=usuario, meses={"1.1.2": ["2021-02"]})
    return aprobar_version(version=borrador, motivo="Se postergó la encuesta.", vigente_desde=vigente_desde, usuario=usuario)


def _estado():
    return (list(VersionPlan.objects.values_list("numero", "estado", "motivo", "cambios").order_by("numero")),
            MesProgramado.objects.count())


# --- Permisos: el personal de una unidad lee, no escribe ------------------------------------------

def test_el_personal_lee_las_versiones_pero_no_puede_reprogramar(client, plan, ogpp, personal):
    borrador = crear_borrador(plan=plan, usuario=ogpp)
    client.force_login(personal)
    lista = client.get(reverse("versiones", args=[plan.pk]))
    assert lista.status_code == 200 and "Versión 2" in lista.content.decode()
    assert "Nueva versión" not in lista.content.decode()
    detalle = client.get(reverse("version_detalle", args=[plan.pk, borrador.numero]))
    assert detalle.status_code == 200 and "Aprobar la versión" not in detalle.content.decode()
    assert client.get(reverse("versiones_comparar", args=[plan.pk])).status_code == 200
    antes = _estado()
    intentos = [
        client.post(reverse("version_nueva", args=[plan.pk])),
        client.get(reverse("version_editar", args=[plan.pk, borrador.numero])),
        client.post(reverse("version_editar", args=[plan.pk, borrador.numero]),
                    {"filas": ["1.1.2"], "meses-1.1.2": ["2021-03"], "nombre-1.1.2": "x", "unidades-1.1.2": "SDLGAT"}),
        client.post(reverse("version_fila_nueva", args=[plan.pk, borrador.numero]), {"codigo": "1.1.3", "nombre": "x"}),
        client.post(reverse("version_aprobar", args=[plan.pk, borrador.numero]), {"motivo": "x", "vigente_desde": "2021-02"}),
        client.post(reverse("version_descartar", args=[plan.pk, borrador.numero])),
        client.post(reverse("version_importar", args=[plan.pk]), {"archivo": io.BytesIO(exportar_anexo2(plan, DIC))}),
    ]
    assert [r.status_code for r in intentos] == [403] * len(intentos)
    assert _estado() == antes


def test_la_coordinacion_crea_edita_y_aprueba_desde_las_paginas(client, plan, ogpp):
    client.force_login(ogpp)
    assert "Nueva versión" in client.get(reverse("versiones", args=[plan.pk])).content.decode()
    respuesta = client.post(reverse("version_nueva", args=[plan.pk]))
    assert respuesta.status_code == 302 and respuesta["Location"] == reverse("version_editar", args=[plan.pk, 3])
    editor = client.get(reverse("version_editar", args=[plan.pk, 3])).content.decode()
    assert 'name="meses-1.1.2" value="2021-01"' in editor and "checked" in editor
    datos = {"filas": ["1.1.1", "1.1.2"], "meses-1.1.1": ["2020-11", "2020-12"], "meses-1.1.2": ["2021-02"],
             "nombre-1.1.1": "Determinar el objetivo", "nombre-1.1.2": "Población (reprogramada)",
             "unidades-1.1.1": "SDLGAT / DRTPELM / OGPP", "unidades-1.1.2": "SDLGAT", "mes_fin": "2021-03"}
    assert client.post(reverse("version_editar", args=[plan.pk, 3]), datos).status_code == 302
    detalle = client.get(reverse("version_detalle", args=[plan.pk, 3])).content.decode()
    assert "Población (reprogramada)" in detalle and "Febrero 2021" in detalle and "Enero 2021" in detalle
    # Sustento vacío: rechazado con su mensaje, nada cambia.
    antes = _estado()
    respuesta = client.post(reverse("version_aprobar", args=[plan.pk, 3]), {"motivo": "", "vigente_desde": "2021-02"}, follow=True)
    assert "Escriba el sustento" in respuesta.content.decode() and _estado() == antes
    respuesta = client.post(reverse("version_aprobar", args=[plan.pk, 3]), {"motivo": "Encuesta postergada.", "vigente_desde": "2021-02"})
    assert respuesta.status_code == 302
    version = VersionPlan.objects.get(numero=3)
    assert version.aprobada and version.aprobada_por == ogpp and version.vigente_desde == FEB
    assert "Encuesta postergada." in client.get(reverse("versiones", args=[plan.pk])).content.decode()


def test_un_cambio_malo_en_el_editor_no_guarda_nada(client, plan, ogpp):
    borrador = crear_borrador(plan=plan, usuario=ogpp)
    client.force_login(ogpp)
    antes = _estado()
    datos = {"filas": ["1.1.1", "1.1.2"], "meses-1.1.1": ["2020-11"], "meses-1.1.2": ["2021-02"],
             "nombre-1.1.1": "Nuevo", "nombre-1.1.2": "", "unidades-1.1.1": "SDLGAT", "unidades-1.1.2": "SDLGAT"}
    pagina = client.post(reverse("version_editar", args=[plan.pk, borrador.numero]), datos).content.decode()
    assert "No se guardó nada" in pagina and "el nombre no puede quedar vacío" in pagina
    assert _estado() == antes
    # Lo escrito vuelve a la página: el nombre nuevo de 1.1.1 y Febrero marcado en 1.1.2.
    assert 'value="Nuevo"' in pagina
    assert 'name="meses-1.1.2" value="2021-02" aria-label="1.1.2 en Febrero 2021" checked' in pagina


def test_un_segundo_borrador_desde_la_pagina_se_rechaza(client, plan, ogpp):
    client.force_login(ogpp)
    client.post(reverse("version_nueva", args=[plan.pk]))
    respuesta = client.post(reverse("version_nueva", args=[plan.pk]), follow=True)
    assert "Ya hay un borrador abierto" in respuesta.content.decode()
    assert VersionPlan.objects.filter(estado="borrador").count() == 1


def test_la_grilla_con_version_y_con_una_version_que_no_existe(client, plan, ogpp):
    _version_3(plan, ogpp)
    client.force_login(ogpp)
    vigente = client.get(reverse("grilla", args=[plan.pk]), {"mes": "2021-03"})
    assert vigente.context["grilla"].resultado.version.numero == 3
    base = client.get(reverse("grilla", args=[plan.pk]), {"mes": "2021-03", "version": "2"})
    assert base.context["grilla"].resultado.version.numero == 2
    fila = lambda g: next(f for f in g.filas if f.codigo == "1.1.2")  # noqa: E731
    assert [c.mes for c in fila(vigente.context["grilla"]).celdas if c.programado] == [FEB]
    assert [c.mes for c in fila(base.context["grilla"]).celdas if c.programado] == [ENE]
    mala = client.get(reverse("grilla", args=[plan.pk]), {"version": "99"})
    assert mala.status_code == 200 and "no tiene una versión aprobada «99»" in mala.content.decode()


def test_comparar_dos_versiones_en_la_pagina(client, plan, ogpp, personal):
    _version_3(plan, ogpp)
    client.force_login(personal)
    pagina = client.get(reverse("versiones_comparar", args=[plan.pk]), {"a": "2", "b": "3"}).content.decode()
    assert "1.1.2" in pagina and "Febrero 2021" in pagina
    assert "no tiene una versión aprobada «x»" in client.get(reverse("versiones_comparar", args=[plan.pk]), {"a": "x"}).content.decode()


# --- Excel ---------------------------------------------------------------------------------------

def _cabecera(pestana):
    return {pestana.cell(f, 1).value: pestana.cell(f, 3).value for f in range(2, 16)}


def _sombreados(pestana, codigo):
    fila = fila_de(pestana, codigo)
    return [mes for mes, columna in COLUMNA.items() if pestana.cell(fila, columna).fill.fgColor.rgb.endswith("9DC3E6")]


def test_el_excel_lleva_la_version_vigente_a_su_corte_y_su_sombreado(plan, ogpp, tmp_path):
    version = _version_3(plan, ogpp, vigente_desde=ENE)
    antes = abrir(exportar_anexo2(plan, DIC)).active
    despues = abrir(exportar_anexo2(plan, MAR)).active
    assert (_cabecera(antes)["VERSION"], _cabecera(antes)["FECHA"]) == ("2", "Nov-20")
    assert (_cabecera(despues)["VERSION"], _cabecera(despues)["FECHA"]) == ("3", version.fecha_texto)
    assert _sombreados(antes, "1.1.2") == [ENE] and _sombreados(despues, "1.1.2") == [FEB]
    salida = tmp_path / "v2.xlsx"
    call_command("export_anexo2", "--output", str(salida), "--mes", "2021-03", "--version", "2", stdout=io.StringIO())
    elegida = abrir(salida.read_bytes()).active
    assert _cabecera(elegida)["VERSION"] == "2" and _sombreados(elegida, "1.1.2") == [ENE]
    with pytest.raises(CommandError, match="no tiene una versión aprobada 9"):
        call_command("export_anexo2", "--output", str(salida), "--version", "9")


def _libro_con_febrero(plan):
    def retoque(pestana):
        fila = fila_de(pestana, "1.1.2")
        pestana.cell(fila, COLUMNA[ENE]).fill = SIN_RELLENO
        pestana.cell(fila, COLUMNA[FEB]).fill = AZUL
    return libro_retocado(plan, DIC, retoque)


def test_import_anexo2_reprogramar_muestra_la_diferencia_y_aprueba(plan, ogpp, tmp_path):
    archivo = tmp_path / "reprogramado.xlsx"
    archivo.write_bytes(_libro_con_febrero(plan))
    antes = foto_de_la_base(), _estado()
    salida = io.StringIO()
    call_command("import_anexo2", str(archivo), "--reprogramar", "--motivo", "Encuesta postergada.",
                 "--vigente-desde", "2021-01", "--usuario", "ogpp", "--dry-run", stdout=salida)
    assert "1.1.2: meses +: Febrero 2021; meses −: Enero 2021" in salida.getvalue()
    assert "Simulación" in salida.getvalue() and (foto_de_la_base(), _estado()) == antes
    salida = io.StringIO()
    call_command("import_anexo2", str(archivo), "--reprogramar", "--motivo", "Encuesta postergada.",
                 "--vigente-desde", "2021-01", "--usuario", "ogpp", stdout=salida)
    assert "Versión 3 aprobada, vigente desde Enero 2021" in salida.getvalue()
    version = VersionPlan.objects.get(numero=3)
    assert version.motivo == "Encuesta postergada." and version.history.first().history_user == ogpp


@pytest.mark.parametrize(("argumentos", "mensaje"), [
    (["--motivo", "", "--vigente-desde", "2021-01"], "Escriba el sustento"),
    (["--motivo", "x", "--vigente-desde", "2021-07"], "está fuera del plan"),
    (["--motivo", "x"], "Indique --vigente-desde"),
    (["--motivo", "x", "--vigente-desde", "enero"], "no es un mes válido"),
])
def test_import_anexo2_reprogramar_rechaza_datos_malos_sin_cambiar_nada(plan, ogpp, tmp_path, argumentos, mensaje):
    archivo = tmp_path / "reprogramado.xlsx"
    archivo.write_bytes(_libro_con_febrero(plan))
    antes = foto_de_la_base(), _estado()
    with pytest.raises(CommandError, match=mensaje):
        call_command("import_anexo2", str(archivo), "--reprogramar", "--usuario", "ogpp", *argumentos,
                     stdout=io.StringIO())
    assert (foto_de_la_base(), _estado()) == antes


def test_un_libro_con_codigos_que_no_son_del_plan_se_rechaza(client, plan, ogpp, tmp_path):
    def retoque(pestana):
        pestana.cell(fila_de(pestana, "1.1.2"), 1).value = "1.1.9"
    archivo = tmp_path / "ajeno.xlsx"
    archivo.write_bytes(libro_retocado(plan, DIC, retoque))
    antes = foto_de_la_base(), _estado()
    with pytest.raises(CommandError, match="no coinciden con el plan: el plan no tiene 1.1.9"):
        call_command("import_anexo2", str(archivo), "--reprogramar", "--motivo", "x", "--vigente-desde", "2021-01",
                     "--usuario", "ogpp", stdout=io.StringIO())
    client.force_login(ogpp)
    with archivo.open("rb") as libro:
        respuesta = client.post(reverse("version_importar", args=[plan.pk]), {"archivo": libro}, follow=True)
    assert "no coinciden con el plan" in respuesta.content.decode()
    assert (foto_de_la_base(), _estado()) == antes


def test_importar_un_libro_como_borrador_desde_la_web(client, plan, ogpp):
    client.force_login(ogpp)
    libro = io.BytesIO(_libro_con_febrero(plan))
    libro.name = "reprogramado.xlsx"
    respuesta = client.post(reverse("version_importar", args=[plan.pk]), {"archivo": libro})
    assert respuesta.status_code == 302 and respuesta["Location"] == reverse("version_detalle", args=[plan.pk, 3])
    borrador = VersionPlan.objects.get(numero=3)
    assert borrador.estado == "borrador" and borrador.cambios["meses"]["1.1.2"] == ["2021-02"]


# --- Consultas constantes con 1 y 5 versiones ------------------------------------------------------

def _consultas(client, django_assert_max_num_queries, url, parametros):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as contexto:
        assert client.get(url, parametros).status_code == 200
    return len(contexto.captured_queries)


def test_grilla_y_exportacion_con_1_y_5_versiones_hacen_las_mismas_consultas(client, django_assert_max_num_queries):
    plan = crear_plan_sintetico(componentes=3, actividades=3, subactividades=3)
    ogpp = crear_usuario("coordinadora", unidades=("OGPP",))
    client.force_login(ogpp)
    urls = [(reverse("grilla", args=[plan.pk]), {"mes": "2021-03"}), (reverse("anexo2_xlsx", args=[plan.pk]), {"mes": "2021-03"})]
    con_una = [_consultas(client, django_assert_max_num_queries, url, p) for url, p in urls]
    for vigente_desde, mes in zip((NOV, DIC, ENE, FEB), ("2020-12", "2021-01", "2021-02", "2021-03")):
        borrador = crear_borrador(plan=plan, usuario=ogpp)
        guardar_borrador(version=borrador, usuario=ogpp, meses={"1.1.1": [mes]})
        aprobar_version(version=borrador, motivo="Cambio.", vigente_desde=vigente_desde, usuario=ogpp)
    assert VersionPlan.objects.filter(plan=plan, estado="aprobada").count() == 5
    con_cinco = [_consultas(client, django_assert_max_num_queries, url, p) for url, p in urls]
    assert con_cinco == con_una and con_una[0] <= 15


# --- Reporte semestral ---------------------------------------------------------------------------

def test_el_reporte_lista_las_versiones_del_periodo_con_su_sustento(client, plan, ogpp):
    _version_3(plan, ogpp, vigente_desde=ENE)
    reporte = crear_reporte(plan=plan, desde=OCT, hasta=MAR, usuario=ogpp)
    cifras = cifras_del_reporte(reporte)
    assert [(v.numero, v.desde, v.hasta, v.motivo) for v in cifras.versiones] == [
        (2, OCT, DIC, "Versión del documento cargado."), (3, ENE, MAR, "Se postergó la encuesta.")]
    assert cifras.identificacion.version == "3" and cifras.linea_base is not None
    client.force_login(ogpp)
    pagina = client.get(reverse("reporte_detalle", args=[plan.pk, reporte.pk])).content.decode()
    assert "Versiones del plan vigentes en el periodo" in pagina and "Se postergó la encuesta." in pagina
    anterior = crear_reporte(plan=plan, desde=OCT, hasta=DIC, usuario=ogpp)
    assert [v.numero for v in cifras_del_reporte(anterior).versiones] == [2]
