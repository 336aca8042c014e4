"""El trámite del reporte semestral: Borrador → Aprobado (coordinación) → Remitido a la SGP.

Cada paso es una función con argumentos por nombre, atómica, que pregunta a permisos.py, valida con
full_clean y deja al autor en la historia. Un reporte aprobado o remitido ya no se edita: su foto
(`Reporte.cifras`) y sus textos son lo que se envió.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from componentes.models import Plan
from componentes.planes import exigir_abierto
from cronograma.reportes import datos as reportes
from cronograma.models import Reporte, ReporteComponente
from cronograma.permisos import Perfil, perfil_de, puede_editar_reporte, puede_redactar_reporte

BORRADOR, APROBADO, REMITIDO = Reporte.Estado.BORRADOR, Reporte.Estado.APROBADO, Reporte.Estado.REMITIDO
CAMPOS_TEXTO = ("logros", "dificultades", "medidas_correctivas")


@dataclass(frozen=True)
class Acciones:
    """Qué puede hacer el usuario con el reporte en su estado actual (para mostrar los botones)."""

    redactar: bool
    firmar: bool
    aprobar: bool
    remitir: bool


def acciones_de(perfil: Perfil, reporte: Reporte) -> Acciones:
    borrador = reporte.estado == BORRADOR
    coordinador = puede_editar_reporte(perfil)
    return Acciones(
        redactar=borrador and puede_redactar_reporte(perfil),
        firmar=borrador and coordinador,
        aprobar=borrador and coordinador,
        remitir=reporte.estado == APROBADO and coordinador,
    )


def _exigir_coordinacion(usuario, accion: str) -> None:
    if not puede_editar_reporte(perfil_de(usuario)):
        raise PermissionDenied(f"Solo la coordinación puede {accion}.")


def _bloquear(reporte: Reporte) -> Reporte:
    """Relee el reporte con candado: dos aprobaciones simultáneas no pueden pisarse."""
    bloqueado = Reporte.objects.select_for_update().select_related("plan").get(pk=reporte.pk)
    exigir_abierto(bloqueado.plan)  # un plan archivado es de solo lectura, también sus reportes
    return bloqueado


def _exigir_borrador(reporte: Reporte) -> None:
    if reporte.estado != BORRADOR:
        raise ValidationError(
            f"El reporte está {reporte.get_estado_display().lower()}: ya no se puede modificar. "
            "Si hay que corregirlo, prepare un reporte nuevo."
        )


def _guardar(instancia, usuario, **opciones) -> None:
    instancia.full_clean()
    instancia._history_user = usuario
    instancia.save(**opciones)


def crear_reporte(*, plan: Plan, desde: date, hasta: date, usuario) -> Reporte:
    """Un borrador para el periodo, con un juego de textos vacío por componente."""
    _exigir_coordinacion(usuario, "crear reportes")
    exigir_abierto(plan)
    reportes.validar_periodo(plan, desde, hasta)
    with transaction.atomic():
        reporte = Reporte(plan=plan, desde=desde, hasta=hasta)
        _guardar(reporte, usuario)
        for componente in plan.componentes.order_by("numero"):
            _guardar(ReporteComponente(reporte=reporte, componente=componente), usuario)
    return reporte


def editar_textos(
    *,
    reporte: Reporte,
    usuario,
    textos: Mapping[int, reportes.TextosComponente] | None = None,
    firmante_nombre: str | None = None,
    firmante_cargo: str | None = None,
) -> Reporte:
    """Guarda los textos por componente (id de componente → textos) y, si se dan, la firma.

    La coordinación y el Equipo de Trabajo redactan; solo la coordinación cambia la firma. Solo se
    escribe lo que cambió, para que la historia muestre ediciones reales.
    """
    perfil = perfil_de(usuario)
    if not puede_redactar_reporte(perfil):
        raise PermissionDenied("Solo la coordinación o el Equipo de Trabajo redactan los reportes.")
    with transaction.atomic():
        reporte = _bloquear(reporte)
        _exigir_borrador(reporte)
        _guardar_textos(reporte, textos or {}, usuario)
        firma = {"firmante_nombre": firmante_nombre, "firmante_cargo": firmante_cargo}
        cambios = {campo: valor.strip() for campo, valor in firma.items()
                   if valor is not None and valor.strip() != getattr(reporte, campo)}
        if cambios:
            if not puede_editar_reporte(perfil):
                raise PermissionDenied("Solo la coordinación cambia la firma del reporte.")
            for campo, valor in cambios.items():
                setattr(reporte, campo, valor)
            _guardar(reporte, usuario, update_fields=list(cambios))
    return reporte


def _guardar_textos(reporte: Reporte, textos: Mapping[int, reportes.TextosComponente], usuario) -> None:
    existentes = {t.componente_id: t for t in ReporteComponente.objects.filter(reporte=reporte)}
    del_plan = set(reporte.plan.componentes.values_list("id", flat=True))
    for componente_id, nuevos in textos.items():
        if componente_id not in del_plan:
            raise ValidationError("Uno de los componentes no pertenece al plan del reporte.")
        fila = existentes.get(componente_id) or ReporteComponente(reporte=reporte, componente_id=componente_id)
        valores = {campo: (getattr(nuevos, campo) or "").strip() for campo in CAMPOS_TEXTO}
        if fila.pk and all(getattr(fila, campo) == valor for campo, valor in valores.items()):
            continue
        for campo, valor in valores.items():
            setattr(fila, campo, valor)
        _guardar(fila, usuario)


def aprobar_reporte(*, reporte: Reporte, usuario) -> Reporte:
    """Aprueba el borrador y congela sus cifras: desde ahora el reporte no cambia."""
    _exigir_coordinacion(usuario, "aprobar reportes")
    with transaction.atomic():
        reporte = _bloquear(reporte)
        _exigir_borrador(reporte)
        if not (reporte.firmante_nombre and reporte.firmante_cargo):
            raise ValidationError("Antes de aprobar, indique el nombre y el cargo de quien firma el reporte.")
        cifras = reportes.generar(reporte.plan, desde=reporte.desde, hasta=reporte.hasta)
        reporte.cifras = reportes.congelar(cifras)
        reporte.estado = APROBADO
        reporte.aprobado_por = usuario
        reporte.aprobado_en = timezone.now()
        _guardar(reporte, usuario, update_fields=["cifras", "estado", "aprobado_por", "aprobado_en"])
    return reporte


def registrar_remision(*, reporte: Reporte, usuario, fecha_remision: date | None, numero_oficio: str) -> Reporte:
    """Anota que el reporte aprobado se remitió a la SGP: fecha y número de oficio, ambos obligatorios."""
    _exigir_coordinacion(usuario, "registrar la remisión")
    numero_oficio = (numero_oficio or "").strip()
    errores = {}
    if not isinstance(fecha_remision, date) or isinstance(fecha_remision, datetime):
        errores["fecha_remision"] = "Indique la fecha en que se remitió el reporte."
    elif fecha_remision > timezone.localdate():
        errores["fecha_remision"] = "La fecha de remisión no puede ser futura."
    if not numero_oficio:
        errores["numero_oficio"] = "Indique el número del oficio con que se remitió."
    if errores:
        raise ValidationError(errores)
    with transaction.atomic():
        reporte = _bloquear(reporte)
        if reporte.estado != APROBADO:
            raise ValidationError("Solo un reporte aprobado (y aún no remitido) puede registrarse como remitido.")
        if fecha_remision < timezone.localdate(reporte.aprobado_en):
            raise ValidationError({"fecha_remision": "La fecha de remisión no puede ser anterior a la aprobación."})
        reporte.fecha_remision = fecha_remision
        reporte.numero_oficio = numero_oficio
        reporte.estado = REMITIDO
        _guardar(reporte, usuario, update_fields=["fecha_remision", "numero_oficio", "estado"])
    return reporte


# --- Historia ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Suceso:
    """Una línea de la historia del reporte."""

    fecha: datetime
    usuario: str
    texto: str


def historia_de(reporte: Reporte) -> list[Suceso]:
    """Creación, ediciones y cambios de estado del reporte, del más reciente al más antiguo (2 consultas)."""
    sucesos = []
    anterior = None
    for fila in Reporte.history.filter(id=reporte.pk).select_related("history_user").order_by("history_date"):
        sucesos.append(Suceso(fila.history_date, _autor(fila), _describir(anterior, fila)))
        anterior = fila
    textos = (
        ReporteComponente.history.filter(reporte_id=reporte.pk, history_type="~")
        .select_related("history_user", "componente")
    )
    for fila in textos:
        sucesos.append(Suceso(fila.history_date, _autor(fila), f"Editó los textos del componente {fila.componente.numero}."))
    return sorted(sucesos, key=lambda s: s.fecha, reverse=True)


def _autor(fila) -> str:
    return fila.history_user.get_username() if fila.history_user else "sistema"


def _describir(anterior, fila) -> str:
    if anterior is None:
        return "Creó el reporte (borrador)."
    if fila.estado != anterior.estado and fila.estado == APROBADO:
        return "Aprobó el reporte y congeló sus cifras."
    if fila.estado != anterior.estado and fila.estado == REMITIDO:
        return f"Registró la remisión a la SGP: oficio {fila.numero_oficio}, {fila.fecha_remision:%d/%m/%Y}."
    return "Editó la firma del reporte."
