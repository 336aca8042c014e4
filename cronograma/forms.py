"""Formulario del avance de un mes: lo valida y lo guarda `registro.registrar_avance`, no el formulario.

Lo que registro rechaza vuelve aquí como errores en castellano, con lo escrito por el usuario intacto.
"""

from datetime import date

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData

from calidad.lectores import id_html
from componentes.catalogo import Hoja
from componentes.meses import MesInvalido, clave_mes, leer_mes
from cronograma.limites import LARGO_COMENTARIO, LINEAS_COMENTARIO, MaximoDeLineas, errores_de_largo
from cronograma.models import Avance
from cronograma.registro import SIN_REGISTRO, ConflictoDeEdicion, registrar_avance

# Los errores de registro sobre estos campos se muestran junto al campo; el resto, arriba del formulario.
CAMPOS_VISIBLES = ("porcentaje", "comentario")


def porcentaje_escrito(porcentaje) -> str:
    """El % como se escribe en su casilla en el Perú: «70,0» (coma decimal, sin «%»); se lee igual con
    coma o con punto (avance.validar_porcentaje)."""
    return f"{porcentaje}".replace(".", ",")


def _mes_o_none(texto: str) -> date | None:
    try:
        return leer_mes(texto)
    except MesInvalido:
        return None


# --- Los campos del formulario del avance, escritos en Python ----------------------------------------------
#
# Los campos de formulario más comunes dibujados en Python, con exactamente el HTML de Django (issue 16).
#
# Django dibuja cada campo con una plantilla (`django/forms/widgets/input.html` incluye `attrs.html`): unos
# 0,2 ms por campo. La hoja del mes de una unidad tiene cuatro campos por fila y, en un plan grande, miles
# de filas: la mitad del tiempo de «Mis actividades» se iba en eso. `RenderizadorDeCampos` escribe esas
# mismas plantillas en Python (texto, número, oculto y área de texto) y deja cualquier otra a Django.
#
# No decide atributos ni valores: los recibe ya armados de Django (`Widget.get_context`: `required`,
# `aria-describedby`, `aria-invalid`, el valor con su formato) y solo los escribe.
# `tests/cronograma/test_renderizado.py` compara con Hypothesis su salida con la de las plantillas de Django.

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


class FormularioAvance(forms.Form):
    # La hoja del mes dibuja miles de estos formularios: sus campos, en Python (el mismo HTML; ver RenderizadorDeCampos, arriba).
    default_renderer = RenderizadorDeCampos()
    # En la página de la fila, un error general del resumen lleva al formulario entero (templatetags/formularios.py).
    ancla_de_errores_generales = "registro"

    porcentaje = forms.CharField(
        label="Avance acumulado (%)",
        max_length=8,
        help_text="De 0 a 100, con un decimal como máximo.",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6, "autocomplete": "off"}),
    )
    comentario = forms.CharField(
        label="Comentario",
        required=False,
        max_length=LARGO_COMENTARIO,
        validators=[MaximoDeLineas(LINEAS_COMENTARIO)],
        error_messages=errores_de_largo(LARGO_COMENTARIO),
        help_text="Obligatorio si el valor baja respecto del mes anterior o queda por debajo de lo programado.",
        widget=forms.Textarea(attrs={"rows": 2, "cols": 32}),
    )
    mes = forms.CharField(widget=forms.HiddenInput)
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(self, data=None, *, hoja: Hoja, mes: date | None = None, registro: Avance | None = None, **kwargs):
        self.hoja = hoja
        self.conflicto: Avance | None = None
        if data is None and mes is not None:
            kwargs["initial"] = {
                "porcentaje": porcentaje_escrito(registro.porcentaje) if registro else "",
                "comentario": registro.comentario if registro else "",
                "mes": clave_mes(mes),
                "version": registro.version if registro else SIN_REGISTRO,
            }
        texto_mes = data.get("mes", "") if data is not None else clave_mes(mes) if mes else ""
        self.mes_elegido = mes or _mes_o_none(texto_mes)
        # Ids únicos aunque la página tenga un formulario por fila (cada <label for> apunta al suyo). Django
        # usa auto_id como formato («%s»): se arma con el mes ya leído, nunca con lo que se envió.
        parte_mes = clave_mes(self.mes_elegido) if self.mes_elegido else "sin-mes"
        kwargs.setdefault("auto_id", f"avance-{id_html(hoja.codigo)}-{parte_mes}-%s")
        super().__init__(data, **kwargs)

    def clean_mes(self) -> date:
        try:
            return leer_mes(self.cleaned_data["mes"])
        except MesInvalido as error:
            raise ValidationError(str(error)) from None

    def registrar(self, usuario, *, perfil=None) -> Avance | None:
        """Guarda el avance; si no se puede, deja el motivo en el formulario y devuelve None. `perfil`: el
        de la petición, si ya se calculó (ver `registro.registrar_avance`)."""
        if not self.is_valid():
            return None
        datos = self.cleaned_data
        try:
            return registrar_avance(
                hoja=self.hoja,
                mes=datos["mes"],
                porcentaje=datos["porcentaje"],
                comentario=datos["comentario"],
                usuario=usuario,
                version_base=datos["version"],
                perfil=perfil,
            )
        except ValidationError as error:
            self._agregar_errores(error)
        except PermissionDenied as error:
            self.add_error(None, str(error) or "No tiene permiso para registrar avance en esta fila.")
        except ConflictoDeEdicion as conflicto:
            self._mostrar_conflicto(conflicto)
        return None

    def _agregar_errores(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for campo, mensajes in error.message_dict.items():
            for mensaje in mensajes:
                self.add_error(campo if campo in CAMPOS_VISIBLES else None, mensaje)

    def _mostrar_conflicto(self, conflicto: ConflictoDeEdicion) -> None:
        """Avisa con el valor actual, quién y cuándo; lo escrito se conserva y el siguiente envío,
        ya hecho a sabiendas, se compara con la versión actual."""
        self.add_error(None, str(conflicto))
        self.conflicto = conflicto.actual
        self.data = self.data.copy()
        self.data["version"] = str(conflicto.actual.version if conflicto.actual else SIN_REGISTRO)
