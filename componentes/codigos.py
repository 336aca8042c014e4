"""Códigos de fila ("3.10.2"): el camino de números componente → actividad → subactividad."""

import re

from django.core.exceptions import ValidationError

_FORMA = re.compile(r"^\d{1,4}(\.\d{1,4}){0,2}$")


def descomponer(codigo: str) -> tuple[int, ...]:
    """ "3.10.2" → (3, 10, 2). Un código mal formado es un ValidationError en castellano."""
    texto = str(codigo).strip().rstrip(".")
    if not _FORMA.match(texto):
        raise ValidationError(f"«{codigo}» no es un código válido: se esperan números separados por puntos, como 3.10.2.")
    numeros = tuple(int(parte) for parte in texto.split("."))
    if 0 in numeros:
        raise ValidationError(f"«{codigo}» no es un código válido: la numeración empieza en 1.")
    return numeros


def numero_bajo(codigo: str, *, padre: str, nivel: str) -> int:
    """El último número de `codigo`, comprobando que extiende el código de su padre.

    numero_bajo("1.1.3", padre="1.1", nivel="subactividad") → 3
    """
    numeros = descomponer(codigo)
    numeros_padre = descomponer(padre)
    if len(numeros) != len(numeros_padre) + 1 or numeros[:-1] != numeros_padre:
        raise ValidationError(
            f"El código de la {nivel} «{codigo}» no corresponde a «{padre}»: debe ser «{padre}.N»."
        )
    return numeros[-1]
