"""La grilla: qué filas se marcan editables (lo decide permisos.py, la grilla solo lo anota) y qué muestra
cada celda de mes."""

from datetime import date
from unittest.mock import patch

from cronograma.avance import avance_del_plan
from cronograma.grilla.gantt import armar_grilla
from cronograma.permisos import escritura_del_mes, perfil_de
from tests.factories import crear_usuario, programar, registrar

OCT, NOV, DIC = date(2020, 10, 1), date(2020, 11, 1), date(2020, 12, 1)
ENE, FEB, MAR = date(2021, 1, 1), date(2021, 2, 1), date(2021, 3, 1)


def _fila(grilla, codigo):
    return next(fila for fila in grilla.filas if fila.codigo == codigo)


def _editables(anexo2, corte, *, unidades=("SDLGAT",), cerrados=frozenset()) -> set[str]:
    perfil = perfil_de(crear_usuario(unidades=unidades))
    # Hoy es diciembre de 2020: de enero en adelante, aún no empieza.
    with patch("cronograma.periodo.timezone.localdate", return_value=date(2020, 12, 15)):
        grilla = armar_grilla(avance_del_plan(anexo2, corte=corte), puede_escribir=escritura_del_mes(perfil, corte, cerrados))
    return {fila.codigo for fila in grilla.filas if fila.editable}


def test_filas_editables_solo_las_propias_y_con_el_corte_empezado_y_abierto(anexo2):
    propias = _editables(anexo2, NOV)
    assert "1.1.1" in propias and "3.3.1" not in propias  # 3.3.1 es de OGRH
    assert "1.1" not in propias and "1" not in propias  # una consolidada nunca se edita
    assert _editables(anexo2, NOV, cerrados={NOV}) == set()
    assert _editables(anexo2, DIC, cerrados={NOV}) == propias
    assert _editables(anexo2, ENE) == set()  # aún no empieza
    coordinacion = _editables(anexo2, NOV, unidades=("OGPP",))
    assert coordinacion == {fila.codigo for fila in armar_grilla(avance_del_plan(anexo2, corte=NOV)).filas if fila.es_hoja}


def test_sin_pregunta_de_permisos_nada_es_editable(anexo2):
    grilla = armar_grilla(avance_del_plan(anexo2, corte=MAR))
    assert not any(fila.editable for fila in grilla.filas)
    assert [anio.meses for anio in grilla.anios] == [3, 3]


def test_celdas_sombreadas_y_con_el_porcentaje_de_cada_mes_hasta_el_corte(anexo2):
    programar(anexo2, "1.1.1", OCT, NOV)
    programar(anexo2, "1.1.2", ENE)
    programar(anexo2, "1.1.6", FEB)  # del Equipo de Trabajo
    registrar(anexo2, "1.1.1", OCT, 30)
    registrar(anexo2, "1.1.1", DIC, 80)  # después del corte de noviembre: no se muestra
    grilla = armar_grilla(avance_del_plan(anexo2, corte=NOV))
    celdas = _fila(grilla, "1.1.1").celdas
    assert [c.mes for c in celdas] == [OCT, NOV, DIC, ENE, FEB, MAR]
    assert [c.programado for c in celdas] == [True, True, False, False, False, False]
    assert [c.porcentaje for c in celdas] == [30, None, None, None, None, None]
    # Las consolidadas se sombrean donde alguna de sus filas hoja está programada.
    assert [c.programado for c in _fila(grilla, "1.1").celdas] == [True, True, False, True, True, False]
    assert [c.programado for c in _fila(grilla, "1").celdas][:5] == [True, True, False, True, True]
    assert not any(c.porcentaje for c in _fila(grilla, "1.1").celdas)
    # Filtrada por unidad, una consolidada se sombrea solo por las filas que se muestran (1.1.6 no).
    sdlgat = armar_grilla(avance_del_plan(anexo2, corte=NOV), sigla="SDLGAT")
    assert [c.programado for c in _fila(sdlgat, "1.1").celdas] == [True, True, False, True, False, False]
