"""Libros subidos que esperan confirmación: un archivo temporal por subida, nombrado con un token al azar.

La vista previa guarda aquí los bytes ya revisados y pone el token en la sesión; al confirmar se leen
de nuevo y se vuelven a validar contra el plan de ese momento. Así no se guarda un archivo de hasta
10 MB en la sesión, ni se pide subirlo otra vez. El directorio no se sirve por web y los archivos de
más de un día se borran en cada subida.
"""

import re
import secrets
import tempfile
import time
from pathlib import Path

DIRECTORIO = Path(tempfile.gettempdir()) / "calidad-importaciones"
VIGENCIA_SEGUNDOS = 24 * 3600
_FORMA_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")


def _ruta(token: str) -> Path | None:
    if not isinstance(token, str) or not _FORMA_TOKEN.match(token):
        return None  # nunca se arma una ruta con un texto que no generamos nosotros
    return DIRECTORIO / f"{token}.xlsx"


def _purgar_vencidas() -> None:
    limite = time.time() - VIGENCIA_SEGUNDOS
    for ruta in DIRECTORIO.glob("*.xlsx"):
        try:
            if ruta.stat().st_mtime < limite:
                ruta.unlink()
        except FileNotFoundError:
            pass


def guardar_subida(datos: bytes) -> str:
    DIRECTORIO.mkdir(mode=0o700, parents=True, exist_ok=True)
    _purgar_vencidas()
    token = secrets.token_urlsafe(24)
    _ruta(token).write_bytes(datos)
    return token


def leer_subida(token: str) -> bytes | None:
    ruta = _ruta(token)
    if ruta is None or not ruta.is_file():
        return None
    return ruta.read_bytes()


def borrar_subida(token: str) -> None:
    ruta = _ruta(token)
    if ruta is not None:
        ruta.unlink(missing_ok=True)
