"""La línea de base de la exportación: openpyxl a secas escribiendo las mismas celdas del Anexo N° 2.

Mismo número de filas y columnas, mismos estilos con nombre (fuente, borde, relleno, formato de número,
alineación), mismas celdas combinadas, anchos, paneles fijos y configuración de impresión; sin base de
datos ni cálculo: los valores se sacan antes, en `celdas_planas`, y no cuentan en el tiempo. La razón
exportación / base dice cuánto cuesta lo nuestro (consultas, avance.py, gantt.py, excel.py) por encima
de lo que openpyxl tarda de todos modos.
"""

from dataclasses import dataclass
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter

GRIS, AZUL, CELESTE = "D9D9D9", "9DC3E6", "BDD7EE"


@dataclass(frozen=True)
class FilaPlana:
    componente: bool
    textos: tuple[str, str, str]
    meses: tuple[tuple[object, bool], ...]  # (valor, programado)
    avance: object


@dataclass(frozen=True)
class LibroPlano:
    cabecera: tuple[tuple[str, str], ...]
    anios: tuple[tuple[int, int], ...]  # (año, meses)
    rotulos: tuple[str, ...]
    filas: tuple[FilaPlana, ...]


def celdas_planas(grilla) -> LibroPlano:
    """Los valores que el Anexo escribe, como datos simples (fuera del tiempo medido)."""
    plan = grilla.plan
    cabecera = tuple((campo.upper(), str(getattr(plan, campo))) for campo in
                     ("entidad", "servicio", "objetivo", "caracter", "alcance", "version", "fecha", "frecuencia"))
    cabecera += (("MES DE CORTE", str(grilla.corte)), ("CIFRAS", "% de avance acumulado"))
    filas = tuple(
        FilaPlana(
            componente=fila.nivel == "componente",
            textos=("" if fila.nivel == "componente" else fila.codigo, fila.titulo, fila.siglas),
            meses=tuple((celda.porcentaje, celda.programado) for celda in fila.celdas),
            avance=fila.cifras.ejecutado,
        )
        for fila in grilla.filas
    )
    rotulos = ("Nº", "ACTIVIDADES POR COMPONENTE", "RESPONSABLE", *grilla.nombres_meses, "% AVANCE")
    return LibroPlano(cabecera, tuple((a.anio, a.meses) for a in grilla.anios), rotulos, filas)


def _estilos(libro: Workbook) -> None:
    lado = Side(style="thin", color="808080")
    borde = Border(left=lado, right=lado, top=lado, bottom=lado)

    def estilo(nombre, negrita=False, relleno=None, numero=None, horizontal=None, con_borde=True, tamano=10):
        nuevo = NamedStyle(name=nombre, font=Font(name="Arial", size=tamano, bold=negrita),
                           alignment=Alignment(wrap_text=True, vertical="top", horizontal=horizontal))
        if con_borde:
            nuevo.border = borde
        if relleno:
            nuevo.fill = PatternFill("solid", fgColor=relleno)
        if numero:
            nuevo.number_format = numero
        libro.add_named_style(nuevo)

    estilo("titulo", negrita=True, con_borde=False, tamano=14, horizontal="center")
    estilo("rotulo", negrita=True, con_borde=False)
    estilo("valor", con_borde=False)
    estilo("encabezado", negrita=True, relleno=CELESTE, horizontal="center")
    estilo("texto")
    estilo("codigo", horizontal="left")
    estilo("pct", numero="0.0", horizontal="right")
    estilo("programado", numero="0.0", horizontal="right", relleno=AZUL)
    estilo("comp_texto", negrita=True, relleno=GRIS)
    estilo("comp_pct", negrita=True, relleno=GRIS, numero="0.0", horizontal="right")


def escribir_base(datos: LibroPlano) -> bytes:
    libro = Workbook()
    _estilos(libro)
    hoja = libro.active
    ultima = len(datos.rotulos)
    hoja.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ultima)
    hoja.cell(1, 1, "ANEXO N° 2. CRONOGRAMA DE ACTIVIDADES").style = "titulo"
    for numero, (rotulo, valor) in enumerate(datos.cabecera, start=3):
        hoja.merge_cells(start_row=numero, start_column=1, end_row=numero, end_column=2)
        hoja.merge_cells(start_row=numero, start_column=3, end_row=numero, end_column=ultima)
        hoja.cell(numero, 1, rotulo).style = "rotulo"
        hoja.cell(numero, 3, valor).style = "valor"
    fila_anio = 3 + len(datos.cabecera) + 1
    columna = 4
    for anio, meses in datos.anios:
        hoja.merge_cells(start_row=fila_anio, start_column=columna, end_row=fila_anio, end_column=columna + meses - 1)
        hoja.cell(fila_anio, columna, anio)
        for c in range(columna, columna + meses):
            hoja.cell(fila_anio, c).style = "encabezado"
        columna += meses
    for c in (1, 2, 3, ultima):
        hoja.cell(fila_anio, c).style = "encabezado"
    for c, rotulo in enumerate(datos.rotulos, start=1):
        hoja.cell(fila_anio + 1, c, rotulo).style = "encabezado"
    for numero, fila in enumerate(datos.filas, start=fila_anio + 2):
        texto, pct = ("comp_texto", "comp_pct") if fila.componente else ("texto", "pct")
        for c, valor in enumerate(fila.textos, start=1):
            celda = hoja.cell(numero, c, valor or None)
            celda.style = "codigo" if c == 1 and not fila.componente else texto
        for c, (valor, programado) in enumerate(fila.meses, start=4):
            hoja.cell(numero, c, valor).style = "programado" if programado else pct
        hoja.cell(numero, ultima, fila.avance).style = pct
    for c, ancho in ((1, 9), (2, 62), (3, 24), *((c, 11) for c in range(4, ultima + 1))):
        hoja.column_dimensions[get_column_letter(c)].width = ancho
    hoja.freeze_panes = hoja.cell(fila_anio + 2, 4)
    hoja.print_title_rows = f"{fila_anio}:{fila_anio + 1}"
    hoja.page_setup.orientation = "landscape"
    hoja.page_setup.paperSize = hoja.PAPERSIZE_A4
    hoja.page_setup.fitToWidth, hoja.page_setup.fitToHeight = 1, 0
    hoja.sheet_properties.pageSetUpPr.fitToPage = True
    salida = BytesIO()
    libro.save(salida)
    return salida.getvalue()
