"""Issue 22, punto 6: dos servidores de aplicación (dos gunicorn, en puertos distintos, cada uno con su
propia MEDIA_ROOT) sobre una misma base PostgreSQL: la evidencia que se sube por uno se descarga, byte por
byte, por el otro. Solo con PostgreSQL (make test-postgres, CI): es la configuración de varios servidores."""

import http.client
import os
import subprocess
import sys
import uuid
from pathlib import Path

import dj_database_url
import psycopg
import pytest

from bench.load import base_nueva, entorno_de_produccion, gunicorn

RAIZ = Path(__file__).resolve().parent.parent
URL = os.environ.get("DATABASE_URL", "")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

pytestmark = pytest.mark.skipif(not URL.startswith(("postgres://", "postgresql://")),
                                reason="varios servidores sobre una base: solo con PostgreSQL (DATABASE_URL)")

PREPARAR = """
import django
django.setup()
from tests.cronograma.reportes.escenario import armar_escenario
from cronograma.models import Avance
escenario = armar_escenario()
avance = Avance.objects.filter(actividad__componente__plan=escenario.plan).order_by("-mes", "pk").first()
print(escenario.plan.pk, avance.pk)
"""


class Sesion:
    """Un navegador mínimo: cookies, token CSRF y cuerpos en bytes."""

    def __init__(self, puerto: int):
        self.puerto, self.cookies = puerto, {}

    def pedir(self, metodo, ruta, cuerpo=None, tipo=None):
        conexion = http.client.HTTPConnection("127.0.0.1", self.puerto, timeout=30)
        cabeceras = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
                     "Referer": f"http://127.0.0.1:{self.puerto}/"}
        if tipo:
            cabeceras["Content-Type"] = tipo
        conexion.request(metodo, ruta, body=cuerpo, headers=cabeceras)
        respuesta = conexion.getresponse()
        datos = respuesta.read()
        for valor in respuesta.headers.get_all("Set-Cookie") or []:
            nombre, _, resto = valor.partition("=")
            self.cookies[nombre.strip()] = resto.split(";", 1)[0]
        conexion.close()
        return respuesta.status, datos

    def ingresar(self, usuario, contrasena):
        self.pedir("GET", "/cuentas/login/")
        cuerpo = f"username={usuario}&password={contrasena}&csrfmiddlewaretoken={self.cookies['csrftoken']}"
        estado, _ = self.pedir("POST", "/cuentas/login/", cuerpo.encode(), "application/x-www-form-urlencoded")
        assert estado == 302 and "sessionid" in self.cookies

    def subir(self, ruta, nombre, contenido):
        limite = uuid.uuid4().hex
        partes = [
            f'--{limite}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{self.cookies["csrftoken"]}\r\n'.encode(),
            f'--{limite}\r\nContent-Disposition: form-data; name="archivo"; filename="{nombre}"\r\n'
            f"Content-Type: application/pdf\r\n\r\n".encode() + contenido + b"\r\n",
            f"--{limite}--\r\n".encode(),
        ]
        return self.pedir("POST", ruta, b"".join(partes), f"multipart/form-data; boundary={limite}")


def test_una_evidencia_subida_por_un_servidor_se_descarga_por_el_otro(tmp_path):
    url = URL.rsplit("/", 1)[0] + f"/{dj_database_url.parse(URL)['NAME']}_dos_servidores_{os.getpid()}"
    with base_nueva(url):
        # DEBUG=1: sin collectstatic (los estáticos no cuentan aquí); el almacén de archivos es el de producción.
        comun = {**entorno_de_produccion(url, tmp_path), "DEBUG": "1", "CALIDAD_ALMACEN": "base"}
        entornos = [{**comun, "MEDIA_ROOT": str(tmp_path / f"medios-{n}")} for n in (1, 2)]
        env = {**os.environ, **comun}
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=RAIZ, env=env, check=True, timeout=300)
        preparado = subprocess.run([sys.executable, "-c", PREPARAR], cwd=RAIZ, env=env, capture_output=True, text=True, timeout=120)
        assert preparado.returncode == 0, preparado.stderr
        plan, avance = map(int, preparado.stdout.split()[-2:])
        contenido = PDF + os.urandom(64 * 1024)  # bytes al azar: cualquier cambio se notaría

        with gunicorn(entornos[0], workers=1, hilos=1, registro=tmp_path / "a.log") as puerto_a, \
                gunicorn(entornos[1], workers=1, hilos=1, registro=tmp_path / "b.log") as puerto_b:
            assert puerto_a != puerto_b
            uno, otro = Sesion(puerto_a), Sesion(puerto_b)
            uno.ingresar("coordinador", "clave-de-prueba-1")
            estado, _ = uno.subir(f"/planes/{plan}/avances/{avance}/evidencias/", "acta.pdf", contenido)
            assert estado == 302
            with psycopg.connect(url.replace("postgres://", "postgresql://")) as conexion:
                (evidencia,) = conexion.execute("SELECT id FROM cronograma_evidencia").fetchone()
            otro.ingresar("coordinador", "clave-de-prueba-1")
            estado, descargado = otro.pedir("GET", f"/planes/{plan}/evidencias/{evidencia}/descargar/")
            assert estado == 200
            assert descargado == contenido
        # Ningún servidor guardó el archivo en su disco: está en la base, que ven los dos.
        assert not any(p.is_file() for n in (1, 2) for p in (tmp_path / f"medios-{n}").rglob("*"))
