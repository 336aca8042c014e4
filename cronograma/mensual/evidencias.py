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

import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction

from componentes.catalogo import Catalogo, Hoja
from cronograma.mensual.cierres import validar_mes_abierto
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


def _leer_parte(zf: zipfile.ZipFile, nombre: str) -> bytes | None:
    try:
        info = zf.getinfo(nombre)
    except KeyError:
        return None
    if info.file_size > MAXIMO_PARTE_LEIDA:
        return None
    with zf.open(info) as parte:
        return parte.read(MAXIMO_PARTE_LEIDA)


def _tipo_ooxml(zf: zipfile.ZipFile, nombres: set[str]) -> TipoArchivo | None:
    if "[Content_Types].xml" not in nombres or any(n.lower().endswith("vbaproject.bin") for n in nombres):
        return None
    tipos = _leer_parte(zf, "[Content_Types].xml") or b""
    for tipo, (parte_principal, tipo_contenido) in OOXML.items():
        if parte_principal in nombres and tipo_contenido in tipos:
            return tipo
    return None


def _tipo_odf(zf: zipfile.ZipFile, nombres: set[str]) -> TipoArchivo | None:
    # OpenDocument exige que `mimetype` sea la primera entrada; sin content.xml no hay documento.
    entradas = zf.infolist()
    if not entradas or entradas[0].filename != "mimetype" or "content.xml" not in nombres:
        return None
    if any(n.startswith(("Basic/", "Scripts/")) for n in nombres):
        return None
    return ODF.get((_leer_parte(zf, "mimetype") or b"").strip())


def _tipo_zip(archivo) -> TipoArchivo | None:
    archivo.seek(0)
    try:
        with zipfile.ZipFile(archivo) as zf:
            nombres = set(zf.namelist())
            return _tipo_ooxml(zf, nombres) or _tipo_odf(zf, nombres)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError):
        return None


def detectar_tipo(archivo) -> TipoArchivo | None:
    """El tipo permitido que corresponde al contenido del archivo, o None."""
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
    tipo = detectar_tipo(archivo)
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
    validar_mes_abierto(hoja.componente.plan, avance.mes)


def _nombre_original(archivo) -> str:
    # Solo el nombre (nunca una ruta del cliente), recortado al largo del campo.
    nombre = PurePath(str(archivo.name).replace("\\", "/")).name.strip() or "archivo"
    return nombre[-255:]


def adjuntar_evidencia(*, avance: Avance, archivo, usuario) -> Evidencia:
    """Guarda `archivo` como medio de verificación de `avance`. Si se rechaza, no se guarda nada."""
    _exigir_permiso(avance, usuario)
    tipo = validar_archivo(archivo)
    evidencia = Evidencia(
        avance=avance,
        nombre_original=_nombre_original(archivo),
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
