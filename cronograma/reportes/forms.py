"""Formularios del reporte semestral: solo leen y validan la entrada; las escrituras van por reportes_flujo."""

from django import forms

from componentes.models import Plan
from cronograma.campos import CampoMes
from cronograma.limites import LARGO_TEXTO_REPORTE, LINEAS_TEXTO_REPORTE, MaximoDeLineas, errores_de_largo


class ReporteNuevoForm(forms.Form):
    plan = forms.ModelChoiceField(Plan.objects.all(), label="Plan", empty_label=None)
    desde = CampoMes(label="Desde (mes)")
    hasta = CampoMes(label="Hasta (mes de corte)", help_text="El avance se lee al cierre de este mes.")


def _texto_del_reporte(etiqueta: str) -> forms.CharField:
    return forms.CharField(
        label=etiqueta, required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=LARGO_TEXTO_REPORTE,
        help_text=f"Hasta {LARGO_TEXTO_REPORTE} caracteres y {LINEAS_TEXTO_REPORTE} líneas.",
        validators=[MaximoDeLineas(LINEAS_TEXTO_REPORTE)], error_messages=errores_de_largo(LARGO_TEXTO_REPORTE),
    )


class TextosForm(forms.Form):
    logros = _texto_del_reporte("Logros")
    dificultades = _texto_del_reporte("Dificultades")
    medidas_correctivas = _texto_del_reporte("Medidas correctivas")


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
