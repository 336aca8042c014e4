"""Medios de verificación: tipo por contenido, tamaño, nada guardado al rechazar, descarga con sesión,
retiro con motivo en la historia, y meses cerrados de solo lectura."""

import io
import struct
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cronograma.mensual.cierres import cerrar_mes
from cronograma.mensual.evidencias import adjuntar_evidencia, detectar_tipo, retirar_evidencia
from cronograma.models import Evidencia
from tests.cronograma.mensual.escenario import NOV, mes_chico  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 120
PE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 120


def png() -> bytes:
    """Un PNG real de 1×1 píxel."""
    def trozo(tipo: bytes, datos: bytes) -> bytes:
        return struct.pack(">I", len(datos)) + tipo + datos + struct.pack(">I", zlib.crc32(tipo + datos))

    cabecera = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + trozo(b"IHDR", cabecera) + trozo(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
            + trozo(b"IEND", b""))


def zip_de(partes: dict[str, bytes]) -> bytes:
    memoria = io.BytesIO()
    with zipfile.ZipFile(memoria, "w") as zf:
        for nombre, datos in partes.items():
            compresion = zipfile.ZIP_STORED if nombre == "mimetype" else zipfile.ZIP_DEFLATED
            zf.writestr(nombre, datos, compress_type=compresion)
    return memoria.getvalue()


def docx(tipo_principal: str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml") -> bytes:
    tipos = (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{tipo_principal}"/></Types>'
    )
    return zip_de({
        "[Content_Types].xml": tipos.encode(),
        "_rels/.rels": (
            b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"'
            b' Target="word/document.xml"/></Relationships>'
        ),
        "word/document.xml": b'<?xml version="1.0"?><w:document/>',
    })


def xlsx() -> bytes:
    libro = openpyxl.Workbook()
    libro.active["A1"] = "Lista de asistentes"
    memoria = io.BytesIO()
    libro.save(memoria)
    releido = openpyxl.load_workbook(io.BytesIO(memoria.getvalue()))
    assert releido.active["A1"].value == "Lista de asistentes"
    return memoria.getvalue()


def odt(mimetype: bytes = b"application/vnd.oasis.opendocument.text") -> bytes:
    return zip_de({"mimetype": mimetype, "content.xml": b"<office:document-content/>", "META-INF/manifest.xml": b"<m/>"})


def subido(nombre: str, contenido: bytes, tipo: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(nombre, contenido, content_type=tipo)


def archivos_en(carpeta: Path) -> list[Path]:
    return [p for p in carpeta.rglob("*") if p.is_file()]


@pytest.fixture
def medios(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.CALIDAD_MAX_ARCHIVO_MB = 1
    return tmp_path


# Detección por contenido


@pytest.mark.parametrize("contenido, extension", [
    (PDF, "pdf"), (png(), "png"), (JPEG, "jpg"), (docx(), "docx"), (xlsx(), "xlsx"), (odt(), "odt"),
    (odt(b"application/vnd.oasis.opendocument.spreadsheet"), "ods"),
])
def test_detecta_los_tipos_permitidos_por_contenido(contenido, extension):
    assert detectar_tipo(io.BytesIO(contenido)).extension == extension


@pytest.mark.parametrize("contenido", [
    ELF, PE, b"<html><script>alert(1)</script></html>", b"GIF89a\x01\x00\x01\x00",
    zip_de({"informe.txt": b"hola"}),  # un zip cualquiera renombrado .docx
    zip_de({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}),  # sin el tipo principal
    docx("application/vnd.ms-word.document.macroEnabled.main+xml"),  # .docm renombrado
    odt(b"application/x-msdownload"),
    zip_de({"content.xml": b"<x/>", "mimetype": b"application/vnd.oasis.opendocument.text"}),  # mimetype no va primero
    b"PK\x03\x04 esto no es un zip",
])
def test_rechaza_contenidos_no_permitidos(contenido):
    assert detectar_tipo(io.BytesIO(contenido)) is None


# adjuntar_evidencia


@pytest.mark.parametrize("nombre, contenido, tipo", [
    ("acta.pdf", PDF, "application/pdf"),
    ("foto.png", png(), "image/png"),
    ("informe.docx", docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("asistentes.xlsx", xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
])
def test_adjunta_archivos_validos_con_nombre_imposible_de_adivinar(mes_chico, medios, nombre, contenido, tipo):
    evidencia = adjuntar_evidencia(avance=mes_chico.avance_nov, archivo=subido(nombre, contenido, "text/plain"),
                                   usuario=mes_chico.drtpelm)
    assert evidencia.nombre_original == nombre and evidencia.tipo == tipo and evidencia.tamano == len(contenido)
    guardado = Path(evidencia.archivo.path)
    assert guardado.parent == medios / "evidencias" and guardado.read_bytes() == contenido
    assert Path(nombre).stem not in guardado.name and len(guardado.stem) == 32  # uuid4 en hex
    assert evidencia.history.get().history_user == mes_chico.drtpelm


def test_el_nombre_guardado_sigue_al_contenido_no_al_nombre(mes_chico, medios):
    evidencia = adjuntar_evidencia(avance=mes_chico.avance_nov, archivo=subido("foto.pdf", png()), usuario=mes_chico.drtpelm)
    assert evidencia.archivo.name.endswith(".png") and evidencia.tipo == "image/png"


def test_dos_archivos_con_el_mismo_nombre_no_se_pisan(mes_chico, medios):
    primero = adjuntar_evidencia(avance=mes_chico.avance_nov, archivo=subido("acta.pdf", PDF), usuario=mes_chico.drtpelm)
    segundo = adjuntar_evidencia(avance=mes_chico.avance_nov, archivo=subido("acta.pdf", PDF + b"%2"), usuario=mes_chico.drtpelm)
    assert primero.archivo.name != segundo.archivo.name
    assert Path(primero.archivo.path).read_bytes() == PDF


@pytest.mark.parametrize("nombre, contenido", [
    ("informe.pdf", ELF), ("acta.docx", PE), ("grande.pdf", PDF + b"0" * (1024 * 1024)),
])
def test_rechazo_no_guarda_nada(mes_chico, medios, nombre, contenido):
    with pytest.raises(ValidationError) as error:
        adjuntar_evidencia(avance=mes_chico.avance_nov, archivo=subido(nombre, contenido), usuario=mes_chico.drtpelm)
    mensaje = error.value.message_dict["archivo"][0]
    assert "pesa 1,0 MB; el máximo es 1 MB" in mensaje or "no es PDF, PNG, JPEG, DOCX, XLSX, ODT u ODS" in mensaje
    assert not Evidencia.objects.exists() and archivos_en(medios) == []


def test_otra_unidad_no_adjunta(mes_chico, medios):
    with pytest.raises(PermissionDenied):
        adjuntar_evidencia(avance=mes_chico.avance_nov, archivo=subido("acta.pdf", PDF), usuario=mes_chico.sdlgat)
    assert not Evidencia.objects.exists() and archivos_en(medios) == []


def test_la_coordinacion_adjunta_en_cualquier_fila(mes_chico, medios):
    adjuntar_evidencia(avance=mes_chico.avance_nov, archivo=subido("acta.pdf", PDF), usuario=mes_chico.coordinador)
    assert Evidencia.objects.count() == 1


# retirar_evidencia


def test_retirar_queda_en_la_historia_y_conserva_el_archivo(mes_chico, medios):
    evidencia = adjuntar_evidencia(avance=mes_chico.avance_nov, archivo=subido("acta.pdf", PDF), usuario=mes_chico.drtpelm)
    ruta = Path(evidencia.archivo.path)
    retirar_evidencia(evidencia=evidencia, usuario=mes_chico.coordinador, motivo="Acta de otro mes")
    assert not Evidencia.objects.exists()
    ultima = Evidencia.history.order_by("-history_date").first()
    assert ultima.history_type == "-" and ultima.history_change_reason == "Acta de otro mes"
    assert ultima.history_user == mes_chico.coordinador and ultima.archivo == evidencia.archivo.name
    assert ruta.read_bytes() == PDF  # para la auditoría


def test_retirar_exige_motivo_y_permiso(mes_chico, medios):
    evidencia = adjuntar_evidencia(avance=mes_chico.avance_nov, archivo=subido("acta.pdf", PDF), usuario=mes_chico.drtpelm)
    with pytest.raises(ValidationError):
        retirar_evidencia(evidencia=evidencia, usuario=mes_chico.drtpelm, motivo=" ")
    with pytest.raises(PermissionDenied):
        retirar_evidencia(evidencia=evidencia, usuario=mes_chico.sdlgat, motivo="no me gusta")
    assert Evidencia.objects.filter(pk=evidencia.pk).exists()


# Mes cerrado


def test_mes_cerrado_no_admite_adjuntar_ni_retirar(mes_chico, medios):
    evidencia = adjuntar_evidencia(avance=mes_chico.avance_nov, archivo=subido("acta.pdf", PDF), usuario=mes_chico.drtpelm)
    cerrar_mes(plan=mes_chico.plan, mes=NOV, usuario=mes_chico.coordinador)
    for usuario in (mes_chico.drtpelm, mes_chico.coordinador):
        with pytest.raises(ValidationError, match="está cerrado"):
            adjuntar_evidencia(avance=mes_chico.avance_nov, archivo=subido("otra.pdf", PDF), usuario=usuario)
        with pytest.raises(ValidationError, match="está cerrado"):
            retirar_evidencia(evidencia=evidencia, usuario=usuario, motivo="error")
    assert list(Evidencia.objects.all()) == [evidencia] and len(archivos_en(medios)) == 1


# Páginas


def test_pagina_sube_y_lista(client, mes_chico, medios):
    client.force_login(mes_chico.drtpelm)
    url = f"/planes/{mes_chico.plan.pk}/avances/{mes_chico.avance_nov.pk}/evidencias/"
    respuesta = client.post(url, {"archivo": subido("acta de reunión.pdf", PDF)}, follow=True)
    assert "Se adjuntó «acta de reunión.pdf»" in respuesta.content.decode()
    pagina = client.get(url).content.decode()
    evidencia = Evidencia.objects.get()
    assert f"/planes/{mes_chico.plan.pk}/evidencias/{evidencia.pk}/descargar/" in pagina and "acta de reunión.pdf" in pagina


def test_pagina_rechaza_ejecutable_renombrado_sin_guardar(client, mes_chico, medios):
    client.force_login(mes_chico.drtpelm)
    respuesta = client.post(f"/planes/{mes_chico.plan.pk}/avances/{mes_chico.avance_nov.pk}/evidencias/",
                            {"archivo": subido("informe.pdf", ELF, "application/pdf")})
    assert respuesta.status_code == 400
    assert "se revisa el contenido, no el nombre" in respuesta.content.decode()
    assert not Evidencia.objects.exists() and archivos_en(medios) == []


def test_pagina_de_otra_unidad_muestra_sin_formulario_y_rechaza_el_post(client, mes_chico, medios):
    client.force_login(mes_chico.sdlgat)
    url = f"/planes/{mes_chico.plan.pk}/avances/{mes_chico.avance_nov.pk}/evidencias/"
    assert 'type="file"' not in client.get(url).content.decode()
    assert client.post(url, {"archivo": subido("acta.pdf", PDF)}).status_code == 403
    assert not Evidencia.objects.exists() and archivos_en(medios) == []


def test_pagina_de_mes_cerrado_es_de_solo_lectura(client, mes_chico, medios):
    cerrar_mes(plan=mes_chico.plan, mes=NOV, usuario=mes_chico.coordinador)
    client.force_login(mes_chico.drtpelm)
    url = f"/planes/{mes_chico.plan.pk}/avances/{mes_chico.avance_nov.pk}/evidencias/"
    pagina = client.get(url).content.decode()
    assert "El mes está cerrado" in pagina and 'type="file"' not in pagina
    respuesta = client.post(url, {"archivo": subido("acta.pdf", PDF)})
    assert respuesta.status_code == 400 and "está cerrado" in respuesta.content.decode()
    assert not Evidencia.objects.exists() and archivos_en(medios) == []


def test_retiro_por_post_con_motivo(client, mes_chico, medios):
    evidencia = adjuntar_evidencia(avance=mes_chico.avance_nov, archivo=subido("acta.pdf", PDF), usuario=mes_chico.drtpelm)
    client.force_login(mes_chico.drtpelm)
    url = f"/planes/{mes_chico.plan.pk}/evidencias/{evidencia.pk}/retirar/"
    assert client.get(url).status_code == 405
    sin_motivo = client.post(url, {"motivo": ""}, follow=True)
    assert "Indique por qué se retira el archivo." in sin_motivo.content.decode()
    assert Evidencia.objects.exists()
    client.post(url, {"motivo": "Duplicado", "siguiente": "https://otro-sitio.example/"})
    assert not Evidencia.objects.exists()
    assert Evidencia.history.order_by("-history_date").first().history_user == mes_chico.drtpelm


def test_retiro_por_post_en_mes_cerrado_no_borra(client, mes_chico, medios):
    evidencia = adjuntar_evidencia(avance=mes_chico.avance_nov, archivo=subido("acta.pdf", PDF), usuario=mes_chico.drtpelm)
    cerrar_mes(plan=mes_chico.plan, mes=NOV, usuario=mes_chico.coordinador)
    client.force_login(mes_chico.drtpelm)
    respuesta = client.post(f"/planes/{mes_chico.plan.pk}/evidencias/{evidencia.pk}/retirar/", {"motivo": "Duplicado"}, follow=True)
    assert "está cerrado" in respuesta.content.decode()
    assert Evidencia.objects.filter(pk=evidencia.pk).exists()


def test_descarga_solo_con_sesion(client, mes_chico, medios):
    evidencia = adjuntar_evidencia(avance=mes_chico.avance_nov, archivo=subido("acta de reunión.pdf", PDF),
                                   usuario=mes_chico.drtpelm)
    url = f"/planes/{mes_chico.plan.pk}/evidencias/{evidencia.pk}/descargar/"
    anonimo = client.get(url)
    assert anonimo.status_code == 302 and anonimo["Location"].startswith("/cuentas/login/")
    client.force_login(mes_chico.sdlgat)  # otra unidad: los medios de verificación se leen con cualquier sesión
    respuesta = client.get(url)
    assert respuesta.status_code == 200 and b"".join(respuesta.streaming_content) == PDF
    assert respuesta["Content-Type"] == "application/pdf"
    assert respuesta["Content-Disposition"].startswith("attachment;")
    assert "acta%20de%20reuni%C3%B3n.pdf" in respuesta["Content-Disposition"]
    assert respuesta["X-Content-Type-Options"] == "nosniff"


def test_descarga_de_archivo_perdido_es_404(client, mes_chico, medios):
    evidencia = adjuntar_evidencia(avance=mes_chico.avance_nov, archivo=subido("acta.pdf", PDF), usuario=mes_chico.drtpelm)
    Path(evidencia.archivo.path).unlink()
    client.force_login(mes_chico.drtpelm)
    assert client.get(f"/planes/{mes_chico.plan.pk}/evidencias/{evidencia.pk}/descargar/").status_code == 404


def test_pagina_de_evidencias_en_consultas_constantes(client, mes_chico, medios, django_assert_max_num_queries):
    for i in range(5):
        adjuntar_evidencia(avance=mes_chico.avance_nov, archivo=subido(f"acta{i}.pdf", PDF), usuario=mes_chico.drtpelm)
    client.force_login(mes_chico.drtpelm)
    with django_assert_max_num_queries(14):  # +1: el selector de planes de la navegación (issue 13); +1: el plan de la dirección (@con_plan)
        assert client.get(f"/planes/{mes_chico.plan.pk}/avances/{mes_chico.avance_nov.pk}/evidencias/").status_code == 200
