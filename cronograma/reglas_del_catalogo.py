"""Las objeciones de `cronograma` a cambios del catálogo (ver componentes/reglas.py)."""

from componentes.reglas import objecion_a_subactividad
from cronograma.models import Avance


@objecion_a_subactividad
def actividad_con_avance_propio(actividad) -> str | None:
    """Una actividad con avance registrado como fila hoja no puede recibir subactividades: su avance
    quedaría huérfano (la fila dejaría de ser hoja) y su página de evidencias se rompería."""
    if Avance.objects.filter(actividad=actividad, subactividad__isnull=True).exists():
        return (f"La actividad {actividad.codigo} ya tiene avance registrado: no se le pueden agregar "
                "subactividades (ese avance quedaría huérfano). Cree una actividad nueva o retire antes su avance.")
    return None
