"""Un solo patrón de errores para todos los formularios (issue 25), el de los formularios del avance:
«Error: » al inicio del <title>, un resumen arriba con un enlace a cada campo con error, y el foco en ese
resumen (autofocus; calidad.js también lo enfoca).

base.html lo pone en cada página: busca en el contexto los formularios enviados (POST) que tienen
errores, sueltos o en listas y tuplas (p. ej. los de cada componente del editor del reporte). Una página
que dibuja su propio resumen con la misma forma («Mis actividades», con los errores de varias filas; el
acceso, con su texto) sobrescribe los bloques `prefijo_error` o `resumen_errores` de base.html.
"""

from dataclasses import dataclass

from django import template
from django.forms import BaseForm
from django.forms.formsets import BaseFormSet
from django.template.loader import render_to_string

register = template.Library()


@dataclass(frozen=True)
class ErrorEnlazado:
    texto: str
    ancla: str  # el id del campo (o del primer campo del formulario, para los errores generales)


def _formularios(valor, profundidad: int = 0):
    if isinstance(valor, BaseForm):
        yield valor
    elif isinstance(valor, BaseFormSet):
        yield from valor.forms
    elif isinstance(valor, (list, tuple)) and profundidad < 2:
        for elemento in valor:
            yield from _formularios(elemento, profundidad + 1)


def formularios_con_errores(contexto) -> list[BaseForm]:
    peticion = contexto.get("request")
    if peticion is not None and peticion.method != "POST":
        return []  # los filtros de una página (GET) muestran sus errores a su manera
    vistos, con_errores = set(), []
    for valor in contexto.flatten().values():
        for form in _formularios(valor):
            if id(form) not in vistos and form.is_bound and form.errors:
                vistos.add(id(form))
                con_errores.append(form)
    return con_errores


def errores_enlazados(formularios) -> list[ErrorEnlazado]:
    errores = []
    for form in formularios:
        visibles = form.visible_fields()
        # Los errores generales llevan al formulario entero si lo nombra (p. ej. «#registro» en la página de
        # una fila), si no a su primer campo.
        ancla = getattr(form, "ancla_de_errores_generales", "")
        primera = f"#{ancla}" if ancla else (f"#{visibles[0].id_for_label}" if visibles else "#contenido")
        generales = list(form.non_field_errors())
        for campo in form.hidden_fields():
            generales += list(campo.errors)
        # Con varios formularios iguales en una página (un componente cada uno), cada error dice de cuál es.
        de_cual = f"{form.nombre_en_errores} · " if getattr(form, "nombre_en_errores", "") else ""
        errores += [ErrorEnlazado(f"{de_cual}{error}", primera) for error in generales]
        for campo in visibles:
            errores += [ErrorEnlazado(f"{de_cual}{campo.label}: {error}", f"#{campo.id_for_label}")
                        for error in campo.errors]
    return errores


@register.simple_tag(takes_context=True)
def prefijo_de_error(context) -> str:
    """«Error: » si algún formulario enviado tiene errores (va al inicio del <title>)."""
    return "Error: " if formularios_con_errores(context) else ""


@register.simple_tag(takes_context=True)
def resumen_de_errores(context) -> str:
    errores = errores_enlazados(formularios_con_errores(context))
    if not errores:
        return ""
    return render_to_string("cronograma/_resumen_de_errores.html", {"errores": errores})
