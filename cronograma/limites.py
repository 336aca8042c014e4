"""Límites de largo de los textos libres: uno por campo, el mismo en la base, en el modelo y en el
formulario, con un mensaje que dice el límite.

La base también los hace cumplir (una restricción CHECK sobre el largo; SQLite no respeta el largo de un
VARCHAR), de modo que ni el admin ni una orden que se salte un formulario pueden guardar un texto sin
límite. Un texto acotado también acota lo que cuesta dibujar el PDF del reporte semestral.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.deconstruct import deconstructible
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual

from componentes.meses import MesInvalido, clave_mes, leer_mes

LARGO_COMENTARIO = 2000  # comentario de un avance mensual
LARGO_MOTIVO_CIERRE = 2000  # motivo de la reapertura de un mes
LARGO_TEXTO_REPORTE = 4000  # logros, dificultades y medidas correctivas de un componente
LARGO_MOTIVO_SIN_INFORMACION = 300  # por qué un apartado del reporte queda «sin información»
# Sustento de una versión del plan (issue 22): 640.000 caracteres hacían el PDF del reporte 12 veces más lento.
LARGO_SUSTENTO = 2000
LINEAS_SUSTENTO = 20
# También las líneas: miles de saltos de línea en pocos caracteres hacían que el PDF del reporte (una celda
# de tabla que cruza decenas de páginas) tardara más de un minuto.
LINEAS_COMENTARIO = 20
LINEAS_TEXTO_REPORTE = 60


def mensaje_de_largo(limite: int) -> str:
    return f"Escriba como máximo {limite} caracteres (este texto tiene %(show_value)d)."


def validador_de_largo(limite: int) -> MaxLengthValidator:
    return MaxLengthValidator(limite, message=mensaje_de_largo(limite))


@deconstructible
class MaximoDeLineas:
    """Rechaza un texto con más de `limite` líneas, diciendo el límite."""

    def __init__(self, limite: int):
        self.limite = limite

    def __call__(self, texto) -> None:
        lineas = str(texto or "").count("\n") + 1
        if lineas > self.limite:
            raise ValidationError(f"Escriba como máximo {self.limite} líneas (este texto tiene {lineas}).", code="max_lineas")

    def __eq__(self, otro):
        return isinstance(otro, MaximoDeLineas) and otro.limite == self.limite


def restriccion_de_largo(campo: str, limite: int, nombre: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=LessThanOrEqual(Length(campo), limite), name=nombre)


def errores_de_largo(limite: int) -> dict:
    """Para `error_messages` de un campo de formulario: el mismo mensaje que el modelo."""
    return {"max_length": mensaje_de_largo(limite)}


# --- Campos de formulario comunes a varias páginas ------------------------------------------------

class CampoMes(forms.CharField):
    """Un mes AAAA-MM (control <input type="month">) convertido al primer día del mes."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "AAAA-MM"})

    def prepare_value(self, value):
        return clave_mes(value) if hasattr(value, "year") else value

    def to_python(self, value):
        texto = super().to_python(value)
        if not texto:
            return None
        try:
            return leer_mes(texto)
        except MesInvalido as error:
            raise forms.ValidationError(str(error)) from None


# Seguimiento (issue 23): compromisos, observaciones y avisos.
LARGO_TEXTO_COMPROMISO = 1000  # el compromiso (una medida correctiva)
LARGO_NOTAS_COMPROMISO = 2000  # lo que la unidad o la coordinación anotan sobre su avance
LARGO_MENSAJE_OBSERVACION = 1000  # el motivo de una observación o la respuesta de la unidad
LINEAS_SEGUIMIENTO = 20
