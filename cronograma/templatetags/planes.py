"""Etiquetas de los planes."""

from django import template

from cronograma import periodo

register = template.Library()


@register.filter
def meses_iniciados(plan):
    """Los meses del plan que ya empezaron (para elegir el mes de un bloque de plan): periodo.meses_iniciados."""
    return periodo.meses_iniciados(plan)
