"""Crear un plan sin el admin: desde su libro del Anexo o copiando otro plan. Entradas malas: nada creado."""

from datetime import date
from io import BytesIO, StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from componentes.catalogo import Catalogo
from componentes.models import Plan
from cronograma.avance import Seguimiento
from cronograma.planes.creacion import MESES_DESPLAZADOS, copiar_plan, crear_plan_desde_libro
from tests.cronograma.anexo.libros import crear_plan_pequeno, fila_de, foto_de_la_base, libro_retocado
from tests.factories import crear_plan, crear_usuario

pytestmark = pytest.mark.django_db
OCT = date(2020, 10, 1)


@pytest.fixture
def coordinador():
    return crear_usuario("coordinador", unidades=("OGPP",))


def _poner(hoja, rotulo: str, valor) -> None:
    for fila in range(1, 20):
        if hoja.cell(fila, 1).value == rotulo:
            hoja.cell(fila, 3).value = valor
            return
    raise AssertionError(rotulo)


def _libro(plan, retoque=None, servicio="Inspección del Trabajo (SUNAFIL)") -> bytes:
    def retocar(hoja):
        _poner(hoja, "SERVICIO", servicio)
        if retoque:
            retoque(hoja)
    return libro_retocado(plan, date(2021, 3, 1), retocar)


def test_crea_el_plan_con_la_cabecera_el_periodo_y_el_catalogo_del_libro(coordinador):
    origen = crear_plan_pequeno()
    resultado = crear_plan_desde_libro(archivo=BytesIO(_libro(origen)), usuario=coordinador)
    assert resultado.valido, resultado.errores
    plan = Plan.objects.get(pk=resultado.plan_id)
    assert plan.servicio == "Inspección del Trabajo (SUNAFIL)" and plan.entidad == origen.entidad
    assert (plan.version, plan.fecha) == ("2", "Nov-20") and plan.objetivo == origen.objetivo
    assert (plan.mes_inicio, plan.mes_fin) == (OCT, date(2021, 3, 1)) and not plan.vigente
    nuevo, viejo = Catalogo(plan), Catalogo(origen)
    assert [h.codigo for h in nuevo.hojas] == [h.codigo for h in viejo.hojas]
    assert [h.siglas for h in nuevo.hojas] == [h.siglas for h in viejo.hojas]
    programados = Seguimiento(plan).programacion
    assert programados[nuevo.hojas_por_codigo["1.1.1"].clave] == {date(2020, 11, 1), date(2020, 12, 1)}
    assert plan.history.first().history_user == coordinador


def test_la_vista_previa_no_crea_nada(coordinador):
    origen = crear_plan_pequeno()
    antes = (Plan.objects.count(), foto_de_la_base())
    resultado = crear_plan_desde_libro(archivo=BytesIO(_libro(origen)), usuario=coordinador, simular=True)
    assert resultado.valido and resultado.filas == 8 and resultado.plan_id is None
    assert (Plan.objects.count(), foto_de_la_base()) == antes


def _sin_anios(hoja):
    for fila in range(1, 30):
        for columna in range(1, hoja.max_column + 1):
            valor = hoja.cell(fila, columna).value
            if isinstance(valor, int) or (isinstance(valor, str) and valor.strip().isdigit() and len(valor.strip()) == 4):
                hoja.cell(fila, columna).value = None


@pytest.mark.parametrize("retoque, mensaje", [
    (lambda h: h.cell(fila_de(h, "1.1.2"), 3).__setattr__("value", "SDLGAT / XYZ"), "XYZ"),
    (lambda h: h.cell(fila_de(h, "1.1.2"), 1).__setattr__("value", "1.1.1"), "repetido"),
    (lambda h: h.cell(fila_de(h, "1.1.2"), 1).__setattr__("value", "1.5.2"), "fila superior"),
    (lambda h: _poner(h, "ENTIDAD", None), "ENTIDAD"),
])
def test_libro_malo_no_crea_nada(coordinador, retoque, mensaje):
    origen = crear_plan_pequeno()
    antes = (Plan.objects.count(), foto_de_la_base())
    resultado = crear_plan_desde_libro(archivo=BytesIO(_libro(origen, retoque)), usuario=coordinador)
    assert not resultado.valido and any(mensaje in e for e in resultado.errores), resultado.errores
    assert resultado.plan_id is None and (Plan.objects.count(), foto_de_la_base()) == antes


def test_libro_sin_periodo_reconocible_o_de_mas_de_36_meses(coordinador):
    largo = crear_plan(mes_inicio=date(2020, 1, 1), mes_fin=date(2023, 1, 1), vigente=False)  # 37 meses
    from tests.factories import crear_actividad, crear_componente
    crear_actividad(crear_componente(largo, 1), 1, unidades=("OGPP",))
    resultado = crear_plan_desde_libro(archivo=BytesIO(libro_retocado(largo, date(2020, 1, 1), lambda h: _poner(h, "SERVICIO", "Otro"))),
                                       usuario=coordinador)
    assert any("de 1 a 36 meses" in e for e in resultado.errores)
    origen = crear_plan_pequeno()
    resultado = crear_plan_desde_libro(archivo=BytesIO(_libro(origen, _sin_anios)), usuario=coordinador)
    assert not resultado.valido and Plan.objects.count() == 2


def test_mismo_servicio_en_un_periodo_que_se_solapa(coordinador):
    origen = crear_plan_pequeno()
    resultado = crear_plan_desde_libro(archivo=BytesIO(_libro(origen, servicio=origen.servicio.upper())), usuario=coordinador)
    assert any("se solapa" in e for e in resultado.errores) and Plan.objects.count() == 1


def test_solo_la_coordinacion_crea_planes():
    origen = crear_plan_pequeno()
    for usuario in (crear_usuario(unidades=("SDLGAT",)), crear_revisor()):
        with pytest.raises(PermissionDenied):
            crear_plan_desde_libro(archivo=BytesIO(_libro(origen)), usuario=usuario)
        with pytest.raises(PermissionDenied):
            copiar_plan(origen=origen, desde=date(2027, 1, 1), hasta=date(2027, 6, 1), servicio="X", usuario=usuario)
    assert Plan.objects.count() == 1


def crear_revisor():
    from django.contrib.auth.models import Group

    usuario = crear_usuario()
    usuario.groups.add(Group.objects.get_or_create(name="Revisores")[0])
    return usuario


def test_copiar_con_meses_desplazados_y_vacios(coordinador):
    origen = crear_plan_pequeno()
    plan = copiar_plan(origen=origen, desde=date(2027, 1, 1), hasta=date(2027, 6, 1), servicio="Otro servicio",
                       usuario=coordinador, meses=MESES_DESPLAZADOS)
    catalogo = Catalogo(plan)
    assert [h.codigo for h in catalogo.hojas] == [h.codigo for h in Catalogo(origen).hojas]
    assert catalogo.hojas_por_codigo["1.1.1"].siglas == "SDLGAT / DRTPELM / OGPP"
    programados = Seguimiento(plan).programacion
    assert programados[catalogo.hojas_por_codigo["1.1.1"].clave] == {date(2027, 2, 1), date(2027, 3, 1)}  # Nov, Dic → Feb, Mar
    assert programados[catalogo.hojas_por_codigo["7.1"].clave] == {date(2027, 1, 1), date(2027, 6, 1)}
    assert not Seguimiento(plan).registros  # el avance no se copia
    vacio = copiar_plan(origen=origen, desde=date(2028, 1, 1), hasta=date(2028, 12, 1), servicio="Otro servicio",
                        usuario=coordinador)
    assert not Seguimiento(vacio).programacion and len(Catalogo(vacio).hojas) == 4


@pytest.mark.parametrize("desde, hasta, servicio, mensaje", [
    (date(2027, 6, 1), date(2027, 1, 1), "Otro", "no es válido"),
    (date(2027, 1, 1), date(2030, 1, 1), "Otro", "de 1 a 36 meses"),
    (date(2021, 1, 1), date(2021, 6, 1), "conciliación administrativa laboral (cal)", "se solapa"),
    (date(2027, 1, 1), date(2027, 6, 1), "   ", "Indique el servicio"),
])
def test_copia_mala_no_crea_nada(coordinador, desde, hasta, servicio, mensaje):
    origen = crear_plan_pequeno()
    antes = (Plan.objects.count(), foto_de_la_base())
    with pytest.raises(ValidationError, match=mensaje):
        copiar_plan(origen=origen, desde=desde, hasta=hasta, servicio=servicio, usuario=coordinador)
    assert (Plan.objects.count(), foto_de_la_base()) == antes


def test_orden_crear_plan(coordinador, tmp_path):
    origen = crear_plan_pequeno()
    libro = tmp_path / "nuevo.xlsx"
    libro.write_bytes(_libro(origen))
    salida = StringIO()
    call_command("crear_plan", "--desde-libro", str(libro), "--usuario", "coordinador", "--dry-run", stdout=salida)
    assert "Simulación" in salida.getvalue() and Plan.objects.count() == 1
    salida = StringIO()
    call_command("crear_plan", "--desde-libro", str(libro), "--usuario", "coordinador", stdout=salida)
    nuevo = int(salida.getvalue().strip().splitlines()[-1])
    assert Plan.objects.get(pk=nuevo).servicio == "Inspección del Trabajo (SUNAFIL)"
    salida = StringIO()
    call_command("crear_plan", "--copiar", str(origen.pk), "--desde", "2027-01", "--hasta", "2027-06",
                 "--servicio", "Tercer servicio", "--usuario", "coordinador", stdout=salida)
    copia = Plan.objects.get(pk=int(salida.getvalue().strip()))
    assert (copia.mes_inicio, copia.mes_fin, copia.servicio) == (date(2027, 1, 1), date(2027, 6, 1), "Tercer servicio")
    with pytest.raises(CommandError, match="se solapa"):
        call_command("crear_plan", "--copiar", str(origen.pk), "--desde", "2027-03", "--hasta", "2027-08",
                     "--servicio", "Tercer servicio", "--usuario", "coordinador", stdout=StringIO())
    errores = StringIO()
    with pytest.raises(CommandError, match="no se creó nada"):
        libro.write_bytes(_libro(origen, lambda h: h.cell(fila_de(h, "1.1.2"), 1).__setattr__("value", "1.1.1"),
                                 servicio="Cuarto"))
        call_command("crear_plan", "--desde-libro", str(libro), "--usuario", "coordinador", stdout=StringIO(), stderr=errores)
    assert "repetido" in errores.getvalue()
    assert Plan.objects.count() == 3
