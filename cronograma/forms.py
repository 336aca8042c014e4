"""Formulario del avance de un mes: lo valida y lo guarda `registro.registrar_avance`, no el formulario.

Lo que registro rechaza vuelve aquí como errores en castellano, con lo escrito por el usuario intacto.
"""

from datetime import date

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError

from calidad.lectores import id_html
from componentes.catalogo import Hoja
from componentes.meses import MesInvalido, clave_mes, leer_mes
from cronograma.renderizado import RenderizadorDeCampos
from cronograma.limites import LARGO_COMENTARIO, LINEAS_COMENTARIO, MaximoDeLineas, errores_de_largo
from cronograma.models import Avance
from cronograma.registro import SIN_REGISTRO, ConflictoDeEdicion, registrar_avance

# Los errores de registro sobre estos campos se muestran junto al campo; el resto, arriba del formulario.
CAMPOS_VISIBLES = ("porcentaje", "comentario")


def porcentaje_escrito(porcentaje) -> str:
    """El % como se escribe en su casilla en el Perú: «70,0» (coma decimal, sin «%»); se lee igual con
    coma o con punto (avance.validar_porcentaje)."""
    return f"{porcentaje}".replace(".", ",")


def _mes_o_none(texto: str) -> date | None:
    try:
        return leer_mes(texto)
    except MesInvalido:
        return None


class FormularioAvance(forms.Form):
    # La hoja del mes dibuja miles de estos formularios: sus campos, en Python (el mismo HTML; ver renderizado.py).
    default_renderer = RenderizadorDeCampos()
    # En la página de la fila, un error general del resumen lleva al formulario entero (templatetags/formularios.py).
    ancla_de_errores_generales = "registro"

    porcentaje = forms.CharField(
        label="Avance acumulado (%)",
        max_length=8,
        help_text="De 0 a 100, con un decimal como máximo.",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6, "autocomplete": "off"}),
    )
    comentario = forms.CharField(
        label="Comentario",
        required=False,
        max_length=LARGO_COMENTARIO,
        validators=[MaximoDeLineas(LINEAS_COMENTARIO)],
        error_messages=errores_de_largo(LARGO_COMENTARIO),
        help_text="Obligatorio si el valor baja respecto del mes anterior o queda por debajo de lo programado.",
        widget=forms.Textarea(attrs={"rows": 2, "cols": 32}),
    )
    mes = forms.CharField(widget=forms.HiddenInput)
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(self, data=None, *, hoja: Hoja, mes: date | None = None, registro: Avance | None = None, **kwargs):
        self.hoja = hoja
        self.conflicto: Avance | None = None
        if data is None and mes is not None:
            kwargs["initial"] = {
                "porcentaje": porcentaje_escrito(registro.porcentaje) if registro else "",
                "comentario": registro.comentario if registro else "",
                "mes": clave_mes(mes),
                "version": registro.version if registro else SIN_REGISTRO,
            }
        texto_mes = data.get("mes", "") if data is not None else clave_mes(mes) if mes else ""
        self.mes_elegido = mes or _mes_o_none(texto_mes)
        # Ids únicos aunque la página tenga un formulario por fila (cada <label for> apunta al suyo). Django
        # usa auto_id como formato («%s»): se arma con el mes ya leído, nunca con lo que se envió.
        parte_mes = clave_mes(self.mes_elegido) if self.mes_elegido else "sin-mes"
        kwargs.setdefault("auto_id", f"avance-{id_html(hoja.codigo)}-{parte_mes}-%s")
        super().__init__(data, **kwargs)

    def clean_mes(self) -> date:
        try:
            return leer_mes(self.cleaned_data["mes"])
        except MesInvalido as error:
            raise ValidationError(str(error)) from None

    def registrar(self, usuario, *, perfil=None) -> Avance | None:
        """Guarda el avance; si no se puede, deja el motivo en el formulario y devuelve None. `perfil`: el
        de la petición, si ya se calculó (ver `registro.registrar_avance`)."""
        if not self.is_valid():
            return None
        datos = self.cleaned_data
        try:
            return registrar_avance(
                hoja=self.hoja,
                mes=datos["mes"],
                porcentaje=datos["porcentaje"],
                comentario=datos["comentario"],
                usuario=usuario,
                version_base=datos["version"],
                perfil=perfil,
            )
        except ValidationError as error:
            self._agregar_errores(error)
        except PermissionDenied as error:
            self.add_error(None, str(error) or "No tiene permiso para registrar avance en esta fila.")
        except ConflictoDeEdicion as conflicto:
            self._mostrar_conflicto(conflicto)
        return None

    def _agregar_errores(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for campo, mensajes in error.message_dict.items():
            for mensaje in mensajes:
                self.add_error(campo if campo in CAMPOS_VISIBLES else None, mensaje)

    def _mostrar_conflicto(self, conflicto: ConflictoDeEdicion) -> None:
        """Avisa con el valor actual, quién y cuándo; lo escrito se conserva y el siguiente envío,
        ya hecho a sabiendas, se compara con la versión actual."""
        self.add_error(None, str(conflicto))
        self.conflicto = conflicto.actual
        self.data = self.data.copy()
        self.data["version"] = str(conflicto.actual.version if conflicto.actual else SIN_REGISTRO)
