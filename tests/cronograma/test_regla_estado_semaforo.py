"""La regla de coherencia entre estado y semáforo (avance.REGLA_ESTADO_SEMAFORO), sobre todos los pares."""

from decimal import Decimal

import pytest
from django.test import override_settings
from hypothesis import given, settings as ajustes, strategies as st

from cronograma import avance

# Todos los pares posibles ejecutado/programado con un decimal (0,0 … 100,0), como los redondea avance.py.
porcentajes = st.integers(min_value=0, max_value=1000).map(lambda n: Decimal(n) / 10)
umbrales = st.tuples(st.integers(1, 100), st.integers(1, 100)).map(
    lambda par: (Decimal(max(par)) / 100, Decimal(min(par)) / 100)
)


def _comprobar(ejecutado, programado):
    c = avance.cifras(ejecutado, programado)
    # Vencida si y solo si todo lo programado ya venció (programado 100 %) sin concluir (issue 23).
    assert (c.estado == avance.VENCIDA) == (c.programado >= 100 and c.ejecutado < 100)
    # Dentro de su ventana, Retrasada si y solo si el semáforo es ámbar o rojo.
    assert (c.estado == avance.RETRASADA) == (c.semaforo in (avance.AMBAR, avance.ROJO) and c.programado < 100)
    # Ámbar o rojo es siempre ir por detrás: Retrasada o Vencida; una vencida nunca es gris.
    if c.semaforo in (avance.AMBAR, avance.ROJO):
        assert c.estado in (avance.RETRASADA, avance.VENCIDA)
    if c.estado == avance.VENCIDA:
        assert c.semaforo != avance.GRIS
    # Ir igual o por delante de lo programado nunca es retraso ni es ámbar/rojo.
    if c.ejecutado >= c.programado:
        assert c.estado != avance.RETRASADA
        assert c.semaforo in (avance.VERDE, avance.GRIS)
    if c.estado == avance.CONCLUIDA:
        assert c.semaforo in (avance.VERDE, avance.GRIS)
    if c.estado == avance.NO_INICIADA:
        assert c.semaforo == avance.GRIS


@ajustes(max_examples=2000, deadline=None)
@given(porcentajes, porcentajes)
def test_estado_y_semaforo_nunca_se_contradicen(ejecutado, programado):
    _comprobar(ejecutado, programado)


@ajustes(max_examples=500, deadline=None)
@given(porcentajes, porcentajes, umbrales)
def test_tampoco_con_otros_umbrales(ejecutado, programado, par):
    verde, ambar = par
    with override_settings(CALIDAD_SEMAFORO_VERDE=verde, CALIDAD_SEMAFORO_AMBAR=ambar):
        _comprobar(ejecutado, programado)


def test_todos_los_pares_de_un_decimal_con_los_umbrales_por_defecto():
    """Además de la muestra de Hypothesis, el recorrido exhaustivo de los 1001 × 1001 pares es barato
    si se agrupa por programado: se prueba cada programado con los ejecutados alrededor de sus umbrales."""
    for p in range(0, 1001):
        programado = Decimal(p) / 10
        bordes = {0, 1000, p, p - 1, p + 1}
        for umbral in (Decimal("0.9"), Decimal("0.7")):
            limite = int(programado * umbral * 10)
            bordes |= {limite - 1, limite, limite + 1}
        for e in bordes:
            if 0 <= e <= 1000:
                _comprobar(Decimal(e) / 10, programado)


def test_la_regla_se_muestra_con_el_umbral_vigente(settings):
    settings.CALIDAD_SEMAFORO_VERDE = 0.85
    assert "85 %" in avance.regla_estado_semaforo()
    assert "Retrasada" in avance.regla_estado_semaforo()
    assert "Vencida" in avance.regla_estado_semaforo()


@pytest.mark.parametrize(("ejecutado", "estado", "semaforo"), [
    ("0", avance.VENCIDA, avance.ROJO), ("40", avance.VENCIDA, avance.ROJO), ("80", avance.VENCIDA, avance.AMBAR),
    ("95", avance.VENCIDA, avance.VERDE), ("100", avance.CONCLUIDA, avance.VERDE),
])
def test_con_todos_sus_meses_terminados_bajo_100_esta_vencida_con_su_color(ejecutado, estado, semaforo):
    c = avance.cifras(Decimal(ejecutado), Decimal("100"))
    assert (c.estado, c.semaforo) == (estado, semaforo)


def test_dentro_de_su_ventana_sigue_siendo_retrasada():
    c = avance.cifras(Decimal("10"), Decimal("50"))
    assert (c.estado, c.semaforo) == (avance.RETRASADA, avance.ROJO)


@pytest.mark.parametrize(("ejecutado", "programado"), [("36.7", "38.9"), ("79.4", "81.3")])
def test_el_caso_del_issue_ya_no_se_contradice(ejecutado, programado):
    c = avance.cifras(Decimal(ejecutado), Decimal(programado))
    assert (c.estado, c.semaforo) == (avance.EN_EJECUCION, avance.VERDE)
