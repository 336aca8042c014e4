"""El Anexo N° 2 en Excel como lo imprime y firma un funcionario (issue 25), leído de vuelta con openpyxl:
tildes como en el documento, % como número con formato «0.0 %», cabecera con bordes, cuerpo ≥ 8 pt en A4
apaisado, ningún componente solo al pie de una hoja y un bloque de firmas bajo la tabla."""

from datetime import date

import pytest

from cronograma.anexo import excel
from cronograma.anexo.excel import exportar_anexo2
from tests.cronograma.anexo.libros import DIC, abrir, crear_plan_pequeno

pytestmark = pytest.mark.django_db

MAR = date(2021, 3, 1)


@pytest.fixture
def pestana(anexo2):
    return abrir(exportar_anexo2(anexo2, MAR)).active


def _fila(pestana, texto, columna=1) -> int:
    return next(f for f in range(1, pestana.max_row + 1) if pestana.cell(f, columna).value == texto)


def _rotulos(pestana) -> int:
    return _fila(pestana, "Nº") + 1


def test_rotulos_con_tildes_como_el_documento(pestana):
    rotulos = {pestana.cell(f, 1).value for f in range(2, _rotulos(pestana))}
    assert {"VERSIÓN", "FRECUENCIA DE LA MEDICIÓN", "CARÁCTER"} <= rotulos
    assert not rotulos & {"VERSION", "FRECUENCIA DE LA MEDICION", "CARACTER"}


def test_los_porcentajes_son_numeros_con_formato_de_porcentaje(pestana):
    columna_avance = next(c for c in range(1, pestana.max_column + 1) if pestana.cell(_fila(pestana, "Nº"), c).value == "% AVANCE")
    celdas = [pestana.cell(f, columna_avance) for f in range(_rotulos(pestana) + 1, _fila(pestana, "Elaborado por:", 2))]
    con_valor = [c for c in celdas if c.value is not None]
    assert len(con_valor) > 30
    for celda in con_valor:
        assert isinstance(celda.value, (int, float)) and 0 <= celda.value <= 100  # un valor, no texto
        assert celda.number_format == '0.0" %"'  # se ve «45,5 %» (el «%» es texto del formato: 0–100, no fracción)


def test_el_bloque_de_cabecera_tiene_bordes(pestana):
    """Cada rótulo y cada valor (celdas combinadas) con su contorno: arriba, abajo y a los lados."""
    ultima = pestana.max_column
    for fila in range(3, _fila(pestana, "Nº") - 1):
        if pestana.cell(fila, 1).value is None:
            continue
        for columna in range(1, ultima + 1):
            borde = pestana.cell(fila, columna).border
            assert borde.top.style == borde.bottom.style == "thin", (fila, columna)
        for columna, lado in ((1, "left"), (2, "right"), (3, "left"), (ultima, "right")):
            assert getattr(pestana.cell(fila, columna).border, lado).style == "thin", (fila, columna, lado)


def test_impreso_en_a4_apaisado_el_cuerpo_no_baja_de_8_pt(pestana):
    ajuste = pestana.page_setup
    assert ajuste.orientation == "landscape" and int(ajuste.paperSize) == int(pestana.PAPERSIZE_A4)
    assert not pestana.sheet_properties.pageSetUpPr.fitToPage  # nada de «ajustar al ancho» que encoge
    cuerpo = pestana.cell(_rotulos(pestana) + 2, 2).font.sz
    assert cuerpo * ajuste.scale / 100 >= 8
    # Lo que no cabe a lo ancho sigue en otra hoja con Nº, ACTIVIDADES y RESPONSABLE repetidos.
    assert pestana.print_title_cols == "$A:$C"
    assert pestana.print_title_rows == f"${_rotulos(pestana) - 1}:${_rotulos(pestana)}"


def _paginas(pestana) -> list[tuple[int, int]]:
    saltos = sorted(b.id for b in pestana.row_breaks.brk)
    inicios = [1, *(s + 1 for s in saltos)]
    finales = [*saltos, pestana.max_row]
    return list(zip(inicios, finales))


def test_un_componente_nunca_queda_solo_al_pie_de_una_hoja_y_cada_hoja_cabe(pestana):
    rotulos = _rotulos(pestana)
    componentes = [f for f in range(rotulos + 1, pestana.max_row + 1)
                   if str(pestana.cell(f, 2).value or "").startswith("Componente ")]
    assert len(componentes) == 7
    saltos = {b.id for b in pestana.row_breaks.brk}
    assert saltos, "el Anexo completo ocupa varias hojas: el libro pone sus saltos"
    assert not saltos & set(componentes)  # nunca un salto justo después de un componente
    alto_util = excel.alto_util(pestana.page_setup.scale)

    def alto(fila):
        return pestana.row_dimensions[fila].height or excel.ALTO_POR_DEFECTO

    titulos = alto(rotulos - 1) + alto(rotulos)
    for numero, (inicio, fin) in enumerate(_paginas(pestana)):
        contenido = sum(alto(f) for f in range(inicio, fin + 1)) + (titulos if numero else 0)
        assert contenido <= alto_util, (inicio, fin, contenido, alto_util)


def test_bloque_de_firmas_bajo_la_tabla_y_en_una_sola_hoja(pestana):
    elaborado = _fila(pestana, "Elaborado por:", 2)
    columna_meses = 4
    assert pestana.cell(elaborado, columna_meses).value == "Aprobado por:"
    assert pestana.cell(elaborado + 3, 2).value == pestana.cell(elaborado + 3, columna_meses).value == "Nombre, cargo y sello"
    assert not any(elaborado - 1 <= b.id < elaborado + 3 for b in pestana.row_breaks.brk)


def test_un_plan_pequeno_cabe_a_lo_ancho_en_una_hoja_sin_saltos():
    pestana = abrir(exportar_anexo2(crear_plan_pequeno(), DIC)).active
    assert not pestana.row_breaks.brk
    assert 80 <= pestana.page_setup.scale <= 100
