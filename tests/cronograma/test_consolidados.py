"""Las cifras de una sola fila (`cronograma.consolidados`) son EXACTAMENTE las del cálculo completo
(`avance.Seguimiento`): la fila, su actividad, su componente y el plan, en planes, versiones del plan
(meses movidos, filas agregadas o retiradas, vigentes desde meses al azar) y escrituras al azar.
También las de la grilla, que lee solo los % (`Seguimiento(plan, libro=False)`)."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from componentes.catalogo import Catalogo, hoja_por_codigo
from componentes.meses import clave_mes, meses_entre
from componentes.models import Actividad
from cronograma.avance import Seguimiento
from cronograma.consolidados import avance_de_fila
from cronograma.models import Avance, MesProgramado
from cronograma.reprogramacion.versiones import aprobar_version, crear_borrador, guardar_borrador, version_en_curso
from tests.factories import crear_actividad, crear_componente, crear_plan, crear_subactividad, crear_usuario

MESES = meses_entre(date(2020, 10, 1), date(2021, 3, 1))
# Pesos que dan divisiones inexactas (1/3, 0,07…) y el caso «todos cero» (promedio simple).
PESOS = st.sampled_from([Decimal("1"), Decimal("0"), Decimal("2"), Decimal("0.5"), Decimal("3.3"), Decimal("0.07")])
PORCENTAJES = st.integers(min_value=0, max_value=1000).map(lambda n: Decimal(n) / 10)

# Un plan: componentes → actividades → número de subactividades (0 = la actividad es su propia fila hoja).
ARBOLES = st.lists(
    st.tuples(PESOS, st.lists(st.tuples(PESOS, st.lists(PESOS, max_size=3)), max_size=3)),
    min_size=1, max_size=3,
)


def _crear(arbol, vigente=True):
    plan = crear_plan(vigente=vigente)
    for c, (peso_c, actividades) in enumerate(arbol, start=1):
        componente = crear_componente(plan, c, peso=peso_c)
        for a, (peso_a, subs) in enumerate(actividades, start=1):
            actividad = crear_actividad(componente, a, peso=peso_a)
            for s, peso_s in enumerate(subs, start=1):
                crear_subactividad(actividad, s, peso=peso_s)
    return plan


def _comparar(plan, corte):
    completo = Seguimiento(plan).al_corte(corte)
    sin_libro = Seguimiento(plan, libro=False).al_corte(corte)
    assert (sin_libro.por_hoja, sin_libro.por_actividad, sin_libro.por_componente, sin_libro.plan) == (
        completo.por_hoja, completo.por_actividad, completo.por_componente, completo.plan)
    assert sin_libro.porcentajes == completo.porcentajes and sin_libro.registros is None
    for hoja in completo.catalogo.hojas:
        ligera = hoja_por_codigo(plan, hoja.codigo)
        assert ligera == hoja or (ligera.clave, ligera.codigo, ligera.responsables) == (hoja.clave, hoja.codigo, hoja.responsables)
        de_fila = avance_de_fila(ligera, corte)
        assert de_fila.fila == completo.por_hoja[hoja.clave]
        assert de_fila.actividad == completo.por_actividad[hoja.actividad.id]
        assert de_fila.componente == completo.por_componente[hoja.componente.id]
        assert de_fila.plan == completo.plan
        assert de_fila.meses_programados == tuple(sorted(completo.programacion.get(hoja.clave, ())))
        assert de_fila.registros == completo.registros.get(hoja.clave, {})


def _reprogramar(plan, datos):
    """De 0 a 2 versiones más, aprobadas con vigente desde al azar (no decreciente, como exige la
    aprobación): mueven meses de algunas filas, agregan una actividad o retiran una fila (aún sin avance)."""
    veces = datos.draw(st.integers(0, 2), label="versiones nuevas")
    if not veces:
        return
    usuario = crear_usuario(unidades=("OGPP",))
    desde = MESES[0]
    for _ in range(veces):
        borrador = crear_borrador(plan=plan, usuario=usuario)
        actuales = sorted(borrador.cambios["meses"])
        movidas = datos.draw(st.lists(st.sampled_from(actuales), max_size=2, unique=True), label="movidas") if actuales else []
        guardar_borrador(version=borrador, usuario=usuario, meses={
            codigo: [clave_mes(m) for m in datos.draw(st.sets(st.sampled_from(MESES), max_size=3), label=f"meses {codigo}")]
            for codigo in movidas})
        if datos.draw(st.booleans(), label="agrega una actividad"):
            # También las actividades retiradas: siguen en el catálogo y su código no se reutiliza.
            usados = set(actuales) | {n["codigo"] for n in borrador.cambios["nuevas"]} | {
                f"1.{n}" for n in Actividad.objects.filter(componente__plan=borrador.plan, componente__numero=1)
                .values_list("numero", flat=True)}
            numero = next(n for n in range(1, 99) if f"1.{n}" not in usados and not any(u.startswith(f"1.{n}.") for u in usados))
            guardar_borrador(version=borrador, usuario=usuario, nueva={
                "codigo": f"1.{numero}", "nombre": "Nueva", "unidades": ["OGPP"],
                "meses": [clave_mes(m) for m in datos.draw(st.sets(st.sampled_from(MESES), max_size=2), label="meses nueva")]})
        if len(actuales) > 1 and datos.draw(st.booleans(), label="retira una fila"):
            guardar_borrador(version=borrador, usuario=usuario, retiradas=[datos.draw(st.sampled_from(actuales), label="retirada")])
        desde = datos.draw(st.sampled_from([m for m in MESES if m >= desde]), label="vigente desde")
        aprobar_version(version=borrador, motivo="Reprogramación al azar.", vigente_desde=desde, usuario=usuario)


class TestMismasCifrasQueElCalculoCompleto(TestCase):
    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        arbol=ARBOLES,
        datos=st.data(),
    )
    def test_fila_actividad_componente_y_plan(self, arbol, datos):
        plan = _crear(arbol)
        hojas = Catalogo(plan).hojas
        if not hojas:
            return
        version = version_en_curso(plan)
        for hoja in hojas:
            for mes in datos.draw(st.sets(st.sampled_from(MESES), max_size=4), label=f"programado {hoja.codigo}"):
                MesProgramado.objects.create(version=version, actividad=hoja.actividad, subactividad=hoja.subactividad,
                                             mes=mes)
        _reprogramar(plan, datos)
        hojas = Catalogo(plan).hojas  # con las filas que agregó alguna versión
        escrituras = datos.draw(
            st.lists(st.tuples(st.integers(0, len(hojas) - 1), st.sampled_from(MESES), PORCENTAJES), max_size=12),
            label="escrituras",
        )
        cortes = datos.draw(st.lists(st.sampled_from([date(2020, 9, 1), *MESES]), min_size=1, max_size=2), label="cortes")
        for indice, mes, porcentaje in escrituras:
            hoja = hojas[indice]
            Avance.objects.update_or_create(
                actividad=hoja.actividad, subactividad=hoja.subactividad, mes=mes, defaults={"porcentaje": porcentaje}
            )
        # «Hoy» (Lima) al azar dentro del plan: el corte puede ser el mes en curso, donde estado y semáforo se
        # miden contra lo exigible (lo programado hasta el mes anterior), también por la vía rápida.
        hoy = datos.draw(st.sampled_from([None, *MESES]), label="hoy")
        with _hoy(hoy):
            for corte in cortes:
                _comparar(plan, corte)


def _hoy(mes):
    """Fija la fecha de hoy que lee cronograma.ciclo (el día 15 de `mes`); None: la de verdad."""
    from contextlib import nullcontext
    from unittest import mock

    return nullcontext() if mes is None else mock.patch("cronograma.ciclo.timezone.localdate",
                                                       return_value=mes.replace(day=15))


@pytest.mark.django_db
def test_codigos_que_no_son_filas_hoja():
    plan = _crear([(Decimal("1"), [(Decimal("1"), [Decimal("1")]), (Decimal("1"), [])])])
    assert hoja_por_codigo(plan, "1.1.1").codigo == "1.1.1"
    assert hoja_por_codigo(plan, "1.2").codigo == "1.2"
    for codigo in ("1.1", "1", "1.1.1.1", "1.3", "2.1", "x.1", "1.1.99999999999", "1.0", "", "1..1", "１.1"):
        assert hoja_por_codigo(plan, codigo) is None, codigo
    otro = _crear([(Decimal("1"), [(Decimal("1"), [Decimal("1")])])], vigente=False)
    assert hoja_por_codigo(otro, "1.2") is None  # el código existe, pero en otro plan
