"""Códigos de fila ("3.10.2"): el camino de números componente → actividad → subactividad."""

from django.core.exceptions import ValidationError

from calidad.lectores import ValorInvalido, leer_codigo


def descomponer(codigo: str) -> tuple[int, ...]:
    """ "3.10.2" → (3, 10, 2). Un código mal formado (también con cifras no ASCII, «٣.1») es un
    ValidationError en castellano (el lector de códigos de `calidad.lectores`)."""
    try:
        return leer_codigo(str(codigo))
    except ValorInvalido as error:
        raise ValidationError(str(error)) from None


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
