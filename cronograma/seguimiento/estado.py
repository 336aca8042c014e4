"""Lo que el seguimiento pregunta al ciclo de vida de un plan y sus meses, en un solo lugar.

Adaptador pequeño sobre el contrato de `cronograma.ciclo` (issue 21): cuando ese módulo está en la rama,
estas funciones le pasan la pregunta; mientras tanto responden con las mismas reglas (un plan o mes que
no empezó no recibe nada; un mes cerrado o un plan archivado son de solo lectura y no generan avisos).
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from componentes.meses import nombre_mes, primer_dia
from componentes.models import Plan


class Accion(models.TextChoices):
    OBSERVAR = "observar", "Observar un avance"
    RESPONDER = "responder", "Responder una observación"
    ACTUALIZAR_COMPROMISO = "actualizar_compromiso", "Actualizar un compromiso"
    AVISAR = "avisar", "Avisar"


@dataclass(frozen=True)
class Decision:
    si: bool
    motivo: str = ""

    def __bool__(self) -> bool:
        return self.si


SI = Decision(True)


def hoy() -> date:
    """Hoy en America/Lima."""
    return timezone.localdate()


def _siguiente_mes(mes: date) -> date:
    return date(mes.year + (mes.month == 12), mes.month % 12 + 1, 1)


def mes_vencido(mes: date, *, hoy: date | None = None) -> bool:
    """Un mes cuenta como vencido solo cuando ya terminó."""
    return _siguiente_mes(mes) <= (hoy or globals()["hoy"]())


def _cerrados(plan: Plan) -> set[date]:
    from cronograma.mensual.cierres import meses_cerrados

    return meses_cerrados(plan)


def puede(accion: str, plan: Plan, mes: date | None = None, *, cerrados: set | None = None,
          hoy: date | None = None) -> Decision:
    """Pura (sin candados): para decidir qué muestra una pantalla."""
    hoy = hoy or globals()["hoy"]()
    if plan.archivado:
        return Decision(False, f"El plan «{plan}» está archivado: es de solo lectura.")
    if plan.mes_inicio > primer_dia(hoy):
        return Decision(False, f"El plan aún no empieza (empieza en {nombre_mes(plan.mes_inicio)}).")
    if accion == Accion.ACTUALIZAR_COMPROMISO:
        return SI
    if mes is not None:
        if mes > primer_dia(hoy):
            return Decision(False, f"{nombre_mes(mes)} aún no empieza.")
        if mes in (cerrados if cerrados is not None else _cerrados(plan)):
            return Decision(False, f"{nombre_mes(mes)} está cerrado: es de solo lectura.")
    return SI  # un plan terminado sigue recibiendo avisos de sus compromisos


def exigir(accion: str, plan: Plan, mes: date | None = None) -> None:
    """Dentro de transaction.atomic(): bloquea el plan (y el mes, si se da) y rechaza lo no permitido."""
    from cronograma.mensual.cierres import bloquear_mes

    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("exigir() va dentro de transaction.atomic().")
    bloqueado = Plan.objects.select_for_update().get(pk=plan.pk)
    if mes is not None:
        bloquear_mes(bloqueado, mes)
    decision = puede(accion, bloqueado, mes)
    if not decision:
        raise ValidationError(decision.motivo)
