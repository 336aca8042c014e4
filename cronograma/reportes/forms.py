"""Formularios del reporte semestral: solo leen y validan la entrada; las escrituras van por reportes_flujo."""

from django import forms

from componentes.models import Plan
from cronograma.campos import CampoMes


class ReporteNuevoForm(forms.Form):
    plan = forms.ModelChoiceField(Plan.objects.filter(archivado=False), label="Plan", empty_label=None)
    desde = CampoMes(label="Desde (mes)")
    hasta = CampoMes(label="Hasta (mes de corte)", help_text="El avance se lee al cierre de este mes.")


class TextosForm(forms.Form):
    logros = forms.CharField(label="Logros", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    dificultades = forms.CharField(label="Dificultades", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    medidas_correctivas = forms.CharField(
        label="Medidas correctivas", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class FirmaForm(forms.Form):
    firmante_nombre = forms.CharField(label="Nombre de quien firma", max_length=200, required=False)
    firmante_cargo = forms.CharField(label="Cargo de quien firma", max_length=200, required=False)


class RemisionForm(forms.Form):
    fecha_remision = forms.DateField(
        label="Fecha de remisión", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"], error_messages={"required": "Indique la fecha de remisión."},
    )
    numero_oficio = forms.CharField(
        label="Número de oficio", max_length=100, error_messages={"required": "Indique el número de oficio."}
    )
