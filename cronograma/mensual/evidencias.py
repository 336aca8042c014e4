"""Medios de verificación: adjuntar y retirar archivos de un avance mensual.

- El tipo se decide por el CONTENIDO, nunca por el nombre ni por el tipo que declara el navegador:
  PDF, PNG y JPEG por su firma; DOCX, XLSX, ODT y ODS son archivos zip, así que además se revisa su
  estructura interna (las partes de Office Open XML, la entrada `mimetype` de OpenDocument). Los
  documentos con macros (.docm, .xlsm, macros Basic de OpenDocument) se rechazan.
- El archivo se guarda bajo MEDIA_ROOT con un nombre uuid4 (ver `models._ruta_evidencia`) y la
  extensión del tipo detectado; el almacenamiento nunca sobrescribe.
- Retirar borra el registro (la historia guarda quién, cuándo y el motivo) pero CONSERVA el archivo:
  la fila histórica sigue apuntando a él, de modo que una auditoría puede recuperar lo que se mostró
  como sustento aunque después se haya retirado.
"""

import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from defusedxml import DefusedXmlException
from defusedxml import ElementTree
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction

from componentes.catalogo import Catalogo, Hoja
from cronograma import ciclo
from cronograma.models import Avance, Evidencia
from cronograma.permisos import Perfil, perfil_de, puede_adjuntar_evidencia, puede_escribir_celda

TIPOS_PERMITIDOS = "PDF, PNG, JPEG, DOCX, XLSX, ODT u ODS"
LARGO_MAXIMO_MOTIVO = 100  # el motivo va en history_change_reason (100 caracteres)
BYTES_CABECERA = 8192
MAXIMO_PARTE_LEIDA = 1024 * 1024  # [Content_Types].xml y mimetype son pequeños: no se lee más


@dataclass(frozen=True)
class TipoArchivo:
    extension: str
    mime: str


PDF = TipoArchivo("pdf", "application/pdf")
PNG = TipoArchivo("png", "image/png")
JPEG = TipoArchivo("jpg", "image/jpeg")
DOCX = TipoArchivo("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = TipoArchivo("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
ODT = TipoArchivo("odt", "application/vnd.oasis.opendocument.text")
ODS = TipoArchivo("ods", "application/vnd.oasis.opendocument.spreadsheet")

POR_FIRMA = {tipo.mime: tipo for tipo in (PDF, PNG, JPEG)}
# Office Open XML: la parte principal que debe existir y el tipo de contenido que la declara.
# Exigir ese tipo exacto deja fuera las variantes con macros (…macroEnabled.main+xml).
OOXML = {
    DOCX: ("word/document.xml", b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
    XLSX: ("xl/workbook.xml", b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
}
ODF = {tipo.mime.encode(): tipo for tipo in (ODT, ODS)}


def limite_en_bytes() -> int:
    return int(getattr(settings, "CALIDAD_MAX_ARCHIVO_MB", 10)) * 1024 * 1024


def _rechazo(mensaje: str) -> ValidationError:
    return ValidationError({"archivo": mensaje})


class ArchivoSospechoso(Exception):
    """El contenedor es un documento, pero trae macros, objetos incrustados o se infla: se rechaza con motivo."""


# Topes del contenedor zip: un DOCX/XLSX/ODT real tiene decenas de entradas y pocos MB descomprimido.
MAXIMO_ENTRADAS = 1000
MAXIMO_DESCOMPRIMIDO = 100 * 1024 * 1024
MAXIMA_RAZON_COMPRESION = 200  # descomprimido / comprimido de una entrada grande
_MAGIA_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # vbaProject.bin, objetos OLE incrustados, sea cual sea su nombre
# Tipos de contenido (en [Content_Types].xml) y de relación (en los .rels) que delatan macros.
_MARCAS_DE_MACRO = ("macroenabled", "vbaproject", "vbadata", "macrosheet", "ms-office.activex", "ms-excel.intl")
_REL_DOCUMENTO = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_NS_TIPOS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_NS_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_NS_MANIFIESTO = "{urn:oasis:names:tc:opendocument:xmlns:manifest:1.0}"


def _leer_parte(zf: zipfile.ZipFile, nombre: str) -> bytes | None:
    try:
        info = zf.getinfo(nombre)
    except KeyError:
        return None
    if info.file_size > MAXIMO_PARTE_LEIDA:
        return None
    with zf.open(info) as parte:
        return parte.read(MAXIMO_PARTE_LEIDA)


def _contiene(zf: zipfile.ZipFile, nombre: str, patron: bytes) -> bool:
    """¿La parte contiene `patron`? Se lee por trozos (con solape), sea cual sea su tamaño: rellenar la
    parte hasta pasar MAXIMO_PARTE_LEIDA no esconde nada."""
    anterior = b""
    with zf.open(nombre) as parte:
        while trozo := parte.read(1024 * 1024):
            if patron in anterior + trozo:
                return True
            anterior = trozo[-len(patron):]
    return False


def _xml(zf: zipfile.ZipFile, nombre: str):
    datos = _leer_parte(zf, nombre)
    if datos is None:
        return None
    try:
        return ElementTree.fromstring(datos)
    except (ElementTree.ParseError, DefusedXmlException, ValueError):
        return None


def _revisar_contenedor(zf: zipfile.ZipFile) -> None:
    """Topes de entradas y tamaño descomprimido, y ninguna parte OLE (macros VBA u objetos incrustados)."""
    entradas = zf.infolist()
    if len(entradas) > MAXIMO_ENTRADAS:
        raise ArchivoSospechoso(f"El documento tiene más de {MAXIMO_ENTRADAS} partes internas.")
    if sum(e.file_size for e in entradas) > MAXIMO_DESCOMPRIMIDO:
        raise ArchivoSospechoso(f"El documento ocupa más de {MAXIMO_DESCOMPRIMIDO // 2**20} MB al descomprimirse.")
    for entrada in entradas:
        if entrada.file_size > 2**20 and entrada.file_size > MAXIMA_RAZON_COMPRESION * max(entrada.compress_size, 1):
            raise ArchivoSospechoso("El documento tiene una parte comprimida de forma anómala (una «bomba zip»).")
        if entrada.is_dir() or entrada.file_size < len(_MAGIA_OLE):
            continue
        with zf.open(entrada) as parte:
            if parte.read(len(_MAGIA_OLE)) == _MAGIA_OLE:
                raise ArchivoSospechoso(
                    f"El documento trae una parte binaria de Office («{entrada.filename[:80]}»): macros u objetos incrustados."
                )


def _tipo_ooxml(zf: zipfile.ZipFile, nombres: set[str]) -> TipoArchivo | None:
    """Por la estructura del paquete: la relación officeDocument de _rels/.rels dice cuál es la parte
    principal; su tipo de contenido en [Content_Types].xml debe ser el de un DOCX o XLSX sin macros, y
    ningún tipo de contenido ni relación del paquete puede ser de macros (sea cual sea el nombre de la parte)."""
    tipos, relaciones = _xml(zf, "[Content_Types].xml"), _xml(zf, "_rels/.rels")
    if tipos is None or relaciones is None:
        return None
    declarados = [e.get("ContentType", "") for e in tipos if e.tag in (f"{_NS_TIPOS}Default", f"{_NS_TIPOS}Override")]
    todas = [relaciones if nombre == "_rels/.rels" else _xml(zf, nombre) for nombre in nombres if nombre.endswith(".rels")]
    if any(r is None for r in todas):
        return None  # un .rels ilegible (o inflado para esconder algo) no es un documento aceptable
    tipos_de_relacion = [r.get("Type", "") for arbol in todas for r in arbol]
    if any(marca in texto.lower() for texto in declarados + tipos_de_relacion for marca in _MARCAS_DE_MACRO):
        raise ArchivoSospechoso("El documento contiene macros (VBA o de Excel 4.0).")
    principales = [r.get("Target", "").lstrip("/") for r in relaciones
                   if r.tag == f"{_NS_RELS}Relationship" and r.get("Type") == _REL_DOCUMENTO]
    if len(principales) != 1 or principales[0] not in nombres:
        return None
    sobrescritos = {e.get("PartName", "").lstrip("/"): e.get("ContentType", "") for e in tipos if e.tag == f"{_NS_TIPOS}Override"}
    tipo_principal = sobrescritos.get(principales[0], "").encode()
    for tipo, (parte_principal, tipo_contenido) in OOXML.items():
        if principales[0] == parte_principal and tipo_principal == tipo_contenido:
            return tipo
    return None


def _tipo_odf(zf: zipfile.ZipFile, nombres: set[str]) -> TipoArchivo | None:
    # OpenDocument exige que `mimetype` sea la primera entrada; sin content.xml no hay documento.
    entradas = zf.infolist()
    if not entradas or entradas[0].filename != "mimetype" or "content.xml" not in nombres:
        return None
    manifiesto = _xml(zf, "META-INF/manifest.xml")
    rutas = [e.get(f"{_NS_MANIFIESTO}full-path", "") for e in manifiesto or ()]
    tipos = [e.get(f"{_NS_MANIFIESTO}media-type", "") for e in manifiesto or ()]
    if (any(n.lower().startswith(("basic/", "scripts/", "dialogs/")) for n in list(nombres) + rutas)
            or any("script" in t.lower() or "basic" in t.lower() for t in tipos)
            or any(_contiene(zf, n, b"vnd.sun.star.script") for n in ("content.xml", "styles.xml") if n in nombres)):
        raise ArchivoSospechoso("El documento contiene macros (Basic o scripts de OpenDocument).")
    return ODF.get((_leer_parte(zf, "mimetype") or b"").strip())


def _tipo_zip(archivo) -> TipoArchivo | None:
    archivo.seek(0)
    try:
        with zipfile.ZipFile(archivo) as zf:
            _revisar_contenedor(zf)
            nombres = set(zf.namelist())
            return _tipo_ooxml(zf, nombres) or _tipo_odf(zf, nombres)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError, RuntimeError, ValueError):
        return None


def detectar_tipo(archivo) -> TipoArchivo | None:
    """El tipo permitido que corresponde al contenido del archivo, o None (también si es sospechoso)."""
    try:
        return _detectar_tipo(archivo)
    except ArchivoSospechoso:
        return None


def _detectar_tipo(archivo) -> TipoArchivo | None:
    """Como detectar_tipo, pero un documento con macros u objetos incrustados lanza ArchivoSospechoso."""
    archivo.seek(0)
    cabecera = archivo.read(BYTES_CABECERA)
    archivo.seek(0)
    if cabecera.startswith(b"PK\x03\x04"):
        return _tipo_zip(archivo)
    encontrado = filetype.guess(cabecera)
    return POR_FIRMA.get(encontrado.mime) if encontrado else None


def validar_archivo(archivo) -> TipoArchivo:
    """Tamaño y tipo por contenido; un rechazo es un ValidationError en castellano."""
    limite = limite_en_bytes()
    if archivo.size > limite:
        peso = f"{archivo.size / 1024 / 1024:.1f}".replace(".", ",")
        raise _rechazo(f"El archivo pesa {peso} MB; el máximo es {limite // (1024 * 1024)} MB.")
    if archivo.size == 0:
        raise _rechazo("El archivo está vacío.")
    try:
        tipo = _detectar_tipo(archivo)
    except ArchivoSospechoso as motivo:
        raise _rechazo(f"{motivo} Por seguridad no se acepta: guárdelo sin macros (p. ej. como .docx o .xlsx) o en PDF.") from None
    if tipo is None:
        raise _rechazo(
            f"El contenido del archivo no es {TIPOS_PERMITIDOS} (se revisa el contenido, no el nombre). "
            "Los documentos con macros tampoco se aceptan."
        )
    return tipo


def hoja_de_avance(avance: Avance) -> Hoja:
    """La fila hoja del avance, con sus unidades (el catálogo del plan en un número fijo de consultas)."""
    return Catalogo(avance.actividad.componente.plan).hojas_por_clave[avance.clave]


def _exigir_permiso(avance: Avance, usuario) -> None:
    hoja = hoja_de_avance(avance)
    if not puede_adjuntar_evidencia(perfil_de(usuario), hoja):
        raise PermissionDenied(f"Su unidad no es responsable de la fila {hoja.codigo}.")
    ciclo.comprobar(ciclo.Accion.ADJUNTAR_EVIDENCIA, hoja.componente.plan, avance.mes)


_POR_MIME = {tipo.mime: tipo for tipo in (PDF, PNG, JPEG, DOCX, XLSX, ODT, ODS)}
_CARACTERES_RAROS = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|]+')


def nombre_con_extension(nombre: str, mime: str) -> str:
    """El nombre que se muestra y con el que se descarga: lo que el usuario escribió hasta el primer punto
    (sin rutas ni caracteres de control) y la extensión del tipo DETECTADO. «informe.pdf.exe» con
    contenido PDF queda «informe.pdf»; «foto.pdf» con contenido PNG, «foto.png»: nunca dos extensiones."""
    base = PurePath(str(nombre).replace("\\", "/")).name
    base = _CARACTERES_RAROS.sub(" ", base).split(".")[0].strip() or "evidencia"
    tipo = _POR_MIME.get(mime)
    extension = tipo.extension if tipo else "bin"
    return f"{base[:200]}.{extension}"


def _nombre_original(archivo, tipo: TipoArchivo) -> str:
    return nombre_con_extension(archivo.name, tipo.mime)


def adjuntar_evidencia(*, avance: Avance, archivo, usuario) -> Evidencia:
    """Guarda `archivo` como medio de verificación de `avance`. Si se rechaza, no se guarda nada."""
    _exigir_permiso(avance, usuario)
    tipo = validar_archivo(archivo)
    evidencia = Evidencia(
        avance=avance,
        nombre_original=_nombre_original(archivo, tipo),
        tipo=tipo.mime,
        tamano=archivo.size,
        subido_por=usuario,
    )
    evidencia._history_user = usuario
    archivo.seek(0)
    # El nombre solo aporta la extensión del tipo detectado: upload_to pone el uuid.
    evidencia.archivo.save(f"evidencia.{tipo.extension}", File(archivo), save=False)
    try:
        with transaction.atomic():
            ciclo.exigir(ciclo.Accion.ADJUNTAR_EVIDENCIA, avance.actividad.componente.plan, avance.mes)
            evidencia.save()
    except BaseException:
        evidencia.archivo.storage.delete(evidencia.archivo.name)  # ni fila ni archivo huérfano
        raise
    return evidencia


def retirar_evidencia(*, evidencia: Evidencia, usuario, motivo: str) -> None:
    """Retira el medio de verificación de la vista; la historia guarda quién, cuándo y por qué."""
    _exigir_permiso(evidencia.avance, usuario)
    motivo = (motivo or "").strip()
    if not motivo:
        raise ValidationError({"motivo": "Indique por qué se retira el archivo."})
    if len(motivo) > LARGO_MAXIMO_MOTIVO:
        raise ValidationError({"motivo": f"El motivo admite hasta {LARGO_MAXIMO_MOTIVO} caracteres."})
    evidencia._history_user = usuario
    evidencia._change_reason = motivo
    with transaction.atomic():
        ciclo.exigir(ciclo.Accion.ADJUNTAR_EVIDENCIA, evidencia.avance.actividad.componente.plan, evidencia.avance.mes)
        evidencia.delete()  # el archivo se conserva a propósito (ver el docstring del módulo)


def evidencias_por_avance(avances) -> dict[int, list[Evidencia]]:
    """Los medios de verificación de varios avances en una consulta (para la página de una fila)."""
    por_avance: dict[int, list[Evidencia]] = {avance.pk: [] for avance in avances}
    for evidencia in Evidencia.objects.filter(avance__in=list(por_avance)).select_related("subido_por"):
        por_avance[evidencia.avance_id].append(evidencia)
    return por_avance


@dataclass(frozen=True)
class PanelEvidencias:
    """Lo que muestra `_evidencias.html` para un avance: sus archivos y si se pueden cambiar."""

    avance: Avance
    evidencias: list[Evidencia]
    editable: bool  # la unidad puede adjuntar/retirar y el mes está abierto
    cerrado: bool

    @property
    def limite_mb(self) -> int:
        return limite_en_bytes() // (1024 * 1024)


def paneles_de_evidencias(avances, *, hoja: Hoja, perfil: Perfil, cerrados: set) -> list[PanelEvidencias]:
    """Un panel por avance de una fila (una consulta). `cerrados`: `cierres.meses_cerrados(plan)`."""
    avances = list(avances)
    por_avance = evidencias_por_avance(avances)
    return [
        PanelEvidencias(
            avance, por_avance[avance.pk], puede_escribir_celda(perfil, hoja, avance.mes, cerrados), avance.mes in cerrados
        )
        for avance in avances
    ]
