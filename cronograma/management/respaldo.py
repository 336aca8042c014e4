"""Respaldo y restauración portátiles (sirven para SQLite y para PostgreSQL) con dumpdata/loaddata.

- Formato XML: el JSON de Django recorta las fechas y horas a milisegundos, y la historia (history_date,
  la auditoría) volvería distinta de la original.
- Sin tipos de contenido, permisos ni sesiones: `migrate` crea los dos primeros en la base nueva, con
  otros id; por eso todo lo que los nombra (y a los usuarios) va por clave natural.
- Al restaurar se apaga django-simple-history: loaddata no crea historia al guardar filas, pero sí al
  asignar las relaciones muchos-a-muchos (unidades de una actividad, usuarios de una unidad), y la
  historia restaurada tendría cambios que nunca ocurrieron.
"""

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test.utils import override_settings

from componentes.models import Plan, Responsable

OPCIONES_DE_RESPALDO = {
    "format": "xml",
    "natural_foreign": True,
    "natural_primary": True,
    "exclude": ["contenttypes", "auth.permission", "sessions"],
}


class BaseNoVacia(Exception):
    pass


def respaldar(ruta: str) -> None:
    call_command("dumpdata", output=ruta, verbosity=0, **OPCIONES_DE_RESPALDO)


def restaurar(ruta: str) -> None:
    """Carga un respaldo en una base recién migrada; se niega si ya tiene datos, para no mezclar."""
    if Plan.objects.exists() or Responsable.objects.exists() or get_user_model().objects.exists():
        raise BaseNoVacia("La base ya tiene datos: restaure en una base nueva, recién migrada (migrate).")
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        call_command("loaddata", ruta, verbosity=0)
