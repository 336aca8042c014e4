"""Las celdas de mes de la grilla, escritas en Python: son filas × meses (168.000 en un plan de 7.000
filas y 24 meses) y una plantilla incluida por celda, con dos {% url %}, tardaba unos 100 µs por celda.

Mismo HTML que antes daba templates/cronograma/_celda.html: el % del mes y, si la celda es editable, el
enlace que la abre con htmx (o la página de la fila, sin JavaScript). Solo dispone lo que trae la
`Celda` (gantt.py): no calcula ni consulta. Lo que se repite (URL de la fila, meses, `siguiente`) se
arma una vez por fila o por página, no por celda.
"""

from functools import lru_cache

from django import template
from django.template.defaultfilters import urlencode
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import mark_safe

from componentes.meses import clave_mes, nombre_mes

register = template.Library()

_OCULTO_PROGRAMADO = '<span class="visualmente-oculto">programado</span>'


@lru_cache(maxsize=64)
def _meses(meses: tuple) -> dict:
    """Clave y nombre de cada mes, escapados una vez por página."""
    return {mes: (clave_mes(mes), escape(nombre_mes(mes))) for mes in meses}


def _enlace(celda, codigo: str, urls: tuple[str, str], siguiente: str, meses: dict) -> str:
    clave, nombre = meses[celda.mes]
    accion = "Registrar" if celda.porcentaje is None else "Editar"
    consulta = f"?mes={clave}&amp;siguiente={siguiente}"
    return (
        f'<a class="editar no-imprimir" href="{urls[0]}{consulta}#registro" hx-get="{urls[1]}{consulta}" '
        f'hx-target="closest td" hx-swap="innerHTML">{accion}<span class="visualmente-oculto"> avance de '
        f"{codigo} en {nombre}</span></a>"
    )


def _celda(celda, codigo: str, urls, siguiente: str, meses: dict) -> str:
    partes = ['<td class="mes programado">', _OCULTO_PROGRAMADO] if celda.programado else ['<td class="mes">']
    if celda.porcentaje is not None:
        partes.append(f'<span class="valor">{localize(celda.porcentaje)} %</span>')
    if celda.editable:
        partes.append(_enlace(celda, codigo, urls, siguiente, meses))
    partes.append("</td>")
    return "".join(partes)


@register.simple_tag
def celdas_de_mes(fila, siguiente: str = ""):
    """Los <td> de los meses de `fila`: sombreado si está programado, su % y el enlace para registrar."""
    meses = _meses(tuple(celda.mes for celda in fila.celdas))
    codigo = escape(fila.codigo)
    urls = ("", "")
    if any(celda.editable for celda in fila.celdas):
        urls = (escape(reverse("fila", args=[fila.codigo])), escape(reverse("formulario_celda", args=[fila.codigo])))
    siguiente = escape(urlencode(siguiente, ""))
    return mark_safe("".join(_celda(celda, codigo, urls, siguiente, meses) for celda in fila.celdas))
