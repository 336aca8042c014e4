"""?version=N en las páginas: la versión aprobada con que medir y sombrear todo corte."""

from componentes.models import Plan
from cronograma.models import VersionPlan


def leer_version(plan: Plan, texto: str | None, errores: list[str]) -> int | None:
    """El número de una versión aprobada del plan, o None (la vigente a cada corte) diciendo por qué."""
    if not texto:
        return None
    if texto.isdigit() and VersionPlan.objects.filter(plan=plan, numero=int(texto), estado=VersionPlan.Estado.APROBADA).exists():
        return int(texto)
    errores.append(f"El plan no tiene una versión aprobada «{texto}»: se muestra la vigente a cada corte.")
    return None
