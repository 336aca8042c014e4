"""Un lector por tipo de valor que llega en una petición o en la línea de órdenes (issue 22).

Entero (id, número de versión, año), mes, porcentaje, código de fila y texto libre: cada uno acepta una
sola forma escrita con cifras ASCII, dentro de sus límites, y rechaza todo lo demás con un `ValorInvalido`
cuyo mensaje está en castellano. Nada más lee valores de una petición: `str.isdigit()` acepta «²» y «٣»,
que `int()` rechaza o convierte; `int()` acepta «+1», « 1», «1_0» y cifras de cualquier escritura;
`Decimal()` acepta «1e3», «NaN» y «４５». Aquí ninguno pasa.

Un texto rechazado se muestra recortado (`mostrar`), nunca se usa como formato (`%`, `{}`), como ruta ni
como fórmula de una hoja de cálculo (ver `calidad.hojas`).
"""

import re
import unicodedata
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

ID_MAXIMO = 2**31 - 1  # el mayor id que toda base acepta en una consulta (un entero de 4 bytes)
VERSION_MAXIMA = 9999  # número de versión de un plan
NUMERO_MAXIMO = 9999  # número de un componente, actividad o subactividad (hasta 4 cifras en un código)
ANIO_MINIMO, ANIO_MAXIMO = 1900, 2200  # años que un plan puede tener (los mismos que componentes.meses)
LARGO_MOSTRADO = 40  # lo que se muestra de un texto rechazado en un mensaje

_CIFRAS = re.compile(r"[0-9]+")
_PORCENTAJE = re.compile(r"([0-9]{1,3})(?:[.,]([0-9]))?")
_CODIGO = re.compile(r"[0-9]{1,4}(?:\.[0-9]{1,4}){0,2}")
_MES = re.compile(r"([0-9]{4})-([0-9]{2})")

# Controles que cambian el orden en que se ve un texto (U+202A–U+202E, U+2066–U+2069) o que no se ven
# (U+200B–U+200F, U+FEFF): un sustento «‮fdp.exe» se leería al revés en pantalla y en el PDF.
BIDI_E_INVISIBLES = frozenset("\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff")


class ValorInvalido(ValueError):
    """Un valor de la petición o de la orden que no tiene la forma pedida; el mensaje va en castellano."""


def mostrar(texto, largo: int = LARGO_MOSTRADO) -> str:
    """El texto recortado y sin controles, para citarlo en un mensaje: «…» si era más largo."""
    texto = "" if texto is None else str(texto)
    visible = "".join(c if c.isprintable() and c not in BIDI_E_INVISIBLES else "�" for c in texto[:largo])
    return visible + ("…" if len(texto) > largo else "")


def leer_entero(texto, *, minimo: int = 0, maximo: int = ID_MAXIMO, nombre: str = "número") -> int:
    """Un entero escrito solo con cifras ASCII (sin signo, espacios internos ni «_»), de `minimo` a `maximo`.
    Los espacios alrededor se ignoran. Un int ya leído (argparse, un formulario) pasa por los mismos límites."""
    if isinstance(texto, int) and not isinstance(texto, bool):
        valor = texto
    else:
        limpio = texto.strip() if isinstance(texto, str) else ""
        # Más cifras que las del máximo no caben: se rechazan antes de convertir (int() de 10⁶ cifras tarda).
        if not _CIFRAS.fullmatch(limpio) or len(limpio.lstrip("0")) > len(str(maximo)):
            raise ValorInvalido(f"«{mostrar(texto)}» no es un {nombre} válido: escriba solo cifras (0-9), de {minimo} a {maximo}.")
        valor = int(limpio)
    if not minimo <= valor <= maximo:
        raise ValorInvalido(f"«{mostrar(texto)}» no es un {nombre} válido: debe estar entre {minimo} y {maximo}.")
    return valor


def entero_o_none(texto, **limites) -> int | None:
    """`leer_entero`, o None si el texto no lo es (para filtros que se ignoran diciendo por qué)."""
    try:
        return leer_entero(texto, **limites)
    except ValorInvalido:
        return None


def leer_id(texto, *, nombre: str = "identificador") -> int:
    return leer_entero(texto, minimo=1, maximo=ID_MAXIMO, nombre=nombre)


def leer_numero_de_version(texto) -> int:
    return leer_entero(texto, minimo=1, maximo=VERSION_MAXIMA, nombre="número de versión")


def leer_mes(texto) -> date:
    """"2021-03" → date(2021, 3, 1): cifras ASCII, AAAA-MM, año de 1900 a 2200, mes de 01 a 12."""
    limpio = texto.strip() if isinstance(texto, str) else ""
    forma = _MES.fullmatch(limpio)
    if forma:
        anio, mes = int(forma.group(1)), int(forma.group(2))
        if ANIO_MINIMO <= anio <= ANIO_MAXIMO and 1 <= mes <= 12:
            return date(anio, mes, 1)
    raise ValorInvalido(
        f"«{mostrar(texto)}» no es un mes válido: use el formato AAAA-MM (año de {ANIO_MINIMO} a {ANIO_MAXIMO}, "
        "mes de 01 a 12), por ejemplo 2021-03."
    )


def leer_porcentaje(texto) -> Decimal:
    """Un % de 0 a 100 con cifras ASCII y a lo sumo un decimal tras coma o punto ("45,5", "100")."""
    limpio = texto.strip() if isinstance(texto, str) else ""
    forma = _PORCENTAJE.fullmatch(limpio)
    if not forma:
        if re.fullmatch(r"[0-9]+[.,][0-9]{2,}", limpio):
            raise ValorInvalido("Use como máximo un decimal (por ejemplo 45,5).")
        raise ValorInvalido("Escriba un número entre 0 y 100 con cifras (0-9) y a lo sumo un decimal, por ejemplo 45,5.")
    valor = Decimal(f"{forma.group(1)}.{forma.group(2) or 0}")
    if valor > 100:
        raise ValorInvalido("El avance acumulado debe estar entre 0 y 100 %.")
    return valor


def leer_codigo(texto) -> tuple[int, ...]:
    """ "3.10.2" → (3, 10, 2): de uno a tres números ASCII de hasta 4 cifras, desde 1, separados por puntos."""
    limpio = texto.strip().rstrip(".") if isinstance(texto, str) else ""
    if not _CODIGO.fullmatch(limpio):
        raise ValorInvalido(f"«{mostrar(texto)}» no es un código válido: se esperan números separados por puntos, como 3.10.2.")
    numeros = tuple(int(parte) for parte in limpio.split("."))
    if 0 in numeros:
        raise ValorInvalido(f"«{mostrar(texto)}» no es un código válido: la numeración empieza en 1.")
    return numeros


def problema_de_texto(texto: str) -> str | None:
    """Por qué un texto libre no se puede guardar (controles invisibles o de dirección), o None."""
    for caracter in texto:
        if caracter in BIDI_E_INVISIBLES:
            return (f"El texto tiene un carácter invisible o que invierte la escritura (U+{ord(caracter):04X}): "
                    "bórrelo y vuelva a escribir esa parte.")
        if caracter not in "\n\r\t" and unicodedata.category(caracter) in ("Cc", "Cs"):
            return f"El texto tiene un carácter de control (U+{ord(caracter):04X}): bórrelo."
    return None


def leer_texto(texto, *, largo: int, lineas: int | None = None, nombre: str = "El texto") -> str:
    """Un texto libre sin controles, de a lo sumo `largo` caracteres y `lineas` líneas (sin espacios
    alrededor). El largo se mira antes que nada: un texto de 10⁶ caracteres no se recorre."""
    texto = "" if texto is None else str(texto)
    if len(texto) > largo:
        raise ValorInvalido(f"{nombre} admite como máximo {largo} caracteres (tiene {len(texto)}).")
    if lineas is not None and texto.count("\n") + 1 > lineas:
        raise ValorInvalido(f"{nombre} admite como máximo {lineas} líneas (tiene {texto.count(chr(10)) + 1}).")
    problema = problema_de_texto(texto)
    if problema:
        raise ValorInvalido(problema)
    return texto.strip()


@deconstructible
class SinControles:
    """Validador de modelo y de formulario: rechaza controles invisibles o de dirección (ver `problema_de_texto`)."""

    def __call__(self, texto) -> None:
        problema = problema_de_texto(str(texto or ""))
        if problema:
            raise ValidationError(problema, code="controles")

    def __eq__(self, otro):
        return isinstance(otro, SinControles)


def id_html(texto) -> str:
    """Una parte de un id HTML hecha solo de letras ASCII, cifras y guiones: un valor recibido (un mes
    «%s») nunca llega así al `auto_id` de un formulario, que Django usa como formato."""
    return re.sub(r"[^A-Za-z0-9.-]+", "_", str(texto))[:LARGO_MOSTRADO] or "_"
