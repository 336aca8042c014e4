"""Observaciones sobre el avance reportado: la coordinación observa el registro de un mes (con un motivo)
o lo da por conforme; la unidad responde o corrige el valor (con las reglas de siempre). El hilo queda en
la página de la fila, con quién y cuándo.

Estados de la revisión: observado (espera a la unidad) → respondido (espera a la coordinación) →
conforme. Abiertas: observado y respondido; el reporte y el tablero las cuentan.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from componentes.catalogo import Hoja
from componentes.models import Plan
from cronograma.limites import LARGO_MENSAJE_OBSERVACION
from cronograma.mensual.evidencias import hoja_de_avance
from cronograma.models import Avance
from cronograma.permisos import perfil_de, puede_observar, puede_responder_observacion
from cronograma.seguimiento import avisos
from cronograma import ciclo
from cronograma.seguimiento.models import MensajeRevision, Revision

Tipo = MensajeRevision.Tipo
EstadoRevision = Revision.Estado


def _texto(texto: str, *, obligatorio: bool) -> str:
    texto = (texto or "").strip()
    if obligatorio and not texto:
        raise ValidationError({"texto": "Escriba el motivo o la respuesta."})
    if len(texto) > LARGO_MENSAJE_OBSERVACION:
        raise ValidationError({"texto": f"Escriba como máximo {LARGO_MENSAJE_OBSERVACION} caracteres "
                                        f"(este texto tiene {len(texto)})."})
    return texto


def _mensaje(revision: Revision, tipo: str, texto: str, usuario) -> MensajeRevision:
    mensaje = MensajeRevision(revision=revision, tipo=tipo, texto=texto, autor=usuario)
    mensaje.full_clean()
    mensaje.save()
    return mensaje


def _revision_bloqueada(avance: Avance) -> Revision | None:
    return Revision.objects.select_for_update().filter(avance=avance).first()


def _guardar_revision(revision: Revision, estado: str, usuario) -> Revision:
    if revision.pk and revision.estado == estado:
        return revision
    if revision.pk:
        revision.version += 1
    revision.estado = estado
    revision._history_user = usuario
    revision.save()
    return revision


def observar(*, avance: Avance, motivo: str, usuario) -> MensajeRevision:
    """La coordinación observa el registro del mes: queda *observado* y la unidad recibe un aviso."""
    if not puede_observar(perfil_de(usuario)):
        raise PermissionDenied("Solo la coordinación observa avances.")
    motivo = _texto(motivo, obligatorio=True)
    plan = avance.actividad.componente.plan
    with transaction.atomic():
        ciclo.exigir(ciclo.Accion.OBSERVAR, plan, avance.mes)
        revision = _revision_bloqueada(avance) or Revision(avance=avance)
        _guardar_revision(revision, EstadoRevision.OBSERVADO, usuario)
        mensaje = _mensaje(revision, Tipo.OBSERVACION, motivo, usuario)
        avisos.avance_observado(mensaje, hoja=hoja_de_avance(avance))
    return mensaje


def marcar_conforme(*, avance: Avance, usuario, texto: str = "") -> MensajeRevision:
    """La coordinación da el registro del mes por conforme (cierra la observación, si había)."""
    if not puede_observar(perfil_de(usuario)):
        raise PermissionDenied("Solo la coordinación marca un avance como conforme.")
    texto = _texto(texto, obligatorio=False)
    plan = avance.actividad.componente.plan
    with transaction.atomic():
        ciclo.exigir(ciclo.Accion.OBSERVAR, plan, avance.mes)
        revision = _revision_bloqueada(avance) or Revision(avance=avance)
        if revision.pk and revision.estado == EstadoRevision.CONFORME:
            raise ValidationError("Ese registro ya está conforme.")
        _guardar_revision(revision, EstadoRevision.CONFORME, usuario)
        return _mensaje(revision, Tipo.CONFORME, texto, usuario)


def responder(*, avance: Avance, texto: str, usuario, hoja: Hoja | None = None) -> MensajeRevision:
    """La unidad responde una observación abierta de una de sus filas; la coordinación recibe un aviso."""
    hoja = hoja or hoja_de_avance(avance)
    if not puede_responder_observacion(perfil_de(usuario), hoja):
        raise PermissionDenied(f"Su unidad no es responsable de la fila {hoja.codigo}.")
    texto = _texto(texto, obligatorio=True)
    plan = hoja.componente.plan
    with transaction.atomic():
        ciclo.exigir(ciclo.Accion.RESPONDER, plan, avance.mes)
        revision = _revision_bloqueada(avance)
        if revision is None or not revision.abierta:
            raise ValidationError("Ese registro no tiene una observación abierta que responder.")
        _guardar_revision(revision, EstadoRevision.RESPONDIDO, usuario)
        mensaje = _mensaje(revision, Tipo.RESPUESTA, texto, usuario)
        avisos.observacion_respondida(mensaje, hoja=hoja)
    return mensaje


def anotar_correccion(*, avance: Avance, usuario, anterior) -> None:
    """Llamada por registro.registrar_avance al cambiar un registro: si estaba observado, la corrección
    entra en el hilo y la observación pasa a *respondida* (la coordinación revisa el valor nuevo)."""
    revision = Revision.objects.select_for_update().filter(avance=avance, estado__in=Revision.ABIERTAS).first()
    if revision is None:
        return
    from cronograma.formato import texto_porcentaje

    texto = f"Valor corregido de {texto_porcentaje(anterior)} a {texto_porcentaje(avance.porcentaje)}."
    _guardar_revision(revision, EstadoRevision.RESPONDIDO, usuario)
    mensaje = _mensaje(revision, Tipo.CORRECCION, texto, usuario)
    avisos.observacion_respondida(mensaje, hoja=hoja_de_avance(avance))


# --- Lectura -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Hilo:
    """La revisión de un mes de una fila y sus mensajes, en orden."""

    avance: Avance
    revision: Revision | None
    mensajes: list[MensajeRevision]

    @property
    def abierta(self) -> bool:
        return self.revision is not None and self.revision.abierta


def hilos_de(avances) -> dict[int, Hilo]:
    """Los hilos de varios avances (los de una fila), en una consulta: toda revisión empieza con un mensaje."""
    avances = list(avances)
    revisiones: dict[int, Revision] = {}
    mensajes: dict[int, list[MensajeRevision]] = {}
    for mensaje in (MensajeRevision.objects.filter(revision__avance__in=avances)
                    .select_related("revision", "autor").order_by("creado_en", "id")):
        revisiones[mensaje.revision.avance_id] = mensaje.revision
        mensajes.setdefault(mensaje.revision.avance_id, []).append(mensaje)
    return {a.pk: Hilo(a, revisiones.get(a.pk), mensajes.get(a.pk, [])) for a in avances}


def abiertas_del_plan(plan: Plan):
    return Revision.objects.filter(avance__actividad__componente__plan=plan, estado__in=Revision.ABIERTAS)


def contar_abiertas(plan: Plan) -> int:
    """Los registros observados aún abiertos del plan, en una consulta (el reporte y el tablero)."""
    return abiertas_del_plan(plan).count()


@dataclass(frozen=True)
class Abierta:
    """Un registro observado aún abierto: de qué fila, qué mes y si espera a la unidad o a la coordinación."""

    clave: object  # ClaveFila
    mes: object
    estado: str

    @property
    def espera_a_la_unidad(self) -> bool:
        return self.estado == EstadoRevision.OBSERVADO


def abiertas_por_fila(plan_o_revisiones) -> dict:
    """Clave de fila → sus registros observados abiertos (en orden de mes), en una consulta. Recibe un plan
    o ya una consulta de revisiones."""
    from componentes.catalogo import ClaveFila

    consulta = abiertas_del_plan(plan_o_revisiones) if isinstance(plan_o_revisiones, Plan) else plan_o_revisiones
    resultado: dict = {}
    filas = consulta.order_by("avance__mes").values_list(
        "avance__actividad_id", "avance__subactividad_id", "avance__mes", "estado")
    for actividad_id, subactividad_id, mes, estado in filas:
        clave = ClaveFila(actividad_id, subactividad_id)
        resultado.setdefault(clave, []).append(Abierta(clave, mes, estado))
    return resultado


@dataclass(frozen=True)
class PanelRevision:
    """Lo que la página de una fila muestra de la revisión de un mes: el hilo y qué formularios van."""

    hilo: Hilo
    observar: bool  # la coordinación puede observar o dar conforme
    responder: bool  # la unidad puede responder (hay una observación abierta)
    motivo: str  # por qué no se puede (mes cerrado, plan archivado), si no se puede

    @property
    def avance(self) -> Avance:
        return self.hilo.avance


def paneles_de_revision(avances, *, hoja: Hoja, perfil, cerrados: set) -> list[PanelRevision]:
    """Un panel por mes registrado de la fila (dos consultas). `cerrados`: `cierres.meses_cerrados(plan)`."""
    avances = list(avances)
    hilos = hilos_de(avances)
    plan = hoja.componente.plan
    paneles = []
    for avance in avances:
        decision = ciclo.puede(ciclo.Accion.OBSERVAR, plan, avance.mes, cerrados=cerrados)
        hilo = hilos[avance.pk]
        paneles.append(PanelRevision(
            hilo=hilo,
            observar=bool(decision) and puede_observar(perfil),
            responder=bool(decision) and hilo.abierta and puede_responder_observacion(perfil, hoja),
            motivo=decision.motivo,
        ))
    return paneles


def observadas_para_la_unidad(hojas_del_mes, perfil) -> list[tuple]:
    """Las filas de «Mis actividades» con una observación que espera a la unidad: (hoja, Abierta, enlace), una
    consulta por plan de la página. La coordinación no las ve aquí (las sigue en la página de cada fila)."""
    from cronograma.permisos import puede_ver_todo

    if puede_ver_todo(perfil) or not perfil.siglas:
        return []
    observadas = []
    planes = [h.plan for h in hojas_del_mes]
    if not planes:
        return []
    # Una consulta para todos los planes de la página (no una por plan).
    todas = abiertas_por_fila(Revision.objects.filter(avance__actividad__componente__plan__in=planes,
                                                      estado=EstadoRevision.OBSERVADO))
    for hoja_del_mes in hojas_del_mes:
        propias = {fila.hoja.clave: fila.hoja for fila in hoja_del_mes.filas if fila.editable or fila.formulario is None}
        for clave, lista in todas.items():
            if clave in propias and puede_responder_observacion(perfil, propias[clave]):
                observadas += [(propias[clave], a, _enlace(hoja_del_mes.plan, propias[clave], a.mes))
                               for a in lista if a.espera_a_la_unidad]
    return observadas


def _enlace(plan: Plan, hoja: Hoja, mes) -> str:
    from componentes.meses import clave_mes
    from cronograma.seguimiento.direcciones import url_del_plan

    return url_del_plan("fila", plan, codigo=hoja.codigo, consulta=f"mes={clave_mes(mes)}", ancla="revision")
