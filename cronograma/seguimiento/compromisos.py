"""La matriz de compromisos: las medidas correctivas de un reporte, con dueño, plazo, estado y evidencias.

- La coordinación crea, edita y verifica (solo ella da un compromiso por *cumplido* o *no cumplido*).
- Una unidad dueña actualiza el suyo: lo pasa a *en proceso*, anota y adjunta evidencias.
- *Vencido* no se guarda: un compromiso abierto cuyo mes límite ya terminó (`vencido`).
- Bloqueo optimista: quien guarda dice qué versión vio; si otra persona guardó antes, no se guarda nada y
  se lanza `ConflictoDeCompromiso` con lo que hay ahora (el mismo trato que los textos del reporte).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction

from componentes.meses import nombre_mes, siguiente
from componentes.models import Componente, Plan, Responsable
from cronograma.mensual.evidencias import nombre_con_extension, validar_archivo
from cronograma.models import Reporte
from cronograma.permisos import (
    perfil_de, puede_actualizar_compromiso, puede_gestionar_compromisos,
)
from cronograma import ciclo
from cronograma.seguimiento.models import Compromiso, EvidenciaCompromiso

Estado = Compromiso.Estado
# Lo que una unidad dueña puede hacer con el estado: empezar (o volver a pendiente); verificar es de la coordinación.
ESTADOS_DE_LA_UNIDAD = (Estado.PENDIENTE, Estado.EN_PROCESO)
CAMPOS_DE_LA_UNIDAD = frozenset({"estado", "notas"})
CAMPOS_DE_LA_COORDINACION = frozenset({"texto", "responsables", "mes_limite", "estado", "notas"})


def vencido(compromiso: Compromiso, *, hoy: date | None = None) -> bool:
    """Abierto y con su mes límite ya terminado: se muestra *vencido* sin que nadie lo cambie."""
    return compromiso.abierto and ciclo.mes_vencido(compromiso.mes_limite, hoy=hoy)


def por_vencer(compromiso: Compromiso, *, dias: int = 7, hoy: date | None = None) -> bool:
    """Abierto, aún no vencido, y su mes límite termina dentro de `dias` días."""
    from datetime import timedelta

    hoy = hoy or ciclo.hoy()
    fin = siguiente(compromiso.mes_limite)  # el primer día después del mes límite
    return compromiso.abierto and hoy < fin <= hoy + timedelta(days=dias)


def siglas_de(compromiso: Compromiso) -> list[str]:
    return [r.sigla for r in compromiso.responsables.all()]


# --- Medidas correctivas de un reporte ---------------------------------------------------------------

_VIÑETA = re.compile(r"^\s*(?:[-•*·]|\d+[.)])\s*")


@dataclass(frozen=True)
class Medida:
    """Una medida correctiva de un reporte (una línea de su texto, sin viñeta) y si ya es compromiso."""

    componente: Componente
    texto: str
    compromiso: Compromiso | None


def medidas_del_reporte(reporte: Reporte) -> list[Medida]:
    """Cada línea no vacía de las medidas correctivas de cada componente, en orden (dos consultas)."""
    existentes = {(c.componente_id, c.texto): c for c in reporte.compromisos.all()}
    medidas = []
    for textos in reporte.componentes.select_related("componente").order_by("componente__numero"):
        for linea in textos.medidas_correctivas.splitlines():
            texto = _VIÑETA.sub("", linea).strip()
            if texto:
                medidas.append(Medida(textos.componente, texto, existentes.get((textos.componente_id, texto))))
    return medidas


# --- Escrituras --------------------------------------------------------------------------------------

class ConflictoDeCompromiso(Exception):
    """Nada se guardó: otra persona guardó el compromiso después de que se abrió el formulario."""

    def __init__(self, actual: Compromiso, autor: str, cuando: datetime | None):
        self.actual, self.autor, self.cuando = actual, autor, cuando
        super().__init__(
            f"No se guardó: {autor} guardó este compromiso después de que usted abrió el formulario. "
            "Revise lo que hay ahora y vuelva a intentarlo."
        )


def _guardar(compromiso: Compromiso, usuario, **opciones) -> None:
    compromiso.full_clean()
    compromiso._history_user = usuario
    compromiso.save(**opciones)


def _validar_mes_limite(reporte: Reporte, mes_limite: date) -> None:
    if mes_limite is None or mes_limite.day != 1:
        raise ValidationError({"mes_limite": "Indique el mes límite (primer día del mes)."})
    if mes_limite < reporte.desde:
        raise ValidationError({"mes_limite": f"El mes límite no puede ser anterior al periodo del reporte "
                                             f"({nombre_mes(reporte.desde)})."})


def _validar_responsables(responsables: Iterable[Responsable]) -> list[Responsable]:
    responsables = list(responsables)
    if not responsables:
        raise ValidationError({"responsables": "Elija al menos una unidad responsable."})
    return responsables


def crear_compromiso(*, reporte: Reporte, texto: str, responsables: Iterable[Responsable], mes_limite: date,
                     usuario, componente: Componente | None = None) -> Compromiso:
    """Un compromiso nuevo (pendiente desde hoy) a partir de una medida correctiva del reporte."""
    if not puede_gestionar_compromisos(perfil_de(usuario)):
        raise PermissionDenied("Solo la coordinación crea compromisos.")
    responsables = _validar_responsables(responsables)
    _validar_mes_limite(reporte, mes_limite)
    if componente is not None and componente.plan_id != reporte.plan_id:
        raise ValidationError("El componente no es del plan del reporte.")
    with transaction.atomic():
        ciclo.exigir(ciclo.Accion.ACTUALIZAR_COMPROMISO, reporte.plan)
        compromiso = Compromiso(plan_id=reporte.plan_id, reporte=reporte, componente=componente,
                                texto=(texto or "").strip(), mes_limite=mes_limite, creado_por=usuario,
                                fecha_pendiente=ciclo.hoy())
        _guardar(compromiso, usuario)
        compromiso.responsables.set(responsables)
    return compromiso  # los avisos llegan al acercarse el plazo y al vencer (orden enviar_avisos)


def actualizar_compromiso(*, compromiso: Compromiso, usuario, version: int | None, **cambios) -> Compromiso:
    """Cambia los campos dados (`texto`, `responsables`, `mes_limite`, `estado`, `notas`).

    La coordinación cambia todo; una unidad dueña solo `estado` (pendiente o en proceso) y `notas`.
    `version`: la que vio quien edita (None: sin control). Solo se escribe lo que cambió.
    """
    perfil = perfil_de(usuario)
    with transaction.atomic():
        actual = Compromiso.objects.select_for_update().get(pk=compromiso.pk)
        siglas = list(actual.responsables.values_list("sigla", flat=True))
        if not puede_actualizar_compromiso(perfil, siglas):
            raise PermissionDenied("Su unidad no es responsable de este compromiso.")
        permitidos = CAMPOS_DE_LA_COORDINACION if perfil.coordinador else CAMPOS_DE_LA_UNIDAD
        ajenos = set(cambios) - permitidos
        if ajenos:
            raise PermissionDenied("Solo la coordinación cambia el texto, las unidades o el plazo de un compromiso.")
        ciclo.exigir(ciclo.Accion.ACTUALIZAR_COMPROMISO, actual.plan)
        if version is not None and version != actual.version:
            ultima = actual.history.select_related("history_user").order_by("-history_date").first()
            autor = ultima.history_user.get_username() if ultima and ultima.history_user else "otra persona"
            raise ConflictoDeCompromiso(actual, autor, ultima.history_date if ultima else None)
        campos = _aplicar(actual, cambios, coordinador=perfil.coordinador)
        responsables = cambios.get("responsables")
        nuevas = None
        if responsables is not None:
            nuevas = _validar_responsables(responsables)
            if {r.pk for r in nuevas} == {r.pk for r in actual.responsables.all()}:
                nuevas = None
        if not campos and nuevas is None:
            return actual  # nada cambió: ni versión nueva ni fila de historia
        actual.version += 1
        _guardar(actual, usuario, update_fields=[*campos, "version"])
        if nuevas is not None:
            actual.responsables.set(nuevas)
    return actual


def _aplicar(compromiso: Compromiso, cambios: dict, *, coordinador: bool) -> list[str]:
    campos = []
    for campo in ("texto", "notas"):
        if campo in cambios and (cambios[campo] or "").strip() != getattr(compromiso, campo):
            setattr(compromiso, campo, (cambios[campo] or "").strip())
            campos.append(campo)
    if "mes_limite" in cambios and cambios["mes_limite"] != compromiso.mes_limite:
        _validar_mes_limite(compromiso.reporte, cambios["mes_limite"])
        compromiso.mes_limite = cambios["mes_limite"]
        campos.append("mes_limite")
    nuevo = cambios.get("estado")
    if nuevo and nuevo != compromiso.estado:
        if nuevo not in Estado.values:
            raise ValidationError({"estado": "Estado desconocido."})
        if not coordinador and (nuevo not in ESTADOS_DE_LA_UNIDAD or not compromiso.abierto):
            raise PermissionDenied("Solo la coordinación verifica un compromiso (cumplido o no cumplido) o lo reabre.")
        compromiso.estado = nuevo
        setattr(compromiso, f"fecha_{nuevo}", ciclo.hoy())  # la fecha en que se alcanzó
        campos += ["estado", f"fecha_{nuevo}"]
    return campos


def adjuntar_evidencia(*, compromiso: Compromiso, archivo, usuario) -> EvidenciaCompromiso:
    """Un medio de verificación del compromiso: mismas comprobaciones por contenido que las del avance."""
    if not puede_actualizar_compromiso(perfil_de(usuario), siglas_de(compromiso)):
        raise PermissionDenied("Su unidad no es responsable de este compromiso.")
    tipo = validar_archivo(archivo)
    evidencia = EvidenciaCompromiso(compromiso=compromiso, nombre_original=nombre_con_extension(archivo.name, tipo.mime),
                                    tipo=tipo.mime, tamano=archivo.size, subido_por=usuario)
    evidencia._history_user = usuario
    archivo.seek(0)
    evidencia.archivo.save(f"evidencia.{tipo.extension}", File(archivo), save=False)
    try:
        with transaction.atomic():
            ciclo.exigir(ciclo.Accion.ACTUALIZAR_COMPROMISO, compromiso.plan)
            evidencia.save()
    except BaseException:
        evidencia.archivo.storage.delete(evidencia.archivo.name)  # ni fila ni archivo huérfano
        raise
    return evidencia


# --- Lectura -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FilaCompromiso:
    compromiso: Compromiso
    vencido: bool
    siglas: str

    @property
    def estado_mostrado(self) -> str:
        return "Vencido" if self.vencido else self.compromiso.get_estado_display()


def compromisos_del_plan(plan: Plan, *, unidad: str | None = None, estado: str | None = None,
                         siglas: Iterable[str] | None = None, hoy: date | None = None) -> list[FilaCompromiso]:
    """Los compromisos del plan (filtrados por sigla de unidad y por estado; «vencido» es un estado más),
    en dos consultas. `siglas`: solo los de esas unidades (el tablero de una unidad)."""
    hoy = hoy or ciclo.hoy()
    consulta = Compromiso.objects.del_plan(plan).para_la_lista()
    if unidad:
        consulta = consulta.filter(responsables__sigla=unidad)
    if siglas is not None:
        consulta = consulta.filter(responsables__sigla__in=list(siglas)).distinct()
    if estado and estado != "vencido":
        consulta = consulta.filter(estado=estado)
    filas = [FilaCompromiso(c, vencido(c, hoy=hoy), " / ".join(r.sigla for r in c.responsables.all())) for c in consulta]
    if estado == "vencido":
        filas = [f for f in filas if f.vencido]
    return filas


def abiertos_al(plan: Plan, inicio: date) -> list[Compromiso]:
    """Los compromisos del plan que estaban abiertos al empezar `inicio` (creados antes y sin cerrarse antes).

    Se lee de la historia: el estado de cada compromiso al día anterior a `inicio`."""
    from django.utils import timezone

    limite = timezone.make_aware(datetime.combine(inicio, datetime.min.time()))
    compromisos = list(Compromiso.objects.del_plan(plan).filter(creado_en__lt=limite).para_la_lista())
    historia = Compromiso.history.filter(id__in=[c.pk for c in compromisos], history_date__lt=limite).order_by(
        "id", "history_date", "history_id").values_list("id", "estado")
    estado_al: dict[int, str] = {}
    for pk, estado in historia:
        estado_al[pk] = estado  # el último antes del límite
    return [c for c in compromisos if estado_al.get(c.pk, Estado.PENDIENTE) in Compromiso.ABIERTOS]

