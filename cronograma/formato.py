"""Cómo se escriben las cifras en pantalla, libros y mensajes. Módulo hoja: no importa nada de cronograma.

`texto_porcentaje(45.5)` → «45,5 %» (un decimal, es-PE). Las plantillas usan el filtro `|porcentaje`
(cronograma/templatetags/formato.py), el mismo texto.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats

UN_DECIMAL = Decimal("0.1")


def redondear(valor: Decimal) -> Decimal:
    """A un decimal, redondeando la mitad hacia arriba (como el Anexo N° 2)."""
    return valor.quantize(UN_DECIMAL, rounding=ROUND_HALF_UP)


def texto_porcentaje(valor: Decimal) -> str:
    """45.5 → "45,5 %"; 60 → "60,0 %": un decimal, como lo muestran las páginas (es-PE)."""
    return f"{formats.localize(redondear(Decimal(valor)))} %"
