"""Un plan pequeño con avance, y los usuarios de cada rol, para las pruebas del reporte semestral."""

from dataclasses import dataclass
from datetime import date

from componentes.models import Plan
from cronograma.reportes import datos as reportes
from cronograma.reportes import flujo as reportes_flujo
from cronograma.models import Reporte
from tests.factories import crear_actividad, crear_componente, crear_plan, crear_subactividad, crear_usuario, programar, registrar

OCT, NOV, DIC, ENE = date(2020, 10, 1), date(2020, 11, 1), date(2020, 12, 1), date(2021, 1, 1)


@dataclass
class Escenario:
    plan: Plan
    coordinador: object
    equipo: object
    personal: object  # personal de una unidad (SDLGAT): solo lee


def armar_escenario() -> Escenario:
    """Al corte Diciembre 2020: 1.1.1 concluida, 1.1.2 retrasada (20 de 100), 2.1 retrasada (30 de 66,7)."""
    plan = crear_plan()
    uno = crear_componente(plan, 1, "Conocer las necesidades")
    actividad = crear_actividad(uno, 1, nombre="Diseñar la encuesta")
    crear_subactividad(actividad, 1, unidades=("SDLGAT",), nombre="Redactar preguntas")
    crear_subactividad(actividad, 2, unidades=("EQUIPO DE TRABAJO",), nombre="Validar con usuarios")
    dos = crear_componente(plan, 2, "Identificar el valor")
    crear_actividad(dos, 1, unidades=("OGPP",), nombre="Reportar a la Alta Dirección")
    programar(plan, "1.1.1", OCT, NOV)
    programar(plan, "1.1.2", DIC)
    programar(plan, "2.1", NOV, DIC, ENE)
    registrar(plan, "1.1.1", OCT, 50)
    registrar(plan, "1.1.1", NOV, 100)
    registrar(plan, "1.1.2", DIC, 20, "Falta presupuesto para el taller")
    registrar(plan, "2.1", NOV, 10, "Inicio tardío")
    registrar(plan, "2.1", DIC, 30)
    return Escenario(
        plan=plan,
        coordinador=crear_usuario("coordinador", unidades=("OGPP",)),
        equipo=crear_usuario("equipo", unidades=("EQUIPO DE TRABAJO",)),
        personal=crear_usuario("personal", unidades=("SDLGAT",)),
    )


def borrador(escenario: Escenario, *, desde=OCT, hasta=DIC) -> Reporte:
    return reportes_flujo.crear_reporte(plan=escenario.plan, desde=desde, hasta=hasta, usuario=escenario.coordinador)


def aprobado(escenario: Escenario, **periodo) -> Reporte:
    return firmar_y_aprobar(escenario, borrador(escenario, **periodo))


def completar(reporte: Reporte, usuario) -> None:
    """Cada apartado que siga vacío recibe un texto (el último, «sin información» con su motivo) y la firma."""
    textos = {}
    for fila in reporte.componentes.all():
        valores = {}
        if not (fila.logros or fila.logros_sin_informacion):
            valores["logros"] = f"Logros del componente {fila.componente.numero}"
        if not (fila.dificultades or fila.dificultades_sin_informacion):
            valores["dificultades"] = "Ninguna relevante"
        if not (fila.medidas_correctivas or fila.medidas_correctivas_sin_informacion):
            valores["medidas_correctivas_sin_informacion"] = "No hubo desviaciones que corregir"
        textos[fila.componente_id] = reportes_flujo.CambioTextos(valores)
    reportes_flujo.editar_textos(reporte=reporte, usuario=usuario, textos=textos,
                                 firmante_nombre="Ana Quispe", firmante_cargo="Jefa de la OGPP")


def firmar_y_aprobar(escenario: Escenario, reporte: Reporte, **fecha) -> Reporte:
    completar(reporte, escenario.coordinador)
    return reportes_flujo.aprobar_reporte(reporte=reporte, usuario=escenario.coordinador, **fecha)


def redactar(escenario: Escenario, reporte: Reporte, numero: int, *, usuario=None, **textos) -> None:
    """Escribe los textos del componente `numero` (por defecto, como la coordinación)."""
    componente = escenario.plan.componentes.get(numero=numero)
    reportes_flujo.editar_textos(reporte=reporte, usuario=usuario or escenario.coordinador,
                                 textos={componente.id: reportes.TextosComponente(**textos)})
