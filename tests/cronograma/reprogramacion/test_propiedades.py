"""Propiedad (Hypothesis): aprobar una versión nunca cambia una cifra a un corte anterior a su vigente desde.

Para planes al azar (componentes, actividades con o sin subactividades, programación y avances) y
secuencias al azar de reprogramaciones (meses movidos, filas nuevas, filas sin avance retiradas, periodo
extendido, vigente desde al azar), cada cifra de cada fila (hoja y consolidada), el total del plan y el
sombreado de la grilla a todo corte anterior al vigente desde de la versión son idénticos antes y
después de aprobarla.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from componentes.meses import clave_mes, meses_entre
from cronograma.avance import Seguimiento
from cronograma.grilla.gantt import armar_grilla
from cronograma.reprogramacion.versiones import aprobar_version, crear_borrador, guardar_borrador
from tests.factories import (
    crear_actividad, crear_componente, crear_plan, crear_subactividad, crear_usuario, programar, registrar,
)

pytestmark = pytest.mark.django_db
INICIO, FIN = date(2020, 10, 1), date(2021, 3, 1)
MESES = meses_entre(INICIO, FIN)


def _foto(plan, cortes) -> dict:
    """Lo que muestran grilla, Excel, tablero y reportes a cada corte: cifras y sombreado por fila."""
    seguimiento = Seguimiento(plan)
    foto = {}
    for corte in cortes:
        resultado = seguimiento.al_corte(corte)
        foto[corte] = (resultado.plan, tuple(
            (fila.nivel, fila.codigo, fila.cifras, frozenset(c.mes for c in fila.celdas if c.programado))
            for fila in armar_grilla(resultado).filas
        ))
    return foto


@st.composite
def planes(draw):
    """Estructura: por componente, por actividad, cuántas subactividades (0 = la actividad es hoja)."""
    return draw(st.lists(st.lists(st.integers(0, 2), min_size=1, max_size=3), min_size=1, max_size=2))


def _crear(estructura, draw):
    plan = crear_plan(mes_inicio=INICIO, mes_fin=FIN)
    codigos = []
    for c, actividades in enumerate(estructura, start=1):
        componente = crear_componente(plan, c)
        for a, subs in enumerate(actividades, start=1):
            actividad = crear_actividad(componente, a, unidades=("SDLGAT",))
            if subs == 0:
                codigos.append(f"{c}.{a}")
            for s in range(1, subs + 1):
                crear_subactividad(actividad, s, unidades=("SDLGAT",))
                codigos.append(f"{c}.{a}.{s}")
    for codigo in codigos:
        meses = draw(st.sets(st.sampled_from(MESES), max_size=3))
        if meses:
            programar(plan, codigo, *sorted(meses))
        for mes in sorted(draw(st.sets(st.sampled_from(MESES), max_size=2))):
            registrar(plan, codigo, mes, draw(st.integers(0, 100)))
    return plan, codigos, estructura


def _reprogramar(draw, plan, usuario, estructura, minimo: date) -> date:
    borrador = crear_borrador(plan=plan, usuario=usuario)
    actuales = list(borrador.cambios["meses"])
    plan.refresh_from_db()
    fin = draw(st.sampled_from(meses_entre(plan.mes_fin, date(2021, 5, 1))))  # el periodo solo se extiende
    guardar_borrador(version=borrador, usuario=usuario, mes_fin=clave_mes(fin))
    periodo = meses_entre(INICIO, fin)
    movidas = draw(st.lists(st.sampled_from(actuales), max_size=3, unique=True)) if actuales else []
    guardar_borrador(version=borrador, usuario=usuario, meses={
        codigo: [clave_mes(m) for m in draw(st.sets(st.sampled_from(periodo), max_size=3))] for codigo in movidas})
    if draw(st.booleans()):  # una actividad nueva en el componente 1
        numero = len(estructura[0]) + 1
        usados = {c for c in actuales} | {n["codigo"] for n in borrador.cambios["nuevas"]}
        while f"1.{numero}" in usados:
            numero += 1
        estructura[0].append(0)
        guardar_borrador(version=borrador, usuario=usuario, nueva={
            "codigo": f"1.{numero}", "nombre": "Nueva", "unidades": ["SDLGAT"],
            "meses": [clave_mes(m) for m in draw(st.sets(st.sampled_from(periodo), max_size=2))]})
    sin_avance = [c for c in actuales if c not in _con_avance(plan)]
    if sin_avance and draw(st.booleans()):
        guardar_borrador(version=borrador, usuario=usuario, retiradas=[draw(st.sampled_from(sin_avance))])
    vigente_desde = draw(st.sampled_from(meses_entre(minimo, fin)))
    aprobar_version(version=borrador, motivo="Reprogramación al azar.", vigente_desde=vigente_desde, usuario=usuario)
    return vigente_desde


def _con_avance(plan):
    seguimiento = Seguimiento(plan)
    return {h.codigo for h in seguimiento.catalogo.hojas if seguimiento.registros.get(h.clave)}


# Planes en la base, cada ejemplo en su transacción: lentos; sin reducir (explicit, generate, target).
PROPIEDAD_CON_PLANES = settings(max_examples=30, deadline=None, report_multiple_bugs=False,
                                phases=[Phase.explicit, Phase.generate, Phase.target],
                                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@PROPIEDAD_CON_PLANES
@given(estructura=planes(), datos=st.data())
def test_aprobar_nunca_cambia_una_cifra_anterior_a_su_vigente_desde(estructura, datos):
    with transaction.atomic():
        usuario = crear_usuario(f"ogpp{id(datos)}", unidades=("OGPP",))
        plan, _, estructura = _crear(estructura, datos.draw)
        minimo = INICIO
        for _ in range(datos.draw(st.integers(1, 3))):
            plan.refresh_from_db()
            todos = meses_entre(INICIO, date(2021, 5, 1))
            antes = _foto(plan, todos)
            vigente_desde = _reprogramar(datos.draw, plan, usuario, estructura, minimo)
            despues = _foto(plan, todos)
            anteriores = [m for m in todos if m < vigente_desde]
            assert {m: antes[m] for m in anteriores} == {m: despues[m] for m in anteriores}
            minimo = vigente_desde
        transaction.set_rollback(True)


def test_la_propiedad_detecta_una_reprogramacion_que_reescribe_el_pasado():
    """Control: si la versión nueva rigiera desde el primer mes, las cifras anteriores sí cambiarían;
    la foto lo nota (la prueba de arriba podría fallar)."""
    plan = crear_plan(mes_inicio=INICIO, mes_fin=FIN)
    actividad = crear_actividad(crear_componente(plan, 1), 1, unidades=("SDLGAT",))
    crear_subactividad(actividad, 1, unidades=("SDLGAT",))
    programar(plan, "1.1.1", date(2020, 11, 1))
    usuario = crear_usuario("ogpp", unidades=("OGPP",))
    antes = _foto(plan, MESES)
    borrador = crear_borrador(plan=plan, usuario=usuario)
    guardar_borrador(version=borrador, usuario=usuario, meses={"1.1.1": ["2020-11", "2021-02"]})
    aprobar_version(version=borrador, motivo="x", vigente_desde=INICIO, usuario=usuario)
    despues = _foto(plan, MESES)
    assert antes[date(2020, 12, 1)] != despues[date(2020, 12, 1)]
    assert despues[date(2020, 12, 1)][0].programado == Decimal("50.0")
