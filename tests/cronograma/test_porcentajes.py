"""Invariantes de la aritmética de % (avance.py) y del mes de la base, sobre todas las entradas."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from cronograma.avance import redondear, texto_porcentaje, validar_porcentaje

DECIMAS = st.integers(min_value=0, max_value=1000).map(lambda n: Decimal(n) / 10)


@given(DECIMAS)
def test_lo_que_se_muestra_se_vuelve_a_leer_igual(valor):
    """«45,5 %» escrito de vuelta en un formulario da 45,5: la página y la lectura hablan el mismo %."""
    texto = texto_porcentaje(valor)
    assert texto.endswith(" %") and "," in texto
    assert validar_porcentaje(texto.removesuffix(" %")) == valor


@given(st.decimals(allow_nan=True, allow_infinity=True, places=None))
def test_un_porcentaje_leido_siempre_esta_en_rango_y_con_un_decimal(valor):
    try:
        leido = validar_porcentaje(str(valor))
    except ValidationError as error:
        assert set(error.message_dict) == {"porcentaje"}  # nunca otra cosa que un mensaje del campo
        return
    assert Decimal(0) <= leido <= Decimal(100) and leido == redondear(leido) and leido == valor


@pytest.mark.django_db
@settings(max_examples=60, deadline=None)
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_la_restriccion_de_la_base_acepta_solo_el_primer_dia(dia):
    """El CHECK de la base (DiaDelMes) y Python coinciden para cualquier fecha, en SQLite y PostgreSQL."""
    from cronograma.models import CierreMensual

    restriccion = next(c for c in CierreMensual._meta.constraints if c.name == "cierre_mes_primer_dia")
    try:
        restriccion.validate(CierreMensual, CierreMensual(mes=dia, cerrado=True))
    except ValidationError:
        assert dia.day != 1
    else:
        assert dia.day == 1
