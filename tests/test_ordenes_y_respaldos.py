"""Issue 22, puntos 4 y 6: las órdenes leen solo archivos comunes, con tope; escriben todo o nada y dicen
sus errores en una línea en castellano (código 1 o 2, sin traza); el respaldo es 0600 y lleva los bytes de
las evidencias."""

import errno
import os
import stat
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from calidad.archivos import ErrorDeArchivo, escribir_archivo, leer_archivo_comun, motivo_del_sistema

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def orden(db, monkeypatch, capsys):
    """La orden como la corre una persona (manage.py …, el mismo camino: run_from_argv), en este proceso y
    sobre la base de la prueba; devuelve (código de salida, stderr)."""
    from django.core.management import execute_from_command_line
    from django.db import connections

    monkeypatch.setattr(connections, "close_all", lambda: None)  # la transacción de la prueba sigue abierta

    def correr(*argumentos):
        capsys.readouterr()
        try:
            execute_from_command_line(["manage.py", *argumentos])
            codigo = 0
        except SystemExit as salida:
            codigo = salida.code
        return Resultado(codigo, capsys.readouterr().err)

    return correr


class Resultado:
    def __init__(self, codigo, stderr):
        self.returncode, self.stderr, self.stdout = codigo, stderr, ""


def _sin_traza(resultado, *codigos):
    assert resultado.returncode in codigos, resultado.stdout + resultado.stderr
    assert "Traceback" not in resultado.stderr, resultado.stderr
    lineas = [linea for linea in resultado.stderr.splitlines() if linea.strip() and not linea.startswith("usage:")]
    assert len(lineas) == 1, resultado.stderr  # una línea
    for ingles in ("No such file", "Is a directory", "No space left", "Permission denied", "Not a directory"):
        assert ingles not in resultado.stderr
    return lineas[0]


# --- Lectura: solo archivos comunes, con tope --------------------------------------------------------

def test_leer_rechaza_dev_zero_sin_leerlo():
    with pytest.raises(ErrorDeArchivo, match="no es un archivo común"):
        leer_archivo_comun("/dev/zero", maximo=1024)


def test_leer_rechaza_una_fifo_sin_colgarse(tmp_path):
    fifo = tmp_path / "tubo.xlsx"
    os.mkfifo(fifo)
    with pytest.raises(ErrorDeArchivo, match="no es un archivo común"):
        leer_archivo_comun(fifo, maximo=1024)  # sin escritor: abrir sin O_NONBLOCK se quedaría esperando


def test_leer_mira_el_tamano_antes_y_lee_con_tope(tmp_path):
    grande = tmp_path / "grande.xlsx"
    grande.write_bytes(b"x" * 2048)
    with pytest.raises(ErrorDeArchivo, match="pesa más que el máximo"):
        leer_archivo_comun(grande, maximo=1024)
    assert leer_archivo_comun(grande, maximo=4096) == b"x" * 2048


@pytest.mark.parametrize("ruta", ["/dev/zero", "FIFO", "/no/existe.xlsx", "CARPETA"])
def test_import_anexo2_de_algo_que_no_es_un_libro_termina_con_una_linea(orden, tmp_path, ruta):
    if ruta == "FIFO":
        ruta = str(tmp_path / "tubo.xlsx")
        os.mkfifo(ruta)
    elif ruta == "CARPETA":
        ruta = str(tmp_path)
    from tests.cronograma.reportes.escenario import armar_escenario

    armar_escenario()
    _sin_traza(orden("import_anexo2", ruta, "--dry-run"), 1)


# --- Escritura: ruta comprobada, todo o nada ----------------------------------------------------------

@pytest.mark.parametrize("argumentos", [("export_anexo2", "--output"), ("report_semestral", "--desde", "2020-10", "--hasta", "2020-12", "--output")])
@pytest.mark.parametrize("destino, mensaje", [
    ("{tmp}/no/existe/anexo.xlsx", "no existe"),
    ("{tmp}", "es una carpeta"),
    ("/dev/full", "no es un archivo común"),
    ("{tmp}/archivo.xlsx/dentro.xlsx", "no es una carpeta"),
])
def test_salida_a_una_ruta_imposible_es_una_linea_en_castellano(orden, tmp_path, argumentos, destino, mensaje):
    from tests.cronograma.reportes.escenario import armar_escenario

    armar_escenario()
    (tmp_path / "archivo.xlsx").write_bytes(b"")
    resultado = orden(*argumentos, destino.format(tmp=tmp_path))
    linea = _sin_traza(resultado, 1)
    assert mensaje in linea
    assert [p.name for p in tmp_path.iterdir()] == ["archivo.xlsx"]  # ningún archivo a medias


def test_disco_lleno_no_deja_un_archivo_a_medias(tmp_path, monkeypatch):
    destino = tmp_path / "anexo.xlsx"
    destino.write_bytes(b"el de antes")
    escribir_real = os.write

    def disco_lleno(descriptor, datos):
        escribir_real(descriptor, datos[:10])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", disco_lleno)
    with pytest.raises(ErrorDeArchivo) as error:
        escribir_archivo(destino, b"x" * 100_000)
    monkeypatch.undo()
    assert "no queda espacio en el disco" in str(error.value) and "No space" not in str(error.value)
    assert destino.read_bytes() == b"el de antes"
    assert [p.name for p in tmp_path.iterdir()] == ["anexo.xlsx"]


@pytest.mark.parametrize("numero, esperado", [
    (errno.ENOENT, "no existe"), (errno.EACCES, "no hay permiso"), (errno.ENOSPC, "no queda espacio en el disco"),
    (errno.EISDIR, "es una carpeta"), (errno.EROFS, "el disco es de solo lectura"), (9999, "error del sistema número 9999"),
])
def test_los_errores_del_sistema_se_dicen_en_castellano(numero, esperado):
    assert motivo_del_sistema(OSError(numero, "English text")) == esperado


# --- Respaldos ---------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_el_respaldo_es_legible_solo_por_su_dueno(tmp_path):
    respaldo = tmp_path / "respaldo.xml"
    viejo = os.umask(0o022)
    try:
        call_command("respaldar", str(respaldo))
    finally:
        os.umask(viejo)
    assert stat.S_IMODE(respaldo.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["respaldo.xml"]


@pytest.mark.django_db(transaction=True)
def test_respaldar_y_restaurar_devuelven_los_bytes_de_las_evidencias(tmp_path, client, settings):
    from cronograma.mensual.evidencias import adjuntar_evidencia
    from cronograma.models import Avance, Evidencia
    from tests.cronograma.reportes.escenario import armar_escenario

    settings.MEDIA_ROOT = tmp_path / "medios"  # si algo fuera al disco, se notaría: no debe
    escenario = armar_escenario()
    avance = Avance.objects.filter(actividad__componente__plan=escenario.plan, mes=date(2020, 12, 1)).order_by("pk").first()
    contenido = PDF + os.urandom(2048)
    evidencia = adjuntar_evidencia(avance=avance, archivo=SimpleUploadedFile("acta.pdf", contenido, "application/pdf"),
                                   usuario=escenario.coordinador)
    assert not (tmp_path / "medios").exists()
    respaldo = tmp_path / "respaldo.xml"
    call_command("respaldar", str(respaldo))
    call_command("flush", interactive=False, verbosity=0)
    assert not Evidencia.objects.exists()
    call_command("restaurar", str(respaldo))

    # Usuarios y planes vuelven por clave natural (otro id en PostgreSQL): se buscan de nuevo.
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username=escenario.coordinador.username))
    restaurada = Evidencia.objects.select_related("avance__actividad__componente").get(archivo=evidencia.archivo.name)
    plan_id = restaurada.avance.actividad.componente.plan_id
    respuesta = client.get(reverse("descargar_evidencia", args=[plan_id, restaurada.pk]))
    assert respuesta.status_code == 200
    assert b"".join(respuesta.streaming_content) == contenido


@pytest.mark.django_db
@pytest.mark.parametrize("contenido", [b"", b"<?xml version='1.0'?><django-objects><object model='x.y'/></django-objects>", b"\x00" * 100])
def test_restaurar_un_archivo_que_no_es_respaldo_es_un_error_claro(tmp_path, contenido):
    ruta = tmp_path / "malo.xml"
    ruta.write_bytes(contenido)
    with pytest.raises(CommandError) as error:
        call_command("restaurar", str(ruta))
    assert "\n" not in str(error.value)


def test_restaurar_dev_zero_o_una_fifo(orden, tmp_path):
    fifo = tmp_path / "tubo.xml"
    os.mkfifo(fifo)
    for ruta in ("/dev/zero", str(fifo), str(tmp_path / "no-existe.xml")):
        _sin_traza(orden("restaurar", ruta), 1)


def test_la_orden_de_migrar_lleva_al_almacen_los_archivos_del_disco(tmp_path, settings, db):
    from django.core.files.storage import default_storage

    from almacen.models import ArchivoGuardado
    from cronograma.mensual.evidencias import adjuntar_evidencia
    from cronograma.models import Avance, Evidencia
    from tests.cronograma.reportes.escenario import armar_escenario

    settings.MEDIA_ROOT = tmp_path
    escenario = armar_escenario()
    avance = Avance.objects.filter(actividad__componente__plan=escenario.plan, mes=date(2020, 12, 1)).order_by("pk").first()
    evidencia = adjuntar_evidencia(avance=avance, archivo=SimpleUploadedFile("acta.pdf", PDF, "application/pdf"),
                                   usuario=escenario.coordinador)
    # Como antes del issue 22: el archivo en el disco y no en la base.
    nombre = evidencia.archivo.name
    (tmp_path / nombre).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / nombre).write_bytes(PDF + b"disco")
    ArchivoGuardado.objects.all().delete()
    assert not default_storage.exists(nombre)

    call_command("migrar_evidencias_a_la_base")
    assert default_storage.open(nombre).read() == PDF + b"disco"
    call_command("migrar_evidencias_a_la_base")  # otra vez: no duplica ni cambia nada
    assert ArchivoGuardado.objects.filter(nombre=nombre).count() == 1
    assert Evidencia.objects.get(pk=evidencia.pk).archivo.name == nombre


@pytest.mark.parametrize("motivo", ["x" * 80_000, "Cambio \u202etxt.exe", "a\n" * 30])
def test_la_orden_no_acepta_un_sustento_sin_limite_ni_con_controles(orden, tmp_path, motivo):
    from tests.cronograma.reportes.escenario import armar_escenario

    armar_escenario()
    (tmp_path / "libro.xlsx").write_bytes(b"")
    resultado = orden("import_anexo2", str(tmp_path / "libro.xlsx"), "--reprogramar", "--vigente-desde", "2021-01",
                      "--usuario", "coordinador", "--motivo", motivo)
    assert resultado.returncode == 2 and "Traceback" not in resultado.stderr
    assert "--motivo" in resultado.stderr
    assert "2000 caracteres" in resultado.stderr or "U+202E" in resultado.stderr or "20 líneas" in resultado.stderr


@pytest.mark.parametrize("valor", ["²", "٣", "+1", "-1", "1_0", "1e3", "9" * 30, "%s"])
def test_un_id_con_cifras_raras_en_la_linea_de_ordenes_es_un_error_de_uso(orden, valor):
    resultado = orden("export_anexo2", "--output", "/tmp/no-se-escribe.xlsx", "--plan", valor)
    assert resultado.returncode == 2 and "Traceback" not in resultado.stderr
    assert "no es un identificador válido" in resultado.stderr


def test_settings_s3_desde_variables_de_entorno():
    """CALIDAD_ALMACEN=s3 arma STORAGES["default"] con django-storages desde el entorno (sin conectarse)."""
    import subprocess
    import sys
    from pathlib import Path

    codigo = "from django.conf import settings as s; import json; print(json.dumps(s.STORAGES['default']))"
    env = {**os.environ, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "calidad.settings", "CALIDAD_ALMACEN": "s3",
           "AWS_STORAGE_BUCKET_NAME": "evidencias", "AWS_S3_ENDPOINT_URL": "http://minio:9000"}
    salida = subprocess.run([sys.executable, "-c", codigo], cwd=Path(__file__).resolve().parent.parent, env=env,
                            capture_output=True, text=True, timeout=60)
    assert salida.returncode == 0, salida.stderr
    import json

    almacen = json.loads(salida.stdout)
    assert almacen["BACKEND"] == "storages.backends.s3.S3Storage"
    assert almacen["OPTIONS"]["bucket_name"] == "evidencias" and almacen["OPTIONS"]["endpoint_url"] == "http://minio:9000"
    assert almacen["OPTIONS"]["default_acl"] == "private"
    sin_bucket = subprocess.run([sys.executable, "-c", codigo], cwd=Path(__file__).resolve().parent.parent,
                                env={**env, "AWS_STORAGE_BUCKET_NAME": ""}, capture_output=True, text=True, timeout=60)
    assert sin_bucket.returncode != 0 and "AWS_STORAGE_BUCKET_NAME" in sin_bucket.stderr
