"""El único escritor de celdas de las hojas de cálculo que produce la aplicación (issue 22).

Anexo N° 2, reporte semestral, matriz de responsabilidades y exportaciones del admin (XLSX, CSV, TSV)
escriben por aquí: un texto que una hoja de cálculo ejecutaría como fórmula («=HYPERLINK(…)», «+1+1»,
«-2+3», «@SUMA(…)», o lo mismo tras un tabulador o un retorno) se escribe como texto.

- XLSX (openpyxl): la celda se marca como texto (`data_type = "s"`); la hoja muestra el texto tal cual,
  sin apóstrofo, y nunca lo calcula. openpyxl, en cambio, convierte en fórmula todo str que empieza con «=».
- Los caracteres de control que XLSX no admite se escriben como «�» (openpyxl se negaría a guardar el libro).
- CSV/TSV: no tienen tipos; la celda que empieza con un prefijo de fórmula va precedida de un apóstrofo,
  como recomienda OWASP («CSV Injection»).
"""

import re
from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

PREFIJOS_DE_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def parece_formula(valor) -> bool:
    return isinstance(valor, str) and valor.startswith(PREFIJOS_DE_FORMULA)


def escribir(celda, valor):
    """Pone `valor` en la celda de openpyxl: números y fechas tal cual; todo texto, como texto. Devuelve la celda."""
    if isinstance(valor, str):
        # Los controles que XLSX no admite (openpyxl se niega a guardarlos) se ven como «�».
        celda.value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", valor)
        celda.data_type = "s"
    else:
        celda.value = valor
    return celda


def poner(pestana, fila: int, columna: int, valor):
    """`pestana.cell(fila, columna, valor)` sin fórmulas: la celda escrita con `escribir`."""
    return escribir(pestana.cell(row=fila, column=columna), valor)


def celda_de_texto_plano(valor) -> str:
    """Una celda de CSV o TSV: el valor como texto y, si parece fórmula, con un apóstrofo delante."""
    texto = "" if valor is None else str(valor)
    return "'" + texto if parece_formula(texto) else texto


def libro_plano(titulo: str, encabezados, filas) -> bytes:
    """Un libro XLSX de una pestaña (encabezados y filas), escrito celda por celda con `escribir`: lo usan
    las exportaciones del admin (tablib dejaría la fórmula viva o, con el ajuste de import-export, le
    quitaría el «=» al texto)."""
    libro = Workbook(write_only=False)
    pestana = libro.active
    pestana.title = re.sub(r"[\\/*?:\[\]]", " ", str(titulo or ""))[:31].strip() or "Hoja"
    for numero, fila in enumerate([list(encabezados), *map(list, filas)], start=1):
        for columna, valor in enumerate(fila, start=1):
            poner(pestana, numero, columna, valor)
    salida = BytesIO()
    libro.save(salida)
    return salida.getvalue()
