"""La escritura del avance: bloqueo optimista, regla del comentario, límites del mes y del porcentaje."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from componentes.meses import anterior, siguiente
from cronograma import avance as reglas
from cronograma import periodo, registro
from cronograma.forms import FormularioAvance
from cronograma.models import Avance
from cronograma.registro import SIN_REGISTRO, ConflictoDeEdicion, registrar_avance
from tests.factories import crear_actividad, crear_componente, crear_plan, crear_subactividad, crear_usuario, hoja, programar

OCT, NOV, DIC = date(2020, 10, 1), date(2020, 11, 1), date(2020, 12, 1)


@pytest.fixture
def plan(db):
    """Plan Oct-2020 … Mar-2021 con una fila 1.1.1 de SDLGAT programada en Oct y Nov."""
    plan = crear_plan()
    actividad = crear_actividad(crear_componente(plan, 1), 1, unidades=("SDLGAT",))
    crear_subactividad(actividad, 1, unidades=("SDLGAT",))
    programar(plan, "1.1.1", OCT, NOV)
    return plan


@pytest.fixture
def ana(db):
    return crear_usuario("ana", unidades=("SDLGAT",))


@pytest.fixture
def beto(db):
    return crear_usuario("beto", unidades=("SDLGAT",))


def _guardar(plan, usuario, mes, porcentaje, comentario="", version_base=None):
    return registrar_avance(hoja=hoja(plan, "1.1.1"), mes=mes, porcentaje=porcentaje, comentario=comentario,
                            usuario=usuario, version_base=version_base)


# --- Bloqueo optimista -------------------------------------------------------------------------------------

def test_version_vieja_es_rechazada_con_el_valor_actual_quien_y_cuando(plan, ana, beto):
    _guardar(plan, beto, OCT, "60", version_base=SIN_REGISTRO)  # beto guarda primero
    with pytest.raises(ConflictoDeEdicion) as conflicto:
        _guardar(plan, ana, OCT, "70", version_base=SIN_REGISTRO)  # ana partía de "sin registro"
    mensaje = str(conflicto.value)
    assert "beto" in mensaje and "60,0 %" in mensaje and "/" in mensaje  # quién, valor y fecha
    avance = Avance.objects.get()
    assert (avance.porcentaje, avance.version, avance.registrado_por) == (Decimal("60.0"), 1, beto)


def test_version_al_dia_se_guarda_e_incrementa(plan, ana):
    primero = _guardar(plan, ana, OCT, "60", version_base=SIN_REGISTRO)
    segundo = _guardar(plan, ana, OCT, "65", version_base=primero.version)
    assert segundo.version == 2 and Avance.objects.get().porcentaje == Decimal("65.0")


def test_conflicto_en_el_formulario_conserva_lo_escrito_y_permite_reenviar(plan, ana, beto):
    _guardar(plan, beto, OCT, "60", version_base=SIN_REGISTRO)
    datos = {"porcentaje": "72,5", "comentario": "mi nota", "mes": "2020-10", "version": "0"}
    formulario = FormularioAvance(datos, hoja=hoja(plan, "1.1.1"))
    assert formulario.registrar(ana) is None
    assert "beto registró 60,0 %" in formulario.non_field_errors()[0]
    html = str(formulario["porcentaje"]) + str(formulario["comentario"]) + str(formulario["version"])
    assert 'value="72,5"' in html and "mi nota" in html and 'value="1"' in html
    assert Avance.objects.get().porcentaje == Decimal("60.0")
    # El reenvío, hecho a sabiendas del valor actual, ya parte de la versión vigente.
    reenvio = FormularioAvance(formulario.data, hoja=hoja(plan, "1.1.1"))
    assert reenvio.registrar(ana).porcentaje == Decimal("72.5")


def test_version_de_un_registro_que_ya_no_existe(plan, ana):
    with pytest.raises(ConflictoDeEdicion, match="ya no existe"):
        _guardar(plan, ana, OCT, "60", version_base=3)
    assert not Avance.objects.exists()


def test_sin_cambios_no_escribe_otra_fila_de_historia(plan, ana):
    avance = _guardar(plan, ana, OCT, "60")
    _guardar(plan, ana, OCT, "60.0")
    assert avance.history.count() == 1 and avance.history.get().history_user == ana


# --- Regla del comentario ----------------------------------------------------------------------------------

def test_valor_menor_que_el_mes_anterior_exige_comentario(plan, ana):
    _guardar(plan, ana, OCT, "80", version_base=SIN_REGISTRO)
    _guardar(plan, ana, NOV, "100", version_base=SIN_REGISTRO)  # no baja: no hace falta
    with pytest.raises(ValidationError) as error:
        _guardar(plan, ana, DIC, "90", version_base=SIN_REGISTRO)  # baja respecto de noviembre
    assert "mes anterior (100,0 %)" in error.value.message_dict["comentario"][0]
    assert not Avance.objects.filter(mes=DIC).exists()
    _guardar(plan, ana, DIC, "90", comentario="Se corrigió un conteo duplicado", version_base=SIN_REGISTRO)
    assert Avance.objects.get(mes=DIC).porcentaje == Decimal("90.0")


def test_valor_bajo_lo_programado_exige_comentario(plan, ana):
    # Oct y Nov programados: a octubre lo programado es 50 %.
    with pytest.raises(ValidationError) as error:
        _guardar(plan, ana, OCT, "49.9")
    assert "programado para Octubre 2020 (50,0 %)" in error.value.message_dict["comentario"][0]
    assert not Avance.objects.exists()
    _guardar(plan, ana, OCT, "50")  # igual a lo programado: sin comentario
    _guardar(plan, ana, OCT, "40", comentario="La encuesta se postergó")
    assert Avance.objects.get().porcentaje == Decimal("40.0")


def test_un_comentario_en_blanco_no_cuenta(plan, ana):
    with pytest.raises(ValidationError):
        _guardar(plan, ana, OCT, "10", comentario="   ")


# --- Límites del mes ---------------------------------------------------------------------------------------

@pytest.fixture
def plan_en_curso(db):
    """Un plan que va de dos meses atrás a dos meses adelante del mes en curso (Lima)."""
    hoy = periodo.mes_actual()
    plan = crear_plan(mes_inicio=anterior(anterior(hoy)), mes_fin=siguiente(siguiente(hoy)), vigente=False)
    actividad = crear_actividad(crear_componente(plan, 1), 1, unidades=("SDLGAT",))
    crear_subactividad(actividad, 1, unidades=("SDLGAT",))
    return plan


def test_mes_en_curso_se_puede_registrar_y_el_futuro_no(plan_en_curso, ana):
    hoy = periodo.mes_actual()
    assert _guardar(plan_en_curso, ana, hoy, "10").mes == hoy
    with pytest.raises(ValidationError) as error:
        _guardar(plan_en_curso, ana, siguiente(hoy), "20")
    assert "aún no empieza" in error.value.message_dict["mes"][0]
    assert not Avance.objects.filter(mes=siguiente(hoy)).exists()


def test_mes_fuera_del_plan_es_rechazado(plan_en_curso, ana):
    antes_del_plan = anterior(plan_en_curso.mes_inicio)
    with pytest.raises(ValidationError) as error:
        _guardar(plan_en_curso, ana, antes_del_plan, "20")
    assert "está fuera del plan" in error.value.message_dict["mes"][0]
    assert not Avance.objects.exists()


def test_mes_por_defecto_y_meses_iniciados(plan_en_curso, plan):
    hoy = periodo.mes_actual()
    assert periodo.mes_por_defecto(plan_en_curso) == hoy
    assert periodo.meses_iniciados(plan_en_curso) == [anterior(anterior(hoy)), anterior(hoy), hoy]
    assert periodo.mes_por_defecto(plan) == date(2021, 3, 1)  # plan ya terminado: su último mes
    futuro = crear_plan(mes_inicio=siguiente(hoy), mes_fin=siguiente(siguiente(hoy)), vigente=False)
    assert periodo.meses_iniciados(futuro) == [] and periodo.mes_por_defecto(futuro) == siguiente(hoy)


# --- Porcentaje: 0–100 y un decimal ------------------------------------------------------------------------

@pytest.mark.parametrize("texto", ["0", "100", "45,5", "45.5", " 7 "])
def test_porcentajes_validos(texto):
    assert Decimal("0") <= reglas.validar_porcentaje(texto) <= Decimal("100")


def test_la_coma_decimal_se_lee_como_punto():
    assert reglas.validar_porcentaje("45,5") == Decimal("45.5")


@pytest.mark.parametrize(
    ("texto", "mensaje"),
    [("100.1", "entre 0 y 100"), ("-1", "entre 0 y 100"), ("45.55", "un decimal"), ("abc", "número"), ("NaN", "entre 0 y 100")],
)
def test_porcentajes_invalidos(texto, mensaje):
    with pytest.raises(ValidationError) as error:
        reglas.validar_porcentaje(texto)
    assert mensaje in error.value.message_dict["porcentaje"][0]


def test_porcentaje_invalido_en_el_formulario_no_escribe(plan, ana):
    formulario = FormularioAvance({"porcentaje": "45.55", "mes": "2020-10", "version": "0"}, hoja=hoja(plan, "1.1.1"))
    assert formulario.registrar(ana) is None
    assert "un decimal" in formulario.errors["porcentaje"][0]
    assert not Avance.objects.exists()


def test_mes_mal_escrito_en_el_formulario(plan, ana):
    formulario = FormularioAvance({"porcentaje": "45", "mes": "marzo", "version": "0"}, hoja=hoja(plan, "1.1.1"))
    assert formulario.registrar(ana) is None
    assert "AAAA-MM" in formulario.errors["mes"][0]


# --- Registro en bloque (la importación del Anexo) -----------------------------------------------------

@pytest.fixture
def plan_de_dos(plan):
    crear_subactividad(plan.componentes.get().actividades.get(), 2, unidades=("DRTPELM",))
    return plan


def _en_bloque(plan, usuario, mes, *valores, comentario="Importado del Anexo."):
    filas = [(hoja(plan, codigo), porcentaje) for codigo, porcentaje in valores]
    return registro.registrar_avances_en_bloque(valores=filas, mes=mes, comentario=comentario, usuario=usuario)


def test_en_bloque_crea_y_actualiza_con_version_autor_e_historia(plan_de_dos, ana):
    coordinador = crear_usuario("coord", unidades=("OGPP",))
    previo = _guardar(plan_de_dos, ana, OCT, "20", comentario="Empezó tarde.", version_base=SIN_REGISTRO)
    _en_bloque(plan_de_dos, coordinador, OCT, ("1.1.1", "60"), ("1.1.2", "15.5"))
    actualizado = Avance.objects.get(pk=previo.pk)
    assert (actualizado.porcentaje, actualizado.version, actualizado.registrado_por) == (Decimal("60.0"), 2, coordinador)
    assert actualizado.actualizado > previo.actualizado
    nuevo = Avance.objects.get(subactividad__numero=2)
    assert (nuevo.porcentaje, nuevo.version, nuevo.comentario) == (Decimal("15.5"), 1, "Importado del Anexo.")
    assert [h.history_user for h in actualizado.history.all()] == [coordinador, ana]
    assert nuevo.history.get().history_user == coordinador
    assert _en_bloque(plan_de_dos, coordinador, OCT, ("1.1.1", "60"), ("1.1.2", "15.5")) == []  # nada cambió
    assert Avance.history.count() == 3


def test_en_bloque_fila_ajena_no_escribe_ninguna(plan_de_dos, ana):
    with pytest.raises(PermissionDenied, match="1.1.2"):
        _en_bloque(plan_de_dos, ana, OCT, ("1.1.1", "60"), ("1.1.2", "15"))  # ana es de SDLGAT, no de DRTPELM
    assert not Avance.objects.exists()


def test_en_bloque_valida_mes_cerrado_porcentaje_y_comentario(plan_de_dos, ana):
    from cronograma.models import CierreMensual

    coordinador = crear_usuario("coord", unidades=("OGPP",))
    with pytest.raises(ValidationError):
        _en_bloque(plan_de_dos, coordinador, OCT, ("1.1.1", "60"), ("1.1.2", "101"))
    with pytest.raises(ValueError):
        _en_bloque(plan_de_dos, coordinador, OCT, ("1.1.1", "60"), comentario="  ")
    CierreMensual.objects.create(plan=plan_de_dos, mes=OCT)
    with pytest.raises(ValidationError, match="cerrado"):
        _en_bloque(plan_de_dos, coordinador, OCT, ("1.1.1", "60"))
    assert not Avance.objects.exists()
