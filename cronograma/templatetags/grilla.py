"""Las filas de la grilla, escritas en Python: un plan de 7.000 filas y 24 meses tiene 168.000 celdas, y
una plantilla incluida por celda, con dos {% url %}, tardaba unos 100 µs por celda (17 s la página).

Cada fila: código (enlace a la fila y, si el usuario registra en ella, un solo «Registrar» del mes de
corte que abre el editor debajo con htmx o, sin JavaScript, la página de la fila), nombre, unidades, una
celda por mes (sombreada si está programada, con su %), cifras, estado y semáforo. Solo dispone lo que traen
`Grilla`, `FilaGrilla` y `Celda` (gantt.py): no calcula ni consulta.

Lo que se repite se arma una vez por página (URL, consulta del «Registrar», el mes, cada texto de %), no
por fila ni por celda, y el marcado es el mínimo (issue 16: la página de 7.000 filas pesaba 10 MB): las
celdas de mes no llevan clase (calidad.css las alinea por su posición) y un mes vacío es `<td></td>`.
"""

from decimal import Decimal
from html import escape  # la de Django es la misma más keep_lazy, que aquí se pagaría 75.000 veces

from django import template
from django.template.defaultfilters import urlencode
from django.urls import reverse
from django.utils.formats import localize
from django.utils.safestring import mark_safe

from componentes.meses import clave_mes, nombre_mes

register = template.Library()

_MARCA = "0codigo0"
_VACIA = "<td></td>"
_PROGRAMADO = '<td class="programado"><span class="visualmente-oculto">programado</span>'


def _molde_url(nombre: str, plan_id: int) -> tuple[str, str]:
    """reverse() una vez por página: la URL de otra fila es la misma con otro código (números y puntos,
    nada que codificar)."""
    antes, despues = reverse(nombre, args=[plan_id, _MARCA]).split(_MARCA)
    return escape(antes), escape(despues)


class _Textos(dict):
    """45.5 → "45,5 %", como {{ valor }} %: los valores se repiten (0,0 … 100,0), se localizan una vez.
    La llave es el texto del Decimal, no el Decimal: 45.5 == 45.50 y se escribirían igual."""

    def __missing__(self, valor: str) -> str:
        texto = self[valor] = f"{localize(Decimal(valor))} %"
        return texto


class _Escritor:
    """Lo que es igual en todas las filas de una página, armado una vez."""

    def __init__(self, grilla, siguiente: str):
        self.textos = _Textos()
        plan_id = grilla.resultado.catalogo.plan.pk
        self.url_fila = _molde_url("fila", plan_id)
        self.url_formulario = _molde_url("formulario_celda", plan_id)
        corte = grilla.corte
        self.consulta = f"?mes={clave_mes(corte)}&amp;siguiente={escape(urlencode(siguiente, ''))}"
        self.en_el_mes = escape(nombre_mes(corte))
        self.escritas: dict[int, str] = {}

    def celda(self, celda) -> str:
        porcentaje = celda.porcentaje
        if porcentaje is None:
            return f"{_PROGRAMADO}</td>" if celda.programado else _VACIA
        valor = self.textos[str(porcentaje)]
        return f"{_PROGRAMADO}{valor}</td>" if celda.programado else f"<td>{valor}</td>"

    def celdas(self, celdas: tuple) -> str:
        # Las filas sin nada programado ni registrado comparten la misma tupla (gantt._Columnas): se escribe
        # una vez. id() no se repite mientras se escribe la página: la grilla mantiene vivas sus tuplas.
        texto = self.escritas.get(id(celdas))
        if texto is None:
            texto = self.escritas[id(celdas)] = "".join([self.celda(celda) for celda in celdas])
        return texto

    def editar(self, codigo: str) -> str:
        """«Registrar» del mes de corte: abre el editor debajo de la fila (htmx) o, sin JavaScript, la
        página de la fila. Solo en las filas que permisos.py marcó editables al armar la grilla."""
        antes, despues = self.url_fila
        antes_f, despues_f = self.url_formulario
        return (
            f' <a class="editar" id="editar-{codigo}" href="{antes}{codigo}{despues}{self.consulta}#registro" '
            f'hx-get="{antes_f}{codigo}{despues_f}{self.consulta}&amp;editor=fila" aria-expanded="false">'
            f'Registrar<span class="visualmente-oculto"> avance de {codigo} en {self.en_el_mes}</span></a>'
        )

    def fila(self, fila) -> str:
        """El <tr> de `fila`: código (y su «Registrar»), nombre, unidades, un <td> por mes, cifras, estado y semáforo."""
        codigo = escape(fila.codigo)
        if fila.es_hoja:
            antes, despues = self.url_fila
            cabeza = f'<a href="{antes}{codigo}{despues}">{codigo}</a>'
            if fila.editable:
                cabeza += self.editar(codigo)
        else:
            cabeza = codigo
        cifras = fila.cifras
        return (
            f'<tr class="nivel-{escape(fila.nivel)}" data-codigo="{codigo}">'
            f'<th scope="row">{cabeza}</th><td>{escape(fila.titulo)}</td><td>{escape(fila.siglas)}</td>'
            f'{self.celdas(fila.celdas)}'
            f'<td class="num avance">{self.textos[str(cifras.ejecutado)]}</td><td class="num">{self.textos[str(cifras.programado)]}</td>'
            f'<td>{escape(cifras.estado)}</td>'
            f'<td><span class="semaforo {escape(cifras.semaforo)}">{escape(cifras.texto_semaforo)}</span></td></tr>\n'
        )


@register.simple_tag
def filas_de_grilla(grilla, siguiente: str = ""):
    """Los <tr> de todas las filas de la grilla (una etiqueta por página, no una por fila: el bucle de la
    plantilla costaba unos 30 µs por fila)."""
    escritor = _Escritor(grilla, siguiente)
    return mark_safe("".join([escritor.fila(fila) for fila in grilla.filas]))
