"""Libros .xlsx fabricados a mano (XML crudo) para atacar la lectura del Anexo: celdas lejanas, la última
fila, dimensiones declaradas falsas, pestañas señuelo. Todos caben holgados en el límite de tamaño."""

import io
import zipfile

ULTIMA_FILA, ULTIMA_COLUMNA = 1_048_576, "XFD"

_TIPOS = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
          '{pestanas}</Types>')
_PESTANA_TIPO = '<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
         '</Relationships>')
_LIBRO = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
          'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{pestanas}</sheets></workbook>')
_LIBRO_PESTANA = '<sheet name="Hoja{n}" sheetId="{n}" r:id="rId{n}"/>'
_LIBRO_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               '{pestanas}</Relationships>')
_LIBRO_REL = ('<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
              'Target="worksheets/sheet{n}.xml"/>')
_PESTANA = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
         '{dimension}<sheetData>{filas}</sheetData></worksheet>')


def celda(ref: str, texto: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{texto}</t></is></c>'


def fila(numero: int, *celdas: str) -> str:
    return f'<row r="{numero}">{"".join(celdas)}</row>'


def libro(pestanas: list[str], *, dimension: str = "") -> bytes:
    """`pestanas`: el contenido de <sheetData> de cada pestaña."""
    memoria = io.BytesIO()
    with zipfile.ZipFile(memoria, "w", zipfile.ZIP_DEFLATED) as zf:
        numeros = range(1, len(pestanas) + 1)
        zf.writestr("[Content_Types].xml", _TIPOS.format(pestanas="".join(_PESTANA_TIPO.format(n=n) for n in numeros)))
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("xl/workbook.xml", _LIBRO.format(pestanas="".join(_LIBRO_PESTANA.format(n=n) for n in numeros)))
        zf.writestr("xl/_rels/workbook.xml.rels", _LIBRO_RELS.format(pestanas="".join(_LIBRO_REL.format(n=n) for n in numeros)))
        for n, datos in zip(numeros, pestanas):
            zf.writestr(f"xl/worksheets/sheet{n}.xml",
                        _PESTANA.format(dimension=f'<dimension ref="{dimension}"/>' if dimension else "", filas=datos))
    return memoria.getvalue()


def encabezado() -> str:
    """La fila de rótulos del Anexo (sin datos): basta para que la pestaña sea «la tabla»."""
    return (fila(1, celda("A1", "Nº"), celda("B1", "ACTIVIDADES POR COMPONENTE"), celda("C1", "RESPONSABLE"),
                 celda("D1", "Octubre"), celda("E1", "% AVANCE"))
            .replace('<row r="1">', '<row r="1">') )


def fabricas() -> dict:
    """Nombre → función que fabrica el libro (se fabrican de a uno: así no pesan todos en memoria a la vez)."""
    def lejanas():
        return libro([encabezado() + "".join(fila(i, celda(f"{ULTIMA_COLUMNA}{i}", "x")) for i in range(2, 6002))])

    ultima = fila(ULTIMA_FILA, celda(f"A{ULTIMA_FILA}", "x"))
    return {
        "celda lejana en 6.000 filas": lejanas,
        "celda en la última fila": lambda: libro([encabezado() + ultima]),
        "200 pestañas señuelo con la última fila": lambda: libro([ultima] * 200 + [encabezado()]),
        "dimensión declarada A1:XFD1048576": lambda: libro([encabezado()], dimension="A1:XFD1048576"),
        "300.000 filas vacías declaradas": lambda: libro([encabezado() + "".join(f'<row r="{i}"/>' for i in range(2, 300_002))]),
        "fila con 16.384 celdas": lambda: libro([encabezado() + fila(2, *(celda(f"{c}2", "x") for c in _columnas(16384)))]),
        "100 pestañas señuelo con 60 filas llenas": lambda: libro([_llenas(60, 40)] * 100 + [encabezado()]),
        "tabla con 9.000 filas de 45 celdas": lambda: libro([encabezado() + _llenas(9000, 45, desde=2)]),
        "500.000 celdas numéricas": lambda: libro([encabezado() + _llenas(10_000, 50, desde=2, numero=True)]),
    }


def hostiles():
    """(nombre, bytes) de cada libro hostil, fabricados de a uno."""
    for nombre, fabricar in fabricas().items():
        yield nombre, fabricar()


def _llenas(filas: int, columnas: int, *, desde: int = 1, numero: bool = False) -> str:
    letras = list(_columnas(columnas))
    def una(i):
        if numero:
            return f'<row r="{i}">' + "".join(f'<c r="{c}{i}"><v>{i}</v></c>' for c in letras) + "</row>"
        return fila(i, *(celda(f"{c}{i}", "relleno") for c in letras))
    return "".join(una(i) for i in range(desde, desde + filas))


def _columnas(cuantas: int):
    from openpyxl.utils import get_column_letter

    return (get_column_letter(i) for i in range(1, cuantas + 1))
