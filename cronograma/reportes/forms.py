"""Formularios del reporte semestral: solo leen y validan la entrada; las escrituras van por reportes_flujo."""

from django import forms

from componentes.models import Plan
from cronograma.limites import CampoMes
from cronograma.limites import (
    LARGO_MOTIVO_SIN_INFORMACION, LARGO_TEXTO_REPORTE, LINEAS_TEXTO_REPORTE, MaximoDeLineas, errores_de_largo,
)


class ReporteNuevoForm(forms.Form):
    plan = forms.ModelChoiceField(Plan.objects.filter(archivado=False), label="Plan", empty_label=None,
                                  error_messages={"invalid_choice": "Elija uno de los planes de la lista."})
    desde = CampoMes(label="Desde (mes)")
    hasta = CampoMes(label="Hasta (mes de corte)", help_text="El avance se lee al cierre de este mes.")

    def __init__(self, *args, plan: Plan | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # Bajo /planes/<id>/ el reporte es de ese plan: la lista (y lo que se acepta) se reduce a él.
        if plan is not None:
            self.fields["plan"].queryset = self.fields["plan"].queryset.filter(pk=plan.pk)


def _texto_del_reporte(etiqueta: str) -> forms.CharField:
    return forms.CharField(
        label=etiqueta, required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=LARGO_TEXTO_REPORTE,
        help_text=f"Hasta {LARGO_TEXTO_REPORTE} caracteres y {LINEAS_TEXTO_REPORTE} líneas.",
        validators=[MaximoDeLineas(LINEAS_TEXTO_REPORTE)], error_messages=errores_de_largo(LARGO_TEXTO_REPORTE),
    )


APARTADOS = (("logros", "Logros"), ("dificultades", "Dificultades"), ("medidas_correctivas", "Medidas correctivas"))


class TextosForm(forms.Form):
    """Los tres apartados de un componente; cada uno con su texto o «sin información» y el motivo.

    `campos_enviados()` dice qué campos trajo la petición: solo esos se guardan (una petición que trae
    un campo no borra los demás).
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for campo, titulo in APARTADOS:
            self.fields[campo] = _texto_del_reporte(titulo)
            self.fields[f"{campo}_marca"] = forms.BooleanField(label="Sin información", required=False)
            self.fields[f"{campo}_motivo"] = forms.CharField(
                label="Motivo", required=False, max_length=LARGO_MOTIVO_SIN_INFORMACION,
                error_messages=errores_de_largo(LARGO_MOTIVO_SIN_INFORMACION),
                help_text="Por qué este apartado queda sin información en el periodo.",
            )

    def apartados(self):
        """(título, campo de texto, casilla, motivo) de cada apartado, para la plantilla."""
        return [(titulo, self[campo], self[f"{campo}_marca"], self[f"{campo}_motivo"]) for campo, titulo in APARTADOS]

    def clean(self):
        datos = super().clean()
        for campo, titulo in APARTADOS:
            texto = (datos.get(campo) or "").strip()
            marca, motivo = datos.get(f"{campo}_marca"), (datos.get(f"{campo}_motivo") or "").strip()
            if marca and texto:
                self.add_error(f"{campo}_marca", f"{titulo}: escriba el texto o marque «sin información», no ambos.")
            elif marca and not motivo:
                self.add_error(f"{campo}_motivo", f"{titulo}: indique el motivo de «sin información».")
            elif motivo and not marca:
                self.add_error(f"{campo}_marca", f"{titulo}: marque «sin información» o borre el motivo.")
        return datos

    def valores_enviados(self) -> dict[str, str]:
        """Los valores de los campos que trajo la petición, con el nombre del modelo."""
        valores = {}
        for campo, _ in APARTADOS:
            if self.add_prefix(campo) in self.data:
                valores[campo] = self.cleaned_data.get(campo) or ""
            if self.add_prefix(f"{campo}_motivo") in self.data:
                marca = self.cleaned_data.get(f"{campo}_marca")
                valores[f"{campo}_sin_informacion"] = (self.cleaned_data.get(f"{campo}_motivo") or "") if marca else ""
        return valores


class FirmaForm(forms.Form):
    version_firma = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    firmante_nombre = forms.CharField(label="Nombre de quien firma", max_length=200, required=False)
    firmante_cargo = forms.CharField(label="Cargo de quien firma", max_length=200, required=False)


class AprobacionForm(forms.Form):
    fecha_aprobacion = forms.DateField(
        label="Fecha de aprobación", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"], error_messages={"required": "Indique la fecha de aprobación."},
        help_text="La fecha en que se aprobó el reporte: no antes del fin del periodo, no futura.",
    )


class RemisionForm(forms.Form):
    fecha_remision = forms.DateField(
        label="Fecha de remisión", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"], error_messages={"required": "Indique la fecha de remisión."},
        help_text="La fecha del oficio: no antes de la aprobación, no futura.",
    )
    numero_oficio = forms.CharField(
        label="Número de oficio", max_length=100, error_messages={"required": "Indique el número de oficio."}
    )
