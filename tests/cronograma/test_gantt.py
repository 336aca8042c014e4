"""La grilla: qué celdas se marcan editables (lo decide permisos.py, la grilla solo lo anota)."""

from datetime import date
from unittest.mock import patch

from cronograma.avance import avance_del_plan
from cronograma.gantt import armar_grilla
from functools import partial

from cronograma.permisos import perfil_de, puede_escribir_celda
from tests.factories import crear_usuario, programar

OCT, NOV, MAR = date(2020, 10, 1), date(2020, 11, 1), date(2021, 3, 1)


def _fila(grilla, codigo):
    return next(fila for fila in grilla.filas if fila.codigo == codigo)


def test_celdas_editables_solo_en_filas_propias_y_meses_abiertos(anexo2):
    programar(anexo2, "1.1.1", OCT, NOV)
    perfil = perfil_de(crear_usuario(unidades=("SDLGAT",)))
    # Diciembre cerrado; de enero en adelante, aún no empieza (hoy es diciembre de 2020).
    with patch("cronograma.periodo.timezone.localdate", return_value=date(2020, 12, 15)):
        grilla = armar_grilla(
            avance_del_plan(anexo2, corte=MAR),
            puede_escribir=partial(puede_escribir_celda, perfil, cerrados={date(2020, 12, 1)}),
        )
    assert [c.editable for c in _fila(grilla, "1.1.1").celdas] == [True, True, False, False, False, False]
    assert [c.programado for c in _fila(grilla, "1.1.1").celdas] == [True, True, False, False, False, False]
    assert not any(c.editable for c in _fila(grilla, "3.3.1").celdas)  # de OGRH
    assert not any(c.editable for c in _fila(grilla, "1.1").celdas)  # consolidada: nunca se edita
    assert [c.programado for c in _fila(grilla, "1").celdas][:2] == [True, True]


def test_sin_pregunta_de_permisos_nada_es_editable(anexo2):
    grilla = armar_grilla(avance_del_plan(anexo2, corte=MAR))
    assert not any(celda.editable for fila in grilla.filas for celda in fila.celdas)
    assert [anio.meses for anio in grilla.anios] == [3, 3]
