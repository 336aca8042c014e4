"""`{{ valor|porcentaje }}` → «45,5 %»: el mismo texto que `cronograma.formato.texto_porcentaje`."""

from django import template

from cronograma.formato import texto_porcentaje

register = template.Library()


@register.filter
def porcentaje(valor) -> str:
    """Un % con un decimal y el signo («60,0 %»); vacío si no hay valor."""
    if valor is None or valor == "":
        return ""
    return texto_porcentaje(valor)
