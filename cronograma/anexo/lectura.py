"""Lectura de un libro del Anexo N° 2: del archivo subido a filas leídas, sin tocar la base.

Primero se revisa el contenedor (tamaño, que sea un .xlsx y no un zip que se infla, ni un archivo
cifrado); luego se ubica la tabla por sus rótulos —no por un número de fila fijo— y se leen sus filas:
código (en Nº o al inicio del nombre), nombre, unidades separadas por "/", meses sombreados y % AVANCE.
Los valores de las celdas de mes no se importan (ver README): el libro mensual se registra en la grilla
o se carga en el admin.

Se abre con read_only=True y data_only=False: así una fórmula se ve como fórmula (y se rechaza), los
rellenos se leen igual, y el libro no se carga entero en memoria. defusedxml está instalado, de modo
que openpyxl analiza el XML de forma segura.
"""

import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from openpyxl.reader.excel import ExcelReader
from openpyxl.cell.read_only import ReadOnlyCell
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.worksheet._reader import FORMULA_TAG, INLINE_STRING, WorkSheetParser
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.utils import column_index_from_string, get_column_letter

from calidad.archivos import ErrorDeArchivo, leer_archivo_comun
from componentes.codigos import descomponer
from componentes.meses import NOMBRES_MES, MesInvalido, leer_mes
from cronograma.anexo import formato
from cronograma.avance import CIEN, en_rango, redondear

# Suma de los tamaños descomprimidos: el Anexo real pesa < 1 MB y uno de 7.000 filas × 24 meses, unos
# pocos MB. Acota también el trabajo del analizador XML, que recorre todo lo que haya.
MAX_DESCOMPRIMIDO_MB = 40
FILAS_DONDE_BUSCAR_ENCABEZADO = 60
# El costo de leer se acota por lo que el libro realmente trae, no por su celda más lejana ni por la
# dimensión que declara: se leen solo las celdas presentes (nunca se rellenan filas ni columnas vacías),
# hasta la columna MAX_COLUMNA, y se cuentan las filas y celdas del XML que se recorren (en todas las
# pestañas juntas). Una pestaña sin la tabla se abandona al pasar la fila FILAS_DONDE_BUSCAR_ENCABEZADO: las
# pestañas señuelo cuestan unas pocas filas cada una. Un Anexo de 7.000 filas usa ~7.000 filas y
# ~250.000 celdas.
MAX_COLUMNA = 512
MAX_FILAS_XML = 50_000
MAX_CELDAS_XML = 250_000
MAX_PESTANAS = 100
# Celdas que se recorren buscando el encabezado en las primeras filas de cada pestaña, en todas las pestañas
# juntas: las pestañas señuelo no pueden gastar más que esto (el Anexo real usa unas 2.000).
MAX_CELDAS_BUSQUEDA = 50_000
MAX_ERRORES = 200
NIVELES = {1: "componente", 2: "actividad", 3: "subactividad"}

_MAGIA_ZIP = b"PK\x03\x04"
_MAGIA_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Un .xlsx protegido con contraseña es un contenedor OLE con un flujo "EncryptionInfo".
_FLUJO_CIFRADO = "EncryptionInfo".encode("utf-16-le")
_ABREVIATURAS = {nombre[:3]: numero for nombre, numero in formato.MESES_POR_NOMBRE.items()}
_SIN_COMILLAS = re.compile(r'"[^"]*"|\\.')


@dataclass(frozen=True)
class ErrorAnexo:
    """Un problema del libro, con la pestaña, fila y columna donde está (las que se conozcan)."""

    mensaje: str
    nombre_pestana: str = ""
    fila: int | None = None
    columna: int | None = None
    rotulo: str = ""

    @property
    def lugar(self) -> str:
        partes = []
        if self.nombre_pestana:
            partes.append(f"Hoja «{self.nombre_pestana}»")
        if self.fila:
            partes.append(f"fila {self.fila}")
        if self.columna:
            letra = get_column_letter(self.columna)
            partes.append(f"columna {letra} ({self.rotulo})" if self.rotulo else f"columna {letra}")
        return ", ".join(partes)

    def __str__(self):
        return f"{self.lugar}: {self.mensaje}" if self.lugar else self.mensaje


class LibroInvalido(Exception):
    """El archivo no se puede leer como libro del Anexo N° 2."""

    def __init__(self, error: ErrorAnexo):
        self.error = error
        super().__init__(str(error))


@dataclass
class FilaLeida:
    fila: int
    codigo: str
    nombre: str
    siglas: tuple[str, ...] = ()
    meses: frozenset[date] = frozenset()
    avance: Decimal | None = None
    es_hoja: bool = False

    @property
    def nivel(self) -> str:
        return NIVELES[self.codigo.count(".") + 1]

    @property
    def codigo_padre(self) -> str | None:
        return self.codigo.rpartition(".")[0] or None


@dataclass
class LibroLeido:
    nombre_pestana: str
    cabecera: dict[str, str] = field(default_factory=dict)
    meses: dict[int, date] = field(default_factory=dict)  # columna → mes
    columnas: dict[str, int] = field(default_factory=dict)  # "codigo", "nombre", "responsable", "avance"
    filas: list[FilaLeida] = field(default_factory=list)
    errores: list[ErrorAnexo] = field(default_factory=list)
    corte: date | None = None
    fila_encabezado: int = 0

    def error(self, mensaje: str, *, fila: int | None = None, columna: int | None = None) -> None:
        if len(self.errores) < MAX_ERRORES:
            self.errores.append(ErrorAnexo(mensaje, self.nombre_pestana, fila, columna, self.rotulo(columna)))

    def rotulo(self, columna: int | None) -> str:
        nombres = {v: k for k, v in self.columnas.items()}
        etiquetas = {"codigo": formato.COL_CODIGO, "nombre": formato.COL_NOMBRE,
                     "responsable": formato.COL_RESPONSABLE, "avance": formato.COL_AVANCE}
        if columna in self.meses:
            mes = self.meses[columna]
            return f"{NOMBRES_MES[mes.month - 1]} {mes.year}"
        return etiquetas.get(nombres.get(columna), "")

    @property
    def tiene_avance(self) -> bool:
        return "avance" in self.columnas


# --- El contenedor -------------------------------------------------------------------------------

def limite_bytes() -> int:
    return settings.CALIDAD_MAX_ARCHIVO_MB * 1024 * 1024


def contenido_de(archivo) -> bytes:
    """Los bytes del archivo (ruta, bytes o archivo abierto), sin leer más allá del límite."""
    limite = limite_bytes()
    if isinstance(archivo, (bytes, bytearray)):
        datos = bytes(archivo)
    elif isinstance(archivo, (str, Path)):
        # Solo un archivo común, mirando el tamaño antes de leer y leyendo con tope: /dev/zero no crece
        # sin fin ni una tubería FIFO cuelga la lectura (calidad.archivos).
        try:
            datos = leer_archivo_comun(archivo, maximo=limite)
        except ErrorDeArchivo as error:
            raise LibroInvalido(ErrorAnexo(str(error))) from None
    else:
        if getattr(archivo, "size", None) and archivo.size > limite:
            raise LibroInvalido(_demasiado_grande())
        if hasattr(archivo, "seek"):
            archivo.seek(0)
        datos = archivo.read(limite + 1)
    if len(datos) > limite:
        raise LibroInvalido(_demasiado_grande())
    return datos


def _demasiado_grande() -> ErrorAnexo:
    return ErrorAnexo(f"El archivo supera el tamaño máximo de {settings.CALIDAD_MAX_ARCHIVO_MB} MB.")


def comprobar_contenedor(datos: bytes) -> None:
    """Rechaza lo que no es un .xlsx sano antes de que openpyxl lo abra."""
    if datos.startswith(_MAGIA_OLE):
        if _FLUJO_CIFRADO in datos:
            raise LibroInvalido(ErrorAnexo(
                "El libro está protegido con contraseña. Ábralo en Excel, quite la contraseña "
                "(Archivo › Información › Proteger libro) y vuelva a subirlo."))
        raise LibroInvalido(ErrorAnexo(
            "El archivo es un libro de Excel antiguo (.xls). Guárdelo como «Libro de Excel (.xlsx)» y súbalo de nuevo."))
    if not datos.startswith(_MAGIA_ZIP):
        raise LibroInvalido(ErrorAnexo("El archivo no es un libro de Excel (.xlsx)."))
    try:
        with zipfile.ZipFile(BytesIO(datos)) as contenedor:
            entradas = contenedor.infolist()
    except (zipfile.BadZipFile, EOFError, ValueError):
        raise LibroInvalido(ErrorAnexo("El libro está dañado o incompleto (¿se cortó la descarga?): no se puede abrir.")) from None
    descomprimido = sum(entrada.file_size for entrada in entradas)
    if descomprimido > MAX_DESCOMPRIMIDO_MB * 1024 * 1024:
        raise LibroInvalido(ErrorAnexo(
            f"El libro ocupa más de {MAX_DESCOMPRIMIDO_MB} MB al descomprimirse: no se procesa por seguridad."))
    if "xl/workbook.xml" not in {entrada.filename for entrada in entradas}:
        raise LibroInvalido(ErrorAnexo("El archivo es un .zip pero no un libro de Excel (.xlsx)."))


def leer_libro(archivo) -> LibroLeido:
    """Lee la primera pestaña que tenga la tabla del Anexo. Un archivo ilegible lanza LibroInvalido."""
    datos = contenido_de(archivo)
    comprobar_contenedor(datos)
    try:
        libro = _abrir_libro(datos)
    except Exception:  # openpyxl lanza de todo ante un XML roto: para el usuario es el mismo problema
        raise LibroInvalido(ErrorAnexo("El libro está dañado: Excel o LibreOffice pueden repararlo; guárdelo de nuevo y vuelva a subirlo.")) from None
    try:
        nombres = libro.sheetnames
        presupuesto = Presupuesto()
        for nombre in nombres[:MAX_PESTANAS]:
            encontrada = _pestana_con_tabla(libro[nombre], presupuesto)
            if encontrada is not None:
                return _leer_tabla(nombre, *encontrada)
    except LibroInvalido:
        raise
    except Exception:
        raise LibroInvalido(ErrorAnexo("El libro está dañado: no se pudo leer su contenido.")) from None
    finally:
        libro.close()
    raise LibroInvalido(ErrorAnexo(
        f"No se encontró la fila de encabezado de la tabla ({formato.COL_CODIGO} | {formato.COL_NOMBRE} | "
        f"{formato.COL_RESPONSABLE} | meses | {formato.COL_AVANCE}) en ninguna hoja.", nombre_pestana=nombres[0] if nombres else ""))


# --- Las filas presentes ------------------------------------------------------------------------

class FilaDispersa:
    """Las celdas presentes de una fila, por columna (las ausentes no ocupan nada)."""

    __slots__ = ("celdas",)

    def __init__(self, celdas=()):
        self.celdas = {celda.column: celda for celda in celdas}

    def __iter__(self):
        return iter(self.celdas.values())

    def en(self, columna: int | None):
        return self.celdas.get(columna) if columna else None


FILA_VACIA = FilaDispersa()


class PestanaDispersa:
    """Las filas presentes de una pestaña; `pestana[i]` es la fila i (desde 0), vacía si el libro no la trae."""

    def __init__(self, filas: dict[int, FilaDispersa]):
        self.filas = filas  # número de fila (desde 1) → fila

    def __getitem__(self, indice: int) -> FilaDispersa:
        return self.filas.get(indice + 1, FILA_VACIA)

    def __len__(self) -> int:
        return max(self.filas, default=0)

    def desde(self, indice: int):
        """(número de fila, fila) de las filas presentes desde el índice `indice` (desde 0), en orden."""
        return ((numero, self.filas[numero]) for numero in sorted(self.filas) if numero > indice)


class Presupuesto:
    """Cuántas filas y celdas del XML se recorrieron, en todas las pestañas: pasado el tope, el libro se rechaza."""

    def __init__(self):
        self.filas = self.celdas = self.celdas_busqueda = 0
        self.buscando = True  # aún en las primeras filas de una pestaña, buscando el encabezado

    def gastar(self, celdas: int) -> None:
        self.filas += 1
        self.celdas += celdas
        self.celdas_busqueda += celdas if self.buscando else 0
        if self.celdas_busqueda > MAX_CELDAS_BUSQUEDA:
            raise LibroInvalido(ErrorAnexo(
                f"Las primeras {FILAS_DONDE_BUSCAR_ENCABEZADO} filas de las hojas suman más de {MAX_CELDAS_BUSQUEDA:,} celdas "
                "sin que aparezca la tabla del Anexo: copie solo la tabla a un libro nuevo y súbalo.".replace(",", ".")))
        if self.filas > MAX_FILAS_XML or self.celdas > MAX_CELDAS_XML:
            raise LibroInvalido(ErrorAnexo(
                f"El libro tiene más de {MAX_FILAS_XML:,} filas o {MAX_CELDAS_XML:,} celdas con datos o formato: "
                "no parece un Anexo N° 2. Copie solo la tabla a un libro nuevo y súbalo.".replace(",", ".")))


class _PestanaSinDimension(ReadOnlyWorksheet):
    """Una pestaña de solo lectura que no busca su dimensión declarada al abrir el libro: openpyxl recorre
    para eso todo el XML de CADA pestaña (si no hay <dimension>, hasta el final de <sheetData>), y las
    pestañas señuelo multiplicaban el costo antes de leer nada. La lectura no usa la dimensión."""

    def _get_size(self):
        self._min_column = self._min_row = self._max_column = self._max_row = None


class _LectorDeLibro(ExcelReader):
    def read_worksheets(self):
        for pestana, relacion in self.parser.find_sheets():
            if relacion.target not in self.valid_files or "chartsheet" in relacion.Type:
                continue
            leida = _PestanaSinDimension(self.wb, pestana.name, relacion.target, self.shared_strings)
            leida.sheet_state = pestana.state
            self.wb._sheets.append(leida)


def _abrir_libro(datos: bytes):
    """Como load_workbook(read_only=True, data_only=False), sin leer las dimensiones de las pestañas."""
    lector = _LectorDeLibro(BytesIO(datos), read_only=True, data_only=False, keep_links=False)
    lector.read()
    return lector.wb


class _LectorAcotado(WorkSheetParser):
    """El lector de pestañas de openpyxl, pero sin analizar las celdas más allá de MAX_COLUMNA (solo se
    cuentan): una fila con 16.384 celdas cuesta lo que sus primeras MAX_COLUMNA."""

    def __init__(self, *args, presupuesto: Presupuesto, **kwargs):
        super().__init__(*args, **kwargs)
        self.presupuesto = presupuesto

    def parse_row(self, row):
        self.presupuesto.gastar(len(row))
        # Como WorkSheetParser.parse_row: el número de fila (atributo r o el siguiente); no se guardan
        # las dimensiones de fila, que la lectura no usa.
        referencia_fila = row.get("r")
        try:
            self.row_counter = int(referencia_fila) if referencia_fila is not None else self.row_counter + 1
        except ValueError:
            raise LibroInvalido(ErrorAnexo(f"El libro está dañado: «{referencia_fila[:20]}» no es un número de fila.")) from None
        self.col_counter = 0
        numero = self.row_counter
        celdas = []
        for elemento in row:
            referencia = elemento.get("r")
            columna = column_index_from_string(_LETRAS.match(referencia)[0]) if referencia and _LETRAS.match(referencia) else self.col_counter + 1
            if columna > MAX_COLUMNA:
                self.col_counter = columna
                continue
            celdas.append(self.parse_cell(elemento))
        return numero, celdas

    def parse_cell(self, elemento):
        """Un texto en línea (t="inlineStr") se lee sin construir objetos de texto enriquecido de openpyxl
        (el mismo contenido: el texto simple y el de cada tramo, sin la fonética), que costaban varias
        veces lo que la celda misma; todo lo demás, como openpyxl."""
        if elemento.get("t") != "inlineStr" or elemento.find(FORMULA_TAG) is not None:
            return super().parse_cell(elemento)
        referencia = elemento.get("r")
        if referencia:
            fila, columna = coordinate_to_tuple(referencia)
            self.col_counter = columna
        else:
            self.col_counter += 1
            fila, columna = self.row_counter, self.col_counter
        estilo = int(elemento.get("s", 0) or 0)
        texto = elemento.find(INLINE_STRING)
        if texto is None:
            return {"row": fila, "column": columna, "value": None, "data_type": "inlineStr", "style_id": estilo}
        valor = "".join([texto.findtext(_T) or ""] + [tramo.findtext(_T) or "" for tramo in texto.iterfind(_R)])
        return {"row": fila, "column": columna, "value": valor, "data_type": "s", "style_id": estilo}


_T, _R = f"{{{SHEET_MAIN_NS}}}t", f"{{{SHEET_MAIN_NS}}}r"
_LETRAS = re.compile(r"[A-Z]{1,3}")


def _pestana_con_tabla(pestana, presupuesto: Presupuesto) -> tuple[PestanaDispersa, int] | None:
    """Las filas que el XML de la pestaña trae de verdad y el índice de su encabezado, o None si la pestaña no
    tiene la tabla en sus primeras FILAS_DONDE_BUSCAR_ENCABEZADO filas (se deja de leer ahí).

    No usa iter_rows(): esa rellena cada fila hasta la columna más lejana y cada hueco hasta la última
    fila, y una sola celda en XFD o en la fila 1.048.576 costaba cientos de MB o segundos por pestaña. Aquí
    solo existen las celdas presentes con valor o formato, hasta MAX_COLUMNA, y una sola pasada por pestaña.
    """
    libro = pestana.parent
    filas: dict[int, FilaDispersa] = {}
    encabezado = None
    presupuesto.buscando = True
    with pestana._get_source() as fuente:
        lector = _LectorAcotado(fuente, pestana._shared_strings, data_only=libro.data_only, epoch=libro.epoch,
                                date_formats=libro._date_formats, timedelta_formats=libro._timedelta_formats,
                                presupuesto=presupuesto)
        for numero, celdas in lector.parse():
            if encabezado is None and numero > FILAS_DONDE_BUSCAR_ENCABEZADO:
                encabezado = _buscar_encabezado(PestanaDispersa(filas))
                if encabezado is None:
                    return None  # una pestaña sin la tabla: no se lee más
                presupuesto.buscando = False
            utiles = [ReadOnlyCell(pestana, **celda) for celda in celdas if celda["value"] is not None or celda["style_id"]]
            if utiles:
                filas[numero] = FilaDispersa(utiles)
    leida = PestanaDispersa(filas)
    if encabezado is None:
        encabezado = _buscar_encabezado(leida)
    return None if encabezado is None else (leida, encabezado)


# --- La tabla ------------------------------------------------------------------------------------

def _valor(fila: FilaDispersa, columna: int | None):
    return fila.en(columna)


def _texto(celda) -> str:
    valor = getattr(celda, "value", None)
    return "" if valor is None else formato.limpiar(valor)


def _buscar_encabezado(filas: PestanaDispersa) -> int | None:
    """El índice (desde 0) de la fila con los rótulos ACTIVIDADES… y RESPONSABLE."""
    for indice in range(min(len(filas), FILAS_DONDE_BUSCAR_ENCABEZADO)):
        fila = filas[indice]
        rotulos = {formato.normalizar(getattr(c, "value", "")) for c in fila}
        if any(r.startswith("ACTIVIDADES") for r in rotulos) and rotulos & {"RESPONSABLE", "RESPONSABLES"}:
            return indice
    return None


def _columnas(fila: FilaDispersa) -> dict[str, int]:
    columnas = {}
    for celda in fila:
        rotulo = formato.normalizar(getattr(celda, "value", ""))
        if not rotulo:
            continue
        if rotulo in {"NO", "N", "NO.", "NRO", "NRO.", "NUMERO", "COD", "CODIGO", "ITEM"}:
            columnas.setdefault("codigo", celda.column)
        elif rotulo.startswith("ACTIVIDADES"):
            columnas.setdefault("nombre", celda.column)
        elif rotulo in {"RESPONSABLE", "RESPONSABLES"}:
            columnas.setdefault("responsable", celda.column)
        elif "AVANCE" in rotulo:
            columnas.setdefault("avance", celda.column)
    return columnas


def _numero_de_mes(celda) -> int | None:
    valor = getattr(celda, "value", None)
    if isinstance(valor, (datetime, date)):
        return valor.month
    rotulo = formato.normalizar(valor).rstrip(".")
    return formato.MESES_POR_NOMBRE.get(rotulo) or _ABREVIATURAS.get(rotulo if len(rotulo) == 3 else "")


def _anio(celda) -> int | None:
    valor = getattr(celda, "value", None)
    if isinstance(valor, (datetime, date)):
        return valor.year
    if isinstance(valor, (int, float)) and float(valor).is_integer() and 1900 < valor < 2200:
        return int(valor)
    texto = formato.limpiar(valor)
    return int(texto) if texto.isascii() and texto.isdigit() and len(texto) == 4 and 1900 < int(texto) < 2200 else None


def _leer_meses(libro: LibroLeido, filas: PestanaDispersa, indice: int) -> int:
    """Ubica las columnas de mes (en la fila de rótulos o en la siguiente) y su año (en la fila de arriba).

    Devuelve el índice de la fila de meses. El año de una celda combinada solo está en su primera
    columna: se arrastra hacia la derecha.
    """
    indice_meses = indice
    if not any(_numero_de_mes(c) for c in filas[indice]) and indice + 1 < len(filas):
        indice_meses = indice + 1
    anios = filas[indice_meses - 1] if indice_meses > 0 else ()
    anio_vigente = None
    por_columna = {c.column: c for c in anios if hasattr(c, "column")}
    for celda in filas[indice_meses]:
        numero = _numero_de_mes(celda)
        if not numero:
            continue
        for columna in range(1, celda.column + 1):
            anio = _anio(por_columna.get(columna))
            if anio:
                anio_vigente = anio
        valor = celda.value
        anio = valor.year if isinstance(valor, (datetime, date)) else anio_vigente
        if anio is None:
            libro.error(f"Falta el año sobre el mes «{formato.limpiar(valor)}»: escríbalo en la fila de arriba.",
                        fila=indice_meses + 1, columna=celda.column)
            continue
        mes = date(anio, numero, 1)
        if mes in libro.meses.values():
            libro.error(f"El mes {NOMBRES_MES[numero - 1]} {anio} aparece dos veces.", fila=indice_meses + 1, columna=celda.column)
            continue
        libro.meses[celda.column] = mes
    return indice_meses


def _leer_cabecera(libro: LibroLeido, filas: PestanaDispersa, hasta: int) -> None:
    """El bloque de arriba de la tabla: en cada fila, el primer texto es el rótulo y el siguiente su valor."""
    for indice in range(max(hasta, 0)):
        fila = filas[indice]
        celdas = [c for c in fila if getattr(c, "value", None) not in (None, "")]
        if len(celdas) < 2:
            continue
        rotulo = formato.normalizar(celdas[0].value).rstrip(":").strip()
        libro.cabecera[rotulo] = celdas[1].value
        if rotulo == formato.normalizar(formato.ROTULO_CORTE):
            libro.corte = _leer_corte(libro, celdas[1], indice + 1)


def _leer_corte(libro: LibroLeido, celda, fila: int) -> date | None:
    valor = celda.value
    if isinstance(valor, (datetime, date)):
        return date(valor.year, valor.month, 1)
    partes = formato.normalizar(valor).split()
    if (len(partes) == 2 and partes[0] in formato.MESES_POR_NOMBRE and partes[1].isascii() and partes[1].isdigit()
            and len(partes[1]) == 4 and 1900 < int(partes[1]) < 2200):
        return date(int(partes[1]), formato.MESES_POR_NOMBRE[partes[0]], 1)
    try:
        return leer_mes(valor)
    except MesInvalido:
        libro.error(f"«{formato.limpiar(valor)}» no es un mes de corte válido: escriba, por ejemplo, «Marzo 2021».",
                    fila=fila, columna=celda.column)
        return None


def _leer_tabla(nombre_pestana: str, filas: PestanaDispersa, indice: int) -> LibroLeido:
    libro = LibroLeido(nombre_pestana=nombre_pestana, fila_encabezado=indice + 1)
    libro.columnas = _columnas(filas[indice])
    if "nombre" not in libro.columnas or "responsable" not in libro.columnas:
        libro.error("Falta la columna ACTIVIDADES POR COMPONENTE o RESPONSABLE.", fila=indice + 1)
        return libro
    indice_meses = _leer_meses(libro, filas, indice)
    if not libro.meses and not libro.errores:
        libro.error("No se encontraron las columnas de los meses (Enero, Febrero, …) en el encabezado.", fila=indice + 1)
    _leer_cabecera(libro, filas, min(indice, indice_meses - 1))
    vistos: dict[str, int] = {}
    for numero, fila in filas.desde(max(indice, indice_meses) + 1):
        leida = _leer_fila(libro, fila, numero)
        if leida is None:
            continue
        if leida.codigo in vistos:
            libro.error(f"El código {leida.codigo} está repetido: ya aparece en la fila {vistos[leida.codigo]}.",
                        fila=numero, columna=libro.columnas.get("codigo") or libro.columnas["nombre"])
            continue
        padre = leida.codigo_padre
        if padre and padre not in vistos:
            libro.error(f"La fila {leida.codigo} no tiene su fila superior {padre} antes que ella en el libro.",
                        fila=numero, columna=libro.columnas.get("codigo") or libro.columnas["nombre"])
            continue
        vistos[leida.codigo] = numero
        libro.filas.append(leida)
    _marcar_hojas(libro.filas)
    return libro


def _marcar_hojas(filas: list[FilaLeida]) -> None:
    """Una subactividad es hoja; una actividad lo es si no tiene subactividades en el libro."""
    con_hijas = {fila.codigo_padre for fila in filas if fila.nivel == "subactividad"}
    for fila in filas:
        fila.es_hoja = fila.nivel == "subactividad" or (fila.nivel == "actividad" and fila.codigo not in con_hijas)


def _leer_fila(libro: LibroLeido, fila: FilaDispersa, numero: int) -> FilaLeida | None:
    columnas = libro.columnas
    celda_codigo = _valor(fila, columnas.get("codigo"))
    celda_nombre = _valor(fila, columnas["nombre"])
    for celda in (celda_codigo, celda_nombre, _valor(fila, columnas["responsable"])):
        if getattr(celda, "data_type", None) == "f":
            libro.error("La celda tiene una fórmula: escriba el texto.", fila=numero, columna=celda.column)
            return None
    codigo, nombre, columna_codigo = _codigo_y_nombre(libro, celda_codigo, celda_nombre, numero)
    meses = frozenset(mes for columna, mes in libro.meses.items() if _sombreada(_valor(fila, columna)))
    siglas = tuple(s for s in (formato.limpiar(x).upper() for x in _texto(_valor(fila, columnas["responsable"])).split("/")) if s)
    avance = _leer_avance(libro, _valor(fila, columnas.get("avance")), numero)
    if codigo is None:
        if siglas or meses or avance is not None:
            libro.error("La fila no tiene código: escríbalo en la columna Nº o al inicio del nombre (p. ej. «1.1.1 …»).",
                        fila=numero, columna=columnas.get("codigo") or columnas["nombre"])
        return None  # un texto suelto (una nota al pie) se deja pasar
    try:
        numeros = descomponer(codigo)
    except ValidationError as error:
        libro.error(error.messages[0], fila=numero, columna=columna_codigo)
        return None
    if len(numeros) > 3:
        libro.error(f"«{codigo}» tiene más de tres niveles: se espera componente, actividad o subactividad (p. ej. 3.10.2).",
                    fila=numero, columna=columna_codigo)
        return None
    if not nombre:
        libro.error(f"La fila {codigo} no tiene nombre.", fila=numero, columna=columnas["nombre"])
        return None
    return FilaLeida(fila=numero, codigo=".".join(map(str, numeros)), nombre=nombre, siglas=siglas, meses=meses, avance=avance)


def _codigo_y_nombre(libro: LibroLeido, celda_codigo, celda_nombre, numero: int):
    """El código (de Nº, o del inicio del nombre) y el nombre sin él; (None, …) si la fila no tiene."""
    nombre = _texto(celda_nombre)
    columna_nombre = libro.columnas["nombre"]
    componente = formato.partir_componente(nombre)
    valor = getattr(celda_codigo, "value", None)
    if isinstance(valor, float) and not valor.is_integer():
        libro.error(f"El código {valor} está guardado como número y es ambiguo (¿{valor} o {valor}0?): "
                    "escríbalo como texto.", fila=numero, columna=celda_codigo.column)
        return None, nombre, None
    codigo = str(int(valor)) if isinstance(valor, (int, float)) else formato.limpiar(valor)
    if codigo:
        if componente and componente[0] == codigo:
            return codigo, componente[1], celda_codigo.column
        prefijo = formato.partir_codigo(nombre)
        if prefijo and prefijo[0] == codigo:
            nombre = prefijo[1]
        return codigo, nombre, celda_codigo.column
    if componente:
        return componente[0], componente[1], columna_nombre
    prefijo = formato.partir_codigo(nombre)
    if prefijo:
        return prefijo[0], prefijo[1], columna_nombre
    return None, nombre, None


def _sombreada(celda) -> bool:
    """¿La celda tiene un relleno de color (no blanco)? Es un mes programado."""
    relleno = getattr(celda, "fill", None)
    if relleno is None or relleno.fill_type in (None, "none", "gray125"):
        return False
    color = relleno.fgColor
    if color is None:
        return True
    if color.type == "rgb" and isinstance(color.rgb, str):
        return color.rgb[-6:].upper() != "FFFFFF"
    if color.type == "theme":
        return not (color.theme == 0 and not color.tint)  # el tema 0 es el blanco del fondo
    if color.type == "indexed":
        return color.indexed not in (1, 9)  # blancos de la paleta antigua
    return True


def _leer_avance(libro: LibroLeido, celda, numero: int) -> Decimal | None:
    """El % AVANCE: un número de 0 a 100 (o una fracción con formato de porcentaje de Excel)."""
    valor = getattr(celda, "value", None)
    if valor is None or (isinstance(valor, str) and not valor.strip()):
        return None
    columna = celda.column
    if celda.data_type == "f":
        libro.error("El % tiene una fórmula: escriba el número (copie y pegue solo los valores).", fila=numero, columna=columna)
        return None
    if isinstance(valor, bool) or not isinstance(valor, (int, float, Decimal)):
        libro.error(f"El % «{formato.limpiar(valor)}» es texto: escriba un número de 0 a 100.", fila=numero, columna=columna)
        return None
    try:
        porcentaje = Decimal(str(valor))
    except InvalidOperation:
        porcentaje = Decimal("NaN")
    if "%" in _SIN_COMILLAS.sub("", celda.number_format or ""):
        porcentaje *= CIEN  # una fracción con formato de porcentaje (0,45 → 45)
    if not en_rango(porcentaje):
        libro.error(f"El % {formato.limpiar(valor)} está fuera de rango: debe estar entre 0 y 100.", fila=numero, columna=columna)
        return None
    return redondear(porcentaje)
