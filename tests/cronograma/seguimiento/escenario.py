"""El mundo del seguimiento: un plan terminado con una fila de SDLGAT y una de DRTPELM, sus avances de
noviembre, la coordinación, un revisor y un reporte con dos medidas correctivas."""

from dataclasses import dataclass
from datetime import date

from cronograma.reportes import flujo
from tests.cronograma.planes.escenario import crear_revisor
from tests.factories import (
    crear_actividad, crear_componente, crear_plan, crear_subactividad, crear_usuario, programar, registrar,
)

OCT, NOV, DIC = date(2020, 10, 1), date(2020, 11, 1), date(2020, 12, 1)


@dataclass
class Mundo:
    plan: object
    reporte: object
    coordinacion: object
    sdlgat: object
    drtpelm: object
    revisor: object
    avance: object  # 1.1.1 (SDLGAT), noviembre
    avance_ajeno: object  # 1.2 (DRTPELM), noviembre


def armar_mundo() -> Mundo:
    plan = crear_plan()
    componente = crear_componente(plan, 1)
    actividad = crear_actividad(componente, 1, unidades=("SDLGAT",))
    crear_subactividad(actividad, 1, unidades=("SDLGAT",))
    crear_actividad(componente, 2, unidades=("DRTPELM",))
    programar(plan, "1.1.1", OCT, NOV)
    programar(plan, "1.2", NOV, DIC)
    coordinacion = crear_usuario("coordinacion", unidades=("OGPP",), email="ogpp@trabajo.gob.pe")
    sdlgat = crear_usuario("ana_sdlgat", unidades=("SDLGAT",), email="ana@trabajo.gob.pe")
    drtpelm = crear_usuario("beto_drtpelm", unidades=("DRTPELM",), email="beto@trabajo.gob.pe")
    avance = registrar(plan, "1.1.1", NOV, 90, "Taller realizado", usuario=sdlgat)
    ajeno = registrar(plan, "1.2", NOV, 50, "En curso", usuario=drtpelm)
    reporte = flujo.crear_reporte(plan=plan, desde=OCT, hasta=DIC, usuario=coordinacion)
    textos = reporte.componentes.get()
    textos.medidas_correctivas = "- Reforzar la difusión del servicio\n- Capacitar a los conciliadores"
    textos.save()
    return Mundo(plan, reporte, coordinacion, sdlgat, drtpelm, crear_revisor(), avance, ajeno)
