"""Formularios de los planes: crear desde un libro, copiar, archivar. Solo leen y validan la entrada."""

from django import forms

from componentes.models import Plan
from cronograma.limites import CampoMes
from cronograma.planes.creacion import MESES_DESPLAZADOS, MESES_VACIOS


class PlanDesdeLibroForm(forms.Form):
    archivo = forms.FileField(label="Libro del Anexo N° 2 del nuevo servicio (.xlsx)")


class CopiarPlanForm(forms.Form):
    origen = forms.ModelChoiceField(Plan.objects.all(), label="Plan cuyo catálogo se copia", empty_label=None)
    servicio = forms.CharField(label="Servicio del plan nuevo", max_length=200)
    desde = CampoMes(label="Primer mes (AAAA-MM)")
    hasta = CampoMes(label="Último mes (AAAA-MM)")
    meses = forms.ChoiceField(
        label="Meses programados",
        choices=[(MESES_VACIOS, "Vacíos (se programan después)"),
                 (MESES_DESPLAZADOS, "Desplazados tanto como el inicio del plan")],
        initial=MESES_VACIOS,
    )
