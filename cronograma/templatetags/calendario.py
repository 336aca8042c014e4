"""Filtros para mostrar meses como lo hace el resto de la aplicación (componentes.meses)."""

from django import template

from componentes import meses

register = template.Library()


@register.filter
def nombre_mes(mes):
    """date(2021, 3, 1) → "Marzo 2021"."""
    return meses.nombre_mes(mes) if mes else ""


@register.filter
def clave_mes(mes):
    """date(2021, 3, 1) → "2021-03", la forma de ?mes= en las URL."""
    return meses.clave_mes(mes) if mes else ""
