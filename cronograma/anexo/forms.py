"""Formulario de subida del Anexo N° 2 en Excel."""

from django import forms

from cronograma.limites import CampoMes


class SubirAnexoForm(forms.Form):
    archivo = forms.FileField(label="Libro del Anexo N° 2 (.xlsx)")
    mes = CampoMes(
        label="Mes de corte del % AVANCE (AAAA-MM)",
        required=False,
        help_text="Solo si el libro no trae «MES DE CORTE» en su cabecera; si no se indica, el último mes ya iniciado del plan.",
    )
