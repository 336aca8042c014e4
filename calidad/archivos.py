"""Archivos que leen y escriben las órdenes de manage.py (issue 22), con mensajes en castellano.

- Leer: solo archivos comunes (no /dev/zero, ni una tubería FIFO, ni una carpeta), con el tamaño mirado
  antes de leer y una lectura acotada (un archivo que crece mientras se lee tampoco pasa del límite).
  Se abre sin bloquear: una FIFO sin quien escriba no cuelga la orden.
- Escribir: se comprueba antes la ruta (carpeta existente, destino que no sea una carpeta ni un
  dispositivo); se escribe en un archivo temporal de la misma carpeta y solo al final se renombra sobre el
  destino: un disco lleno o un error a medias no dejan un archivo cortado.
- Los errores del sistema se dicen en castellano (`motivo_del_sistema`), nunca el strerror en inglés.
"""

import errno
import os
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path

from calidad.lectores import mostrar

LARGO_RUTA_MOSTRADA = 200

MOTIVOS_DEL_SISTEMA = {
    errno.ENOENT: "no existe",
    errno.EACCES: "no hay permiso",
    errno.EPERM: "la operación no está permitida",
    errno.EISDIR: "es una carpeta",
    errno.ENOTDIR: "una parte de la ruta no es una carpeta",
    errno.ENOSPC: "no queda espacio en el disco",
    errno.EDQUOT: "se acabó la cuota de disco",
    errno.EROFS: "el disco es de solo lectura",
    errno.EFBIG: "el archivo es demasiado grande para el disco",
    errno.ENAMETOOLONG: "el nombre es demasiado largo",
    errno.ELOOP: "hay demasiados enlaces simbólicos en la ruta",
    errno.EIO: "error de entrada/salida del disco",
    errno.EBUSY: "el archivo está ocupado",
    errno.ETXTBSY: "el archivo está ocupado",
    errno.EEXIST: "ya existe",
    errno.EXDEV: "está en otro disco",
    errno.EMFILE: "hay demasiados archivos abiertos",
    errno.ENFILE: "hay demasiados archivos abiertos",
    errno.ENXIO: "el dispositivo no está disponible",
    errno.EINVAL: "la ruta no es válida",
}


class ErrorDeArchivo(Exception):
    """No se pudo leer o escribir un archivo; el mensaje, de una línea, va en castellano."""


def motivo_del_sistema(error: OSError) -> str:
    """El motivo de un error del sistema operativo en castellano (por su número, nunca su texto en inglés)."""
    if isinstance(error, ValueError):  # una ruta con un carácter NUL
        return "la ruta tiene un carácter no válido"
    return MOTIVOS_DEL_SISTEMA.get(error.errno, f"error del sistema número {error.errno}")


def ruta_mostrada(ruta) -> str:
    return mostrar(os.fsdecode(ruta) if isinstance(ruta, (bytes, os.PathLike)) else ruta, largo=LARGO_RUTA_MOSTRADA)


def leer_archivo_comun(ruta, *, maximo: int, descripcion: str = "El archivo") -> bytes:
    """Los bytes de un archivo común de a lo sumo `maximo` bytes; cualquier otra cosa es un ErrorDeArchivo."""
    mostrada = ruta_mostrada(ruta)
    try:
        descriptor = os.open(ruta, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except (OSError, ValueError) as error:
        raise ErrorDeArchivo(f"No se pudo leer {mostrada}: {motivo_del_sistema(error)}.") from None
    try:
        info = os.fstat(descriptor)  # del archivo abierto: no otro que se ponga en su lugar entre medias
        if not stat.S_ISREG(info.st_mode):
            raise ErrorDeArchivo(f"{mostrada} no es un archivo común (es una carpeta, un dispositivo o una tubería): no se lee.")
        if info.st_size > maximo:
            raise ErrorDeArchivo(f"{descripcion} {mostrada} pesa más que el máximo de {maximo // (1024 * 1024)} MB: no se lee.")
        partes, leidos = [], 0
        while leidos <= maximo:
            parte = os.read(descriptor, min(1024 * 1024, maximo + 1 - leidos))
            if not parte:
                break
            partes.append(parte)
            leidos += len(parte)
        if leidos > maximo:
            raise ErrorDeArchivo(f"{descripcion} {mostrada} pesa más que el máximo de {maximo // (1024 * 1024)} MB: no se lee.")
        return b"".join(partes)
    except OSError as error:
        raise ErrorDeArchivo(f"No se pudo leer {mostrada}: {motivo_del_sistema(error)}.") from None
    finally:
        os.close(descriptor)


def comprobar_destino(ruta) -> Path:
    """La ruta de salida, si se puede escribir ahí: su carpeta existe y el destino, si ya existe, es un
    archivo común (nunca una carpeta, /dev/full ni una tubería)."""
    mostrada = ruta_mostrada(ruta)
    try:
        destino = Path(os.fspath(ruta))
        if "\x00" in str(destino) or not destino.name:
            raise ErrorDeArchivo(f"No se puede escribir en {mostrada}: la ruta no es válida.")
        carpeta = destino.parent
        if not carpeta.exists():
            raise ErrorDeArchivo(f"No se puede escribir {mostrada}: la carpeta {ruta_mostrada(carpeta)} no existe.")
        if not carpeta.is_dir():
            raise ErrorDeArchivo(f"No se puede escribir {mostrada}: {ruta_mostrada(carpeta)} no es una carpeta.")
        if destino.is_dir():
            raise ErrorDeArchivo(f"No se puede escribir {mostrada}: es una carpeta; indique un nombre de archivo.")
        if destino.exists() and not destino.is_file():
            raise ErrorDeArchivo(f"No se puede escribir {mostrada}: no es un archivo común (un dispositivo o una tubería).")
        if not os.access(carpeta, os.W_OK | os.X_OK):
            raise ErrorDeArchivo(f"No se puede escribir {mostrada}: no hay permiso en la carpeta {ruta_mostrada(carpeta)}.")
    except OSError as error:
        raise ErrorDeArchivo(f"No se puede escribir {mostrada}: {motivo_del_sistema(error)}.") from None
    return destino


def _umask() -> int:
    actual = os.umask(0o022)
    os.umask(actual)
    return actual


@contextmanager
def archivo_nuevo(ruta, *, modo: int | None = None):
    """Da la ruta de un archivo temporal, en la carpeta del destino, para escribir en él; al salir sin
    error lo renombra sobre `ruta` (con permisos `modo`, o los habituales según la umask). Con un error,
    lo borra: el destino queda como estaba."""
    destino = comprobar_destino(ruta)
    try:
        descriptor, temporal = tempfile.mkstemp(dir=destino.parent, prefix=f".{destino.name[:60]}.", suffix=".parcial")
    except OSError as error:
        raise ErrorDeArchivo(f"No se pudo escribir {ruta_mostrada(ruta)}: {motivo_del_sistema(error)}.") from None
    try:
        os.fchmod(descriptor, 0o666 & ~_umask() if modo is None else modo)
        os.close(descriptor)
        yield temporal
        with open(temporal, "rb+") as escrito:
            os.fsync(escrito.fileno())
        os.replace(temporal, destino)
    except OSError as error:
        _borrar(temporal)
        raise ErrorDeArchivo(
            f"No se pudo escribir {ruta_mostrada(ruta)}: {motivo_del_sistema(error)}. No quedó ningún archivo a medias."
        ) from None
    except BaseException:
        _borrar(temporal)
        raise


def _borrar(ruta: str) -> None:
    try:
        os.unlink(ruta)
    except OSError:
        pass


def escribir_archivo(ruta, datos: bytes, *, modo: int | None = None) -> None:
    """Escribe `datos` en `ruta` de una vez (ver `archivo_nuevo`)."""
    with archivo_nuevo(ruta, modo=modo) as temporal:
        descriptor = os.open(temporal, os.O_WRONLY | os.O_TRUNC)
        try:
            vista, escritos = memoryview(datos), 0
            while escritos < len(vista):
                escritos += os.write(descriptor, vista[escritos:])
        finally:
            os.close(descriptor)
