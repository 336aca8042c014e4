"""Las filas de la grilla, escritas en Python: un plan de 7.000 filas y 24 meses tiene 168.000 celdas, y
una plantilla incluida por celda, con dos {% url %}, tardaba unos 100 µs por celda (17 s la página).

Cada fila: código (enlace a la fila y, si el usuario registra en ella, un solo «Registrar» del mes de
corte que abre el editor debajo con htmx o, sin JavaScript, la página de la fila), nombre, unidades, una
celda por mes (sombreada si está programada, con su %), cifras, estado y semáforo. Solo dispone lo que traen
`FilaGrilla` y `Celda` (gantt.py): no calcula ni consulta. Lo que se repite (URL de la fila, meses,
`siguiente`) se arma una vez por fila o por página, no por celda.
"""

from decimal import Decimal
from functools import lru_cache
from html import escape  # la de Django es la misma más keep_lazy, que aquí se pagaría 75.000 veces

from django import template
from django.template.defaultfilters import urlencode
from django.urls import get_script_prefix, reverse
from django.utils.formats import localize
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from componentes.meses import clave_mes, nombre_mes

register = template.Library()

_OCULTO_PROGRAMADO = '<span class="visualmente-oculto">programado</span>'
_MARCA = "0codigo0"


@lru_cache(maxsize=16)
def _molde_url(nombre: str, prefijo: str) -> tuple[str, str]:
    """reverse() una vez: la URL de otra fila es la misma con otro código (números y puntos, nada que
    codificar). `prefijo` (el SCRIPT_NAME) es parte de la llave porque reverse() lo incluye."""
    antes, despues = reverse(nombre, args=[_MARCA]).split(_MARCA)
    return escape(antes), escape(despues)


def _url(nombre: str, codigo: str) -> str:
    antes, despues = _molde_url(nombre, get_script_prefix())
    return f"{antes}{codigo}{despues}"


@lru_cache(maxsize=4096)
def _porcentaje(texto: str, idioma: str) -> str:
    """45.5 → "45,5", como {{ valor }} en la plantilla; los valores se repiten (0,0 … 100,0)."""
    return localize(Decimal(texto))


def _celda(celda, idioma: str) -> str:
    # Un f-string por celda, sin lista ni join: son 168.000 celdas en el plan de 7.000 filas. Las celdas
    # solo muestran (issue 14): la edición es una sola acción por fila, en la columna del código.
    valor = ""
    if celda.porcentaje is not None:
        valor = f'<span class="valor">{_porcentaje(str(celda.porcentaje), idioma)} %</span>'
    if celda.programado:
        return f'<td class="mes programado">{_OCULTO_PROGRAMADO}{valor}</td>'
    return f'<td class="mes">{valor}</td>'


def _editar(fila, codigo: str, urls: tuple[str, str], corte, siguiente: str) -> str:
    """«Registrar» del mes de corte: abre el editor debajo de la fila (htmx) o, sin JavaScript, la página
    de la fila. Solo si el usuario puede registrar ese mes (lo dijo permisos.py al armar la grilla)."""
    if not fila.editable:
        return ""
    consulta = f"?mes={clave_mes(corte)}&amp;siguiente={escape(urlencode(siguiente, ''))}"
    return (
        f' <a class="editar no-imprimir" id="editar-{codigo}" href="{urls[0]}{consulta}#registro" '
        f'hx-get="{urls[1]}{consulta}&amp;editor=fila" aria-expanded="false">'
        f'Registrar<span class="visualmente-oculto"> avance de {codigo} en {escape(nombre_mes(corte))}</span></a>'
    )


@register.simple_tag
def fila_de_grilla(fila, siguiente: str = "", corte=None):
    """El <tr> de `fila`: código (y su «Registrar»), nombre, unidades, un <td> por mes, cifras, estado y semáforo."""
    codigo = escape(fila.codigo)
    idioma = get_language()
    url_fila = _url("fila", codigo) if fila.es_hoja else ""
    cabeza = f'<a href="{url_fila}">{codigo}</a>' if fila.es_hoja else codigo
    if fila.es_hoja and corte is not None:
        cabeza += _editar(fila, codigo, (url_fila, _url("formulario_celda", codigo)), corte, siguiente)
    celdas = "".join(_celda(celda, idioma) for celda in fila.celdas)
    cifras = fila.cifras
    return mark_safe(
        f'<tr class="nivel-{escape(fila.nivel)}" data-codigo="{codigo}">'
        f"<th scope=\"row\">{cabeza}</th><td>{escape(fila.titulo)}</td><td>{escape(fila.siglas)}</td>{celdas}"
        f'<td class="num avance">{_porcentaje(str(cifras.ejecutado), idioma)} %</td>'
        f'<td class="num">{_porcentaje(str(cifras.programado), idioma)} %</td><td>{escape(cifras.estado)}</td>'
        f'<td><span class="semaforo {escape(cifras.semaforo)}">{escape(cifras.texto_semaforo)}</span></td></tr>'
    )
