"""El Excel se lee como el Anexo: encabezado combinado, colores que no se confunden, niveles, pie y corte."""

import pytest

from cronograma.anexo.excel import COLOR_ENCABEZADO, COLOR_PROGRAMADO, exportar_anexo2, leer_anexo2
from cronograma.avance import avance_del_plan
from cronograma.grilla.gantt import armar_grilla
from tests.cronograma.anexo.libros import DIC, NOV, abrir, crear_plan_pequeno, fila_de
from tests.factories import hoja as hoja_de

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    return crear_plan_pequeno()


def _filas_de_encabezado(pestana) -> tuple[int, int]:
    arriba = next(f for f in range(1, 40) if pestana.cell(f, 1).value == "Nº")
    return arriba, arriba + 1


def test_no_actividades_responsable_y_avance_van_combinados_sobre_las_dos_filas(plan):
    pestana = abrir(exportar_anexo2(plan, DIC)).active
    arriba, abajo = _filas_de_encabezado(pestana)
    combinadas = {str(r) for r in pestana.merged_cells.ranges}
    for columna, rotulo in (("A", "Nº"), ("B", "ACTIVIDADES POR COMPONENTE"), ("C", "RESPONSABLE"), ("J", "% AVANCE")):
        assert f"{columna}{arriba}:{columna}{abajo}" in combinadas, columna
        assert pestana[f"{columna}{arriba}"].value == rotulo
    # los años siguen combinados sobre sus meses, y los meses debajo
    assert f"D{arriba}:F{arriba}" in combinadas and pestana[f"D{abajo}"].value == "Octubre"


def test_el_relleno_del_encabezado_no_se_parece_al_de_programado(plan):
    pestana = abrir(exportar_anexo2(plan, DIC)).active
    arriba, abajo = _filas_de_encabezado(pestana)
    encabezado = pestana.cell(abajo, 4)
    programado = pestana.cell(fila_de(pestana, "1.1.1"), 5)
    assert encabezado.fill.fgColor.rgb.endswith(COLOR_ENCABEZADO)
    assert programado.fill.fgColor.rgb.endswith(COLOR_PROGRAMADO)

    def luz(rgb):
        r, g, b = (int(rgb[-6:][i:i + 2], 16) for i in (0, 2, 4))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    assert abs(luz(encabezado.fill.fgColor.rgb) - luz(programado.fill.fgColor.rgb)) > 100  # oscuro frente a claro
    assert encabezado.font.bold and encabezado.font.color.rgb.endswith("FFFFFF")


def test_actividades_en_negrita_y_subactividades_con_sangria(plan):
    pestana = abrir(exportar_anexo2(plan, DIC)).active
    actividad, subactividad, sola = fila_de(pestana, "1.1"), fila_de(pestana, "1.1.1"), fila_de(pestana, "7.1")
    assert pestana.cell(actividad, 1).font.bold and pestana.cell(actividad, 2).font.bold
    assert pestana.cell(sola, 2).font.bold  # una actividad sin subactividades también es actividad
    assert not pestana.cell(subactividad, 2).font.bold
    assert pestana.cell(subactividad, 2).alignment.indent >= 1 and not pestana.cell(actividad, 2).alignment.indent
    # el relleno de los meses sigue significando solo «programado»: la actividad 7.1 no se rellena entera
    assert [pestana.cell(sola, c).fill.fill_type == "solid" for c in range(4, 10)].count(True) < 6


def test_el_pie_lleva_el_corte_y_el_numero_de_pagina(plan):
    pestana = abrir(exportar_anexo2(plan, NOV)).active
    assert pestana.oddFooter.left.text == "MES DE CORTE: Noviembre 2020"
    assert "&P" in pestana.oddFooter.right.text and "&N" in pestana.oddFooter.right.text


def test_las_celdas_posteriores_al_corte_quedan_vacias_en_el_excel(plan):
    pestana = abrir(exportar_anexo2(plan, NOV)).active
    fila = fila_de(pestana, "1.1.1")
    assert [pestana.cell(fila, c).value for c in range(4, 10)] == [None, 40, None, None, None, None]  # el 100 es de Dic
    assert pestana.cell(fila, 6).fill.fill_type == "solid"  # Dic sigue sombreado: está programado
    assert pestana.cell(fila, 10).value == 40  # el % AVANCE al corte, coherente con lo visible
    # y al corte de diciembre, el 100 de diciembre vuelve
    pestana = abrir(exportar_anexo2(plan, DIC)).active
    assert pestana.cell(fila_de(pestana, "1.1.1"), 6).value == 100


def test_reimportar_un_libro_cortado_antes_no_cambia_nada(plan):
    cambios = leer_anexo2(exportar_anexo2(plan, NOV), plan)
    assert not cambios.errores and not cambios.hay_cambios


def test_en_la_grilla_las_celdas_posteriores_al_corte_tampoco_muestran_valores(plan):
    grilla = armar_grilla(avance_del_plan(plan, corte=NOV), puede_escribir=lambda hoja: True)
    clave = hoja_de(plan, "1.1.1").clave
    fila = next(f for f in grilla.filas if f.hoja and f.hoja.clave == clave)
    por_mes = {celda.mes: celda for celda in fila.celdas}
    assert por_mes[NOV].porcentaje == 40 and por_mes[DIC].porcentaje is None
    assert por_mes[DIC].programado  # sombreado, sin su %: se ve (y se registra) eligiendo ese corte
    assert fila.editable  # la fila se registra, pero solo en el mes de corte
