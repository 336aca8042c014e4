"""Cómo se escriben en el documento las piezas que el usuario tecleó: el oficio y los títulos seguidos de «:».

Las usan el PDF (por la plantilla), el Word y el Excel del reporte: una sola regla para las tres salidas.
"""

import re

_PREFIJO_OFICIO = re.compile(r"^\s*oficio\b", re.IGNORECASE)


def texto_oficio(numero: str) -> str:
    """«123-2021-MTPE/4» → «Oficio 123-2021-MTPE/4»; «Oficio N° 123» queda como se escribió (antes salía
    «Oficio Oficio N° 123»)."""
    numero = (numero or "").strip()
    if not numero or _PREFIJO_OFICIO.match(numero):
        return numero
    return f"Oficio {numero}"


def sin_punto_final(texto: str) -> str:
    """Quita el punto (o «;», «,», «:») final de un título que va seguido de «:» («…del Servicio.: 10 filas»)."""
    return (texto or "").rstrip().rstrip(".;,:").rstrip()
