"""La base desechable del banco: se elige antes de django.setup(), así nunca se toca db.sqlite3.

Por defecto, un archivo SQLite en un directorio temporal; con una URL de PostgreSQL se crea una base
nueva en ese servidor (calidad_bench_<pid>) y se borra al terminar.
"""

import os
import secrets
import shutil
import tempfile
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit


def _url_postgres_desechable(url: str) -> tuple[str, str, str]:
    """(URL de la base nueva, URL de mantenimiento, nombre de la base nueva)."""
    partes = urlsplit(url)
    nombre = f"calidad_bench_{os.getpid()}"
    nueva = urlunsplit(partes._replace(path=f"/{nombre}"))
    mantenimiento = urlunsplit(partes._replace(path="/postgres"))
    return nueva, mantenimiento, nombre


def _ejecutar_postgres(url_mantenimiento: str, orden: str) -> None:
    import psycopg

    with psycopg.connect(url_mantenimiento, autocommit=True) as conexion:
        conexion.execute(orden)


@contextmanager
def base_desechable(url: str | None = None):
    """Fija DATABASE_URL a una base nueva mientras dura el bloque; la borra al salir."""
    anterior = os.environ.get("DATABASE_URL")
    directorio = None
    postgres = url and url.startswith(("postgres://", "postgresql://"))
    if postgres:
        url_bench, mantenimiento, nombre = _url_postgres_desechable(url)
        _ejecutar_postgres(mantenimiento, f'CREATE DATABASE "{nombre}"')
    elif url:
        raise SystemExit("--database-url solo acepta postgres://…; sin ella se usa un SQLite temporal.")
    else:
        directorio = tempfile.mkdtemp(prefix="calidad-bench-")
        url_bench = f"sqlite:///{directorio}/bench.sqlite3"
    os.environ["DATABASE_URL"] = url_bench
    try:
        yield url_bench
    finally:
        if anterior is None:
            os.environ.pop("DATABASE_URL", None)
        else:
            os.environ["DATABASE_URL"] = anterior
        if postgres:
            from django.db import connections

            connections.close_all()
            _ejecutar_postgres(mantenimiento, f'DROP DATABASE IF EXISTS "{nombre}"')
        if directorio:
            shutil.rmtree(directorio, ignore_errors=True)


def preparar_django() -> None:
    """django.setup() con ajustes de banco: sin https obligatorio, claves rápidas, estáticos sin manifiesto.

    DEBUG queda apagado (como en producción: sin registro de consultas que falsee los tiempos) y no se
    llama a setup_test_environment, que instrumenta las plantillas y haría más lenta la grilla.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "calidad.settings")
    # Sin DEBUG, la aplicación no arranca sin SECRET_KEY (issue 22): el banco usa una propia, desechable.
    os.environ.setdefault("SECRET_KEY", "banco-" + secrets.token_urlsafe(40))
    for variable in ("SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "DEBUG"):
        os.environ[variable] = "0"
    import warnings

    import django
    from django.conf import settings

    # WhiteNoise avisa si no hay collectstatic; el banco sirve los estáticos desde static/.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    django.setup()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def migrar() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
