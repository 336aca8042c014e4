"""Las filas de la grilla, escritas en Python: un plan de 7.000 filas y 24 meses tiene 168.000 celdas, y
una plantilla incluida por celda, con dos {% url %}, tardaba unos 100 µs por celda (17 s la página).

El HTML es el mismo que daban grilla.html y _celda.html: código (enlace a la fila), nombre, unidades,
una celda por mes (sombreada si está programada, con su % y, si es editable, el enlace que la abre con
htmx o, sin JavaScript, la página de la fila), cifras, estado y semáforo. Solo dispone lo que traen
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


@lru_cache(maxsize=64)
def _meses(meses: tuple, siguiente: str) -> dict:
    """Por mes: la consulta de sus enlaces y su nombre, escapados una vez por página."""
    siguiente = escape(urlencode(siguiente, ""))
    return {mes: (f"?mes={clave_mes(mes)}&amp;siguiente={siguiente}", escape(nombre_mes(mes))) for mes in meses}


def _celda(celda, codigo: str, urls: tuple[str, str], meses: dict, idioma: str) -> str:
    # Un f-string por celda, sin lista ni join: son 168.000 celdas en el plan de 7.000 filas.
    valor = enlace = ""
    if celda.porcentaje is not None:
        valor = f'<span class="valor">{_porcentaje(str(celda.porcentaje), idioma)} %</span>'
    if celda.editable:
        consulta, nombre = meses[celda.mes]
        accion = "Registrar" if celda.porcentaje is None else "Editar"
        # hx-target y hx-swap los hereda de la tabla (grilla.html): 45 bytes menos en cada celda.
        enlace = (
            f'<a class="editar no-imprimir" href="{urls[0]}{consulta}#registro" hx-get="{urls[1]}{consulta}">'
            f'{accion}<span class="visualmente-oculto"> avance de {codigo} en {nombre}</span></a>'
        )
    if celda.programado:
        return f'<td class="mes programado">{_OCULTO_PROGRAMADO}{valor}{enlace}</td>'
    return f'<td class="mes">{valor}{enlace}</td>'


@register.simple_tag
def fila_de_grilla(fila, siguiente: str = ""):
    """El <tr> de `fila`: código, nombre, unidades, un <td> por mes, cifras, estado y semáforo."""
    codigo = escape(fila.codigo)
    idioma = get_language()
    url_fila = _url("fila", codigo) if fila.es_hoja else ""
    urls = (url_fila, _url("formulario_celda", codigo) if fila.es_hoja else "")
    meses = _meses(tuple(celda.mes for celda in fila.celdas), siguiente)
    cabeza = f'<a href="{url_fila}">{codigo}</a>' if fila.es_hoja else codigo
    celdas = "".join(_celda(celda, codigo, urls, meses, idioma) for celda in fila.celdas)
    cifras = fila.cifras
    return mark_safe(
        f'<tr class="nivel-{escape(fila.nivel)}" data-codigo="{codigo}">'
        f"<th scope=\"row\">{cabeza}</th><td>{escape(fila.titulo)}</td><td>{escape(fila.siglas)}</td>{celdas}"
        f'<td class="num avance">{_porcentaje(str(cifras.ejecutado), idioma)} %</td>'
        f'<td class="num">{_porcentaje(str(cifras.programado), idioma)} %</td><td>{escape(cifras.estado)}</td>'
        f'<td><span class="semaforo {escape(cifras.semaforo)}">{escape(cifras.texto_semaforo)}</span></td></tr>'
    )
