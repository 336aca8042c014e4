"""Propiedad (Hypothesis, issue 21): aprobar un borrador cambia exactamente lo que el borrador cambió.

Para planes al azar con filas que tienen unidades propias y filas que siguen a su actividad, y borradores
al azar (meses movidos, nombres y unidades cambiados, y el editor devolviendo para todas las demás filas
las unidades que muestra), al aprobar:
- ninguna fila que el borrador no tocó cambia de nombre, de unidades ni de meses programados;
- una fila que seguía las unidades de su actividad sigue sin unidades propias (no se le escriben OGPP/SG
  explícitas) y no recibe historia de un cambio que nadie hizo;
- ninguna cifra a un corte anterior al vigente desde se mueve.
"""

from datetime import date

import pytest
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from componentes.catalogo import Catalogo
from componentes.meses import clave_mes, meses_entre
from componentes.models import Actividad, Subactividad
from cronograma.avance import Seguimiento
from cronograma.reprogramacion.versiones import aprobar_version, crear_borrador, guardar_borrador
from tests.cronograma.reprogramacion.test_propiedades import INICIO, MESES, PROPIEDAD_CON_PLANES, _foto
from tests.factories import (
    crear_actividad, crear_componente, crear_plan, crear_responsable, crear_subactividad, crear_usuario, programar,
    registrar,
)

pytestmark = pytest.mark.django_db
UNIDADES = ("OGPP", "SG", "SDLGAT")


def _crear(draw):
    """Un plan con actividades de 0 a 2 subactividades; cada subactividad, con unidades propias o ninguna
    (sigue a su actividad)."""
    for sigla in UNIDADES:
        crear_responsable(sigla)
    plan = crear_plan(mes_inicio=INICIO, mes_fin=date(2021, 3, 1))
    codigos = []
    for c in range(1, draw(st.integers(1, 2)) + 1):
        componente = crear_componente(plan, c)
        for a in range(1, draw(st.integers(1, 2)) + 1):
            actividad = crear_actividad(componente, a, unidades=(draw(st.sampled_from(UNIDADES)),))
            subs = draw(st.integers(0, 2))
            if subs == 0:
                codigos.append(f"{c}.{a}")
            for s in range(1, subs + 1):
                propias = draw(st.sampled_from([(), ("SG",), ("OGPP", "SDLGAT")]))
                crear_subactividad(actividad, s, unidades=propias)
                codigos.append(f"{c}.{a}.{s}")
    for codigo in codigos:
        meses = draw(st.sets(st.sampled_from(MESES), max_size=3))
        if meses:
            programar(plan, codigo, *sorted(meses))
        for mes in sorted(draw(st.sets(st.sampled_from(MESES), max_size=1))):
            registrar(plan, codigo, mes, draw(st.integers(0, 100)))
    return plan, codigos


def _estado(plan):
    """Por fila hoja: nombre, unidades propias, unidades en efecto, meses de la última versión y cuántas
    entradas de historia tienen sus unidades."""
    catalogo = Catalogo(plan)
    ultima = Seguimiento(plan).ultima
    estado = {}
    for hoja in catalogo.hojas:
        objeto = hoja.subactividad or hoja.actividad
        modelo = Subactividad if hoja.subactividad else Actividad
        estado[hoja.codigo] = {
            "nombre": hoja.nombre,
            "propias": sorted(objeto.responsables.values_list("sigla", flat=True)),
            "efectivas": sorted(r.sigla for r in hoja.responsables),
            "meses": sorted(ultima.meses.get(hoja.clave, ())),
            "historia": modelo.history.filter(id=objeto.pk).count(),
        }
    return estado


@PROPIEDAD_CON_PLANES
@given(datos=st.data())
def test_aprobar_cambia_solo_lo_que_el_borrador_cambio(datos):
    draw = datos.draw
    with transaction.atomic():
        usuario = crear_usuario(f"ogpp{id(datos)}", unidades=("OGPP",))
        plan, codigos = _crear(draw)
        borrador = crear_borrador(plan=plan, usuario=usuario)
        antes = _estado(plan)
        # Lo que el editor envía: todas las filas mostradas con sus unidades en efecto (como las muestra)…
        unidades = {codigo: list(antes[codigo]["efectivas"]) for codigo in codigos}
        # …y los cambios al azar.
        movidas = draw(st.lists(st.sampled_from(codigos), max_size=2, unique=True))
        meses = {c: [clave_mes(m) for m in draw(st.sets(st.sampled_from(MESES), max_size=3))] for c in movidas}
        renombradas = draw(st.lists(st.sampled_from(codigos), max_size=2, unique=True))
        nombres = {c: f"Nombre nuevo de {c}" for c in renombradas}
        reasignadas = draw(st.lists(st.sampled_from(codigos), max_size=2, unique=True))
        for codigo in reasignadas:
            unidades[codigo] = sorted(draw(st.sets(st.sampled_from(UNIDADES), min_size=1, max_size=2)))
        guardar_borrador(version=borrador, usuario=usuario, meses=meses, nombres=nombres, unidades=unidades)
        vigente_desde = draw(st.sampled_from(meses_entre(INICIO, date(2021, 3, 1))))
        cortes = meses_entre(INICIO, date(2021, 3, 1))
        foto_antes = _foto(plan, cortes)
        aprobar_version(version=borrador, motivo="Al azar.", vigente_desde=vigente_desde, usuario=usuario)
        despues = _estado(plan)
        foto_despues = _foto(plan, cortes)

        for codigo in codigos:
            a, d = antes[codigo], despues[codigo]
            if codigo not in renombradas:
                assert d["nombre"] == a["nombre"], codigo
            cambia_unidades = codigo in reasignadas and unidades[codigo] != a["efectivas"]
            if not cambia_unidades:
                assert d["propias"] == a["propias"], f"{codigo}: sus unidades propias cambiaron sin pedirlo"
                assert d["efectivas"] == a["efectivas"], codigo
                if codigo not in renombradas:
                    assert d["historia"] == a["historia"], f"{codigo}: historia de un cambio que nadie hizo"
            else:
                assert d["efectivas"] == unidades[codigo], codigo
            if codigo not in movidas:
                assert d["meses"] == a["meses"], codigo
            else:
                assert [clave_mes(m) for m in d["meses"]] == sorted(meses[codigo]), codigo
        anteriores = [m for m in cortes if m < vigente_desde]
        assert {m: foto_antes[m] for m in anteriores} == {m: foto_despues[m] for m in anteriores}
        transaction.set_rollback(True)
