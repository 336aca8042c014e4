"""Respaldo y restauración portátiles (sirven para SQLite y para PostgreSQL) con dumpdata/loaddata.

- Formato XML: el JSON de Django recorta las fechas y horas a milisegundos, y la historia (history_date,
  la auditoría) volvería distinta de la original.
- Sin tipos de contenido, permisos ni sesiones: `migrate` crea los dos primeros en la base nueva, con
  otros id; por eso todo lo que los nombra (y a los usuarios) va por clave natural.
- Los archivos de las evidencias están en la base (almacen.ArchivoGuardado, ver almacen/storage.py): el
  respaldo los lleva en base64 y, al restaurar, cada descarga vuelve a funcionar (issue 22).
- El archivo se crea legible solo por su dueño (0600: lleva los hashes de las contraseñas) y se escribe en
  un temporal de la misma carpeta que se renombra al final: un disco lleno no deja un respaldo a medias.
- Al restaurar se apaga django-simple-history: loaddata no crea historia al guardar filas, pero sí al
  asignar las relaciones muchos-a-muchos (unidades de una actividad, usuarios de una unidad), y la
  historia restaurada tendría cambios que nunca ocurrieron.
"""

import os
import stat
import warnings
from xml.parsers.expat import ExpatError
from xml.sax import SAXException

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, transaction
from django.test.utils import override_settings

from calidad.archivos import archivo_nuevo, motivo_del_sistema, ruta_mostrada
from componentes.models import Plan, Responsable

OPCIONES_DE_RESPALDO = {
    "format": "xml",
    "natural_foreign": True,
    "natural_primary": True,
    "exclude": ["contenttypes", "auth.permission", "sessions"],
}


class BaseNoVacia(Exception):
    pass


MODO_DEL_RESPALDO = 0o600


def respaldar(ruta: str) -> None:
    with archivo_nuevo(ruta, modo=MODO_DEL_RESPALDO) as temporal:
        call_command("dumpdata", output=temporal, verbosity=0, **OPCIONES_DE_RESPALDO)


def archivos_fuera_del_respaldo() -> bool:
    """¿Los archivos subidos viven fuera de la base (disco o S3), de modo que el respaldo no los lleva?"""
    from django.conf import settings

    return settings.STORAGES["default"]["BACKEND"] != "almacen.storage.AlmacenEnBase"


class RespaldoIlegible(Exception):
    pass


def restaurar(ruta: str) -> None:
    """Carga un respaldo en una base recién migrada; se niega si ya tiene datos, para no mezclar."""
    if not str(ruta).endswith(".xml"):
        raise RespaldoIlegible(f"{ruta_mostrada(ruta)} no es un respaldo de `respaldar` (un archivo .xml).")
    try:
        if not stat.S_ISREG(os.stat(ruta).st_mode):
            raise RespaldoIlegible(f"{ruta_mostrada(ruta)} no es un archivo común: no se lee.")
    except (OSError, ValueError) as error:
        raise RespaldoIlegible(f"No se pudo leer {ruta_mostrada(ruta)}: {motivo_del_sistema(error)}.") from None
    if Plan.objects.exists() or Responsable.objects.exists() or get_user_model().objects.exists():
        raise BaseNoVacia("La base ya tiene datos: restaure en una base nueva, recién migrada (migrate).")
    try:
        with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # «No fixture data found»: se dice abajo, en castellano
            call_command("loaddata", ruta, verbosity=0)
            if not (Plan.objects.exists() or Responsable.objects.exists() or get_user_model().objects.exists()):
                raise RespaldoIlegible(f"{ruta_mostrada(ruta)} no tiene datos de un respaldo de `respaldar`: no se restauró nada.")
    except RespaldoIlegible:
        raise
    except (DeserializationError, CommandError, DatabaseError, ValueError, ExpatError, SAXException) as error:
        raise RespaldoIlegible(f"{ruta_mostrada(ruta)} no se pudo restaurar: no es un respaldo válido de `respaldar` "
                               f"({type(error).__name__}). La base no cambió.") from None
