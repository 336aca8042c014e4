"""Campos de formulario comunes a varias páginas."""

from django import forms

from componentes.meses import MesInvalido, clave_mes, leer_mes


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
