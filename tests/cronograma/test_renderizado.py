"""Los campos que `RenderizadorDeCampos` escribe en Python salen idénticos a los de las plantillas de
Django, para toda entrada (Hypothesis): el camino rápido es igual al completo."""

from datetime import date
from types import SimpleNamespace

from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from hypothesis import given, settings
from hypothesis import strategies as st

from cronograma.forms import FormularioAvance
from cronograma.forms import ESCRITOS_EN_PYTHON, RenderizadorDeCampos

RAPIDO, DJANGO = RenderizadorDeCampos(), DjangoTemplates()
# Texto con lo que hay que escapar (y lo que no), números, y ya seguro.
textos = st.text(alphabet=st.sampled_from(list("aZ09 ñé%.,-_<>&\"'\n\t/=") + ["→", "😀"]), max_size=20)
valores = st.one_of(st.none(), textos, st.integers(-5, 5), st.decimals(allow_nan=False, allow_infinity=False, places=1),
                    textos.map(mark_safe))
atributos = st.dictionaries(
    st.sampled_from(["id", "class", "maxlength", "required", "aria-describedby", "aria-invalid", "size", "data-x",
                     "disabled", 'on"x']),
    st.one_of(st.booleans(), textos, st.integers(0, 3), textos.map(mark_safe)),
    max_size=6,
)


@settings(max_examples=300)
@given(plantilla=st.sampled_from(sorted(ESCRITOS_EN_PYTHON)), nombre=textos, tipo=st.sampled_from(["text", "number", "hidden", "month"]),
       valor=valores, attrs=atributos)
def test_cada_campo_sale_igual_que_con_la_plantilla_de_django(plantilla, nombre, tipo, valor, attrs):
    contexto = {"widget": {"name": nombre, "type": tipo, "value": valor, "attrs": attrs, "template_name": plantilla,
                           "is_hidden": tipo == "hidden", "required": False}}
    assert RAPIDO.render(plantilla, contexto) == DJANGO.render(plantilla, contexto)


@settings(max_examples=200)
@given(porcentaje=textos, comentario=textos, mes=st.sampled_from(["2021-03", "2021-13", "", "x<y"]),
       version=st.sampled_from(["0", "-1", "abc", ""]), codigo=st.sampled_from(["1.1", "3.10.2", 'a"b']),
       enviado=st.booleans())
def test_el_formulario_del_avance_sale_igual_con_errores_o_sin_ellos(porcentaje, comentario, mes, version, codigo, enviado):
    """El formulario real de la hoja del mes, recién abierto o enviado con errores: mismo HTML campo a campo."""
    hoja = SimpleNamespace(codigo=codigo)
    datos = {"p-porcentaje": porcentaje, "p-comentario": comentario, "p-mes": mes, "p-version": version} if enviado else None

    def dibujar(renderizador):
        formulario = FormularioAvance(datos, hoja=hoja, mes=None if enviado else date(2021, 3, 1), prefix="p",
                                      renderer=renderizador)
        formulario.is_valid()
        return [str(formulario[campo]) for campo in ("porcentaje", "comentario", "mes", "version")]

    assert dibujar(RAPIDO) == dibujar(DJANGO)


def test_lo_que_no_sabe_escribir_se_lo_deja_a_django():
    contexto = {"widget": {"name": "x", "type": "checkbox", "value": None, "attrs": {"checked": True},
                           "template_name": "django/forms/widgets/checkbox.html"}}
    assert RAPIDO.render("django/forms/widgets/checkbox.html", contexto) == '<input type="checkbox" name="x" checked>'
