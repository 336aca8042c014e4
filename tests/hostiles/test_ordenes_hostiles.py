"""Issue 22, punto 4: «nunca un 500» también para las órdenes de manage.py.

Para cada orden del proyecto, Hypothesis arma una línea de órdenes al azar con las opciones de su propio
parser: enteros hostiles donde va un id o un número (², ٣, +1, 10⁴⁰, %s), textos hostiles donde va un texto
o un mes (formatos, fórmulas, controles, bidi, 10⁶ caracteres) y rutas hostiles donde va un archivo
(/dev/zero, /dev/full, una FIFO, una carpeta, una carpeta que no existe, nombres raros; siempre dentro de
una carpeta temporal). La orden corre como desde la terminal (run_from_argv) y debe terminar con código
0, 1 o 2 y sin traza: un CommandError o un error de uso, nunca otra excepción.
"""

import os
import sys
from io import StringIO

import pytest
from django.core.management import get_commands, load_command_class
from django.db import connections
from hypothesis import HealthCheck, given, settings as hyp_settings
from hypothesis import strategies as st

from tests.cronograma.reportes.escenario import armar_escenario
from tests.hostiles.test_nunca_500 import EJEMPLOS
from tests.hostiles.valores import UN_MILLON, entero_hostil, texto_hostil

APLICACIONES = {"cronograma", "componentes", "almacen"}
ORDENES = sorted(nombre for nombre, app in get_commands().items() if app in APLICACIONES)
# Opciones que nombran un archivo: sus valores se sortean entre rutas hostiles dentro de la carpeta temporal.
RUTAS = {"archivo", "output", "desde_libro", "carpeta"}
# Opciones (por su dest) que esperan un entero.
ENTEROS = {"plan", "reporte", "copiar", "numero_version"}
COMUNES = {"help", "version", "verbosity", "settings", "pythonpath", "traceback", "no_color", "force_color",
           "skip_checks"}


def _acciones(nombre: str):
    orden = load_command_class(get_commands()[nombre], nombre)
    parser = orden.create_parser("manage.py", nombre)
    return [a for a in parser._actions if a.dest not in COMUNES]


def ruta_hostil(carpeta):
    especiales = ["/dev/zero", "/dev/full", "/dev/null", str(carpeta), str(carpeta / "no" / "existe.xlsx"),
                  str(carpeta / "tubo.xlsx"), str(carpeta / "libro.xlsx"), str(carpeta / "respaldo.xml"),
                  str(carpeta / "salida.pdf"), str(carpeta / "salida.xlsx"), str(carpeta / "libro.xlsx" / "x.xlsx")]
    nombres = st.one_of(texto_hostil, st.sampled_from(["a.xlsx", "b.pdf", "c.xml", ".xml", "-", "--", "%s.xlsx"]))
    return st.one_of(st.sampled_from(especiales),
                     nombres.map(lambda t: str(carpeta / (t.replace("/", "_").replace("\x00", "") or "vacio"))))


def argumentos(acciones, carpeta):
    """Una línea de órdenes: algunas opciones del parser (con un valor hostil según su tipo), en cualquier
    orden, y a veces un argumento suelto de más."""
    def valor(accion):
        if accion.nargs == 0:
            return st.just([])
        if accion.dest in RUTAS:
            return ruta_hostil(carpeta).map(lambda v: [v])
        if accion.dest in ENTEROS:
            return entero_hostil.map(lambda v: [v])
        if accion.choices:
            return st.one_of(st.sampled_from(list(accion.choices)), texto_hostil).map(lambda v: [v])
        return st.one_of(texto_hostil, st.just(UN_MILLON)).map(lambda v: [v])

    def linea(elegidas):
        partes = []
        for accion in elegidas:
            cabeza = [accion.option_strings[0]] if accion.option_strings else []
            partes.append(valor(accion).map(lambda v, cabeza=cabeza: cabeza + v))
        return st.tuples(*partes, st.lists(texto_hostil, max_size=1)).map(lambda ps: [x for p in ps for x in p])

    return st.lists(st.sampled_from(acciones), unique_by=lambda a: a.dest, max_size=len(acciones)).flatmap(linea)


@pytest.fixture
def mundo(db, tmp_path, monkeypatch, settings):
    settings.MEDIA_ROOT = tmp_path / "medios"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    monkeypatch.chdir(tmp_path)  # una ruta relativa nunca cae en el proyecto
    monkeypatch.setattr(connections, "close_all", lambda: None)  # run_from_argv cierra la base: la prueba sigue
    (tmp_path / "libro.xlsx").write_bytes(b"PK\x03\x04 no es un libro")
    os.mkfifo(tmp_path / "tubo.xlsx")
    return armar_escenario(), tmp_path


def correr(nombre: str, linea: list[str]) -> tuple[int, str]:
    from django.core.management import ManagementUtility

    salida, errores = StringIO(), StringIO()
    antes = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = salida, errores
    try:
        ManagementUtility(["manage.py", nombre, *linea]).execute()
        codigo = 0
    except SystemExit as fin:
        codigo = fin.code if isinstance(fin.code, int) else 1
    finally:
        sys.stdout, sys.stderr = antes
    return codigo, errores.getvalue()


@pytest.mark.parametrize("nombre", ORDENES)
def test_argumentos_hostiles_no_dan_traza_y_terminan_con_0_1_o_2(mundo, nombre):
    _, carpeta = mundo
    acciones = _acciones(nombre)

    @hyp_settings(max_examples=EJEMPLOS, deadline=None, database=None,
                  suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                         HealthCheck.data_too_large])
    @given(linea=argumentos(acciones, carpeta))
    def probar(linea):
        codigo, errores = correr(nombre, linea)
        mostrada = [x[:60] for x in linea]
        assert codigo in (0, 1, 2), f"{nombre} {mostrada}: código {codigo}\n{errores[-2000:]}"
        assert "Traceback" not in errores, f"{nombre} {mostrada}:\n{errores[-3000:]}"
        assert not [p for p in carpeta.iterdir() if p.name.endswith(".parcial")], "quedó un archivo a medias"

    probar()
