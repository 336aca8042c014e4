"""El reporte semestral en Word (python-docx): las mismas secciones, tablas y figura que el PDF.

El oficio a la SGP se redacta en Word: con este archivo nadie vuelve a teclear el reporte. Recibe
`DatosReporte` ya armado (como salidas.py) y no consulta la base ni calcula porcentajes: los escribe con
`texto_porcentaje`, como las páginas. Títulos con los estilos de título de Word (el panel de navegación y
un índice los encuentran), tablas con su fila de encabezado repetida en cada página, la curva S como
imagen con su texto alternativo, A4 vertical y «Página N de M» (campos PAGE y NUMPAGES) al pie.
"""

from io import BytesIO

import pypdfium2
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from django.utils.dateformat import format as formato_fecha
from weasyprint import HTML

from cronograma.avance import regla_estado_semaforo
from cronograma.formato import texto_porcentaje
from cronograma.reportes.como_se_calcula import reglas
from cronograma.reportes.datos import DatosReporte
from cronograma.reportes.resumen import (
    ACTIVIDADES_EN_EL_PDF,
    RETRASADAS_EN_EL_PDF,
    actividades_por_componente,
    retrasadas_por_componente,
    total_de_actividades,
)
from cronograma.reportes.salidas import grafico_curva
from cronograma.reportes.textos import sin_punto_final, texto_oficio

TIPO_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TITULO_CURVA = "Curva S del plan: % acumulado programado y ejecutado por mes"
ANCHO_CURVA_MM = 160
FECHA_LARGA = r"j \d\e F \d\e Y"  # «12 de enero de 2021»


def documento_del_reporte(datos: DatosReporte) -> bytes:
    """El .docx del reporte (A4 vertical, con el mismo contenido que el PDF)."""
    doc = Document()
    _pagina(doc, datos)
    _estilos(doc)
    _cabecera(doc, datos)
    _identificacion(doc, datos)
    _avance(doc, datos)
    _curva(doc, datos)
    _actividades(doc, datos)
    _retrasadas(doc, datos)
    _textos(doc, datos)
    _firma(doc, datos)
    doc.core_properties.title = f"Reporte semestral {datos.identificacion.periodo}"
    doc.core_properties.language = "es-PE"
    salida = BytesIO()
    doc.save(salida)
    return salida.getvalue()


# --- Página, estilos, cabecera y pie --------------------------------------------------------------

def _pagina(doc, datos: DatosReporte) -> None:
    seccion = doc.sections[0]
    seccion.orientation = WD_ORIENT.PORTRAIT
    seccion.page_width, seccion.page_height = Mm(210), Mm(297)
    seccion.top_margin, seccion.bottom_margin = Mm(20), Mm(18)
    seccion.left_margin = seccion.right_margin = Mm(18)
    arriba = seccion.header.paragraphs[0]
    arriba.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if not datos.congelado:  # como el PDF: «BORRADOR» en cada página de un borrador
        marca = arriba.add_run("BORRADOR")
        marca.bold, marca.font.color.rgb = True, RGBColor(0x7A, 0x4F, 0x0F)
        arriba.add_run(" · ")
    arriba.add_run(_entidad(datos)).font.size = Pt(8)
    pie = seccion.footer.paragraphs[0]
    pie.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if datos.reporte.numero_oficio:
        pie.add_run(f"{_referencia(datos)} · ")
    pie.add_run("Página ")
    _campo(pie, "PAGE")
    pie.add_run(" de ")
    _campo(pie, "NUMPAGES")
    for run in pie.runs:
        run.font.size = Pt(8)


def _campo(parrafo, codigo: str) -> None:
    """Un campo de Word (PAGE, NUMPAGES) en su forma completa: begin, instrucción, separate, valor, end."""
    def caracter(tipo):
        run = parrafo.add_run()
        elemento = OxmlElement("w:fldChar")
        elemento.set(qn("w:fldCharType"), tipo)
        run._r.append(elemento)

    caracter("begin")
    instruccion = parrafo.add_run()
    texto = OxmlElement("w:instrText")
    texto.set(qn("xml:space"), "preserve")
    texto.text = f" {codigo} "
    instruccion._r.append(texto)
    caracter("separate")
    parrafo.add_run("1")  # el valor que se ve hasta que el procesador actualiza el campo
    caracter("end")


def _estilos(doc) -> None:
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = "DejaVu Sans", Pt(9.5)
    for nivel, tamano in ((1, 15), (2, 12.5), (3, 11), (4, 10)):
        estilo = doc.styles[f"Heading {nivel}"]
        estilo.font.name, estilo.font.size = "DejaVu Sans", Pt(tamano)
        estilo.font.color.rgb = RGBColor(0x1F, 0x29, 0x33)


def _entidad(datos: DatosReporte) -> str:
    return datos.cifras.cabecera.entidad or datos.identificacion.entidad


def _referencia(datos: DatosReporte) -> str:
    reporte = datos.reporte
    return (f"Remitido a la SGP con {texto_oficio(reporte.numero_oficio)} del "
            f"{reporte.fecha_remision:%d/%m/%Y}")


def _cabecera(doc, datos: DatosReporte) -> None:
    cabecera, ident, reporte = datos.cifras.cabecera, datos.identificacion, datos.reporte
    if cabecera.nombre_del_anio:
        parrafo = doc.add_paragraph()
        parrafo.alignment = WD_ALIGN_PARAGRAPH.CENTER
        parrafo.add_run(f"«{cabecera.nombre_del_anio}»").italic = True
    doc.add_paragraph().add_run(_entidad(datos)).bold = True
    if cabecera.oficina:
        doc.add_paragraph(cabecera.oficina)
    if reporte.numero_oficio:
        doc.add_paragraph().add_run(_referencia(datos)).bold = True
    doc.add_heading(f"Reporte semestral de avance · {ident.periodo}", level=1)
    doc.add_paragraph("Implementación de la Norma Técnica para la Gestión de la Calidad de Servicios en el Sector "
                      "Público · Anexo N° 2, Cronograma de Actividades")
    doc.add_paragraph().add_run(_sello(datos)).bold = True


def _sello(datos: DatosReporte) -> str:
    reporte = datos.reporte
    if not datos.congelado:
        return "BORRADOR: las cifras son las vigentes y pueden cambiar hasta la aprobación."
    partes = [reporte.get_estado_display()]
    aprobado = reporte.fecha_aprobacion or (reporte.aprobado_en and reporte.aprobado_en.date())
    if aprobado:
        partes.append(f"aprobado el {aprobado:%d/%m/%Y}")
    if reporte.numero_oficio:
        partes.append(f"remitido el {reporte.fecha_remision:%d/%m/%Y} con {texto_oficio(reporte.numero_oficio)}")
    return " · ".join(partes) + ". Cifras congeladas al aprobar."


# --- Tablas -------------------------------------------------------------------------------------

def _tabla(doc, encabezados: tuple[str, ...] | None, filas, *, anchos_mm: tuple[float, ...], derecha=(),
           titulo_de_fila: bool = False):
    """Una tabla con bordes, su fila de encabezado (repetida en cada página) y las filas dadas. Una fila
    que es un solo texto (str) es la de un componente: ocupa todo el ancho, en negrita."""
    tabla = doc.add_table(rows=1 if encabezados else 0, cols=len(encabezados or anchos_mm))
    tabla.style = "Table Grid"
    tabla.alignment = WD_TABLE_ALIGNMENT.CENTER
    if encabezados:
        cabeza = tabla.rows[0]
        _repetir_encabezado(cabeza)
        for columna, texto in enumerate(encabezados):
            _escribir(cabeza.cells[columna], texto, negrita=True, derecha=columna in derecha)
            _sombrear(cabeza.cells[columna], "EEF2F7")
    for valores in filas:
        fila = tabla.add_row()
        if isinstance(valores, str):
            celda = fila.cells[0].merge(fila.cells[-1])
            _escribir(celda, valores, negrita=True)
            _sombrear(celda, "EEF2F7")
            continue
        for columna, valor in enumerate(valores):
            _escribir(fila.cells[columna], valor, negrita=titulo_de_fila and columna == 0, derecha=columna in derecha)
    tabla.autofit = False
    for columna, ancho in enumerate(anchos_mm):  # la rejilla (tblGrid): la que lee LibreOffice
        tabla.columns[columna].width = Mm(ancho)
    for fila in tabla.rows:
        for columna, ancho in enumerate(anchos_mm):
            if columna < len(fila.cells):
                fila.cells[columna].width = Mm(ancho)
    return tabla


def _escribir(celda, texto, *, negrita: bool = False, derecha: bool = False) -> None:
    parrafo = celda.paragraphs[0]
    run = parrafo.add_run("" if texto is None else str(texto))
    run.bold = negrita or None
    if derecha:
        parrafo.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _repetir_encabezado(fila) -> None:
    propiedades = fila._tr.get_or_add_trPr()
    marca = OxmlElement("w:tblHeader")
    marca.set(qn("w:val"), "true")
    propiedades.append(marca)


def _sombrear(celda, color: str) -> None:
    sombra = OxmlElement("w:shd")
    sombra.set(qn("w:val"), "clear")
    sombra.set(qn("w:color"), "auto")
    sombra.set(qn("w:fill"), color)
    celda._tc.get_or_add_tcPr().append(sombra)


def _pct(valor) -> str:
    return texto_porcentaje(valor)


def _cifras(c) -> tuple[str, str, str, str]:
    return _pct(c.programado), _pct(c.ejecutado), c.estado, c.texto_semaforo


# --- Secciones ----------------------------------------------------------------------------------

def _identificacion(doc, datos: DatosReporte) -> None:
    ident, cabecera = datos.identificacion, datos.cifras.cabecera
    doc.add_heading("1. Identificación", level=2)
    filas = []
    if cabecera.entidad and cabecera.entidad != ident.entidad:
        filas.append(("Entidad del plan", ident.entidad))
    filas += [
        ("Objetivo del plan", ident.objetivo), ("Servicio", ident.servicio), ("Carácter", ident.caracter),
        ("Alcance", ident.alcance), ("Versión", f"{ident.version} ({ident.fecha})" if ident.fecha else ident.version),
        ("Periodo del reporte", ident.periodo), ("Mes de corte", ident.corte),
    ]
    _tabla(doc, None, filas, anchos_mm=(50, 124), titulo_de_fila=True)
    versiones = datos.cifras.versiones
    if versiones:
        doc.add_heading("Versiones del plan vigentes en el periodo", level=2)
        _tabla(doc, ("Versión", "Fecha", "Rigió", "Sustento"),
               [(v.numero, v.fecha, v.texto_meses, v.motivo) for v in versiones], anchos_mm=(22, 20, 52, 80))
        if datos.cifras.linea_base:
            doc.add_paragraph(f"Programado del plan al corte según la línea base (primera versión): "
                              f"{_pct(datos.cifras.linea_base.programado)}; según la versión vigente: "
                              f"{_pct(datos.cifras.plan.programado)}.")


def _avance(doc, datos: DatosReporte) -> None:
    cifras = datos.cifras
    doc.add_heading(f"2. Avance del plan y por componente al corte ({datos.identificacion.corte})", level=2)
    filas = [(c.titulo, *_cifras(c.cifras)) for c in cifras.componentes]
    filas.append(("Avance del plan", *_cifras(cifras.plan)))
    tabla = _tabla(doc, ("Componente", "Programado", "Ejecutado", "Estado", "Semáforo"), filas,
                   anchos_mm=(64, 28, 28, 24, 30), derecha=(1, 2), titulo_de_fila=True)
    for celda in tabla.rows[-1].cells:
        for run in celda.paragraphs[0].runs:
            run.bold = True
    parrafo = doc.add_paragraph()
    parrafo.add_run("Estado y semáforo: ").bold = True
    parrafo.add_run(regla_estado_semaforo())
    doc.add_heading("¿Cómo se calcula?", level=3)
    for regla in reglas():
        parrafo = doc.add_paragraph()
        parrafo.add_run(f"{regla.titulo}: ").bold = True
        parrafo.add_run(regla.texto)


def imagen_de_la_curva(datos: DatosReporte, *, escala: float = 2.0) -> bytes | None:
    """La curva S del PDF (el mismo SVG de graficos.py) como PNG: WeasyPrint la dibuja en una página de su
    tamaño y pdfium la rasteriza. Sin red: el SVG no pide nada de fuera."""
    svg = grafico_curva(datos.cifras.curva)
    if svg is None:
        return None
    html = ("<style>@page { size: 640px 300px; margin: 0 } body { margin: 0 } svg { display: block }</style>"
            f"{svg}")
    pdf = pypdfium2.PdfDocument(HTML(string=html).write_pdf())
    try:
        imagen = pdf[0].render(scale=escala).to_pil()
        salida = BytesIO()
        imagen.save(salida, format="PNG")
        return salida.getvalue()
    finally:
        pdf.close()


def texto_alternativo_de_la_curva(datos: DatosReporte) -> str:
    curva = datos.cifras.curva
    final = curva[-1]
    return (f"{TITULO_CURVA}. De {curva[0].nombre_mes} a {final.nombre_mes}: al corte, programado "
            f"{_pct(final.programado)} y ejecutado {_pct(final.ejecutado)}. Los valores están en la tabla que sigue.")


def _curva(doc, datos: DatosReporte) -> None:
    doc.add_heading("3. Curva S del plan", level=2)
    png = imagen_de_la_curva(datos)
    if png:
        doc.add_picture(BytesIO(png), width=Mm(ANCHO_CURVA_MM))
        doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        propiedades = doc.inline_shapes[-1]._inline.docPr  # lo que lee un lector de pantalla
        propiedades.set("descr", texto_alternativo_de_la_curva(datos))
        propiedades.set("title", TITULO_CURVA)
    doc.add_paragraph("Programado y ejecutado acumulados del plan, mes a mes hasta el corte", style="Caption")
    _tabla(doc, ("Mes", "Programado", "Ejecutado"),
           [(p.nombre_mes, _pct(p.programado), _pct(p.ejecutado)) for p in datos.cifras.curva],
           anchos_mm=(74, 50, 50), derecha=(1, 2), titulo_de_fila=True)


def _actividades(doc, datos: DatosReporte) -> None:
    """Como el PDF: la lista completa o, en un plan grande, el resumen por componente."""
    cifras = datos.cifras
    doc.add_heading("4. Estado de las actividades", level=2)
    columnas = ("N°", "Actividad", "Responsables", "Prog.", "Ejec.", "Estado y semáforo")
    anchos = (12, 68, 30, 20, 20, 24)
    if total_de_actividades(cifras) <= ACTIVIDADES_EN_EL_PDF:
        filas = []
        for componente in cifras.componentes:
            filas.append(componente.titulo)
            filas += [_fila_actividad(a) for a in componente.actividades]
        _tabla(doc, columnas, filas, anchos_mm=anchos, derecha=(3, 4))
        return
    resumen = actividades_por_componente(cifras)
    doc.add_paragraph(
        f"El plan tiene {resumen.plan.total} actividades al corte. Por componente, cuántas hay en cada estado y en "
        "cada semáforo y, de las retrasadas, las de mayor brecha entre lo programado y lo ejecutado; la lista "
        "completa, con las cifras de cada actividad, está en el Excel del reporte (hoja «Actividades»).")
    for tabla in resumen.tablas:
        doc.add_paragraph(tabla.titulo, style="Caption")
        filas = [(titulo, *cuentas, total) for titulo, cuentas, total in (*tabla.filas, *tabla.pie)]
        _tabla(doc, ("Componente", *tabla.columnas, "Total"), filas,
               anchos_mm=(64, *(22,) * len(tabla.columnas), 22), derecha=tuple(range(1, len(tabla.columnas) + 2)),
               titulo_de_fila=True)
    if resumen.retrasadas:
        doc.add_paragraph("Actividades retrasadas de mayor brecha, por componente", style="Caption")
        filas = []
        for grupo in resumen.retrasadas:
            conteo = grupo.conteo
            filas.append(f"{sin_punto_final(conteo.titulo)}: {conteo.retrasadas} de {conteo.total} "
                         f"actividad{'es' if conteo.total != 1 else ''} retrasada{'s' if conteo.total != 1 else ''}")
            filas += [_fila_actividad(a) for a in grupo.principales]
            if grupo.omitidas:
                filas.append(f"… y {grupo.omitidas} más en el Excel del reporte.")
        _tabla(doc, columnas, filas, anchos_mm=anchos, derecha=(3, 4))
    else:
        doc.add_paragraph("Ninguna actividad está retrasada al corte.")


def _fila_actividad(actividad) -> tuple:
    c = actividad.cifras
    return (actividad.codigo, actividad.nombre, actividad.siglas, _pct(c.programado), _pct(c.ejecutado),
            f"{c.estado} {c.color_semaforo}")


def _retrasadas(doc, datos: DatosReporte) -> None:
    cifras = datos.cifras
    doc.add_heading("5. Filas retrasadas al corte", level=2)
    columnas = ("N°", "Fila", "Responsables", "Programado", "Ejecutado", "Último comentario")
    anchos = (14, 34, 30, 28, 28, 40)
    if not cifras.retrasadas:
        doc.add_paragraph("Ninguna fila está retrasada al corte.")
        return
    if len(cifras.retrasadas) <= RETRASADAS_EN_EL_PDF:
        _tabla(doc, columnas, [_fila_retrasada(r) for r in cifras.retrasadas], anchos_mm=anchos, derecha=(3, 4))
        return
    doc.add_paragraph(
        f"{len(cifras.retrasadas)} filas están retrasadas al corte. Por componente, las de mayor brecha entre lo "
        "programado y lo ejecutado; la lista completa, con el último comentario de cada fila, está en el Excel "
        "del reporte (hoja «Retrasadas»).")
    filas = []
    for grupo in retrasadas_por_componente(cifras):
        filas.append(f"{sin_punto_final(grupo.titulo)}: {grupo.total} fila{'s' if grupo.total != 1 else ''} "
                     f"retrasada{'s' if grupo.total != 1 else ''}")
        filas += [_fila_retrasada(r) for r in grupo.principales]
        if grupo.omitidas:
            filas.append(f"… y {grupo.omitidas} más en el Excel del reporte.")
    _tabla(doc, columnas, filas, anchos_mm=anchos, derecha=(3, 4))


def _fila_retrasada(retrasada) -> tuple:
    fila = retrasada.fila
    comentario = (f"{retrasada.comentario} ({retrasada.nombre_mes_comentario})" if retrasada.comentario
                  else "Sin comentario")
    return (fila.codigo, fila.nombre, fila.siglas, _pct(fila.cifras.programado), _pct(fila.cifras.ejecutado),
            comentario)


def _textos(doc, datos: DatosReporte) -> None:
    doc.add_heading("6. Logros, dificultades y medidas correctivas por componente", level=2)
    for seccion in datos.secciones:
        componente = seccion.componente
        doc.add_heading(componente.titulo, level=3)
        doc.add_paragraph(f"Programado {_pct(componente.cifras.programado)} · ejecutado "
                          f"{_pct(componente.cifras.ejecutado)} · {componente.cifras.estado}")
        for apartado in seccion.textos.apartados:
            doc.add_heading(apartado.titulo, level=4)
            parrafo = doc.add_paragraph()
            if apartado.texto:
                parrafo.add_run(apartado.texto)
            elif apartado.motivo_sin_informacion:
                parrafo.add_run("Sin información: ").italic = True
                parrafo.add_run(apartado.motivo_sin_informacion)
            else:
                parrafo.add_run("Sin registrar.").font.color.rgb = RGBColor(0xB4, 0x23, 0x18)


def _firma(doc, datos: DatosReporte) -> None:
    reporte = datos.reporte
    espacio = doc.add_paragraph()
    espacio.paragraph_format.space_before = Pt(48)
    espacio.paragraph_format.keep_with_next = True
    espacio.alignment = WD_ALIGN_PARAGRAPH.CENTER
    espacio.add_run("_" * 40)
    lineas = [
        (reporte.firmante_nombre or "(nombre de quien aprueba)", True),
        (reporte.firmante_cargo or "(cargo)", False),
        (_entidad(datos), False),
    ]
    if reporte.fecha_aprobacion:
        lineas.append(("Aprobado el " + formato_fecha(reporte.fecha_aprobacion, FECHA_LARGA), False))
    for i, (texto, negrita) in enumerate(lineas):
        parrafo = doc.add_paragraph()
        parrafo.alignment = WD_ALIGN_PARAGRAPH.CENTER
        parrafo.paragraph_format.space_after = Pt(0)
        parrafo.paragraph_format.keep_with_next = i < len(lineas) - 1
        parrafo.add_run(texto).bold = negrita or None
