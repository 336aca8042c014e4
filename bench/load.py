"""Carga y concurrencia: gunicorn sobre una base nueva y usuarios simulados que registran avance a la vez.

    python -m bench.load [--usuarios 20] [--segundos 30] [--workers 2] [--hilos 4] [--base URL]

1. Crea una base nueva (PostgreSQL por defecto: postgres://postgres@127.0.0.1:5432/calidad_carga, o la de
   --base / CARGA_DATABASE_URL; `--base sqlite` usa un archivo temporal), migra, carga el Anexo N° 2 con
   meses programados y crea los usuarios de unidad, y ejecuta collectstatic en un directorio temporal.
2. Arranca gunicorn (calidad.wsgi, DEBUG apagado, http en 127.0.0.1 en un puerto libre).
3. Cada usuario simulado (un hilo, http.client de la biblioteca estándar) entra por el formulario de
   inicio de sesión y luego, durante --segundos:
   - línea base: pide una página trivial con sesión (el cambio de contraseña);
   - registro: lee la página de su fila (la `version` del formulario y el % actual) y envía un % mayor,
     con un comentario único. Tres usuarios comparten cada fila adrede, para que haya conflictos.
4. Comprueba que no se perdió ninguna actualización (ver `comprobar_celdas`), imprime la tabla y escribe
   bench/load-results.json. Al final detiene gunicorn y borra la base, también si algo falló.
"""

import argparse
import http.client
import json
import math
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from bench.opciones import Lector, archivo_de_salida, decimal_positivo, entero

RAIZ = Path(__file__).resolve().parent.parent
BASE_POR_DEFECTO = "postgres://postgres@127.0.0.1:5432/calidad_carga"
SALIDA_POR_DEFECTO = RAIZ / "bench" / "load-results.json"
PAGINA_TRIVIAL = "/cuentas/password_change/"
USUARIOS_POR_FILA = 3  # comparten fila para que haya conflictos
MESES_EN_JUEGO = 2  # los últimos meses del plan en que se registra
# El comienzo de los dos mensajes de cronograma.registro.ConflictoDeEdicion.
MARCA_CONFLICTO = "No se guardó:"
ACEPTADA, CONFLICTO, ERROR = "aceptada", "conflicto", "error"
PLAZO_HTTP = 30  # segundos por petición: una respuesta más lenta cuenta como error


# --- Base de datos de la corrida ------------------------------------------------------------------


def _url_sqlite_temporal(directorio: Path) -> str:
    return f"sqlite:///{directorio / 'carga.sqlite3'}"


@contextmanager
def base_nueva(url: str):
    """Crea la base de `url` (que no debe existir) y la borra al salir, pase lo que pase."""
    import dj_database_url

    datos = dj_database_url.parse(url)
    if datos["ENGINE"].endswith("sqlite3"):
        ruta = Path(datos["NAME"])
        if ruta.exists():
            raise SystemExit(f"{ruta} ya existe: la prueba de carga necesita una base nueva.")
        try:
            yield url
        finally:
            for sufijo in ("", "-journal", "-wal", "-shm"):
                Path(f"{ruta}{sufijo}").unlink(missing_ok=True)
        return
    import psycopg
    from psycopg import sql

    nombre = datos["NAME"]
    conexion = {"host": datos["HOST"] or "127.0.0.1", "port": datos["PORT"] or 5432, "user": datos["USER"],
                "password": datos["PASSWORD"] or None, "dbname": "postgres", "autocommit": True}
    with psycopg.connect(**conexion) as servidor:
        if servidor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [nombre]).fetchone():
            raise SystemExit(f"La base {nombre} ya existe: bórrela (dropdb {nombre}) o elija otra con --base.")
        servidor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(nombre)))
    try:
        yield url
    finally:
        with psycopg.connect(**conexion) as servidor:
            servidor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(nombre)))


def entorno_de_produccion(url: str, temporal: Path) -> dict[str, str]:
    """Los ajustes de producción (DEBUG apagado), salvo lo que exige https: aquí se habla http local."""
    return {
        "DATABASE_URL": url,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "DETRAS_DE_PROXY_TLS": "0",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(temporal / "static"),
        "MEDIA_ROOT": str(temporal / "media"),
        "DJANGO_SETTINGS_MODULE": "calidad.settings",
    }


# --- Datos: el Anexo, meses programados y usuarios por unidad ----------------------------------------


@dataclass(frozen=True)
class Simulado:
    usuario: str
    codigo: str  # la fila en que registra
    plan_id: int = 1  # el plan de la fila: las páginas van por /planes/<plan_id>/… (issue 21)


def preparar_datos(*, usuarios: int, contrasena: str) -> tuple[list[Simulado], list[str]]:
    """Migra, carga el Anexo N° 2, programa un mes por fila y crea los usuarios repartidos por unidad."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command

    from componentes.anexo2 import cargar_anexo2
    from componentes.catalogo import Catalogo
    from componentes.meses import clave_mes
    from componentes.models import Responsable
    from cronograma.models import MesProgramado
    from cronograma.periodo import meses_iniciados

    call_command("migrate", verbosity=0, interactive=False)
    _reunir_estaticos()
    plan = cargar_anexo2().plan
    hojas = Catalogo(plan).hojas
    meses_del_plan = plan.meses()
    from cronograma.versiones import version_en_curso

    version = version_en_curso(plan)
    for indice, hoja in enumerate(hojas):
        MesProgramado.objects.create(**hoja.clave.filtro, version=version, mes=meses_del_plan[indice % len(meses_del_plan)])

    unidades = [u for u in Responsable.objects.order_by("orden") if u.sigla != settings.CALIDAD_COORDINADOR]
    filas = _filas_por_grupo(hojas, unidades, grupos=math.ceil(usuarios / USUARIOS_POR_FILA))
    clave = make_password(contrasena)  # un solo hash (PBKDF2 tarda adrede): la misma clave para todos
    Usuario = get_user_model()
    simulados = []
    for numero in range(usuarios):
        unidad, codigo = filas[numero // USUARIOS_POR_FILA]
        nombre = f"carga{numero + 1:02d}"
        unidad.usuarios.add(Usuario.objects.create(username=nombre, password=clave))
        simulados.append(Simulado(usuario=nombre, codigo=codigo, plan_id=plan.pk))
    meses = [clave_mes(m) for m in meses_iniciados(plan)[-MESES_EN_JUEGO:]]
    return simulados, meses


def _reunir_estaticos() -> None:
    """collectstatic con el mismo manifiesto que lee producción, sin comprimir cada archivo: comprimir
    tarda más que todo lo demás de la preparación y la carga no pide archivos estáticos."""
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import override_settings

    manifiesto = {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}
    with override_settings(STORAGES={**settings.STORAGES, "staticfiles": manifiesto}):
        call_command("collectstatic", verbosity=0, interactive=False)


def _filas_por_grupo(hojas, unidades, *, grupos: int):
    """Una fila distinta por grupo de usuarios, de una unidad responsable de ella; las unidades se turnan."""
    elegidas, ocupadas = [], set()
    for turno in range(grupos * len(unidades)):
        if len(elegidas) == grupos:
            break
        unidad = unidades[turno % len(unidades)]
        hoja = next((h for h in hojas if h.codigo not in ocupadas and unidad in h.responsables), None)
        if hoja is not None:
            ocupadas.add(hoja.codigo)
            elegidas.append((unidad, hoja.codigo))
    if len(elegidas) < grupos:
        raise SystemExit(f"El Anexo no tiene filas para {grupos} grupos de usuarios.")
    return elegidas


# --- gunicorn -------------------------------------------------------------------------------------


def puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn(entorno: dict[str, str], *, workers: int, hilos: int, registro: Path):
    """gunicorn en 127.0.0.1; espera a que responda y lo detiene al salir."""
    puerto = puerto_libre()
    orden = [sys.executable, "-m", "gunicorn", "calidad.wsgi", "--bind", f"127.0.0.1:{puerto}",
             "--workers", str(workers), "--threads", str(hilos), "--timeout", "60",
             "--log-level", "warning", "--error-logfile", str(registro)]
    proceso = subprocess.Popen(orden, cwd=RAIZ, env={**os.environ, **entorno}, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        _esperar(proceso, puerto, registro)
        yield puerto
    finally:
        proceso.terminate()
        try:
            proceso.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proceso.kill()
            proceso.wait()


def _esperar(proceso, puerto: int, registro: Path, plazo: float = 30) -> None:
    limite = time.monotonic() + plazo
    while time.monotonic() < limite:
        if proceso.poll() is not None:
            raise SystemExit(f"gunicorn terminó al arrancar:\n{registro.read_text(errors='replace')[-3000:]}")
        try:
            conexion = http.client.HTTPConnection("127.0.0.1", puerto, timeout=2)
            conexion.request("GET", "/cuentas/login/")
            if conexion.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"gunicorn no respondió en {plazo:.0f} s.")


# --- Cliente HTTP con sesión --------------------------------------------------------------------


@dataclass
class Respuesta:
    estado: int
    cabeceras: dict[str, str]
    cuerpo: str
    latencia: float  # segundos


class Navegador:
    """Una sesión de navegador mínima: guarda las cookies y envía formularios con el token CSRF."""

    def __init__(self, puerto: int):
        self.puerto = puerto
        self.cookies: dict[str, str] = {}
        self.conexion = http.client.HTTPConnection("127.0.0.1", puerto, timeout=PLAZO_HTTP)

    def pedir(self, metodo: str, ruta: str, formulario: dict | None = None) -> Respuesta:
        cabeceras = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        cuerpo = None
        if formulario is not None:
            cuerpo = urllib.parse.urlencode({**formulario, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")})
            cabeceras["Content-Type"] = "application/x-www-form-urlencoded"
        inicio = time.perf_counter()
        try:
            self.conexion.request(metodo, ruta, body=cuerpo, headers=cabeceras)
            respuesta = self.conexion.getresponse()
            texto = respuesta.read().decode("utf-8", errors="replace")
        except (OSError, http.client.HTTPException) as error:
            self.conexion.close()  # la siguiente petición abre otra conexión
            return Respuesta(0, {}, f"{type(error).__name__}: {error}", time.perf_counter() - inicio)
        latencia = time.perf_counter() - inicio
        for valor in respuesta.headers.get_all("Set-Cookie") or []:
            nombre, _, resto = valor.partition("=")
            self.cookies[nombre.strip()] = resto.split(";", 1)[0]
        return Respuesta(respuesta.status, {k.lower(): v for k, v in respuesta.getheaders()}, texto, latencia)

    def ingresar(self, usuario: str, contrasena: str) -> None:
        self.pedir("GET", "/cuentas/login/")
        respuesta = self.pedir("POST", "/cuentas/login/", {"username": usuario, "password": contrasena})
        if respuesta.estado != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"{usuario} no pudo iniciar sesión (HTTP {respuesta.estado}).")


# --- Usuarios simulados ---------------------------------------------------------------------------


@dataclass
class Medicion:
    tipo: str  # "base", "leer_fila", "guardar"
    latencia: float
    resultado: str  # ACEPTADA, CONFLICTO, ERROR u "ok"
    fin: float  # time.monotonic() al recibir la respuesta


@dataclass
class Escritura:
    codigo: str
    mes: str
    base: int  # la versión que vio el usuario: si se acepta, la nueva es base + 1
    porcentaje: str
    comentario: str
    resultado: str


@dataclass
class Diario:
    """Lo que anotan todos los hilos (list.append es atómico en CPython)."""

    mediciones: list[Medicion] = field(default_factory=list)
    escrituras: list[Escritura] = field(default_factory=list)
    errores: list[str] = field(default_factory=list)

    def medir(self, tipo: str, respuesta: Respuesta, resultado: str) -> None:
        self.mediciones.append(Medicion(tipo, respuesta.latencia, resultado, time.monotonic()))
        if resultado == ERROR and len(self.errores) < 20:
            self.errores.append(f"{tipo}: HTTP {respuesta.estado} {respuesta.cuerpo[:200]!r}")


_INPUT = re.compile(r"<input\b[^>]*>", re.IGNORECASE)
_VALOR = re.compile(r'\bvalue="([^"]*)"')


def valor_del_campo(html: str, nombre: str) -> str | None:
    """El value de <input name=nombre>; "" si no tiene; None si no está en la página."""
    for etiqueta in _INPUT.findall(html):
        if f'name="{nombre}"' in etiqueta:
            encontrado = _VALOR.search(etiqueta)
            return encontrado.group(1) if encontrado else ""
    return None


def siguiente_porcentaje(actual: str) -> str:
    """Un poco más que lo que se leyó (los usuarios registran avance, no retroceso), hasta 100."""
    valor = Decimal(actual.replace(",", ".")) if actual else Decimal("0")
    return str(min(valor + Decimal("0.1"), Decimal("100")).quantize(Decimal("0.1")))


def clasificar_envio(respuesta: Respuesta) -> str:
    """Aceptada: redirige a la fila. Conflicto: la página vuelve con el aviso. Cualquier otra cosa: error."""
    if respuesta.estado == 302 and "/cuentas/login" not in respuesta.cabeceras.get("location", ""):
        return ACEPTADA
    if respuesta.estado == 200 and MARCA_CONFLICTO in respuesta.cuerpo:
        return CONFLICTO
    return ERROR


def pedir_base(navegador: Navegador, diario: Diario, **_) -> None:
    respuesta = navegador.pedir("GET", PAGINA_TRIVIAL)
    diario.medir("base", respuesta, "ok" if respuesta.estado == 200 else ERROR)


def registrar_una_vez(navegador: Navegador, diario: Diario, *, simulado: Simulado, meses: list[str],
                      azar, numero: int) -> None:
    """Lee la fila (versión y % actuales) y envía un % mayor, como quien llena el formulario."""
    mes = azar.choice(meses)
    respuesta = navegador.pedir("GET", f"/planes/{simulado.plan_id}/cronograma/fila/{simulado.codigo}/?mes={mes}")
    version, actual = valor_del_campo(respuesta.cuerpo, "version"), valor_del_campo(respuesta.cuerpo, "porcentaje")
    if respuesta.estado != 200 or version is None or actual is None:
        diario.medir("leer_fila", respuesta, ERROR)
        return
    diario.medir("leer_fila", respuesta, "ok")
    envio = {"porcentaje": siguiente_porcentaje(actual), "comentario": f"Carga: {simulado.usuario} n.º {numero}",
             "mes": mes, "version": version}
    respuesta = navegador.pedir("POST", f"/planes/{simulado.plan_id}/cronograma/fila/{simulado.codigo}/registrar/", envio)
    resultado = clasificar_envio(respuesta)
    diario.medir("guardar", respuesta, resultado)
    diario.escrituras.append(Escritura(simulado.codigo, mes, int(version), envio["porcentaje"],
                                       envio["comentario"], resultado))


def correr_fase(navegadores, simulados, accion, *, segundos: float, meses: list[str], tramo: int = 0,
                diario: Diario | None = None) -> tuple[Diario, float]:
    """Todos los usuarios a la vez, repitiendo `accion` hasta que se acabe el tiempo. `tramo` distingue los
    tramos de una misma fase (azar y numeración propios: los comentarios no se repiten); `diario`, si se da,
    acumula lo de los tramos anteriores."""
    import random

    diario = diario if diario is not None else Diario()
    salida = threading.Barrier(len(navegadores) + 1)

    def usuario(indice: int) -> None:
        azar = random.Random(indice + 1000 * tramo)
        # Una conexión nueva por fase: gunicorn cierra las que quedaron ociosas más de 2 s (keepalive),
        # y el primer envío por una de ellas fallaría sin respuesta (un navegador lo reintentaría).
        navegadores[indice].conexion.close()
        salida.wait()
        numero = 1_000_000 * tramo
        while time.monotonic() < fin:
            numero += 1
            accion(navegadores[indice], diario, simulado=simulados[indice], meses=meses, azar=azar, numero=numero)

    hilos = [threading.Thread(target=usuario, args=(i,), daemon=True) for i in range(len(navegadores))]
    for hilo in hilos:
        hilo.start()
    inicio = time.monotonic()
    fin = inicio + segundos
    salida.wait()
    for hilo in hilos:
        hilo.join(timeout=segundos + 2 * PLAZO_HTTP)
    ultima = max((m.fin for m in diario.mediciones if m.fin >= inicio), default=fin)
    return diario, max(ultima, fin) - inicio


def ingresar_todos(puerto: int, simulados: list[Simulado], contrasena: str) -> list[Navegador]:
    navegadores = [Navegador(puerto) for _ in simulados]
    hilos = [threading.Thread(target=n.ingresar, args=(s.usuario, contrasena)) for n, s in zip(navegadores, simulados)]
    for hilo in hilos:
        hilo.start()
    for hilo in hilos:
        hilo.join()
    sin_sesion = [s.usuario for n, s in zip(navegadores, simulados) if "sessionid" not in n.cookies]
    if sin_sesion:
        raise SystemExit(f"No pudieron iniciar sesión: {', '.join(sin_sesion)}.")
    return navegadores


# --- Comprobación: ninguna actualización perdida -----------------------------------------------------


@dataclass(frozen=True)
class Estado:
    """Un registro de avance tal como quedó en la base o en una fila de su historia."""

    version: int
    porcentaje: Decimal
    comentario: str


@dataclass
class Comprobacion:
    celdas: int = 0
    aceptadas: int = 0
    conflictos: int = 0
    perdidas: int = 0  # escrituras aceptadas que no quedaron (pisadas, o ausentes de la historia)
    fantasmas: int = 0  # cambios en la historia que ningún cliente vio aceptados
    detalles: list[str] = field(default_factory=list)

    def anotar(self, texto: str) -> None:
        if len(self.detalles) < 20:
            self.detalles.append(texto)


def comprobar_celdas(escrituras: list[Escritura], finales: dict[tuple, Estado],
                     historias: dict[tuple, list[Estado]]) -> Comprobacion:
    """Compara lo que los clientes vieron aceptado con la base, celda por celda (fila × mes).

    Una escritura aceptada con la versión base N creó la versión N + 1 (el comentario es único, así que
    siempre cambia algo). Sin actualizaciones perdidas: no hay dos aceptadas con la misma versión; cada
    aceptada está en la historia, con su versión, valor y comentario; la historia no tiene nada más; y
    el valor final de la celda es el de la aceptada de mayor versión, que es también el último de la
    historia (orden del servidor).
    """
    resultado = Comprobacion()
    por_celda = defaultdict(list)
    for escritura in escrituras:
        por_celda[(escritura.codigo, escritura.mes)].append(escritura)
    for celda in set(por_celda) | set(finales) | set(historias):
        aceptadas = {}
        for e in por_celda.get(celda, []):
            if e.resultado == ACEPTADA:
                estado = Estado(e.base + 1, Decimal(e.porcentaje), e.comentario)
                if estado.version in aceptadas:
                    resultado.perdidas += 1
                    resultado.anotar(f"{celda}: dos escrituras aceptadas crearon la versión {estado.version}")
                aceptadas.setdefault(estado.version, estado)
            resultado.aceptadas += e.resultado == ACEPTADA
            resultado.conflictos += e.resultado == CONFLICTO
        resultado.celdas += 1
        _comparar_celda(celda, aceptadas, finales.get(celda), historias.get(celda, []), resultado)
    return resultado


def _comparar_celda(celda, aceptadas: dict[int, Estado], final: Estado | None, historia: list[Estado],
                    resultado: Comprobacion) -> None:
    en_historia = set(historia)
    for estado in aceptadas.values():
        if estado not in en_historia:
            resultado.perdidas += 1
            resultado.anotar(f"{celda}: la versión {estado.version} aceptada no está en la historia")
    for estado in en_historia - set(aceptadas.values()):
        resultado.fantasmas += 1
        resultado.anotar(f"{celda}: la historia tiene la versión {estado.version}, que ningún cliente vio aceptada")
    ultima = aceptadas[max(aceptadas)] if aceptadas else None
    if final != ultima or (historia and historia[-1] != final):
        resultado.perdidas += 1
        resultado.anotar(f"{celda}: queda {final}, la última aceptada fue {ultima}, la historia termina en "
                         f"{historia[-1] if historia else None}")


def estado_en_la_base(codigos: set[str]) -> tuple[dict[tuple, Estado], dict[tuple, list[Estado]]]:
    """El valor actual y la historia (en orden del servidor) de cada celda de las filas de la carga."""
    from componentes.catalogo import Catalogo
    from componentes.meses import clave_mes
    from componentes.models import Plan
    from cronograma.models import Avance

    catalogo = Catalogo(Plan.objects.vigente())
    finales, historias = {}, defaultdict(list)
    for codigo in codigos:
        filtro = catalogo.hojas_por_codigo[codigo].clave.filtro
        for a in Avance.objects.filter(**filtro):
            finales[(codigo, clave_mes(a.mes))] = Estado(a.version, a.porcentaje, a.comentario)
        for h in Avance.history.filter(**filtro).order_by("history_id"):
            historias[(codigo, clave_mes(h.mes))].append(Estado(h.version, h.porcentaje, h.comentario))
    return finales, dict(historias)


# --- Cifras e informe -----------------------------------------------------------------------------


def percentil(valores: list[float], p: float) -> float:
    if not valores:
        return 0.0
    ordenados = sorted(valores)
    return ordenados[max(0, math.ceil(p * len(ordenados)) - 1)]


def cifras(mediciones: list[Medicion], segundos: float) -> dict:
    latencias = [m.latencia for m in mediciones]
    return {
        "peticiones": len(mediciones),
        "peticiones_por_segundo": round(len(mediciones) / segundos, 1) if segundos else 0.0,
        "p50_ms": round(percentil(latencias, 0.50) * 1000, 1),
        "p95_ms": round(percentil(latencias, 0.95) * 1000, 1),
        "errores": sum(m.resultado == ERROR for m in mediciones),
    }


def _razon(a: float, b: float) -> float | None:
    return round(a / b, 2) if b else None


def informe(base: tuple[Diario, float], registro: tuple[Diario, float], comprobacion: Comprobacion,
            parametros: dict) -> dict:
    (diario_base, seg_base), (diario_reg, seg_reg) = base, registro
    linea_base = cifras(diario_base.mediciones, seg_base)
    total = cifras(diario_reg.mediciones, seg_reg)
    return {
        "fecha": datetime.now().astimezone().isoformat(timespec="seconds"),
        "parametros": parametros,
        "linea_base": {"pagina": PAGINA_TRIVIAL, **linea_base},
        "registro": {
            **total,
            "leer_fila": cifras([m for m in diario_reg.mediciones if m.tipo == "leer_fila"], seg_reg),
            "guardar": cifras([m for m in diario_reg.mediciones if m.tipo == "guardar"], seg_reg),
        },
        "razon_registro_sobre_base": {
            "peticiones_por_segundo": _razon(total["peticiones_por_segundo"], linea_base["peticiones_por_segundo"]),
            "p50": _razon(total["p50_ms"], linea_base["p50_ms"]),
            "p95": _razon(total["p95_ms"], linea_base["p95_ms"]),
        },
        "comprobacion": asdict(comprobacion),
        "muestras_de_errores": diario_base.errores + diario_reg.errores,
    }


def tabla(resultado: dict) -> str:
    filas = [("Página trivial (línea base)", resultado["linea_base"]),
             ("Registro: leer la fila", resultado["registro"]["leer_fila"]),
             ("Registro: guardar", resultado["registro"]["guardar"]),
             ("Registro (total)", resultado["registro"])]
    lineas = [f"{'':30}{'peticiones':>11}{'pet/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'errores':>9}"]
    for nombre, c in filas:
        lineas.append(f"{nombre:30}{c['peticiones']:>11}{c['peticiones_por_segundo']:>9}{c['p50_ms']:>9}"
                      f"{c['p95_ms']:>9}{c['errores']:>9}")
    razon = resultado["razon_registro_sobre_base"]
    lineas.append(f"{'Razón registro / línea base':30}{'':>11}{razon['peticiones_por_segundo']!s:>9}"
                  f"{razon['p50']!s:>9}{razon['p95']!s:>9}")
    c = resultado["comprobacion"]
    lineas.append(f"Celdas: {c['celdas']} · escrituras aceptadas: {c['aceptadas']} · conflictos (con su aviso): "
                  f"{c['conflictos']} · actualizaciones perdidas: {c['perdidas']} · cambios fantasma: {c['fantasmas']}")
    return "\n".join(lineas + c["detalles"] + resultado["muestras_de_errores"] + resultado["registro_gunicorn"])


# --- Orden ----------------------------------------------------------------------------------------


def _base(texto: str) -> str:
    """«sqlite» o una URL postgres:// con el nombre de la base (que se creará y se borrará)."""
    if texto == "sqlite":
        return texto
    if not texto.startswith(("postgres://", "postgresql://")) or not urllib.parse.urlsplit(texto).path.strip("/"):
        raise argparse.ArgumentTypeError(f"«{texto}» no es «sqlite» ni una URL postgres://usuario@host:5432/base.")
    return texto


def leer_argumentos(argv=None) -> argparse.Namespace:
    parser = Lector(prog="python -m bench.load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--usuarios", type=entero(1, 100), default=20, help="usuarios simulados a la vez (20; de 1 a 100)")
    parser.add_argument("--segundos", type=decimal_positivo(600), default=30, help="duración de cada fase (30; hasta 600)")
    parser.add_argument("--workers", type=entero(1, 32), default=2, help="procesos de gunicorn (2)")
    parser.add_argument("--hilos", type=entero(1, 64), default=4, help="hilos por proceso de gunicorn (4)")
    parser.add_argument("--tramos", type=entero(1, 10), default=3,
                        help="en cuántos tramos alternados se reparte cada fase (3; de 1 a 10): base, registro, base, …")
    parser.add_argument("--base", type=_base, default=os.environ.get("CARGA_DATABASE_URL", BASE_POR_DEFECTO),
                        help="base NUEVA que se crea y se borra; «sqlite» para un archivo temporal")
    parser.add_argument("--salida", type=archivo_de_salida, default=SALIDA_POR_DEFECTO, help="archivo JSON de resultados")
    argumentos = parser.parse_args(argv)
    return argumentos


def main(argv=None) -> int:
    argumentos = leer_argumentos(argv)
    temporal = Path(tempfile.mkdtemp(prefix="calidad-carga-"))
    url = _url_sqlite_temporal(temporal) if argumentos.base == "sqlite" else argumentos.base
    entorno = entorno_de_produccion(url, temporal)
    os.environ.update(entorno)
    sys.path.insert(0, str(RAIZ))
    import django

    django.setup()
    from django.db import connections

    contrasena = secrets.token_urlsafe(16)
    try:
        with base_nueva(url):
            try:
                resultado = _corrida(argumentos, entorno, temporal, contrasena)
            finally:
                connections.close_all()
    finally:
        shutil.rmtree(temporal, ignore_errors=True)
    argumentos.salida.write_text(json.dumps(resultado, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(tabla(resultado))
    print(f"Resultados en {argumentos.salida}")
    comprobacion = resultado["comprobacion"]
    fallas = resultado["linea_base"]["errores"] + resultado["registro"]["errores"]
    return 0 if fallas == 0 and comprobacion["perdidas"] == 0 and comprobacion["fantasmas"] == 0 else 1


def _corrida(argumentos, entorno: dict[str, str], temporal: Path, contrasena: str) -> dict:
    from django.db import connection, connections

    simulados, meses = preparar_datos(usuarios=argumentos.usuarios, contrasena=contrasena)
    connections.close_all()
    parametros = {"usuarios": argumentos.usuarios, "segundos": argumentos.segundos, "workers": argumentos.workers,
                  "hilos": argumentos.hilos, "tramos": argumentos.tramos, "base": connection.vendor, "nucleos": os.cpu_count(),
                  "filas": sorted({s.codigo for s in simulados}), "meses": meses}
    with gunicorn(entorno, workers=argumentos.workers, hilos=argumentos.hilos,
                  registro=temporal / "gunicorn.log") as puerto:
        navegadores = ingresar_todos(puerto, simulados, contrasena)
        fases = {"base": pedir_base, "registro": registrar_una_vez}
        # Las fases se alternan en `tramos` (base, registro, base, registro…): la máquina es compartida y
        # así las dos viven la misma carga ajena; la razón entre ambas es lo que se compara (issue 16).
        medido = {nombre: (Diario(), 0.0) for nombre in fases}
        for tramo in range(argumentos.tramos):
            for nombre, accion in fases.items():
                diario, duracion = correr_fase(navegadores, simulados, accion, segundos=argumentos.segundos / argumentos.tramos,
                                               meses=meses, tramo=tramo, diario=medido[nombre][0])
                medido[nombre] = (diario, medido[nombre][1] + duracion)
        for navegador in navegadores:
            navegador.conexion.close()
    finales, historias = estado_en_la_base({s.codigo for s in simulados})
    comprobacion = comprobar_celdas(medido["registro"][0].escrituras, finales, historias)
    resultado = informe(medido["base"], medido["registro"], comprobacion, parametros)
    # Lo último que anotó gunicorn (avisos, errores, workers reiniciados), para entender un error.
    resultado["registro_gunicorn"] = (temporal / "gunicorn.log").read_text(errors="replace").splitlines()[-20:]
    return resultado


if __name__ == "__main__":
    sys.exit(main())
