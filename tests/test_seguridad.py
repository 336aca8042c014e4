"""Seguridad en producción: ajustes de despliegue, cabeceras, CSP, límite de intentos y acceso a cada URL.

El recorrido de URL es genérico: lee el URLconf completo, de modo que cubre también las páginas que se
agreguen después. Cada vista de la aplicación declara quién la abre con @acceso(pregunta) (permisos.py):
lo esperado para cada rol (coordinación, unidad, superusuario, revisor) es lo que esa pregunta contesta para su
perfil; una vista sin declaración hace fallar el recorrido. El admin niega a quien no es staff, y todo lo
que no sea público, al anónimo.
"""

import base64
import hashlib
import os
import re
import secrets
import subprocess
import sys
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings as ajustes
from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponse
from django.urls import URLPattern, URLResolver, get_resolver, path

from calidad.urls import urlpatterns as urlpatterns_reales
from componentes.models import Plan
from cronograma.permisos import acceso, perfil_de, puede_cerrar_mes
from cronograma.reportes.flujo import crear_reporte
from tests.cronograma.planes.escenario import crear_revisor
from tests.factories import (
    crear_actividad,
    crear_componente,
    crear_plan,
    crear_subactividad,
    crear_usuario,
    programar,
    registrar,
)

pytestmark = pytest.mark.django_db

RAIZ = Path(__file__).resolve().parent.parent


# --- check --deploy ------------------------------------------------------------------------------------

def _check_deploy(**entorno) -> subprocess.CompletedProcess:
    # DJANGO_ALLOW_ASYNC_UNSAFE lo pone tests/browser/conftest.py para Playwright; un servidor real no lo tiene.
    quitar = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in quitar}
    env.update(entorno)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=RAIZ, env=env, capture_output=True, text=True, timeout=120,
    )


def test_check_deploy_pasa_con_los_ajustes_de_produccion():
    resultado = _check_deploy(DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="calidad.trabajo.gob.pe")
    assert resultado.returncode == 0, resultado.stdout + resultado.stderr


def test_check_deploy_rechaza_la_clave_de_desarrollo():
    from calidad.settings import CLAVE_DE_DESARROLLO

    resultado = _check_deploy(DEBUG="0", SECRET_KEY=CLAVE_DE_DESARROLLO, ALLOWED_HOSTS="calidad.trabajo.gob.pe")
    assert resultado.returncode != 0
    assert "security.W009" in resultado.stderr


@pytest.mark.parametrize("clave", [None, "", "   "])
def test_produccion_no_arranca_sin_secret_key(clave):
    """Issue 22: con DEBUG apagado y sin SECRET_KEY, cargar los ajustes es un error (no un aviso de check)."""
    entorno = {"ALLOWED_HOSTS": "calidad.trabajo.gob.pe"} | ({} if clave is None else {"SECRET_KEY": clave})
    resultado = _check_deploy(**entorno)
    assert resultado.returncode != 0
    assert "ImproperlyConfigured: Falta SECRET_KEY" in resultado.stderr
    codigo = "import calidad.wsgi"  # lo que carga gunicorn al arrancar
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}} | {"DJANGO_SETTINGS_MODULE": "calidad.settings"}
    servidor = subprocess.run([sys.executable, "-c", codigo], cwd=RAIZ, env=env, capture_output=True, text=True, timeout=60)
    assert servidor.returncode != 0 and "Falta SECRET_KEY" in servidor.stderr


def test_con_debug_arranca_sin_secret_key_para_make_run():
    resultado = _check_deploy(DEBUG="1")
    assert "Falta SECRET_KEY" not in resultado.stderr
    assert "security.W009" in resultado.stderr  # la clave de desarrollo, que check --deploy sigue señalando


def test_con_debug_se_sirve_por_http_para_make_run():
    codigo = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS)"
    )
    env = {**os.environ, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "calidad.settings"}
    salida = subprocess.run([sys.executable, "-c", codigo], cwd=RAIZ, env=env, capture_output=True, text=True, timeout=60)
    assert salida.stdout.split() == ["False", "False", "False", "0"], salida.stderr


# --- cabeceras -----------------------------------------------------------------------------------------

def _directivas(respuesta) -> dict[str, list[str]]:
    politica = respuesta["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in (x.strip() for x in politica.split(";")) if d}


def test_cabeceras_de_seguridad_en_una_pagina(client):
    client.force_login(crear_usuario(unidades=("SDLGAT",)))
    respuesta = client.get("/")
    assert respuesta.status_code == 200
    csp = _directivas(respuesta)
    assert csp["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert "'unsafe-inline'" not in csp["style-src"]
    assert csp["frame-ancestors"] == ["'none'"] and csp["object-src"] == ["'none'"]
    assert respuesta["X-Frame-Options"] == "DENY"
    assert respuesta["X-Content-Type-Options"] == "nosniff"
    assert respuesta["Referrer-Policy"] == "same-origin"


def test_detras_del_proxy_tls_exige_https_y_envia_hsts(client, settings):
    settings.SECURE_SSL_REDIRECT = True  # como en producción (conftest lo apaga para el resto)
    settings.CSRF_COOKIE_SECURE = True
    en_claro = client.get("/cuentas/login/")
    assert en_claro.status_code == 301 and en_claro["Location"] == "https://testserver/cuentas/login/"
    por_el_proxy = client.get("/cuentas/login/", HTTP_X_FORWARDED_PROTO="https")
    assert por_el_proxy.status_code == 200
    assert por_el_proxy["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert por_el_proxy.cookies["csrftoken"]["secure"] is True


def test_la_sesion_expira():
    assert ajustes.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert ajustes.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


# --- límite de intentos (django-axes) ------------------------------------------------------------------

def _intentar(client, usuario, clave):
    return client.post("/cuentas/login/", {"username": usuario, "password": clave})


def test_tras_cinco_fallos_la_cuenta_se_bloquea_con_mensaje_en_castellano(client):
    crear_usuario("ana")
    beto = crear_usuario("beto")
    for _ in range(ajustes.AXES_FAILURE_LIMIT - 1):
        respuesta = _intentar(client, "ana", "equivocada")
        assert respuesta.status_code == 200 and "Usuario o contraseña incorrectos" in respuesta.content.decode()
    bloqueo = _intentar(client, "ana", "equivocada")
    assert bloqueo.status_code == 429
    assert "Demasiados intentos fallidos" in bloqueo.content.decode()
    assert "durante 15 minutos" in bloqueo.content.decode()

    # Ni con la contraseña correcta entra mientras dura el bloqueo.
    correcta = _intentar(client, "ana", "clave-de-prueba-1")
    assert correcta.status_code == 429 and "_auth_user_id" not in client.session
    # El bloqueo es por usuario e IP: otra cuenta desde el mismo equipo sigue entrando.
    otra = _intentar(client, "beto", "clave-de-prueba-1")
    assert otra.status_code == 302 and client.session["_auth_user_id"] == str(beto.pk)


def test_el_cliente_de_pruebas_sigue_pudiendo_iniciar_sesion(client):
    crear_usuario("carla")
    assert client.login(username="carla", password="clave-de-prueba-1") is True
    assert client.login(username="carla", password="otra") is False


# --- páginas de error ----------------------------------------------------------------------------------

def test_pagina_404_en_castellano(client):
    client.force_login(crear_usuario())
    respuesta = client.get("/no-existe/")
    assert respuesta.status_code == 404 and "Página no encontrada" in respuesta.content.decode()


def _vista_de_coordinacion(request):
    return HttpResponse("panel de coordinación")


# Un URLconf con una página de coordinación de ejemplo: la página 403 y el recorrido la incluyen.
urlpatterns = [
    *urlpatterns_reales,
    path("prueba/coordinacion/", acceso(puede_cerrar_mes)(_vista_de_coordinacion), name="prueba_coordinacion"),
]


@pytest.mark.urls(__name__)
def test_pagina_403_en_castellano(client):
    client.force_login(crear_usuario(unidades=("SDLGAT",)))
    respuesta = client.get("/prueba/coordinacion/")
    assert respuesta.status_code == 403
    assert "Acceso denegado" in respuesta.content.decode()


def test_pagina_500_en_castellano_sin_consultar_nada():
    from django.template.loader import render_to_string

    assert "Error del servidor" in render_to_string("500.html")


# --- recorrido de todas las URL ------------------------------------------------------------------------

def _rutas(patrones, prefijo=""):
    for patron in patrones:
        if isinstance(patron, URLResolver):
            yield from _rutas(patron.url_patterns, prefijo + str(patron.pattern))
        elif isinstance(patron, URLPattern):
            yield prefijo + str(patron.pattern), patron.name, patron.callback


def _primer_objeto(modelo):
    return modelo._default_manager.order_by("pk").first() if modelo else None


def _modelo_del_admin(ruta: str):
    partes = re.match(r"admin/(\w+)/(\w+)/", ruta)
    if not partes:
        return None
    try:
        return apps.get_model(partes[1], partes[2])
    except LookupError:
        return None


def _url_de_ejemplo(ruta: str, valores: dict[str, str]) -> str:
    """Rellena conversores y grupos con valores plausibles (objetos que existen, cuando se sabe cuáles)."""
    objeto = _primer_objeto(_modelo_del_admin(ruta))
    posicionales = [str(objeto.pk), str(objeto.history.first().history_id)] if hasattr(objeto, "history") else []

    def por_nombre(nombre: str) -> str:
        if nombre in {"object_id", "id"} and objeto is not None:
            return str(objeto.pk)
        for clave in sorted(valores, key=len, reverse=True):
            if clave in nombre.lower():
                return valores[clave]
        return "1"

    ruta = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: por_nombre(m[1]), ruta)
    ruta = re.sub(r"\(\?P<url>\.\*\)", "no-existe/", ruta)
    ruta = re.sub(r"\(\?P<(\w+)>([^)]*)\)", lambda m: m[2].split("|")[0] if "|" in m[2] else por_nombre(m[1]), ruta)
    ruta = re.sub(r"\([^)]*\)", lambda m: posicionales.pop(0) if posicionales else "1", ruta)
    return "/" + ruta.replace("^", "").replace("$", "")


def _es_publica(vista) -> bool:
    return getattr(vista, "login_required", True) is False


def _va_al_login(respuesta) -> bool:
    destino = urlsplit(respuesta.get("Location", "")).path
    return respuesta.status_code == 302 and destino in {"/cuentas/login/", "/admin/login/"}


def _admin_lo_niega(respuesta) -> bool:
    destino = urlsplit(respuesta.get("Location", "")).path
    return respuesta.status_code in {403, 404} or (respuesta.status_code == 302 and destino in {"/admin/login/", "/admin/"})


@pytest.fixture
def escenario():
    """Lo mínimo para que las URL de detalle encuentren algo: un plan con una fila, avance e historia."""
    plan = crear_plan()
    componente = crear_componente(plan, 1)
    actividad = crear_actividad(componente, 1, unidades=("SDLGAT",))
    subactividad = crear_subactividad(actividad, 1, unidades=("SDLGAT",))
    crear_actividad(componente, 2, unidades=("DRTPELM",))
    programar(plan, "1.1.1", date(2020, 10, 1))
    avance = registrar(plan, "1.1.1", date(2020, 10, 1), 40)
    coordinacion = crear_usuario("coordinacion", unidades=("OGPP",))
    reporte = crear_reporte(plan=plan, desde=date(2020, 10, 1), hasta=date(2021, 3, 1), usuario=coordinacion)
    valores = {
        "plan": str(plan.pk), "componente": str(componente.pk), "actividad": str(actividad.pk),
        "subactividad": str(subactividad.pk), "avance": str(avance.pk), "pk": str(reporte.pk), "codigo": "1.1.1", "fila": "1.1.1",
        "sigla": "SDLGAT", "unidad": "SDLGAT", "mes": "2020-10", "anio": "2021", "semestre": "1",
        "content_type": str(ContentType.objects.get_for_model(Plan).pk),
    }
    return {
        "valores": valores,
        "unidad": crear_usuario("personal_sdlgat", unidades=("SDLGAT",)),
        "coordinacion": coordinacion,
        "superusuario": crear_usuario("superusuario", is_staff=True, is_superuser=True),
        "revisor": crear_revisor(),
    }


ROLES = ("coordinacion", "unidad", "superusuario", "revisor")


def _problemas_de_acceso(client, escenario) -> tuple[list[str], dict[str, int]]:
    """Recorre el URLconf activo y devuelve cada URL cuyo acceso no es el declarado (o no declara ninguno).

    Para cada vista de la aplicación, lo esperado sale de su `acceso`: la pregunta aplicada al perfil de
    cada rol. Negado ⇒ 403 en GET y POST (o 405 del método); permitido ⇒ el GET no da 403 ni error.
    """
    problemas, revisadas = [], {"anonimo": 0, "admin": 0, "declaradas": 0}
    for ruta, _nombre, vista in _rutas(get_resolver().url_patterns):
        if _es_publica(vista):
            continue
        url = _url_de_ejemplo(ruta, escenario["valores"])
        client.logout()
        if not all(_va_al_login(metodo(url)) for metodo in (client.get, client.post)):
            problemas.append(f"{url}: el anónimo no va al login")
        revisadas["anonimo"] += 1
        if ruta.startswith("admin/"):
            client.force_login(escenario["unidad"])
            if not all(_admin_lo_niega(metodo(url)) for metodo in (client.get, client.post)):
                problemas.append(f"{url}: el personal de unidad entra al admin")
            revisadas["admin"] += 1
            continue
        pregunta = getattr(vista, "acceso", None)
        if pregunta is None and vista.__module__.startswith("django."):
            continue  # las cuentas de django.contrib.auth: solo piden sesión, y eso ya se comprobó
        if pregunta is None:
            problemas.append(f"{url}: la vista {vista.__module__}.{vista.__name__} no declara @acceso")
            continue
        revisadas["declaradas"] += 1
        for rol in ROLES:
            client.force_login(escenario[rol])
            if pregunta(perfil_de(escenario[rol])):
                # Solo GET: un POST vacío de quien sí entra podría cambiar el escenario (aprobar, cerrar…).
                estado = client.get(url).status_code
                if estado == 403 or estado >= 500:
                    problemas.append(f"{url}: {rol} debía entrar ({pregunta.__name__}) y recibió {estado}")
                continue
            estados = {client.get(url).status_code, client.post(url).status_code}
            if not (403 in estados and estados <= {403, 405}):
                problemas.append(f"{url}: {rol} debía recibir 403 ({pregunta.__name__}) y recibió {estados}")
    return problemas, revisadas


@pytest.mark.urls(__name__)
def test_cada_url_responde_lo_que_declara_su_acceso(client, escenario):
    problemas, revisadas = _problemas_de_acceso(client, escenario)
    assert problemas == [], "\n".join(problemas)
    assert revisadas["anonimo"] >= 100 and revisadas["admin"] >= 90
    assert revisadas["declaradas"] >= 20


def _vista_sin_declaracion(request):
    return HttpResponse("nadie dijo quién entra")


# El URLconf real más una vista olvidada, para ver que el comprobador la detecta.
urlconf_con_una_vista_sin_acceso = type(sys)("urlconf_con_una_vista_sin_acceso")
urlconf_con_una_vista_sin_acceso.urlpatterns = [
    *urlpatterns_reales, path("prueba/olvidada/", _vista_sin_declaracion, name="prueba_olvidada"),
]


def test_una_vista_sin_declaracion_de_acceso_hace_fallar_el_recorrido(client, escenario, settings):
    settings.ROOT_URLCONF = urlconf_con_una_vista_sin_acceso
    problemas, _ = _problemas_de_acceso(client, escenario)
    assert problemas == ["/prueba/olvidada/: la vista tests.test_seguridad._vista_sin_declaracion no declara @acceso"]


# --- la CSP se cumple en las páginas ------------------------------------------------------------------

def _hash(texto: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(texto.encode()).digest()).decode() + "'"


class _LectorDeLineas(HTMLParser):
    """Junta lo que la CSP vigila en una página: scripts, estilos y manejadores en línea, recursos ajenos."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts_en_linea, self.manejadores, self.estilos, self.bloques_style, self.externos = [], [], [], [], []
        self._dentro_de = None

    def handle_starttag(self, etiqueta, atributos):
        atributos = dict(atributos)
        for nombre, valor in atributos.items():
            if nombre.startswith("on") or nombre.startswith("hx-on") or (valor or "").strip().startswith("javascript:"):
                self.manejadores.append(valor or "")
            if nombre == "style":
                self.estilos.append(valor or "")
        if etiqueta == "script" and "src" not in atributos and atributos.get("type") != "application/json":
            self._dentro_de = "script"
        if etiqueta == "style":
            self._dentro_de = "style"
        recurso = atributos.get("src") if etiqueta in {"script", "img", "iframe"} else None
        if etiqueta == "link" and atributos.get("rel") == "stylesheet":
            recurso = atributos.get("href")
        if recurso and re.match(r"^(https?:)?//", recurso):
            self.externos.append(recurso)

    def handle_data(self, datos):
        if self._dentro_de == "script":
            self.scripts_en_linea.append(datos)
        elif self._dentro_de == "style":
            self.bloques_style.append(datos)

    def handle_endtag(self, etiqueta):
        if etiqueta in {"script", "style"}:
            self._dentro_de = None


def _incumplimientos(respuesta) -> list[str]:
    csp = _directivas(respuesta)
    lector = _LectorDeLineas()
    lector.feed(respuesta.content.decode())
    permitidos_js = set(csp["script-src"]) if "'unsafe-hashes'" in csp["script-src"] else set()
    permitidos_css = set(csp["style-src"]) if "'unsafe-hashes'" in csp["style-src"] else set()
    return (
        # Un <script> en línea se permite por su hash (sin 'unsafe-hashes': eso es solo para atributos).
        [f"<script> en línea: {s[:60]!r}" for s in lector.scripts_en_linea if s.strip() and _hash(s) not in csp["script-src"]]
        + [f"<style> en línea: {s[:60]!r}" for s in lector.bloques_style if _hash(s) not in csp["style-src"]]
        + [f"manejador en línea: {m!r}" for m in lector.manejadores if _hash(m) not in permitidos_js]
        + [f"style= en línea: {e!r}" for e in lector.estilos if _hash(e) not in permitidos_css]
        + [f"recurso de otro origen: {r}" for r in lector.externos]
    )


@pytest.mark.urls(__name__)
def test_las_paginas_cumplen_la_csp(client, escenario):
    """Cada página HTML que ve un superusuario (la aplicación y todo el admin) cumple la política."""
    client.force_login(escenario["superusuario"])
    revisadas = 0
    for ruta, _nombre, _vista in _rutas(get_resolver().url_patterns):
        respuesta = client.get(_url_de_ejemplo(ruta, escenario["valores"]))
        assert respuesta.status_code < 500, ruta
        if respuesta.status_code == 200 and respuesta["Content-Type"].startswith("text/html"):
            assert _incumplimientos(respuesta) == [], ruta
            revisadas += 1
    assert revisadas >= 60


def test_el_lector_detecta_lo_que_la_csp_bloquearia(client):
    """El detector mismo: una página con cada tipo de contenido en línea da un incumplimiento por cada uno."""
    respuesta = HttpResponse(
        '<script>alert(1)</script><style>p{}</style><a onclick="x()">a</a><p style="color: red">b</p>'
        '<script src="https://cdn.example.com/x.js"></script><button hx-on:click="y()">c</button>'
        '<p style="border-top: 0">permitido por su hash</p>'
    )
    respuesta["Content-Security-Policy"] = client.get("/cuentas/login/")["Content-Security-Policy"]
    assert len(_incumplimientos(respuesta)) == 6
