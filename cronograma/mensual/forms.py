"""Formularios de la gestión del mes: medios de verificación y cierres. Solo recogen datos:
las reglas (tipo, tamaño, permisos, mes cerrado) se aplican en evidencias.py y cierres.py."""

from django import forms

from componentes.meses import primer_dia
from cronograma.limites import LARGO_MOTIVO_CIERRE, errores_de_largo

from cronograma.mensual.evidencias import LARGO_MAXIMO_MOTIVO as LARGO_MOTIVO_RETIRO
from cronograma.mensual.evidencias import TIPOS_PERMITIDOS

EXTENSIONES = ".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.odt,.ods"  # solo una ayuda al elegir: el servidor revisa el contenido


class EvidenciaForm(forms.Form):
    archivo = forms.FileField(
        label="Medio de verificación",
        help_text=f"{TIPOS_PERMITIDOS}.",
        widget=forms.ClearableFileInput(attrs={"accept": EXTENSIONES}),
        error_messages={"required": "Elija un archivo.", "empty": "El archivo está vacío."},
    )


class RetiroEvidenciaForm(forms.Form):
    motivo = forms.CharField(
        label="Motivo del retiro",
        max_length=LARGO_MOTIVO_RETIRO,
        error_messages={"required": "Indique por qué se retira el archivo."},
    )


class CierreForm(forms.Form):
    CERRAR, REABRIR = "cerrar", "reabrir"

    mes = forms.DateField(input_formats=["%Y-%m-%d"], error_messages={"invalid": "Mes no válido."})
    accion = forms.ChoiceField(choices=[(CERRAR, "Cerrar"), (REABRIR, "Reabrir")])
    motivo = forms.CharField(label="Motivo de la reapertura", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                             max_length=LARGO_MOTIVO_CIERRE, error_messages=errores_de_largo(LARGO_MOTIVO_CIERRE))

    def clean_mes(self):
        return primer_dia(self.cleaned_data["mes"])
