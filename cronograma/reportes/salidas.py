"""Las salidas del reporte semestral: curva S (SVG de graficos.py), PDF (WeasyPrint) y libro Excel (openpyxl).

Todas reciben `DatosReporte` ya armado (reportes.py) y no consultan la base ni calculan porcentajes:
solo los disponen. La página HTML y el PDF comparten la plantilla del documento.
"""

from decimal import Decimal
from io import BytesIO

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from calidad.hojas import poner
from componentes.meses import clave_mes
from cronograma.anexo import formato
from cronograma.mensual import graficos
from cronograma.avance import TEXTO_SEMAFORO, PuntoCurva
from cronograma.formato import texto_porcentaje
from cronograma.reportes.datos import DatosReporte
from cronograma.reportes.resumen import (
    ACTIVIDADES_EN_EL_PDF,
    RETRASADAS_EN_EL_PDF,
    actividades_por_componente,
    retrasadas_por_componente,
    total_de_actividades,
)

# --- Curva S -----------------------------------------------------------------------------------

def grafico_curva(curva: tuple[PuntoCurva, ...]) -> SafeString | None:
    """La curva S del plan hasta el corte, dibujada por graficos.py (SVG con título y descripción)."""
    if not curva:
        return None
    final = curva[-1]
    descripcion = (
        f"% acumulado del plan de {curva[0].nombre_mes} a {final.nombre_mes}: al corte, programado "
        f"{texto_porcentaje(final.programado)} y ejecutado {texto_porcentaje(final.ejecutado)}. "
        "Los valores están en la tabla que sigue."
    )
    return graficos.curva_s_svg(curva, ident="curva-reporte", descripcion=descripcion,
                                titulo="Curva S del plan: % acumulado programado y ejecutado por mes")


def contexto_documento(datos: DatosReporte) -> dict:
    """Lo que necesita la plantilla del documento (página y PDF)."""
    return {"datos": datos, "curva": grafico_curva(datos.cifras.curva)}


# --- PDF ---------------------------------------------------------------------------------------

BASE_PDF = "http://calidad.invalid/"  # nunca se visita: SoloEstaticos responde sin red


class SoloEstaticos(URLFetcher):
    """Sirve a WeasyPrint solo nuestros archivos estáticos; cualquier otra URL se rechaza (sin red)."""

    def fetch(self, url, headers=None):
        prefijo = BASE_PDF + settings.STATIC_URL.lstrip("/")
        if not url.startswith(prefijo):
            raise ValueError(f"El PDF solo puede usar archivos estáticos propios, no {url}.")
        nombre = url.removeprefix(prefijo).split("?")[0]
        if ".." in nombre.split("/"):
            raise ValueError(f"Ruta de archivo estático no permitida: {nombre}.")
        ruta = finders.find(nombre)
        if ruta:
            with open(ruta, "rb") as archivo:
                contenido = archivo.read()
        else:
            with staticfiles_storage.open(nombre) as archivo:  # tras collectstatic (nombres con hash)
                contenido = archivo.read()
        tipo = "text/css" if nombre.endswith(".css") else "application/octet-stream"
        return URLFetcherResponse(url, contenido, {"Content-Type": tipo})


def pdf_del_reporte(datos: DatosReporte) -> bytes:
    """El PDF del documento. En un plan grande resume por componente las actividades (más de
    ACTIVIDADES_EN_EL_PDF) y las filas retrasadas (más de RETRASADAS_EN_EL_PDF): miles de filas hacían un
    PDF de decenas de páginas que nadie lee y que tardaba 40 s (issue 16); las listas completas están en
    el Excel del reporte."""
    contexto = contexto_documento(datos)
    if total_de_actividades(datos.cifras) > ACTIVIDADES_EN_EL_PDF:
        contexto["actividades_por_componente"] = actividades_por_componente(datos.cifras)
    if len(datos.cifras.retrasadas) > RETRASADAS_EN_EL_PDF:
        contexto["retrasadas_por_componente"] = retrasadas_por_componente(datos.cifras)
    html = render_to_string("cronograma/reportes/pdf.html", contexto)
    # PDF/UA-1: PDF etiquetado (estructura de títulos, tablas y párrafos para lectores de pantalla),
    # con idioma y título en los metadatos.
    return HTML(string=html, base_url=BASE_PDF, url_fetcher=SoloEstaticos()).write_pdf(pdf_variant="pdf/ua-1")


# --- Excel -------------------------------------------------------------------------------------

ENCABEZADO = Font(bold=True)
FONDO_ENCABEZADO = PatternFill("solid", fgColor="EEF2F7")
AJUSTE = Alignment(wrap_text=True, vertical="top")
COLUMNAS_CIFRAS = ("Programado (%)", "Ejecutado (%)", "Estado", "Semáforo")
FORMATO_PORCENTAJE = formato.FORMATO_PORCENTAJE  # el mismo del Anexo: números de 0 a 100 que se ven «45,5 %»


class Tabla:
    """Escribe una pestaña fila por fila (lleva la cuenta: `max_row` recorre todas las celdas)."""

    def __init__(self, pestana):
        self.pestana = pestana
        self.fila = 0

    def agregar(self, valores) -> None:
        self.fila += 1
        for columna, valor in enumerate(valores, start=1):
            celda = poner(self.pestana, self.fila, columna, valor)  # un "=…" de un comentario no es fórmula
            if isinstance(valor, (Decimal, float)):
                celda.number_format = FORMATO_PORCENTAJE  # 88,9 se ve «88,9 %» y sigue siendo un número
            celda.alignment = AJUSTE

    def encabezado(self, titulos, anchos, *, fijar: bool = True) -> None:
        self.agregar(titulos)
        for columna, ancho in enumerate(anchos, start=1):
            celda = self.pestana.cell(row=self.fila, column=columna)
            celda.font, celda.fill = ENCABEZADO, FONDO_ENCABEZADO
            self.pestana.column_dimensions[get_column_letter(columna)].width = ancho
        if fijar:
            self.pestana.freeze_panes = self.pestana.cell(row=self.fila + 1, column=1)

    def filtrar(self) -> None:
        """Filtros en el encabezado (la primera fila): el PDF de un plan grande remite a estas listas completas
        y quien las lee busca, p. ej., las retrasadas de un componente."""
        self.pestana.auto_filter.ref = self.pestana.dimensions


def _cifras(c) -> tuple:
    return (c.programado, c.ejecutado, c.estado, TEXTO_SEMAFORO[c.semaforo])


def libro_del_reporte(datos: DatosReporte) -> bytes:
    """Un libro con las tablas del reporte; porcentajes como números 0–100 con "(%)" en el encabezado."""
    libro = Workbook()
    _pestana_resumen(libro.active, datos)
    _pestana_actividades(libro.create_sheet("Actividades"), datos)
    _pestana_curva(libro.create_sheet("Curva S"), datos)
    _pestana_retrasadas(libro.create_sheet("Retrasadas"), datos)
    _pestana_textos(libro.create_sheet("Textos"), datos)
    _pestana_compromisos(libro.create_sheet("Compromisos"), datos)  # issue 23
    salida = BytesIO()
    libro.save(salida)
    return salida.getvalue()


def _pestana_resumen(pestana, datos: DatosReporte) -> None:
    pestana.title = "Resumen"
    tabla, ident, reporte = Tabla(pestana), datos.identificacion, datos.reporte
    cabecera = datos.cifras.cabecera
    for etiqueta, valor in (
        ("Reporte semestral de avance", cabecera.nombre_del_anio), ("Entidad", cabecera.entidad or ident.entidad),
        ("Objetivo", ident.objetivo), ("Oficina", cabecera.oficina),
        ("Servicio", ident.servicio), ("Alcance", ident.alcance), ("Versión", ident.version),
        ("Periodo", ident.periodo), ("Mes de corte", ident.corte), ("Estado", reporte.get_estado_display()),
        ("Fecha de aprobación", reporte.fecha_aprobacion.strftime("%d/%m/%Y") if reporte.fecha_aprobacion else ""),
        ("Firma", reporte.firmante_nombre), ("Cargo", reporte.firmante_cargo),
        ("Oficio de remisión", reporte.numero_oficio),
        ("Fecha de remisión", reporte.fecha_remision.strftime("%d/%m/%Y") if reporte.fecha_remision else ""),
        ("", ""),
    ):
        tabla.agregar((etiqueta, valor))
    tabla.encabezado(("N°", "Componente", *COLUMNAS_CIFRAS), (18, 60, 16, 16, 16, 28), fijar=False)
    for componente in datos.cifras.componentes:
        tabla.agregar((componente.codigo, componente.nombre, *_cifras(componente.cifras)))
    tabla.agregar(("", "Total del plan", *_cifras(datos.cifras.plan)))


def _pestana_actividades(pestana, datos: DatosReporte) -> None:
    tabla = Tabla(pestana)
    tabla.encabezado(("Código", "Actividad", "Responsables", *COLUMNAS_CIFRAS), (10, 60, 24, 16, 16, 16, 28))
    for componente in datos.cifras.componentes:
        for actividad in componente.actividades:
            tabla.agregar((actividad.codigo, actividad.nombre, actividad.siglas, *_cifras(actividad.cifras)))
    tabla.filtrar()


def _pestana_curva(pestana, datos: DatosReporte) -> None:
    tabla = Tabla(pestana)
    tabla.encabezado(("Mes", "Programado (%)", "Ejecutado (%)"), (12, 16, 16))
    for punto in datos.cifras.curva:
        tabla.agregar((clave_mes(punto.mes), punto.programado, punto.ejecutado))


def _pestana_retrasadas(pestana, datos: DatosReporte) -> None:
    tabla = Tabla(pestana)
    tabla.encabezado(
        ("Código", "Fila", "Responsables", "Programado (%)", "Ejecutado (%)", "Último comentario", "Mes"),
        (10, 50, 24, 16, 16, 60, 16),
    )
    for retrasada in datos.cifras.retrasadas:
        fila = retrasada.fila
        tabla.agregar((fila.codigo, fila.nombre, fila.siglas, fila.cifras.programado, fila.cifras.ejecutado,
                       retrasada.comentario, retrasada.nombre_mes_comentario))
    tabla.filtrar()


def _pestana_textos(pestana, datos: DatosReporte) -> None:
    tabla = Tabla(pestana)
    tabla.encabezado(("N°", "Componente", "Logros", "Dificultades", "Medidas correctivas"), (6, 40, 50, 50, 50))
    for seccion in datos.secciones:
        tabla.agregar((seccion.componente.codigo, seccion.componente.nombre,
                       *(_texto_o_motivo(apartado) for apartado in seccion.textos.apartados)))


def _pestana_compromisos(pestana, datos: DatosReporte) -> None:
    """Los compromisos abiertos al empezar el periodo y qué pasó con cada uno (cronograma.seguimiento)."""
    tabla = Tabla(pestana)
    if datos.cifras.observadas_abiertas is not None:
        tabla.agregar(("Registros observados aún abiertos", datos.cifras.observadas_abiertas))
        tabla.agregar(("", ""))
    tabla.encabezado(("N°", "Compromiso", "Unidades", "Mes límite", "Al inicio del periodo", "Al cierre del periodo",
                      "Desde"), (6, 60, 24, 16, 18, 18, 14), fijar=False)
    for c in datos.cifras.compromisos:
        tabla.agregar((str(c.numero), c.texto, c.siglas, c.nombre_mes_limite, c.estado_al_inicio, c.estado_al_cierre,
                       c.fecha_estado.strftime("%d/%m/%Y") if c.fecha_estado else ""))


def _texto_o_motivo(apartado) -> str:
    if apartado.texto or not apartado.motivo_sin_informacion:
        return apartado.texto
    return f"Sin información: {apartado.motivo_sin_informacion}"
