"""Formularios de la reprogramación: aprobar una versión y agregar una fila al borrador."""

from django import forms

from cronograma.limites import CampoMes


class AprobarVersionForm(forms.Form):
    motivo = forms.CharField(label="Sustento", widget=forms.Textarea(attrs={"rows": 3}), required=False,
                             help_text="Por qué se reprograma: lo leen la SGP y los reportes.")
    vigente_desde = CampoMes(label="Vigente desde (AAAA-MM)", help_text="Primer mes que se mide con esta versión.")


class FilaNuevaForm(forms.Form):
    codigo = forms.CharField(label="Código", max_length=20, help_text="Una actividad (1.9) o subactividad (1.2.9).")
    nombre = forms.CharField(label="Nombre", max_length=500)
    unidades = forms.CharField(label="Unidades", max_length=200, required=False, help_text="Siglas separadas por «/».")

    def nueva(self, meses: list[str]) -> dict:
        datos = self.cleaned_data
        return {"codigo": datos["codigo"], "nombre": datos["nombre"],
                "unidades": [s for s in datos["unidades"].split("/") if s.strip()], "meses": meses}


class LibroForm(forms.Form):
    archivo = forms.FileField(label="Libro del Anexo N° 2 (.xlsx)")
