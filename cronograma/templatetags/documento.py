"""Filtros del documento del reporte semestral (página, PDF): % como en las páginas, oficio, títulos."""

from django import template

from cronograma.avance import texto_porcentaje
from cronograma.reportes.como_se_calcula import reglas
from cronograma.reportes.textos import sin_punto_final as _sin_punto_final
from cronograma.reportes.textos import texto_oficio

register = template.Library()


@register.filter
def pct(valor) -> str:
    """88.9 → «88,9 %» (la misma regla de avance.texto_porcentaje); vacío si no hay valor."""
    return "" if valor is None or valor == "" else texto_porcentaje(valor)


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
