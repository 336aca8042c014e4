"""calidad.memoria: el recolector de ciclos se pausa solo durante el bloque y siempre vuelve a como estaba."""

import gc

import pytest

from calidad.memoria import sin_recolector_de_ciclos


@pytest.fixture(autouse=True)
def _recolector_activo():
    gc.enable()
    yield
    gc.enable()


def test_pausa_durante_el_bloque_y_reanuda_al_salir():
    with sin_recolector_de_ciclos():
        assert not gc.isenabled()
        with sin_recolector_de_ciclos():  # anidado: el de adentro no lo reanuda antes de tiempo
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_reanuda_aunque_el_bloque_falle():
    with pytest.raises(ZeroDivisionError):
        with sin_recolector_de_ciclos():
            1 / 0
    assert gc.isenabled()


def test_si_ya_estaba_pausado_lo_deja_pausado():
    gc.disable()
    with sin_recolector_de_ciclos():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_los_ciclos_del_bloque_se_recogen_despues():
    class Nodo:
        pass

    with sin_recolector_de_ciclos():
        nodo = Nodo()
        nodo.yo = nodo  # un ciclo: solo el recolector lo libera
        del nodo
        assert any(isinstance(objeto, Nodo) for objeto in gc.get_objects())  # pausado: nadie lo recogió
    gc.collect()
    assert not any(isinstance(objeto, Nodo) for objeto in gc.get_objects())
