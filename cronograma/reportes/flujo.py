"""El trámite del reporte semestral: Borrador → Aprobado (coordinación) → Remitido a la SGP.

Cada paso es una función con argumentos por nombre, atómica, que pregunta a permisos.py, valida con
full_clean y deja al autor en la historia. Un reporte aprobado o remitido ya no se edita: su foto
(`Reporte.cifras`) y sus textos son lo que se envió.
"""

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from componentes.models import Plan
from cronograma import ciclo
from cronograma.reportes import datos as reportes
from cronograma.models import Reporte, ReporteComponente
from cronograma.permisos import Perfil, perfil_de, puede_editar_reporte, puede_redactar_reporte
from cronograma.reportes.firma import firma_de
from cronograma.reportes.textos import texto_oficio

BORRADOR, APROBADO, REMITIDO = Reporte.Estado.BORRADOR, Reporte.Estado.APROBADO, Reporte.Estado.REMITIDO
CAMPOS_TEXTO = ("logros", "dificultades", "medidas_correctivas")
CAMPOS_SIN_INFORMACION = tuple(f"{campo}_sin_informacion" for campo in CAMPOS_TEXTO)
CAMPOS_EDITABLES = CAMPOS_TEXTO + CAMPOS_SIN_INFORMACION
CAMPOS_FIRMA = ("firmante_nombre", "firmante_cargo")


@dataclass(frozen=True)
class CambioTextos:
    """Lo que una petición trae de un componente. Solo cambian los campos presentes en `valores`;
    `version` es la que vio el editor (None: sin control, p. ej. desde una orden o una prueba)."""

    valores: Mapping[str, str]
    version: int | None = None


@dataclass(frozen=True)
class Conflicto:
    """Otro editor guardó después de que este abrió el formulario: lo que hay ahora y quién lo dejó."""

    componente_id: int | None  # None: la firma del reporte
    actuales: dict[str, str]
    autor: str
    cuando: datetime | None


class ConflictoDeTextos(Exception):
    """Nada se guardó: alguno de los textos cambió desde que se abrió el formulario."""

    def __init__(self, conflictos: list[Conflicto]):
        self.conflictos = conflictos
        super().__init__("Otra persona guardó estos textos después de que usted abrió el formulario.")


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
    # Un plan archivado es de solo lectura, también sus reportes; y el candado del plan serializa la
    # remisión con la aprobación de una versión (que no puede regir en un corte ya remitido).
    bloqueado.plan = ciclo.exigir(ciclo.Accion.REDACTAR_REPORTE, bloqueado.plan)
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
    ciclo.comprobar(ciclo.Accion.REDACTAR_REPORTE, plan)
    reportes.validar_periodo(plan, desde, hasta)
    with transaction.atomic():
        plan = ciclo.exigir(ciclo.Accion.REDACTAR_REPORTE, plan)
        reporte = Reporte(plan=plan, desde=desde, hasta=hasta)
        _guardar(reporte, usuario)
        for componente in plan.componentes.order_by("numero"):
            _guardar(ReporteComponente(reporte=reporte, componente=componente), usuario)
    return reporte


def editar_textos(
    *,
    reporte: Reporte,
    usuario,
    textos: Mapping[int, "CambioTextos | reportes.TextosComponente"] | None = None,
    firmante_nombre: str | None = None,
    firmante_cargo: str | None = None,
    version_firma: int | None = None,
) -> Reporte:
    """Guarda los textos por componente (id de componente → cambio) y, si se dan, la firma.

    La coordinación y el Equipo de Trabajo redactan; solo la coordinación cambia la firma. Solo cambian
    los campos que trae la petición y solo se escribe lo que cambió (la historia muestra ediciones
    reales). Bloqueo optimista: si otro guardó después de la versión que vio el editor, no se guarda nada
    y se lanza `ConflictoDeTextos` con lo que hay ahora.
    """
    perfil = perfil_de(usuario)
    if not puede_redactar_reporte(perfil):
        raise PermissionDenied("Solo la coordinación o el Equipo de Trabajo redactan los reportes.")
    with transaction.atomic():
        reporte = _bloquear(reporte)
        _exigir_borrador(reporte)
        conflictos = _guardar_textos(reporte, {cid: _como_cambio(c) for cid, c in (textos or {}).items()}, usuario)
        firma = {"firmante_nombre": firmante_nombre, "firmante_cargo": firmante_cargo}
        cambios = {campo: valor.strip() for campo, valor in firma.items()
                   if valor is not None and valor.strip() != getattr(reporte, campo)}
        if cambios:
            if not puede_editar_reporte(perfil):
                raise PermissionDenied("Solo la coordinación cambia la firma del reporte.")
            if version_firma is not None and version_firma != reporte.version:
                conflictos.append(_conflicto(Reporte, reporte, None, CAMPOS_FIRMA))
            else:
                for campo, valor in cambios.items():
                    setattr(reporte, campo, valor)
                reporte.version += 1
                _guardar(reporte, usuario, update_fields=[*cambios, "version"])
        if conflictos:
            raise ConflictoDeTextos(conflictos)  # sale de atomic: nada de esta petición queda guardado
    return reporte


def _como_cambio(cambio) -> CambioTextos:
    if isinstance(cambio, CambioTextos):
        return cambio
    return CambioTextos({campo: getattr(cambio, campo) for campo in CAMPOS_EDITABLES})


def _guardar_textos(reporte: Reporte, textos: Mapping[int, CambioTextos], usuario) -> list[Conflicto]:
    existentes = {t.componente_id: t for t in ReporteComponente.objects.select_for_update().filter(reporte=reporte)}
    del_plan = set(reporte.plan.componentes.values_list("id", flat=True))
    conflictos = []
    for componente_id, cambio in textos.items():
        if componente_id not in del_plan:
            raise ValidationError("Uno de los componentes no pertenece al plan del reporte.")
        desconocidos = set(cambio.valores) - set(CAMPOS_EDITABLES)
        if desconocidos:
            raise ValidationError(f"Campos desconocidos en los textos del reporte: {', '.join(sorted(desconocidos))}.")
        fila = existentes.get(componente_id) or ReporteComponente(reporte=reporte, componente_id=componente_id)
        valores = {campo: (valor or "").strip() for campo, valor in cambio.valores.items()}
        if fila.pk and all(getattr(fila, campo) == valor for campo, valor in valores.items()):
            continue
        if fila.pk and cambio.version is not None and cambio.version != fila.version:
            conflictos.append(_conflicto(ReporteComponente, fila, componente_id, CAMPOS_EDITABLES))
            continue
        for campo, valor in valores.items():
            setattr(fila, campo, valor)
        # Escribir un texto en un apartado retira su «sin información» (si la petición no trae ambos).
        for campo in CAMPOS_TEXTO:
            if getattr(fila, campo) and f"{campo}_sin_informacion" not in valores:
                setattr(fila, f"{campo}_sin_informacion", "")
        if fila.pk:
            fila.version += 1
        _guardar(fila, usuario)
    return conflictos


def _conflicto(modelo, instancia, componente_id, campos) -> Conflicto:
    ultima = modelo.history.filter(id=instancia.pk).select_related("history_user").order_by("-history_date").first()
    return Conflicto(
        componente_id=componente_id,
        actuales={campo: getattr(instancia, campo) for campo in campos},
        autor=_autor(ultima) if ultima else "sistema",
        cuando=ultima.history_date if ultima else None,
    )


# --- Aprobación y remisión -------------------------------------------------------------------------

def fin_del_periodo(reporte: Reporte) -> date:
    """El último día del mes de corte: antes de esa fecha el periodo no ha terminado."""
    return reporte.hasta.replace(day=calendar.monthrange(reporte.hasta.year, reporte.hasta.month)[1])


def firma_para_aprobar(reporte: Reporte, aprobador=None) -> tuple[str, str]:
    """La firma con que se aprobaría: la escrita en el reporte; si falta, la del perfil de quien aprueba
    (su nombre completo y su cargo), completando solo lo que falte."""
    if reporte.firmante_nombre and reporte.firmante_cargo:
        return reporte.firmante_nombre, reporte.firmante_cargo
    nombre, cargo = firma_de(aprobador)
    return reporte.firmante_nombre or nombre, reporte.firmante_cargo or cargo


def faltantes_para_aprobar(reporte: Reporte, *, aprobador=None) -> list[str]:
    """Lo que falta para poder aprobar: cada apartado con texto o «sin información» con motivo, y la firma
    (la escrita en el reporte o, si no la hay, el nombre y el cargo del perfil de quien aprueba)."""
    faltan = []
    textos = {t.componente_id: t for t in ReporteComponente.objects.filter(reporte=reporte)}
    for componente in reporte.plan.componentes.order_by("numero"):
        fila = textos.get(componente.id)
        vacios = [
            reportes.TITULOS_APARTADOS[campo] for campo in CAMPOS_TEXTO
            if fila is None or not (getattr(fila, campo).strip() or getattr(fila, f"{campo}_sin_informacion").strip())
        ]
        if vacios:
            faltan.append(f"Componente {componente.codigo}: falta {_enumerar(vacios)} "
                          "(escriba el texto o márquelo «sin información» con su motivo).")
    if not all(firma_para_aprobar(reporte, aprobador)):
        faltan.append("Falta el nombre y el cargo de quien firma el reporte: escríbalos en el editor o "
                      "complete el nombre y el cargo de quien aprueba en su ficha de usuario.")
    return faltan


def _enumerar(nombres: list[str]) -> str:
    nombres = [f"«{n}»" for n in nombres]
    return nombres[0] if len(nombres) == 1 else ", ".join(nombres[:-1]) + " y " + nombres[-1]


def _validar_fecha(fecha, campo: str, nombre: str, *, no_antes_de: date, motivo: str) -> None:
    if not isinstance(fecha, date) or isinstance(fecha, datetime):
        raise ValidationError({campo: f"Indique la fecha de {nombre}."})
    if fecha > timezone.localdate():
        raise ValidationError({campo: f"La fecha de {nombre} no puede ser futura."})
    if fecha < no_antes_de:
        raise ValidationError({campo: f"La fecha de {nombre} no puede ser anterior al {no_antes_de:%d/%m/%Y} ({motivo})."})


def aprobar_reporte(*, reporte: Reporte, usuario, fecha_aprobacion: date | None = None) -> Reporte:
    """Aprueba el borrador con la fecha en que se aprobó (por defecto hoy) y congela sus cifras.

    Exige cada apartado de texto (o su «sin información» con motivo) y la firma; la fecha no puede ser
    anterior al fin del periodo ni futura. Desde ahora el reporte no cambia.
    """
    _exigir_coordinacion(usuario, "aprobar reportes")
    if fecha_aprobacion is None:
        fecha_aprobacion = timezone.localdate()
    with transaction.atomic():
        reporte = _bloquear(reporte)
        _exigir_borrador(reporte)
        _validar_fecha(fecha_aprobacion, "fecha_aprobacion", "aprobación", no_antes_de=fin_del_periodo(reporte),
                       motivo="el último día del periodo del reporte")
        faltan = faltantes_para_aprobar(reporte, aprobador=usuario)
        if faltan:
            raise ValidationError(["Antes de aprobar, complete el reporte:", *faltan])
        firma_escrita = reporte.firmante_nombre and reporte.firmante_cargo
        reporte.firmante_nombre, reporte.firmante_cargo = firma_para_aprobar(reporte, usuario)
        cifras = reportes.generar(reporte.plan, desde=reporte.desde, hasta=reporte.hasta)
        reporte.cifras = reportes.congelar(cifras)
        reporte.estado = APROBADO
        reporte.aprobado_por = usuario
        reporte.aprobado_en = timezone.now()
        reporte.fecha_aprobacion = fecha_aprobacion
        campos = ["cifras", "estado", "aprobado_por", "aprobado_en", "fecha_aprobacion"]
        _guardar(reporte, usuario, update_fields=campos if firma_escrita else [*campos, *CAMPOS_FIRMA])
        from cronograma.seguimiento.avisos import reporte_aprobado

        reporte_aprobado(reporte)  # el correo sale al confirmarse la aprobación
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
        aprobado = reporte.fecha_aprobacion or timezone.localdate(reporte.aprobado_en)
        _validar_fecha(fecha_remision, "fecha_remision", "remisión", no_antes_de=aprobado,
                       motivo="la fecha de aprobación")
        reporte.fecha_remision = fecha_remision
        reporte.numero_oficio = numero_oficio
        reporte.estado = REMITIDO
        _guardar(reporte, usuario, update_fields=["fecha_remision", "numero_oficio", "estado"])
    return reporte


# --- Estado en pasos -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Paso:
    nombre: str
    hecho: bool
    actual: bool
    detalle: str = ""


def pasos_de(reporte: Reporte) -> list[Paso]:
    """Borrador → Aprobado → Remitido, con lo hecho, el paso actual y sus fechas."""
    orden = [BORRADOR, APROBADO, REMITIDO]
    indice = orden.index(reporte.estado)
    creado = timezone.localtime(reporte.creado_en).date() if reporte.creado_en else None
    # Las fechas de los pasos van en el orden en que ocurrieron: un reporte de 2021 registrado hoy no dice
    # «Borrador desde 06/12/2026 → Aprobado 15/04/2021»; su borrador no lleva fecha (la de creación queda
    # en la historia).
    if creado and reporte.fecha_aprobacion and creado > reporte.fecha_aprobacion:
        creado = None
    detalles = {
        BORRADOR: f"desde el {creado:%d/%m/%Y}" if creado else "",
        APROBADO: f"el {reporte.fecha_aprobacion:%d/%m/%Y}" if reporte.fecha_aprobacion else "",
        REMITIDO: (f"el {reporte.fecha_remision:%d/%m/%Y}, {texto_oficio(reporte.numero_oficio)}"
                   if reporte.fecha_remision else ""),
    }
    nombres = {BORRADOR: "Borrador", APROBADO: "Aprobado", REMITIDO: "Remitido a la SGP"}
    return [Paso(nombres[e], i <= indice, i == indice, detalles[e] if i <= indice else "") for i, e in enumerate(orden)]


def siguiente_paso(reporte: Reporte) -> str:
    """Qué falta para avanzar, dicho a quien mira la página."""
    if reporte.estado == BORRADOR:
        return ("Siguiente paso: completar los textos de cada componente (o marcarlos «sin información») y la "
                "firma; luego la coordinación lo aprueba.")
    if reporte.estado == APROBADO:
        return "Siguiente paso: la coordinación registra la remisión a la SGP (fecha y número de oficio)."
    return "Trámite concluido: el reporte se remitió a la SGP y ya no cambia."


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
        fecha = f" con fecha {fila.fecha_aprobacion:%d/%m/%Y}" if getattr(fila, "fecha_aprobacion", None) else ""
        return f"Aprobó el reporte{fecha} y congeló sus cifras."
    if fila.estado != anterior.estado and fila.estado == REMITIDO:
        return f"Registró la remisión a la SGP: {texto_oficio(fila.numero_oficio)}, {fila.fecha_remision:%d/%m/%Y}."
    return "Editó la firma del reporte."
