"""?version=N en las páginas: la versión aprobada con que medir y sombrear todo corte."""

from calidad.lectores import VERSION_MAXIMA, entero_o_none, mostrar
from componentes.models import Plan
from cronograma.models import VersionPlan


def leer_version(plan: Plan, texto: str | None, errores: list[str]) -> int | None:
    """El número de una versión aprobada del plan, o None (la vigente a cada corte) diciendo por qué."""
    if not texto:
        return None
    numero = entero_o_none(texto, minimo=1, maximo=VERSION_MAXIMA)
    if numero is not None and VersionPlan.objects.filter(plan=plan, numero=numero, estado=VersionPlan.Estado.APROBADA).exists():
        return numero
    errores.append(f"El plan no tiene una versión aprobada «{mostrar(texto)}»: se muestra la vigente a cada corte.")
    return None
