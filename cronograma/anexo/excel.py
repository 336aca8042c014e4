"""El Anexo N° 2 en Excel: se escribe desde una `Grilla` ya calculada y se lee de vuelta como cambios.

- `escribir_anexo2(grilla)` arma el libro con la forma del documento (no consulta la base: las cifras
  vienen de avance.py a través de gantt.py, las mismas de la grilla).
- `leer_anexo2(archivo, plan)` lee un libro con esa forma (el nuestro o el del MTPE) y devuelve los
  cambios validados, sin aplicar (`CambiosAnexo`).
- `aplicar_cambios(cambios, usuario)` los aplica todos o ninguno (ver importacion.py).
- `exportar_anexo2(plan, corte)` es el atajo de la vista y de la orden: calcula la grilla y la escribe.
"""

from io import BytesIO
from math import ceil

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter

from componentes.meses import nombre_mes
from cronograma.anexo import formato
from cronograma.avance import Seguimiento
from cronograma.grilla.gantt import ACTIVIDAD, COMPONENTE, SUBACTIVIDAD, Grilla, armar_grilla
from cronograma.anexo.importacion import CambiosAnexo, aplicar_cambios, comparar_con_plan
from cronograma.anexo.lectura import leer_libro

__all__ = ["escribir_anexo2", "exportar_anexo2", "libro_en_bytes", "leer_anexo2", "aplicar_cambios", "CambiosAnexo"]

COLOR_PROGRAMADO = "9DC3E6"  # un solo color para los meses programados
COLOR_COMPONENTE = "D9D9D9"
# El encabezado no se parece al sombreado de programado: azul oscuro con letra blanca.
COLOR_ENCABEZADO = "1F3864"
COLOR_TEXTO_ENCABEZADO = "FFFFFF"
ANCHOS = {"codigo": 9, "nombre": 62, "responsable": 24, "mes": 11, "avance": 11}
COLUMNAS_FIJAS = 3  # Nº, ACTIVIDADES POR COMPONENTE, RESPONSABLE

_LADO = Side(style="thin", color="808080")
_BORDE = Border(left=_LADO, right=_LADO, top=_LADO, bottom=_LADO)


def _estilo(nombre, *, negrita=False, relleno=None, formato_numero=None, horizontal=None, borde=True, tamano=10,
            color=None, sangria=0, vertical="top"):
    estilo = NamedStyle(name=nombre)
    estilo.font = Font(name="Arial", size=tamano, bold=negrita, color=color)
    estilo.alignment = Alignment(wrap_text=True, vertical=vertical, horizontal=horizontal, indent=sangria)
    if borde:
        estilo.border = _BORDE
    if relleno:
        estilo.fill = PatternFill("solid", fgColor=relleno)
    if formato_numero:
        estilo.number_format = formato_numero
    return estilo


def _registrar_estilos(libro: Workbook) -> None:
    """Los estilos con nombre se registran una vez por libro y las celdas los usan por nombre."""
    pct = formato.FORMATO_PORCENTAJE
    for estilo in (
        _estilo("a2_titulo", negrita=True, borde=False, tamano=14, horizontal="center"),
        _estilo("a2_rotulo", negrita=True, borde=False),
        _estilo("a2_valor", borde=False),
        _estilo("a2_encabezado", negrita=True, relleno=COLOR_ENCABEZADO, horizontal="center",
                color=COLOR_TEXTO_ENCABEZADO, vertical="center"),
        _estilo("a2_texto"),
        _estilo("a2_codigo", horizontal="left"),
        # Actividades en negrita; subactividades con sangría: se distinguen sin tocar el relleno (que
        # en las celdas de mes significa «programado»).
        _estilo("a2_act_texto", negrita=True),
        _estilo("a2_act_codigo", negrita=True, horizontal="left"),
        _estilo("a2_sub_texto", sangria=2),
        _estilo("a2_pct", formato_numero=pct, horizontal="right"),
        _estilo("a2_mes_programado", formato_numero=pct, horizontal="right", relleno=COLOR_PROGRAMADO),
        _estilo("a2_comp_texto", negrita=True, relleno=COLOR_COMPONENTE),
        _estilo("a2_comp_pct", negrita=True, relleno=COLOR_COMPONENTE, formato_numero=pct, horizontal="right"),
    ):
        libro.add_named_style(estilo)


def _texto(celda, valor, estilo: str) -> None:
    """Escribe texto siempre como texto: un código "3.10" no se vuelve el número 3.1 ni un "=" una fórmula."""
    celda.style = estilo
    if valor in (None, ""):
        return  # una celda vacía queda sin valor (solo con su estilo)
    celda.value = str(valor)
    celda.data_type = "s"


def _numero(celda, valor, estilo: str) -> None:
    celda.value = valor
    celda.style = estilo


ALTO_LINEA = 13.5  # puntos por línea de texto a 10 pt
CARACTERES_POR_UNIDAD = 1.3  # caracteres de 10 pt por unidad de ancho de columna (medido en LibreOffice)


def _alto_de_fila(*textos_y_anchos: tuple[str, float]) -> float:
    """Alto que necesita una fila con texto ajustado. openpyxl no lo calcula y LibreOffice (y a veces
    Excel) no lo recalcula al abrir: sin esto, los nombres largos se montan sobre la fila siguiente."""
    lineas = max(ceil(len(texto or "") / (ancho * CARACTERES_POR_UNIDAD)) for texto, ancho in textos_y_anchos)
    return ALTO_LINEA * max(lineas, 1)


def _cabecera(pestana, grilla: Grilla, ultima_columna: int) -> int:
    """Título y bloque de cabecera; devuelve la siguiente fila libre."""
    plan = grilla.plan
    pestana.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ultima_columna)
    _texto(pestana.cell(1, 1), formato.TITULO, "a2_titulo")
    # VERSIÓN y FECHA son las de la versión con que se midió el corte (la vigente a ese corte o la pedida).
    version = grilla.resultado.version
    de_la_version = {"version": str(version.numero), "fecha": version.fecha_texto} if version else {}
    filas = [(rotulo, de_la_version.get(campo, getattr(plan, campo))) for rotulo, campo in formato.CABECERA]
    filas.append((formato.ROTULO_CORTE, nombre_mes(grilla.corte)))
    filas.append((formato.ROTULO_CIFRAS, formato.TEXTO_CIFRAS))
    if plan.aviso:
        filas.append((formato.ROTULO_AVISO, plan.aviso))
    for numero, (rotulo, valor) in enumerate(filas, start=3):
        pestana.merge_cells(start_row=numero, start_column=1, end_row=numero, end_column=2)
        pestana.merge_cells(start_row=numero, start_column=3, end_row=numero, end_column=ultima_columna)
        _texto(pestana.cell(numero, 1), rotulo, "a2_rotulo")
        _texto(pestana.cell(numero, 3), valor, "a2_valor")
        ancho_valor = ANCHOS["responsable"] + ANCHOS["mes"] * len(grilla.meses) + ANCHOS["avance"]
        pestana.row_dimensions[numero].height = _alto_de_fila((str(valor), ancho_valor))
    return 3 + len(filas) + 1


def _encabezado_tabla(pestana, grilla: Grilla, fila_anio: int) -> int:
    """Fila de años (cada año combinado sobre sus meses) y fila de rótulos; devuelve la fila de rótulos."""
    fila = fila_anio + 1
    columna = COLUMNAS_FIJAS + 1
    for anio in grilla.anios:
        pestana.merge_cells(start_row=fila_anio, start_column=columna, end_row=fila_anio, end_column=columna + anio.meses - 1)
        pestana.cell(fila_anio, columna).value = anio.anio
        for c in range(columna, columna + anio.meses):
            pestana.cell(fila_anio, c).style = "a2_encabezado"
        columna += anio.meses
    rotulos = [formato.COL_CODIGO, formato.COL_NOMBRE, formato.COL_RESPONSABLE, *grilla.nombres_meses, formato.COL_AVANCE]
    fijas = (1, 2, 3, len(rotulos))  # Nº, ACTIVIDADES, RESPONSABLE y % AVANCE: combinadas sobre las dos filas
    for columna, rotulo in enumerate(rotulos, start=1):
        if columna in fijas:
            _texto(pestana.cell(fila_anio, columna), rotulo, "a2_encabezado")
            pestana.cell(fila, columna).style = "a2_encabezado"
            pestana.merge_cells(start_row=fila_anio, start_column=columna, end_row=fila, end_column=columna)
        else:
            _texto(pestana.cell(fila, columna), rotulo, "a2_encabezado")
    return fila


# nivel → estilos de (unidades, código, nombre, porcentajes)
_ESTILOS_POR_NIVEL = {
    COMPONENTE: ("a2_comp_texto", "a2_comp_texto", "a2_comp_texto", "a2_comp_pct"),
    ACTIVIDAD: ("a2_act_texto", "a2_act_codigo", "a2_act_texto", "a2_pct"),
    SUBACTIVIDAD: ("a2_texto", "a2_codigo", "a2_sub_texto", "a2_pct"),
}


def _filas(pestana, grilla: Grilla, primera: int) -> None:
    columna_avance = COLUMNAS_FIJAS + len(grilla.meses) + 1
    for numero, fila in enumerate(grilla.filas, start=primera):
        es_componente = fila.nivel == COMPONENTE
        texto, codigo, nombre, pct = _ESTILOS_POR_NIVEL[fila.nivel]
        _texto(pestana.cell(numero, 1), "" if es_componente else fila.codigo, codigo)
        _texto(pestana.cell(numero, 2), fila.titulo, nombre)
        _texto(pestana.cell(numero, 3), fila.siglas, texto)
        for desplazamiento, celda in enumerate(fila.celdas, start=COLUMNAS_FIJAS + 1):
            _numero(pestana.cell(numero, desplazamiento), celda.porcentaje, "a2_mes_programado" if celda.programado else pct)
        _numero(pestana.cell(numero, columna_avance), fila.cifras.ejecutado, pct)
        pestana.row_dimensions[numero].height = _alto_de_fila(
            (fila.titulo, ANCHOS["nombre"]), (fila.siglas, ANCHOS["responsable"])
        )


def _presentacion(pestana, grilla: Grilla, fila_anio: int, fila_rotulos: int, ultima_columna: int) -> None:
    pestana.column_dimensions["A"].width = ANCHOS["codigo"]
    pestana.column_dimensions["B"].width = ANCHOS["nombre"]
    pestana.column_dimensions["C"].width = ANCHOS["responsable"]
    for columna in range(COLUMNAS_FIJAS + 1, ultima_columna):
        pestana.column_dimensions[get_column_letter(columna)].width = ANCHOS["mes"]
    pestana.column_dimensions[get_column_letter(ultima_columna)].width = ANCHOS["avance"]
    pestana.freeze_panes = pestana.cell(fila_rotulos + 1, COLUMNAS_FIJAS + 1)
    pestana.print_title_rows = f"{fila_anio}:{fila_rotulos}"
    pestana.page_setup.orientation = "landscape"
    pestana.page_setup.paperSize = pestana.PAPERSIZE_A4
    pestana.page_setup.fitToWidth = 1
    pestana.page_setup.fitToHeight = 0
    pestana.sheet_properties.pageSetUpPr.fitToPage = True
    # Pie de cada página impresa: el corte al que se refieren las cifras y el número de página.
    pestana.oddFooter.left.text = f"{formato.ROTULO_CORTE}: {nombre_mes(grilla.corte)}"
    pestana.oddFooter.left.size = 8
    pestana.oddFooter.right.text = "Página &P de &N"
    pestana.oddFooter.right.size = 8


def escribir_anexo2(grilla: Grilla) -> Workbook:
    """El libro del Anexo N° 2 con las filas y cifras de `grilla` (sin consultar la base)."""
    libro = Workbook()
    _registrar_estilos(libro)
    pestana = libro.active
    pestana.title = formato.NOMBRE_PESTANA
    ultima_columna = COLUMNAS_FIJAS + len(grilla.meses) + 1
    fila_anio = _cabecera(pestana, grilla, ultima_columna)
    fila_rotulos = _encabezado_tabla(pestana, grilla, fila_anio)
    _filas(pestana, grilla, fila_rotulos + 1)
    _presentacion(pestana, grilla, fila_anio, fila_rotulos, ultima_columna)
    return libro


def libro_en_bytes(libro: Workbook) -> bytes:
    salida = BytesIO()
    libro.save(salida)
    return salida.getvalue()


def leer_anexo2(archivo, plan, *, corte=None, nombre_archivo: str = "", como_version: bool = False) -> CambiosAnexo:
    """Lee un libro del Anexo N° 2 y lo compara con `plan`: cambios validados, sin aplicar.

    `archivo` es una ruta, bytes o un archivo abierto en binario. `corte` es el mes al que se refiere
    la columna % AVANCE cuando el libro no trae su "MES DE CORTE". `como_version`: el libro será el
    borrador de una versión nueva (reprogramación), así que sus meses y filas nuevas no se rechazan.
    """
    libro = leer_libro(archivo)
    return comparar_con_plan(libro, plan, corte=corte, nombre_archivo=nombre_archivo, como_version=como_version)


def exportar_anexo2(plan, corte, *, version: int | None = None) -> bytes:
    """El libro del plan al mes de corte: cifras de avance.py, filas de gantt.py (consultas fijas).
    Con `version`, el programado y el sombreado son los de esa versión aprobada."""
    return libro_en_bytes(escribir_anexo2(armar_grilla(Seguimiento(plan, version=version).al_corte(corte))))
