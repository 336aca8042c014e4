"""Los campos de formulario más comunes dibujados en Python, con exactamente el HTML de Django (issue 16).

Django dibuja cada campo con una plantilla (`django/forms/widgets/input.html` incluye `attrs.html`): unos
0,2 ms por campo. La hoja del mes de una unidad tiene cuatro campos por fila y, en un plan grande, miles
de filas: la mitad del tiempo de «Mis actividades» se iba en eso. `RenderizadorDeCampos` escribe esas
mismas plantillas en Python (texto, número, oculto y área de texto) y deja cualquier otra a Django.

No decide atributos ni valores: los recibe ya armados de Django (`Widget.get_context`: `required`,
`aria-describedby`, `aria-invalid`, el valor con su formato) y solo los escribe.
`tests/cronograma/test_renderizado.py` compara con Hypothesis su salida con la de las plantillas de Django.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData


def _variable(valor) -> str:
    """`{{ valor }}`: como lo muestra una plantilla (un número, con el formato local) y escapado."""
    return conditional_escape(localize(valor))


def _como_texto(valor) -> str:
    """`{{ valor|stringformat:'s' }}`: lo ya seguro queda como está; lo demás, a texto y escapado."""
    return conditional_escape(valor) if isinstance(valor, SafeData) else escape(str(valor))


def _atributos(atributos: dict) -> str:
    """`django/forms/widgets/attrs.html`: False se omite, True es el nombre solo."""
    partes = []
    for nombre, valor in atributos.items():
        if valor is False:
            continue
        if valor is True:
            partes.append(f" {_variable(nombre)}")
        else:
            partes.append(f' {_variable(nombre)}="{_como_texto(valor)}"')
    return "".join(partes)


def _entrada(campo: dict) -> str:
    """`django/forms/widgets/input.html`."""
    valor = f' value="{_como_texto(campo["value"])}"' if campo["value"] is not None else ""
    return f'<input type="{_variable(campo["type"])}" name="{_variable(campo["name"])}"{valor}{_atributos(campo["attrs"])}>'


def _area_de_texto(campo: dict) -> str:
    """`django/forms/widgets/textarea.html`."""
    valor = _variable(campo["value"]) if campo["value"] else ""
    return f'<textarea name="{_variable(campo["name"])}"{_atributos(campo["attrs"])}>\n{valor}</textarea>'


ESCRITOS_EN_PYTHON = {
    "django/forms/widgets/text.html": _entrada,
    "django/forms/widgets/number.html": _entrada,
    "django/forms/widgets/hidden.html": _entrada,
    "django/forms/widgets/textarea.html": _area_de_texto,
}


class RenderizadorDeCampos(DjangoTemplates):
    """El renderizador de formularios de Django, salvo los campos de `ESCRITOS_EN_PYTHON`."""

    def render(self, template_name, context, request=None):
        escribir = ESCRITOS_EN_PYTHON.get(template_name)
        if escribir is None or "widget" not in context:
            return super().render(template_name, context, request=request)
        return escribir(context["widget"])
