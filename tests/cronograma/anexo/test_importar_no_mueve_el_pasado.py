"""Propiedad (Hypothesis): importar el Anexo N° 2 sin reprogramar nunca mueve una cifra ya vista.

Planes al azar con su programación y avance (los de la propiedad de las versiones), y un libro exportado y
retocado al azar: meses que se sombrean o se borran en filas al azar, una subactividad nueva, % AVANCE
nuevos al mes de corte del libro, un nombre cambiado. Tras la vista previa y la confirmación, cada cifra y
sombreado a todo corte anterior al mes de corte del libro es idéntico (issue 12: en un plan en curso,
mover meses o agregar filas es una versión nueva, con su vigente desde)."""


import pytest
from django.db import transaction
from hypothesis import assume, given
from hypothesis import strategies as st
from openpyxl.styles import PatternFill

from cronograma.anexo.excel import aplicar_cambios, leer_anexo2
from tests.cronograma.anexo.libros import libro_retocado
from tests.cronograma.reprogramacion.test_propiedades import MESES, PROPIEDAD_CON_PLANES, _crear, _foto, planes
from tests.factories import crear_usuario

pytestmark = pytest.mark.django_db
AZUL, SIN_RELLENO = PatternFill("solid", fgColor="9DC3E6"), PatternFill(fill_type=None)
PRIMERA_COLUMNA_DE_MES, COLUMNA_AVANCE = 4, 4 + len(MESES)


def _fila(pestana, codigo: str) -> int:
    return next(f for f in range(1, pestana.max_row + 1) if pestana.cell(f, 1).value == codigo)


def _retocar(draw, codigos):
    """Lo que el libro cambia, elegido antes de tocarlo (la pestaña se retoca después, sin sorteos)."""
    meses = {codigo: draw(st.sets(st.sampled_from(range(len(MESES))), max_size=3))
             for codigo in draw(st.lists(st.sampled_from(codigos), max_size=3, unique=True))}
    avances = {codigo: draw(st.integers(0, 100)) for codigo in draw(st.lists(st.sampled_from(codigos), max_size=3, unique=True))}
    con_subactividades = [c for c in codigos if c.count(".") == 2]
    nueva = draw(st.sampled_from(con_subactividades)) if con_subactividades and draw(st.booleans()) else None

    def retoque(pestana):
        for codigo, indices in meses.items():
            fila = _fila(pestana, codigo)
            for indice in range(len(MESES)):
                pestana.cell(fila, PRIMERA_COLUMNA_DE_MES + indice).fill = AZUL if indice in indices else SIN_RELLENO
        for codigo, valor in avances.items():
            pestana.cell(_fila(pestana, codigo), COLUMNA_AVANCE).value = valor
        pestana.cell(_fila(pestana, codigos[0]), 2).value = "Nombre corregido desde el libro"
        if nueva:
            fila = _fila(pestana, nueva)
            pestana.insert_rows(fila + 1)
            for columna, valor in ((1, nueva.rsplit(".", 1)[0] + ".9"), (2, "Fila nueva"), (3, "SDLGAT")):
                pestana.cell(fila + 1, columna).value = valor
            pestana.cell(fila + 1, PRIMERA_COLUMNA_DE_MES).fill = AZUL

    return retoque


@PROPIEDAD_CON_PLANES
@given(estructura=planes(), datos=st.data())
def test_importar_sin_reprogramar_no_mueve_el_pasado(estructura, datos):
    with transaction.atomic():
        coordinador = crear_usuario(f"ogpp{id(datos)}", unidades=("OGPP",))
        plan, codigos, _ = _crear(estructura, datos.draw)
        antes = _foto(plan, MESES)
        # Sin ningún mes programado el libro fija la programación inicial: ahí no hay pasado medido que cuidar.
        assume(any(fila_programada for _, filas in antes.values() for *_, fila_programada in filas))
        corte = datos.draw(st.sampled_from(MESES))
        cambios = leer_anexo2(libro_retocado(plan, corte, _retocar(datos.draw, codigos)), plan)
        assert cambios.valido, [str(e) for e in cambios.errores]
        assert not any(c.cambia("meses programados") for c in cambios.filas) and not cambios.a_crear
        aplicar_cambios(cambios, coordinador)
        despues = _foto(plan, MESES)
        anteriores = [m for m in MESES if m < corte]
        assert {m: antes[m] for m in anteriores} == {m: despues[m] for m in anteriores}
        transaction.set_rollback(True)
