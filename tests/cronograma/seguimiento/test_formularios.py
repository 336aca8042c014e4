"""El mes límite de un compromiso se lee con el mismo campo de mes que el resto del sitio (cronograma.limites)."""

from datetime import date

import pytest

from cronograma.seguimiento.forms import CompromisoNuevoForm


@pytest.mark.parametrize("texto", ["2021-13", "²⁰²¹-03", "%s", "=1+1", "2021-3-1"])
def test_un_mes_limite_mal_escrito_es_un_error_en_castellano(db, texto):
    formulario = CompromisoNuevoForm({"texto": "Completar el taller.", "mes_limite": texto})
    assert not formulario.is_valid()
    assert formulario.errors["mes_limite"] == [
        f"«{texto}» no es un mes válido: use el formato AAAA-MM (año de 1900 a 2200, mes de 01 a 12), por ejemplo 2021-03."
    ]


def test_un_mes_limite_bien_escrito_es_el_primer_dia_del_mes(db):
    formulario = CompromisoNuevoForm({"texto": "Completar el taller.", "mes_limite": "2021-03"})
    formulario.is_valid()
    assert "mes_limite" not in formulario.errors
    assert formulario.cleaned_data["mes_limite"] == date(2021, 3, 1)
