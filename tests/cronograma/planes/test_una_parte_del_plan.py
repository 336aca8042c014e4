"""La vía rápida es el cálculo completo (issue 24): la hoja del mes de una unidad lee el catálogo y el libro
solo de las actividades con filas de sus unidades (`varios.seguimientos_de(..., siglas=...)`), y las cifras
del plan entero en tuplas. Con planes, unidades, versiones y escrituras al azar, las cifras de todas las
filas, actividades, componentes y del plan son EXACTAMENTE las del cálculo completo (`Seguimiento`), y la
hoja que ve cada usuario (una unidad, o la coordinación con su filtro) tiene las mismas filas, en las mismas
secciones, con las mismas cifras y registros. Sin unidades (la vista general) quedan las cifras y la cuenta
de pendientes."""

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from componentes.catalogo import Catalogo
from cronograma.avance import Seguimiento
from cronograma.mensual.hoja import armar_hoja_del_mes, filtro_de_unidad, unidades_a_leer
from cronograma.mensual.pendientes import cuantas_pendientes, filas_pendientes
from cronograma.models import Avance, MesProgramado
from cronograma.permisos import Perfil
from cronograma.planes.varios import seguimientos_de
from cronograma.reprogramacion.versiones import version_en_curso
from tests.cronograma.test_consolidados import ARBOLES, MESES, PORCENTAJES, _crear, _reprogramar
from tests.factories import crear_responsable

UNIDADES = ("SDLGAT", "DRTPELM", "DGT")  # y la coordinación, OGPP (settings.CALIDAD_COORDINADOR)


def _asignar_unidades(plan, datos) -> None:
    """Unidades al azar en cada actividad y subactividad: ninguna (hereda, o la fila queda sin unidad), una o varias."""
    responsables = {sigla: crear_responsable(sigla) for sigla in (*UNIDADES, "OGPP")}
    catalogo = Catalogo(plan)
    for actividad in catalogo.actividades():
        for objeto in (actividad, *actividad.subactividades.all()):
            siglas = datos.draw(st.sets(st.sampled_from(sorted(responsables))), label=f"unidades de {objeto.codigo}")
            objeto.responsables.set([responsables[s] for s in sorted(siglas)])


def _hoja(resultado, perfil, filtro):
    """Lo que muestra la hoja: cada sección con sus filas, sus cifras, su programación y sus registros."""
    hoja = armar_hoja_del_mes(resultado, perfil, filtro=filtro)
    return (hoja.cifras_plan, hoja.mes_cerrado, hoja.estado_mes, [
        (seccion.clave, seccion.total, [
            (fila.clave, fila.cifras, fila.cifras_actividad, fila.meses_programados, fila.ultimo, fila.anterior,
             fila.registro_anterior, fila.registro, fila.editable, fila.hoja.responsables)
            for grupo in seccion.grupos for fila in grupo.filas])
        for seccion in hoja.secciones])


def _mismas_cifras(parte, completo) -> None:
    assert (parte.por_hoja, parte.por_actividad, parte.por_componente, parte.plan) == (
        completo.por_hoja, completo.por_actividad, completo.por_componente, completo.plan)
    assert parte.porcentajes == completo.porcentajes
    assert (parte.programacion, parte.fuera, parte.version) == (completo.programacion, completo.fuera, completo.version)


class TestLaHojaDeUnaParteEsLaDelPlanEntero(TestCase):
    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(arbol=ARBOLES, datos=st.data())
    def test_cifras_y_filas_de_cada_usuario(self, arbol, datos):
        plan = _crear(arbol)
        otro = _crear([(1, [(1, [1])])], vigente=False)  # otro plan abierto: nada suyo entra en la hoja del primero
        _asignar_unidades(plan, datos)
        _asignar_unidades(otro, datos)
        hojas = Catalogo(plan).hojas
        if not hojas:
            return
        version = version_en_curso(plan)
        for hoja in hojas:
            for mes in datos.draw(st.sets(st.sampled_from(MESES), max_size=3), label=f"programado {hoja.codigo}"):
                MesProgramado.objects.create(version=version, actividad=hoja.actividad, subactividad=hoja.subactividad, mes=mes)
        _reprogramar(plan, datos)
        hojas = Catalogo(plan).hojas  # con las filas que agregó alguna versión
        for indice, mes, porcentaje in datos.draw(
            st.lists(st.tuples(st.integers(0, len(hojas) - 1), st.sampled_from(MESES), PORCENTAJES), max_size=12),
            label="escrituras",
        ):
            hoja = hojas[indice]
            Avance.objects.update_or_create(actividad=hoja.actividad, subactividad=hoja.subactividad, mes=mes,
                                            defaults={"porcentaje": porcentaje, "comentario": f"{indice}"})
        corte = datos.draw(st.sampled_from([date(2020, 9, 1), *MESES]), label="corte")
        completo = Seguimiento(plan).al_corte(corte)
        usuarios = [
            (Perfil(usuario_id=1, siglas=frozenset(datos.draw(st.sets(st.sampled_from(UNIDADES)), label="unidades del usuario"))), ""),
            (Perfil(usuario_id=2, siglas=frozenset({"OGPP"})),
             datos.draw(st.sampled_from(["", "todas", *UNIDADES, "OGPP"]), label="la coordinación pide")),
            (Perfil(usuario_id=3, siglas=frozenset({"SDLGAT"}), revisor=True), ""),  # no registra: nada que leer
        ]
        for perfil, pedido in usuarios:
            filtro = filtro_de_unidad(perfil, pedido, sorted({*UNIDADES, "OGPP"}))
            siglas = unidades_a_leer(perfil, filtro)
            parte = seguimientos_de([plan, otro], siglas=siglas)[plan.pk].al_corte(corte)
            _mismas_cifras(parte, completo)
            assert _hoja(parte, perfil, filtro) == _hoja(completo, perfil, filtro)
        solo_cifras = seguimientos_de([plan, otro], siglas=frozenset())[plan.pk].al_corte(corte)
        _mismas_cifras(solo_cifras, completo)
        assert solo_cifras.hojas == [] and cuantas_pendientes(solo_cifras) == len(filas_pendientes(completo))
