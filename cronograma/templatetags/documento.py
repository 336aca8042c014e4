"""Filtros del documento del reporte semestral (página, PDF): el oficio y los títulos como se escriben, y
«¿Cómo se calcula?». El % va con `|porcentaje` (templatetags/formato.py)."""

from django import template

from cronograma.reportes.como_se_calcula import reglas
from cronograma.reportes.textos import sin_punto_final as _sin_punto_final
from cronograma.reportes.textos import texto_oficio

register = template.Library()


@register.filter
def oficio(numero) -> str:
    return texto_oficio(numero)


@register.filter
def sin_punto_final(texto) -> str:
    return _sin_punto_final(str(texto))


@register.inclusion_tag("cronograma/_como_se_calcula.html")
def como_se_calcula(plegable: bool = True) -> dict:
    """«¿Cómo se calcula?» junto a las cifras: plegado en pantalla, abierto en el documento del reporte."""
    return {"reglas": reglas(), "plegable": plegable}
