"""Formularios del seguimiento: solo recogen y acotan datos; las reglas están en compromisos.py,
observaciones.py y avisos.py."""

from django import forms

from componentes.models import Responsable
from cronograma.limites import (
    LARGO_MENSAJE_OBSERVACION, LARGO_NOTAS_COMPROMISO, LARGO_TEXTO_COMPROMISO, CampoMes, errores_de_largo,
)
from cronograma.seguimiento.models import Aviso, Compromiso


def _unidades():
    return forms.ModelMultipleChoiceField(
        queryset=Responsable.objects.all(), to_field_name="sigla", label="Unidades responsables",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Elija al menos una unidad responsable.",
                        "invalid_choice": "Unidad desconocida: %(value)s."},
    )


class CompromisoNuevoForm(forms.Form):
    componente = forms.IntegerField(widget=forms.HiddenInput, required=False)
    texto = forms.CharField(label="Compromiso", max_length=LARGO_TEXTO_COMPROMISO, widget=forms.Textarea(attrs={"rows": 2}),
                            error_messages={**errores_de_largo(LARGO_TEXTO_COMPROMISO), "required": "Escriba el compromiso."})
    mes_limite = CampoMes(label="Mes límite", error_messages={"required": "Indique el mes límite."})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsables"] = _unidades()
        self.order_fields(["componente", "texto", "responsables", "mes_limite"])


class CompromisoCoordinacionForm(forms.Form):
    """Lo que edita la coordinación (todo) sobre la versión que vio."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    texto = forms.CharField(label="Compromiso", max_length=LARGO_TEXTO_COMPROMISO, widget=forms.Textarea(attrs={"rows": 3}),
                            error_messages={**errores_de_largo(LARGO_TEXTO_COMPROMISO), "required": "Escriba el compromiso."})
    mes_limite = CampoMes(label="Mes límite", error_messages={"required": "Indique el mes límite."})
    estado = forms.ChoiceField(label="Estado", choices=Compromiso.Estado.choices)
    notas = forms.CharField(label="Notas", required=False, max_length=LARGO_NOTAS_COMPROMISO,
                            widget=forms.Textarea(attrs={"rows": 3}), error_messages=errores_de_largo(LARGO_NOTAS_COMPROMISO))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsables"] = _unidades()
        self.order_fields(["version", "texto", "responsables", "mes_limite", "estado", "notas"])


class CompromisoUnidadForm(forms.Form):
    """Lo que actualiza la unidad dueña: el estado (pendiente o en proceso) y sus notas."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    estado = forms.ChoiceField(label="Estado", choices=[(e.value, e.label) for e in
                                                        (Compromiso.Estado.PENDIENTE, Compromiso.Estado.EN_PROCESO)])
    notas = forms.CharField(label="Notas", required=False, max_length=LARGO_NOTAS_COMPROMISO,
                            widget=forms.Textarea(attrs={"rows": 3}), error_messages=errores_de_largo(LARGO_NOTAS_COMPROMISO))


class RevisionForm(forms.Form):
    OBSERVAR, CONFORME, RESPONDER = "observar", "conforme", "responder"

    accion = forms.ChoiceField(choices=[(OBSERVAR, "Observar"), (CONFORME, "Conforme"), (RESPONDER, "Responder")])
    texto = forms.CharField(label="Motivo o respuesta", required=False, max_length=LARGO_MENSAJE_OBSERVACION,
                            widget=forms.Textarea(attrs={"rows": 2}), error_messages=errores_de_largo(LARGO_MENSAJE_OBSERVACION))


class PreferenciasForm(forms.Form):
    por_correo = forms.MultipleChoiceField(label="Recibir por correo", choices=Aviso.Tipo.choices, required=False,
                                           widget=forms.CheckboxSelectMultiple)
