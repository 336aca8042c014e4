"""Las reglas del avance sobre casos calculados a mano."""

from datetime import date
from decimal import Decimal as D

import pytest

from cronograma import avance
from cronograma.avance import Seguimiento
from tests.factories import crear_actividad, crear_componente, crear_plan, crear_subactividad, hoja, programar, registrar

OCT, NOV, DIC, ENE, FEB, MAR = (date(2020, 10, 1), date(2020, 11, 1), date(2020, 12, 1),
                                date(2021, 1, 1), date(2021, 2, 1), date(2021, 3, 1))


def test_programado_se_reparte_parejo_entre_los_meses_programados():
    meses = {NOV, DIC}
    assert avance.programado_al(meses, OCT) == 0
    assert avance.programado_al(meses, NOV) == 50
    assert avance.programado_al(meses, DIC) == 100
    assert avance.programado_al(meses, MAR) == 100


def test_fila_sin_meses_programados_tiene_programado_cero():
    assert avance.programado_al(set(), MAR) == 0


def test_un_mes_sin_registro_arrastra_el_acumulado_anterior():
    registros = {OCT: D("20"), DIC: D("50")}
    assert avance.ejecutado_al(registros, NOV) == D("20")
    assert avance.ejecutado_al(registros, ENE) == D("50")
    assert avance.ejecutado_al(registros, date(2020, 9, 1)) == 0


@pytest.mark.parametrize(
    ("ejecutado", "programado", "semaforo"),
    [
        ("90.0", "100", avance.VERDE),  # exactamente 90 %: verde
        ("89.9", "100", avance.AMBAR),
        ("70.0", "100", avance.AMBAR),  # exactamente 70 %: ámbar
        ("69.9", "100", avance.ROJO),
        ("45.0", "50", avance.VERDE),  # 45 / 50 = 0,90
        ("0", "0", avance.GRIS),  # nada programado aún
        ("30", "0", avance.GRIS),
    ],
)
def test_limites_del_semaforo(ejecutado, programado, semaforo):
    assert avance.semaforo_de(D(ejecutado), D(programado)) == semaforo


def test_los_umbrales_del_semaforo_vienen_de_settings(settings):
    settings.CALIDAD_SEMAFORO_VERDE = 0.8
    settings.CALIDAD_SEMAFORO_AMBAR = 0.5
    assert avance.semaforo_de(D("80"), D("100")) == avance.VERDE
    assert avance.semaforo_de(D("50"), D("100")) == avance.AMBAR
    assert avance.semaforo_de(D("49.9"), D("100")) == avance.ROJO


@pytest.mark.parametrize(
    ("ejecutado", "programado", "estado"),
    [
        ("0", "0", avance.NO_INICIADA),
        ("0", "50", avance.RETRASADA),
        ("30", "100", avance.VENCIDA),  # todos sus meses terminaron bajo 100 % (issue 23)
        ("30", "90", avance.RETRASADA),
        ("30", "0", avance.EN_EJECUCION),
        ("50", "50", avance.EN_EJECUCION),
        ("36.7", "38.9", avance.EN_EJECUCION),  # componente 1 a Oct-2020: verde (0,94), no Retrasada
        ("34.9", "38.9", avance.RETRASADA),  # 0,897: ámbar, Retrasada
        ("100", "50", avance.CONCLUIDA),
    ],
)
def test_estado(ejecutado, programado, estado):
    assert avance.estado_de(D(ejecutado), D(programado)) == estado


def test_promedio_ponderado_y_pesos_en_cero():
    assert avance.promedio_ponderado([(D("10"), D("1")), (D("40"), D("3"))]) == D("32.5")
    assert avance.promedio_ponderado([(D("10"), D("0")), (D("40"), D("0"))]) == D("25")  # todos 0: promedio simple
    assert avance.promedio_ponderado([]) == 0


@pytest.fixture
def plan_pequeno(db):
    """Componente 1 (1.1 peso 1: 1.1.1 y 1.1.2 peso 3; 1.2 peso 3: 1.2.1) y componente 2 (2.1 es hoja)."""
    plan = crear_plan()
    c1, c2 = crear_componente(plan, 1), crear_componente(plan, 2)
    a11 = crear_actividad(c1, 1, unidades=("SDLGAT",))
    crear_subactividad(a11, 1, unidades=("SDLGAT",))
    crear_subactividad(a11, 2, unidades=("SDLGAT",), peso=D("3"))
    a12 = crear_actividad(c1, 2, unidades=("OGPP",), peso=D("3"))
    crear_subactividad(a12, 1, unidades=("OGPP",))
    crear_actividad(c2, 1, unidades=("OGRH",))
    programar(plan, "1.1.1", OCT, NOV)  # 1.1.2 no tiene meses programados
    programar(plan, "1.2.1", OCT)
    programar(plan, "2.1", DIC, ENE)
    registrar(plan, "1.1.1", OCT, 40)  # en noviembre no registra: arrastra 40
    registrar(plan, "1.1.2", OCT, 10)
    registrar(plan, "1.2.1", OCT, 100)
    registrar(plan, "2.1", DIC, 60)
    return plan


def test_consolidados_calculados_a_mano(plan_pequeno):
    resultado = Seguimiento(plan_pequeno).al_corte(NOV)
    cifras = lambda codigo: resultado.por_hoja[hoja(plan_pequeno, codigo).clave]  # noqa: E731

    fila = cifras("1.1.1")  # 40 arrastrado de octubre; Oct y Nov programados → 100
    # Todos sus meses programados terminaron bajo 100 %: Vencida (issue 23), con el color de la regla.
    assert (fila.ejecutado, fila.programado, fila.estado, fila.semaforo) == (D("40.0"), D("100.0"), avance.VENCIDA, avance.ROJO)
    fila = cifras("1.1.2")  # sin meses programados: programado 0, gris
    assert (fila.ejecutado, fila.programado, fila.estado, fila.semaforo) == (D("10.0"), D("0.0"), avance.EN_EJECUCION, avance.GRIS)
    fila = cifras("2.1")  # el 60 de diciembre aún no cuenta a noviembre
    assert (fila.ejecutado, fila.programado, fila.estado) == (D("0.0"), D("0.0"), avance.NO_INICIADA)

    componente_1, componente_2 = resultado.catalogo.componentes
    a11, a12 = componente_1.actividades.all()
    # 1.1 = (40·1 + 10·3) / 4 = 17,5 ; programado (100·1 + 0·3) / 4 = 25
    assert (resultado.por_actividad[a11.id].ejecutado, resultado.por_actividad[a11.id].programado) == (D("17.5"), D("25.0"))
    assert resultado.por_actividad[a12.id].estado == avance.CONCLUIDA
    # Por debajo de lo programado pero en verde (79,4 / 81,3 ≥ 0,90): En ejecución, no Retrasada.
    # Componente 1 = (17,5·1 + 100·3) / 4 = 79,375 → 79,4 ; programado (25 + 300) / 4 = 81,25 → 81,3
    c1 = resultado.por_componente[componente_1.id]
    assert (c1.ejecutado, c1.programado, c1.estado, c1.semaforo) == (D("79.4"), D("81.3"), avance.EN_EJECUCION, avance.VERDE)
    # Plan = (79,375 + 0) / 2 = 39,6875 → 39,7 (se promedian las cifras sin redondear) ; (81,25 + 0) / 2 = 40,625 → 40,6
    assert (resultado.plan.ejecutado, resultado.plan.programado) == (D("39.7"), D("40.6"))
    assert resultado.por_componente[componente_2.id].semaforo == avance.GRIS


def test_ultimo_registro_y_registro_del_mes(plan_pequeno):
    resultado = Seguimiento(plan_pequeno).al_corte(NOV)
    clave = hoja(plan_pequeno, "1.1.1").clave
    assert resultado.ultimo_registro(clave).mes == OCT
    assert resultado.registro(clave, NOV) is None
    assert resultado.ultimo_registro(hoja(plan_pequeno, "2.1").clave) is None  # su registro es de diciembre
