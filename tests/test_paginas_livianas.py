"""Páginas livianas para una línea lenta (issue 24): HTML comprimido con las defensas de Django contra BREACH,
estáticos comprimidos y con caché larga, scripts con defer y htmx solo donde se usa. Se mide lo que viaja
(los bytes comprimidos), sobre el plan real (el Anexo N° 2 con la demostración de `make run`)."""

import gzip
import re

import pytest
from django.core.management import call_command
from django.test import override_settings

from cronograma.management.demo import CONTRASENA_DEMO

KB = 1024


@pytest.fixture
def demostracion(db, settings):
    settings.DEBUG = True  # --demo solo corre con DEBUG
    call_command("load_anexo2", "--demo", verbosity=0)
    settings.DEBUG = False


def _entrar(client, usuario: str) -> None:
    assert client.login(username=usuario, password=CONTRASENA_DEMO)


def _grilla() -> str:
    from django.urls import reverse

    from componentes.models import Plan

    return reverse("grilla", kwargs={"plan_id": Plan.objects.vigente().pk})


@pytest.mark.parametrize(("usuario", "ruta", "tope_kb"), [
    ("sdlgat", "/mis-actividades/", 25),  # la hoja de una unidad
    ("sdlgat", "grilla", 30),  # la grilla del plan real
    ("ogpp", "grilla", 30),
])
def test_por_la_red_la_hoja_y_la_grilla_pesan_poco(client, demostracion, usuario, ruta, tope_kb):
    _entrar(client, usuario)
    ruta = _grilla() if ruta == "grilla" else ruta
    sin_comprimir = client.get(ruta)
    comprimida = client.get(ruta, headers={"Accept-Encoding": "gzip"})
    assert comprimida.status_code == 200 and comprimida["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in comprimida["Vary"]
    assert len(comprimida.content) <= tope_kb * KB, f"{ruta}: {len(comprimida.content)} bytes comprimidos"
    # Es la misma página: descomprimida, el mismo largo salvo el token CSRF (otro en cada respuesta).
    html = gzip.decompress(comprimida.content)
    assert abs(len(html) - len(sin_comprimir.content)) < 200 and html.endswith(b"</html>\n")
    assert "no-transform" not in comprimida.get("Cache-Control", "")


def test_breach_token_csrf_distinto_en_cada_respuesta_y_largo_al_azar(client, demostracion):
    """Las defensas de Django: el token CSRF va enmascarado (otro texto en cada respuesta, el mismo secreto)
    y GZipMiddleware agrega entre 0 y 100 bytes al azar a cada respuesta comprimida (Django 4.2+)."""
    _entrar(client, "sdlgat")
    respuestas = [client.get("/mis-actividades/", headers={"Accept-Encoding": "gzip"}) for _ in range(6)]
    tokens = {re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', gzip.decompress(r.content).decode())[1]
              for r in respuestas}
    assert len(tokens) == 6
    assert len({len(r.content) for r in respuestas}) > 1


def test_scripts_con_defer_y_htmx_solo_donde_se_usa(client, demostracion):
    _entrar(client, "sdlgat")
    hoja = client.get("/mis-actividades/").content.decode()
    grilla = client.get(_grilla()).content.decode()
    fila = client.get(f"{_grilla().removesuffix('cronograma/')}cronograma/fila/1.1.4/").content.decode()
    for html in (hoja, grilla, fila):
        externos = re.findall(r"<script src=[^>]*>", html)
        assert externos and all(" defer" in script for script in externos), externos
    assert "htmx.min.js" not in hoja  # (las reglas .htmx-indicator sí van en el CSS en línea de cada página)
    assert "htmx.min.js" in grilla and "htmx.min.js" in fila


def test_estaticos_comprimidos_y_con_cache_larga_en_produccion(db, tmp_path, rf):
    """Como en producción (DEBUG apagado): collectstatic con CompressedManifestStaticFilesStorage deja cada
    archivo con su huella en el nombre y sus versiones .gz y .br; WhiteNoise las sirve con caché de un año."""
    from django.contrib.staticfiles.storage import staticfiles_storage
    from whitenoise.middleware import WhiteNoiseMiddleware

    almacen = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
               "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=almacen, DEBUG=False, WHITENOISE_USE_FINDERS=False,
                           WHITENOISE_AUTOREFRESH=False):
        call_command("collectstatic", "--noinput", verbosity=0)
        ruta = staticfiles_storage.url("js/calidad.js")
        assert re.fullmatch(r"/static/js/calidad\.[0-9a-f]{12}\.js", ruta), ruta
        servidor = WhiteNoiseMiddleware(lambda request: None)
        respuesta = servidor(rf.get(ruta, HTTP_ACCEPT_ENCODING="gzip"))
        assert respuesta.status_code == 200 and respuesta["Content-Encoding"] == "gzip"
        assert "max-age=315360000" in respuesta["Cache-Control"] and "immutable" in respuesta["Cache-Control"]
        cuerpo = b"".join(respuesta.streaming_content)
        assert gzip.decompress(cuerpo).startswith(b"/* calidad")
        respuesta.close()


def test_el_css_del_sitio_va_en_linea_sin_hoja_que_bloquee_el_pintado(client, demostracion, settings):
    """Con 2 s de ida y vuelta, una hoja de estilos enlazada retrasaba el primer pintado un viaje entero: el
    CSS del sitio va en un <style> (sin los comentarios del archivo), permitido por su hash en la CSP, y
    ninguna hoja enlazada bloquea el pintado (la de impresión es media="print", que no bloquea)."""
    _entrar(client, "sdlgat")
    for ruta in ("/mis-actividades/", _grilla(), "/"):  # (las páginas del admin traen sus propias hojas)
        respuesta = client.get(ruta)
        html = respuesta.content.decode()
        bloqueantes = [enlace for enlace in re.findall(r"<link [^>]*rel=\"stylesheet\"[^>]*>", html)
                       if 'media="print"' not in enlace]
        assert bloqueantes == [], ruta
        assert f"<style>{settings.CSS_EN_LINEA}</style>" in html, ruta
        assert "/*" not in settings.CSS_EN_LINEA and ".barra" in settings.CSS_EN_LINEA
        from calidad.settings import _hash_csp

        assert _hash_csp(settings.CSS_EN_LINEA) in respuesta["Content-Security-Policy"], ruta
