"""La forma del libro del Anexo N° 2: rótulos y convenciones que comparten la exportación y la lectura.

Convención de porcentajes: números de 0 a 100 (45,5 es 45,5 %), con formato `0.0" %"` (el «%» es un
texto del formato: la celda guarda el número 45,5 y se ve «45,5 %»); los rótulos lo dicen ("% AVANCE"). Al leer, una celda con formato de porcentaje de Excel (0.0%) guarda una
fracción (0,455) y se multiplica por 100: así también se leen libros llenados a mano en Excel.
"""

import re
import unicodedata

TITULO = "ANEXO N° 2. CRONOGRAMA DE ACTIVIDADES"
NOMBRE_PESTANA = "Anexo N° 2"  # la pestaña del libro (una "hoja" es una fila hoja del plan)

# Bloque de cabecera: rótulo → campo de Plan, en el orden del documento.
CABECERA = (
    ("ENTIDAD", "entidad"),
    ("SERVICIO", "servicio"),
    ("OBJETIVO DEL ANEXO", "objetivo"),
    ("CARÁCTER", "caracter"),
    ("ALCANCE", "alcance"),
    ("VERSIÓN", "version"),
    ("FECHA", "fecha"),
    ("FRECUENCIA DE LA MEDICIÓN", "frecuencia"),
)
ROTULO_CORTE = "MES DE CORTE"
ROTULO_CIFRAS = "CIFRAS"
TEXTO_CIFRAS = "% de avance acumulado, de 0 a 100; las celdas sombreadas son los meses programados."
ROTULO_AVISO = "AVISO"

COL_CODIGO = "Nº"
COL_NOMBRE = "ACTIVIDADES POR COMPONENTE"
COL_RESPONSABLE = "RESPONSABLE"
COL_AVANCE = "% AVANCE"

SEPARADOR_SIGLAS = " / "
FORMATO_PORCENTAJE = '0.0" %"'  # un número de 0 a 100 que se ve «45,5 %» (no una fracción)

# "Setiembre" es la forma usual en el Perú; "Septiembre", la de la RAE: se aceptan ambas.
MESES_POR_NOMBRE = {
    "ENERO": 1, "FEBRERO": 2, "MARZO": 3, "ABRIL": 4, "MAYO": 5, "JUNIO": 6, "JULIO": 7, "AGOSTO": 8,
    "SEPTIEMBRE": 9, "SETIEMBRE": 9, "OCTUBRE": 10, "NOVIEMBRE": 11, "DICIEMBRE": 12,
}

_COMPONENTE = re.compile(r"^COMPONENTE\s+(\S+?)\s*[:.\-–—]\s*(.*)$", re.IGNORECASE | re.DOTALL)
_CODIGO_AL_INICIO = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+(.+)$", re.DOTALL)


def normalizar(texto) -> str:
    """Para comparar rótulos: mayúsculas, sin tildes, espacios simples ("Nº" y "N°" quedan "NO")."""
    texto = unicodedata.normalize("NFKD", str(texto or ""))
    texto = "".join(c for c in texto if not unicodedata.combining(c)).replace("°", "O").replace("º", "O")
    return " ".join(texto.upper().split())


def limpiar(texto) -> str:
    """Un nombre tal como se guarda: sin saltos de línea ni espacios dobles."""
    return " ".join(str(texto or "").split())


def partir_componente(texto: str) -> tuple[str, str] | None:
    """ "Componente 3: Fortalecer el servicio" → ("3", "Fortalecer el servicio"); si no lo es, None."""
    encontrado = _COMPONENTE.match(limpiar(texto))
    return (encontrado.group(1), encontrado.group(2).strip()) if encontrado else None


def partir_codigo(texto: str) -> tuple[str, str] | None:
    """ "1.1.1 Determinar…" → ("1.1.1", "Determinar…"): el código escrito como prefijo del nombre."""
    encontrado = _CODIGO_AL_INICIO.match(limpiar(texto))
    return (encontrado.group(1), encontrado.group(2).strip()) if encontrado else None
