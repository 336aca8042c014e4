"""Punto 4 del issue 15: un corpus de archivos fabricados que intentan pasar por medios de verificación.

Cada archivo hostil se sube por la página (como lo haría un atacante con sesión de la unidad) y se
comprueba que se rechaza con un mensaje, que la base no cambió y que no quedó ningún archivo guardado.
Los legítimos se aceptan y se guardan y sirven con la extensión del tipo detectado, nunca con la suya.
"""

import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cronograma.models import Evidencia
from tests.cronograma.mensual.escenario import mes_chico  # noqa: F401 (fixture)
from tests.cronograma.mensual.test_evidencias import PDF, archivos_en, png

pytestmark = pytest.mark.django_db

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504  # cabecera de un vbaProject.bin (compuesto OLE)
REL_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
TIPO_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
TIPO_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


def _zip(partes: dict[str, bytes], *, comprimir=zipfile.ZIP_DEFLATED) -> bytes:
    memoria = io.BytesIO()
    with zipfile.ZipFile(memoria, "w") as zf:
        for nombre, datos in partes.items():
            zf.writestr(nombre, datos, compress_type=zipfile.ZIP_STORED if nombre == "mimetype" else comprimir)
    return memoria.getvalue()


def _paquete(principal="word/document.xml", tipo=TIPO_DOCX, *, objetivo=None, extra_tipos="", extra_partes=None,
             rels_documento=None) -> bytes:
    tipos = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="xml" ContentType="application/xml"/>'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             f'<Override PartName="/{principal}" ContentType="{tipo}"/>{extra_tipos}</Types>')
    rels = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL_DOC}" Target="{objetivo or principal}"/></Relationships>')
    partes = {"[Content_Types].xml": tipos.encode(), "_rels/.rels": rels.encode(), principal: b'<?xml version="1.0"?><d/>'}
    if rels_documento:
        carpeta, _, nombre = principal.rpartition("/")
        partes[f"{carpeta}/_rels/{nombre}.rels"] = (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId9" Type="{rels_documento}" Target="media/image1.png"/></Relationships>').encode()
    partes.update(extra_partes or {})
    return _zip(partes)


def _odt(extra: dict[str, bytes] | None = None, manifiesto: bytes = b"<m/>", contenido=b"<office:document-content/>") -> bytes:
    return _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": contenido,
                 "META-INF/manifest.xml": manifiesto, **(extra or {})})


def _xlsx_real() -> bytes:
    libro = openpyxl.Workbook()
    libro.active["A1"] = "Asistentes"
    memoria = io.BytesIO()
    libro.save(memoria)
    return memoria.getvalue()


def _bomba() -> bytes:
    return _paquete(extra_partes={"word/relleno.xml": b"\x00" * (30 * 1024 * 1024)})


HOSTILES = {
    "docm renombrado (tipo principal macroEnabled)": _paquete(tipo="application/vnd.ms-word.document.macroEnabled.main+xml"),
    "vbaProject con nombre de imagen": _paquete(extra_partes={"word/media/image1.png": OLE}),
    "vbaProject declarado con otro nombre": _paquete(
        extra_tipos='<Override PartName="/word/estilos2.xml" ContentType="application/vnd.ms-office.vbaProject"/>',
        extra_partes={"word/estilos2.xml": b"<x/>"}),
    "relación vbaProject en el documento": _paquete(
        rels_documento="http://schemas.microsoft.com/office/2006/relationships/vbaProject",
        extra_partes={"word/media/image1.png": b"no es OLE pero se declara como VBA"}),
    "hoja de macros de Excel 4.0": _paquete(
        "xl/workbook.xml", TIPO_XLSX,
        extra_tipos='<Override PartName="/xl/macrosheets/sheet1.xml" ContentType="application/vnd.ms-excel.macrosheet+xml"/>',
        extra_partes={"xl/macrosheets/sheet1.xml": b"<x/>"}),
    "xlsm renombrado": _paquete("xl/workbook.xml", "application/vnd.ms-excel.sheet.macroEnabled.main+xml"),
    "relación principal a otra parte": _paquete(objetivo="word/otro.xml", extra_partes={"word/otro.xml": b"<x/>"}),
    "tipo DOCX sin la parte principal": _zip({"[Content_Types].xml": b"application/vnd.openxmlformats-officedocument"
                                              b".wordprocessingml.document.main+xml", "word/document.xml": b"<d/>"}),
    "ODT con Basic/": _odt({"Basic/Standard/Module1.xml": b"<script/>"}),
    "ODT con basic/ en minúsculas": _odt({"basic/x.xml": b"<script/>"}),
    "ODT con script en el manifiesto": _odt(manifiesto=(
        b'<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        b'<manifest:file-entry manifest:full-path="Macros/m.xml" manifest:media-type="application/x-script"/></manifest:manifest>')),
    "ODT con evento que llama una macro": _odt(contenido=(
        b'<office:document-content><script:event-listener xlink:href="vnd.sun.star.script:Standard.Module1.Main"/>'
        b'</office:document-content>')),
    "ODT con un objeto OLE incrustado": _odt({"Object 1": OLE}),
    "ODT con el evento tras 2 MB de relleno": _odt(contenido=(
        b"<office:document-content>" + b" " * (2 * 1024 * 1024)
        + b'<script:event-listener xlink:href="vnd.sun.star.script:Standard.Module1.Main"/></office:document-content>')),
    "más de mil entradas": _paquete(extra_partes={f"word/p{i}.xml": b"<x/>" for i in range(1001)}),
    "bomba zip": _bomba(),
    "HTML con nombre de PDF": b"<html><script>alert(1)</script></html>",
    "zip cortado": _paquete()[:200],
}


def _foto():
    return list(Evidencia.objects.values_list("id", "nombre_original")), Evidencia.history.count()


@pytest.fixture
def medios(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.CALIDAD_MAX_ARCHIVO_MB = 10
    return tmp_path


@pytest.mark.parametrize("nombre", list(HOSTILES))
def test_cada_archivo_fabricado_se_rechaza_sin_guardar_nada(client, mes_chico, medios, nombre):
    client.force_login(mes_chico.drtpelm)
    antes = _foto()
    archivo = SimpleUploadedFile("informe.docx", HOSTILES[nombre], content_type="application/pdf")
    respuesta = client.post(f"/planes/{mes_chico.plan.pk}/avances/{mes_chico.avance_nov.pk}/evidencias/", {"archivo": archivo})
    assert respuesta.status_code == 400, nombre
    assert "no se acepta" in respuesta.content.decode() or "no es PDF" in respuesta.content.decode()
    assert _foto() == antes
    assert archivos_en(medios) == []


@pytest.mark.parametrize("subido, contenido, guardado, tipo", [
    ("informe.pdf.exe", PDF, "informe.pdf", "application/pdf"),
    ("foto.html", png(), "foto.png", "image/png"),
    ("..\\..\\acta.final.v2.pdf", PDF, "acta.pdf", "application/pdf"),
    ("asistentes.xlsm", _xlsx_real(), "asistentes.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("\x00.pdf", PDF, "evidencia.pdf", "application/pdf"),
])
def test_se_guarda_y_se_sirve_con_la_extension_del_tipo_detectado(client, mes_chico, medios, subido, contenido, guardado, tipo):
    client.force_login(mes_chico.drtpelm)
    archivo = SimpleUploadedFile(subido, contenido, content_type="text/html")
    respuesta = client.post(f"/planes/{mes_chico.plan.pk}/avances/{mes_chico.avance_nov.pk}/evidencias/", {"archivo": archivo})
    assert respuesta.status_code == 302
    evidencia = Evidencia.objects.get()
    assert evidencia.nombre_original == guardado and evidencia.tipo == tipo
    assert evidencia.archivo.name.endswith("." + guardado.rsplit(".", 1)[1])
    descarga = client.get(f"/planes/{mes_chico.plan.pk}/evidencias/{evidencia.pk}/descargar/")
    assert descarga["Content-Type"] == tipo
    assert f'filename="{guardado}"' in descarga["Content-Disposition"]


def test_un_registro_antiguo_con_doble_extension_se_sirve_con_la_del_tipo(client, mes_chico, medios):
    client.force_login(mes_chico.drtpelm)
    client.post(f"/planes/{mes_chico.plan.pk}/avances/{mes_chico.avance_nov.pk}/evidencias/", {"archivo": SimpleUploadedFile("a.pdf", PDF)})
    evidencia = Evidencia.objects.get()
    Evidencia.objects.filter(pk=evidencia.pk).update(nombre_original="factura.pdf.html")  # como quedaba antes
    descarga = client.get(f"/planes/{mes_chico.plan.pk}/evidencias/{evidencia.pk}/descargar/")
    assert 'filename="factura.pdf"' in descarga["Content-Disposition"]
