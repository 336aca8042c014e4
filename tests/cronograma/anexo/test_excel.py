"""El libro exportado tiene la forma del Anexo N° 2 y las cifras de avance.py; se lee de vuelta sin cambios."""

from decimal import Decimal

import pytest
from django.urls import reverse

from cronograma.avance import avance_del_plan
from cronograma.anexo.excel import escribir_anexo2, exportar_anexo2, leer_anexo2, libro_en_bytes
from cronograma.grilla.gantt import armar_grilla
from cronograma.anexo.lectura import leer_libro
from cronograma.models import Avance
from tests.cronograma.anexo.libros import DIC, ENE, MAR, NOV, OCT, abrir, crear_plan_pequeno, fila_de, foto_de_la_base
from tests.factories import crear_plan_sintetico, crear_usuario

pytestmark = pytest.mark.django_db

CODIGOS_EN_ORDEN = ["", "1.1", "1.1.1", "1.1.2", "1.10", "1.10.1", "", "7.1"]


@pytest.fixture
def plan():
    return crear_plan_pequeno()


@pytest.fixture
def pestana(plan):
    return abrir(exportar_anexo2(plan, DIC)).active


def _fila_encabezado(pestana) -> int:
    """La fila de los meses: la segunda de las dos del encabezado (Nº… va combinada sobre ambas)."""
    return next(f for f in range(1, 40) if pestana.cell(f, 1).value == "Nº") + 1


def test_titulo_y_bloque_de_cabecera(plan, pestana):
    assert pestana.title == "Anexo N° 2"
    assert pestana["A1"].value == "ANEXO N° 2. CRONOGRAMA DE ACTIVIDADES"
    bloque = {pestana.cell(f, 1).value: pestana.cell(f, 3).value for f in range(2, _fila_encabezado(pestana) - 1)}
    assert bloque["OBJETIVO DEL ANEXO"] == plan.objetivo
    assert bloque["CARÁCTER"] == "OBLIGATORIO"
    assert bloque["ALCANCE"] == "LIMA METROPOLITANA"
    assert bloque["VERSION"] == "2"
    assert bloque["FECHA"] == "Nov-20"
    assert bloque["FRECUENCIA DE LA MEDICION"] == "MENSUAL"
    assert bloque["ENTIDAD"] == plan.entidad
    assert bloque["MES DE CORTE"] == "Diciembre 2020"
    assert "AVISO" not in bloque


def test_el_aviso_de_programacion_ilustrativa_va_en_la_cabecera(plan):
    plan.aviso = "Programación ILUSTRATIVA"
    plan.save()
    pestana = abrir(exportar_anexo2(plan, DIC)).active
    bloque = {pestana.cell(f, 1).value: pestana.cell(f, 3).value for f in range(2, _fila_encabezado(pestana))}
    assert bloque["AVISO"] == "Programación ILUSTRATIVA"


def test_encabezado_con_meses_en_castellano_y_anios_combinados(pestana):
    fila = _fila_encabezado(pestana)
    rotulos = [pestana.cell(fila, c).value or pestana.cell(fila - 1, c).value for c in range(1, 11)]
    assert rotulos == ["Nº", "ACTIVIDADES POR COMPONENTE", "RESPONSABLE", "Octubre", "Noviembre", "Diciembre",
                       "Enero", "Febrero", "Marzo", "% AVANCE"]
    combinadas = {str(r) for r in pestana.merged_cells.ranges}
    assert f"D{fila - 1}:F{fila - 1}" in combinadas and f"G{fila - 1}:I{fila - 1}" in combinadas
    assert pestana.cell(fila - 1, 4).value == 2020 and pestana.cell(fila - 1, 7).value == 2021


def test_filas_en_orden_natural_con_codigo_texto_nombre_y_unidades(pestana):
    primera = _fila_encabezado(pestana) + 1
    filas = [[pestana.cell(f, c).value for c in (1, 2, 3)] for f in range(primera, primera + len(CODIGOS_EN_ORDEN))]
    assert [f[0] or "" for f in filas] == CODIGOS_EN_ORDEN
    assert filas[0][1] == "Componente 1: Conocer las necesidades"
    assert filas[2] == ["1.1.1", "Determinar el objetivo", "SDLGAT / DRTPELM / OGPP"]
    assert filas[6][1] == "Componente 7: Realizar el seguimiento"
    assert filas[7] == ["7.1", "Elaborar reportes", "OGPP"]
    # "1.10" es texto: escrito como número volvería como 1.1
    assert pestana.cell(fila_de(pestana, "1.10"), 1).data_type == "s"
    assert pestana.max_row == primera + len(CODIGOS_EN_ORDEN) - 1


def test_componentes_en_negrita_y_con_relleno(pestana):
    fila = _fila_encabezado(pestana) + 1
    assert pestana.cell(fila, 2).font.bold
    assert pestana.cell(fila, 2).fill.fgColor.rgb.endswith("D9D9D9")
    assert not pestana.cell(fila + 2, 2).font.bold


def _sombreados(pestana, fila) -> list[bool]:
    return [pestana.cell(fila, c).fill.fill_type == "solid" for c in range(4, 10)]


def test_meses_programados_sombreados_con_un_color_y_valores_del_mes(pestana):
    fila = fila_de(pestana, "1.1.1")
    assert _sombreados(pestana, fila) == [False, True, True, False, False, False]
    colores = {pestana.cell(fila, c).fill.fgColor.rgb for c in (5, 6)} | {pestana.cell(fila_de(pestana, "7.1"), 4).fill.fgColor.rgb}
    assert len(colores) == 1
    assert [pestana.cell(fila, c).value for c in range(4, 10)] == [None, 40, 100, None, None, None]
    assert pestana.cell(fila_de(pestana, "7.1"), 5).value == 25.5
    # la actividad consolidada se sombrea en los meses de sus subactividades
    assert _sombreados(pestana, fila_de(pestana, "1.1")) == [False, True, True, True, False, False]


def test_avance_al_corte_de_avance_py_para_hojas_y_consolidados(plan, pestana):
    grilla = armar_grilla(avance_del_plan(plan, corte=DIC))
    esperado = {f.codigo if f.nivel != "componente" else f"C{f.codigo}": f.cifras.ejecutado for f in grilla.filas}
    primera = _fila_encabezado(pestana) + 1
    for numero, fila in enumerate(grilla.filas, start=primera):
        clave = fila.codigo if fila.nivel != "componente" else f"C{fila.codigo}"
        assert Decimal(str(pestana.cell(numero, 10).value)) == esperado[clave]
    assert esperado["1.1.1"] == Decimal("100.0") and esperado["1.1"] == Decimal("50.0")
    assert pestana.cell(primera, 10).number_format == "0.0"


def test_encabezado_fijo_e_impresion(pestana):
    fila = _fila_encabezado(pestana)
    assert pestana.freeze_panes == f"D{fila + 1}"
    assert pestana.print_title_rows == f"${fila - 1}:${fila}"
    assert pestana.page_setup.orientation == "landscape"
    assert pestana.page_setup.fitToWidth == 1 and pestana.page_setup.fitToHeight == 0
    assert pestana.sheet_properties.pageSetUpPr.fitToPage
    assert pestana.column_dimensions["B"].width > pestana.column_dimensions["D"].width
    assert pestana.cell(fila + 1, 2).alignment.wrap_text and pestana.cell(fila + 1, 2).border.left.style == "thin"


def test_estilos_con_nombre_registrados_una_vez(plan):
    libro = escribir_anexo2(armar_grilla(avance_del_plan(plan, corte=DIC)))
    nombres = [n for n in libro.named_styles if n.startswith("a2_")]
    assert len(nombres) == len(set(nombres)) >= 8


def test_ida_y_vuelta_no_cambia_nada(plan):
    antes = foto_de_la_base()
    cambios = leer_anexo2(exportar_anexo2(plan, DIC), plan)
    assert cambios.valido, [str(e) for e in cambios.errores]
    assert not cambios.hay_cambios and len(cambios.sin_cambios) == 8
    assert cambios.corte == DIC
    assert foto_de_la_base() == antes


def test_ida_y_vuelta_del_anexo_real(anexo2):
    from cronograma.management.demo import cargar_demo

    cargar_demo(anexo2)
    cambios = leer_anexo2(exportar_anexo2(anexo2, anexo2.mes_fin), anexo2)
    assert cambios.valido and not cambios.hay_cambios
    assert len(cambios.sin_cambios) == len(armar_grilla(avance_del_plan(anexo2, corte=anexo2.mes_fin)).filas)


def test_lectura_lee_lo_exportado(plan):
    libro = leer_libro(exportar_anexo2(plan, DIC))
    assert [f.codigo for f in libro.filas] == ["1", "1.1", "1.1.1", "1.1.2", "1.10", "1.10.1", "7", "7.1"]
    fila = next(f for f in libro.filas if f.codigo == "1.1.1")
    assert fila.siglas == ("SDLGAT", "DRTPELM", "OGPP") and fila.meses == {NOV, DIC} and fila.es_hoja
    assert fila.avance == Decimal("100.0")
    assert next(f for f in libro.filas if f.codigo == "7.1").meses == {OCT, MAR}
    assert not next(f for f in libro.filas if f.codigo == "1.1").es_hoja
    assert ENE in libro.meses.values()


def test_descarga_por_url_para_cualquier_usuario(client, plan):
    client.force_login(crear_usuario("sdlgat", unidades=("SDLGAT",)))
    respuesta = client.get(reverse("anexo2_xlsx", args=[plan.pk]), {"mes": "2020-12"})
    assert respuesta.status_code == 200
    assert respuesta["Content-Disposition"] == 'attachment; filename="anexo2-2020-12.xlsx"'
    pestana = abrir(respuesta.content).active
    assert pestana.cell(fila_de(pestana, "1.1.1"), 10).value == 100


def test_descarga_con_mes_invalido_o_fuera_del_plan(client, plan):
    client.force_login(crear_usuario())
    for mes in ("2020-13", "marzo", "2030-01"):
        respuesta = client.get(reverse("anexo2_xlsx", args=[plan.pk]), {"mes": mes}, follow=True)
        assert respuesta.redirect_chain and "xlsx" not in respuesta["Content-Type"]
        assert any("mes" in str(m) or "fuera del plan" in str(m) for m in respuesta.context["messages"])


def test_descarga_exige_sesion(client, plan):
    respuesta = client.get(reverse("anexo2_xlsx", args=[plan.pk]))
    assert respuesta.status_code == 302 and "login" in respuesta["Location"]


@pytest.mark.parametrize("actividades", [1, 10])  # 70 y 700 filas hoja: la misma cota
def test_exportacion_en_consultas_constantes_para_un_plan_diez_veces_el_anexo(client, django_assert_max_num_queries, actividades):
    plan = crear_plan_sintetico(componentes=7, actividades=actividades, subactividades=10)
    client.force_login(crear_usuario())
    with django_assert_max_num_queries(12):  # 10 del libro + 1 del perfil que pide @acceso + 1 de las versiones del plan
        respuesta = client.get(reverse("anexo2_xlsx", args=[plan.pk]), {"mes": "2021-03"})
    assert respuesta.status_code == 200
    pestana = abrir(respuesta.content).active
    ultima = f"7.{actividades}.10"
    assert pestana.cell(fila_de(pestana, ultima), 2).value == f"Subactividad {ultima}"


def test_escribir_no_consulta_la_base(plan, django_assert_num_queries):
    grilla = armar_grilla(avance_del_plan(plan, corte=DIC))
    with django_assert_num_queries(0):
        datos = libro_en_bytes(escribir_anexo2(grilla))
    assert abrir(datos).active["A1"].value.startswith("ANEXO")


def test_un_nombre_que_empieza_con_igual_se_escribe_como_texto(plan):
    from componentes.models import Subactividad

    sub = Subactividad.objects.get(nombre="Población y selección de casos")
    sub.nombre = "=HYPERLINK(\"http://x\")"
    sub.save()
    pestana = abrir(exportar_anexo2(plan, DIC)).active
    celda = pestana.cell(fila_de(pestana, "1.1.2"), 2)
    assert celda.data_type == "s" and celda.value.startswith("=HYPERLINK")


def test_filas_con_nombres_largos_son_mas_altas_para_no_montarse(anexo2):
    """LibreOffice no recalcula el alto de una fila con texto ajustado: el libro lo trae calculado."""
    datos = exportar_anexo2(anexo2, anexo2.mes_fin)
    pestana = abrir(datos).active
    corta, larga = fila_de(pestana, "1.2.2"), fila_de(pestana, "1.1.4")  # "Recojo de información" / 120 caracteres
    assert pestana.row_dimensions[larga].height > pestana.row_dimensions[corta].height
    assert pestana.row_dimensions[corta].height >= 13


def test_la_demo_registra_por_la_via_unica(anexo2):
    """Los avances de la demostración pasan por registrar_avance: validados, con autor, versión e historia."""
    from cronograma.management.demo import cargar_demo

    cargar_demo(anexo2)
    avances = list(Avance.objects.select_related("registrado_por"))
    assert avances
    for avance in avances:
        avance.full_clean()
        assert avance.version == 1 and avance.registrado_por is not None
        assert avance.history.get().history_user == avance.registrado_por
