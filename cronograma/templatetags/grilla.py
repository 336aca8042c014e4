"""Las filas de la grilla, escritas en Python: un plan de 7.000 filas y 24 meses tiene 168.000 celdas, y
una plantilla incluida por celda, con dos {% url %}, tardaba unos 100 µs por celda (17 s la página).

El HTML es el mismo que daban grilla.html y _celda.html: código (enlace a la fila), nombre, unidades,
una celda por mes (sombreada si está programada, con su % y, si es editable, el enlace que la abre con
htmx o, sin JavaScript, la página de la fila), cifras, estado y semáforo. Solo dispone lo que traen
`FilaGrilla` y `Celda` (gantt.py): no calcula ni consulta. Lo que se repite (URL de la fila, meses,
`siguiente`) se arma una vez por fila o por página, no por celda.
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


def _celdas_de_mes(fila, codigo: str, url_fila: str, siguiente: str) -> str:
    meses = _meses(tuple(celda.mes for celda in fila.celdas))
    urls = (url_fila, "")
    if any(celda.editable for celda in fila.celdas):
        urls = (url_fila, escape(reverse("formulario_celda", args=[fila.codigo])))
    return "".join(_celda(celda, codigo, urls, siguiente, meses) for celda in fila.celdas)


@register.simple_tag
def fila_de_grilla(fila, siguiente: str = ""):
    """El <tr> de `fila`: código, nombre, unidades, un <td> por mes, cifras, estado y semáforo."""
    codigo = escape(fila.codigo)
    url_fila = escape(reverse("fila", args=[fila.codigo])) if fila.es_hoja else ""
    cabeza = f'<a href="{url_fila}">{codigo}</a>' if fila.es_hoja else codigo
    cifras = fila.cifras
    return mark_safe(
        f'<tr class="nivel-{escape(fila.nivel)}" data-codigo="{codigo}">'
        f'<th scope="row">{cabeza}</th><td>{escape(fila.titulo)}</td><td>{escape(fila.siglas)}</td>'
        f"{_celdas_de_mes(fila, codigo, url_fila, escape(urlencode(siguiente, '')))}"
        f'<td class="num avance">{localize(cifras.ejecutado)} %</td><td class="num">{localize(cifras.programado)} %</td>'
        f'<td>{escape(cifras.estado)}</td>'
        f'<td><span class="semaforo {escape(cifras.semaforo)}">{escape(cifras.texto_semaforo)}</span></td></tr>'
    )
