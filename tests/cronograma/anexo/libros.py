"""Ayudas para las pruebas del Excel: un plan pequeño, su libro exportado y cómo retocarlo."""

from datetime import date
from io import BytesIO

from openpyxl import load_workbook

from componentes.models import Actividad, Componente, Responsable, Subactividad
from cronograma.anexo.excel import exportar_anexo2
from cronograma.models import Avance, MesProgramado
from tests.factories import crear_actividad, crear_componente, crear_plan, crear_subactividad, programar, registrar

OCT, NOV, DIC, ENE, FEB, MAR = (date(2020, 10, 1), date(2020, 11, 1), date(2020, 12, 1),
                                date(2021, 1, 1), date(2021, 2, 1), date(2021, 3, 1))


def crear_unidades():
    for orden, sigla in enumerate(("SDLGAT", "DRTPELM", "OGPP", "EQUIPO DE TRABAJO"), start=1):
        Responsable.objects.get_or_create(sigla=sigla, defaults={"nombre": f"Unidad {sigla}", "orden": orden})


def crear_plan_pequeno():
    """Dos componentes; 1.1 con subactividades, 1.10 (código que parece número), 7.1 hoja sin subactividades."""
    crear_unidades()
    plan = crear_plan()
    c1 = crear_componente(plan, 1, "Conocer las necesidades")
    a11 = crear_actividad(c1, 1, unidades=("EQUIPO DE TRABAJO",), nombre="Desarrollar el diseño metodológico")
    crear_subactividad(a11, 1, unidades=("SDLGAT", "DRTPELM", "OGPP"), nombre="Determinar el objetivo")
    crear_subactividad(a11, 2, unidades=("SDLGAT",), nombre="Población y selección de casos")
    a110 = crear_actividad(c1, 10, nombre="Actividad diez")
    crear_subactividad(a110, 1, unidades=("OGPP",), nombre="Subactividad de la diez")
    c7 = crear_componente(plan, 7, "Realizar el seguimiento")
    crear_actividad(c7, 1, unidades=("OGPP",), nombre="Elaborar reportes")
    programar(plan, "1.1.1", NOV, DIC)
    programar(plan, "1.1.2", ENE)
    programar(plan, "7.1", OCT, MAR)
    registrar(plan, "1.1.1", NOV, 40)
    registrar(plan, "1.1.1", DIC, 100)
    registrar(plan, "7.1", NOV, 25.5)
    return plan


def abrir(datos: bytes):
    return load_workbook(BytesIO(datos))


def guardar(libro) -> bytes:
    salida = BytesIO()
    libro.save(salida)
    return salida.getvalue()


def fila_de(pestana, codigo: str) -> int:
    for fila in range(1, pestana.max_row + 1):
        if pestana.cell(fila, 1).value == codigo:
            return fila
    raise AssertionError(f"No está la fila {codigo}")


def libro_retocado(plan, corte, retoque) -> bytes:
    """Exporta el plan, aplica `retoque(pestana)` con openpyxl y devuelve los bytes."""
    libro = abrir(exportar_anexo2(plan, corte))
    retoque(libro.active)
    return guardar(libro)


def foto_de_la_base():
    """Todo lo que una importación podría tocar, con su historia: para comprobar que nada cambió."""
    modelos = (Componente, Actividad, Subactividad, MesProgramado, Avance)
    return (
        tuple(m.objects.count() for m in modelos),
        tuple(m.history.count() for m in modelos),
        tuple(Actividad.objects.order_by("id").values_list("nombre", flat=True)),
        tuple(Subactividad.objects.order_by("id").values_list("nombre", flat=True)),
    )
