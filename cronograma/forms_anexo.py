"""Formulario de subida del Anexo N° 2 en Excel."""

from django import forms

from componentes.meses import MesInvalido, leer_mes


class SubirAnexoForm(forms.Form):
    archivo = forms.FileField(label="Libro del Anexo N° 2 (.xlsx)")
    mes = forms.CharField(
        label="Mes de corte del % AVANCE (AAAA-MM)",
        required=False,
        help_text="Solo si el libro no trae «MES DE CORTE» en su cabecera; si no se indica, el último mes ya iniciado del plan.",
    )

    def clean_mes(self):
        texto = self.cleaned_data["mes"].strip()
        if not texto:
            return None
        try:
            return leer_mes(texto)
        except MesInvalido as error:
            raise forms.ValidationError(str(error)) from None
