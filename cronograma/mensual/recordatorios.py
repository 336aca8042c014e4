"""Recordatorios por correo: a cada unidad, la lista de sus filas pendientes del mes.

Arma los mensajes (en castellano) a partir de pendientes.py; el envío usa el backend de correo de
Django (consola por defecto, SMTP según settings). Las unidades sin pendientes no reciben nada.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db.models import Prefetch

from componentes.models import Plan, Responsable
from cronograma import ciclo
from cronograma.mensual.pendientes import Pendientes, PendientesDeUnidad


@dataclass(frozen=True)
class Recordatorio:
    unidad: PendientesDeUnidad
    destinatarios: tuple[str, ...]
    mensaje: EmailMessage | None  # None si la unidad no tiene usuarios con correo
    # Con varios planes (issue 13): las filas de la unidad en cada plan; `unidad.filas` las reúne todas.
    por_plan: tuple[tuple[Plan, PendientesDeUnidad], ...] = ()


def _correos_por_unidad(unidades: list[PendientesDeUnidad]) -> dict[int, tuple[str, ...]]:
    """Los correos de los usuarios activos de cada unidad (dos consultas)."""
    con_correo = get_user_model().objects.filter(is_active=True).exclude(email="").order_by("email")
    responsables = Responsable.objects.filter(id__in=[u.responsable.id for u in unidades]).prefetch_related(
        Prefetch("usuarios", queryset=con_correo)
    )
    return {r.id: tuple(dict.fromkeys(u.email for u in r.usuarios.all())) for r in responsables}


def texto_del_recordatorio(plan: Plan, pendientes: Pendientes, unidad: PendientesDeUnidad) -> tuple[str, str]:
    """Asunto y cuerpo del correo de una unidad."""
    responsable = unidad.responsable
    asunto = f"Recordatorio: avance de {pendientes.nombre_mes} pendiente ({responsable.sigla})"
    lineas = "\n".join(f"- {fila.hoja.codigo} {fila.hoja.nombre}" for fila in unidad.filas)
    cuerpo = (
        f"Estimado equipo de {responsable.sigla} ({responsable.nombre}):\n\n"
        f"Según el cronograma «{plan}», estas filas de su unidad debían actualizar su avance de "
        f"{pendientes.nombre_mes} y aún no tienen registro:\n\n{lineas}\n\n"
        "Ingrese a calidad y registre el % de avance acumulado de cada una, con sus medios de verificación.\n\n"
        f"Mensaje automático de la coordinación del plan ({settings.CALIDAD_COORDINADOR})."
    )
    return asunto, cuerpo


def motivo_para_no_recordar(plan: Plan, mes) -> str | None:
    """Por qué no se envían recordatorios de `mes`, o None si se pueden enviar (`ciclo.puede(RECORDAR)`).

    Un plan archivado no recibe recordatorios; un mes por iniciar, tampoco; un mes en curso aún no vence
    (vence a su cierre); de un mes cerrado no se piden registros: nadie puede ya registrarlos.
    """
    decision = ciclo.puede(ciclo.Accion.RECORDAR, plan, mes)
    return None if decision else decision.motivo


def recordatorios(plan: Plan, pendientes: Pendientes) -> list[Recordatorio]:
    """Un recordatorio por unidad con filas pendientes; sin mensaje si nadie de la unidad tiene correo."""
    unidades = [u for u in pendientes.unidades if u.filas]
    correos = _correos_por_unidad(unidades)
    resultado = []
    for unidad in unidades:
        destinatarios = correos.get(unidad.responsable.id, ())
        mensaje = None
        if destinatarios:
            asunto, cuerpo = texto_del_recordatorio(plan, pendientes, unidad)
            mensaje = EmailMessage(subject=asunto, body=cuerpo, to=list(destinatarios))
        resultado.append(Recordatorio(unidad=unidad, destinatarios=destinatarios, mensaje=mensaje))
    return resultado


def texto_en_planes(mes_texto: str, responsable: Responsable, por_plan) -> tuple[str, str]:
    """Asunto y cuerpo del único correo de una unidad con filas pendientes en varios planes, por plan."""
    asunto = f"Recordatorio: avance de {mes_texto} pendiente ({responsable.sigla})"
    bloques = "\n\n".join(
        f"Plan «{plan}»:\n" + "\n".join(f"- {fila.hoja.codigo} {fila.hoja.nombre}" for fila in unidad.filas)
        for plan, unidad in por_plan
    )
    cuerpo = (
        f"Estimado equipo de {responsable.sigla} ({responsable.nombre}):\n\n"
        f"Estas filas de su unidad, en {len(por_plan)} planes, debían actualizar su avance de {mes_texto} y aún "
        f"no tienen registro:\n\n{bloques}\n\n"
        "Ingrese a calidad y registre el % de avance acumulado de cada una, con sus medios de verificación.\n\n"
        f"Mensaje automático de la coordinación del plan ({settings.CALIDAD_COORDINADOR})."
    )
    return asunto, cuerpo


def recordatorios_en_planes(por_plan: list[tuple[Plan, Pendientes]]) -> list[Recordatorio]:
    """Un solo recordatorio por unidad con sus filas pendientes de todos los planes, agrupadas por plan.

    Con un solo plan, el mismo correo de siempre (`recordatorios`).
    """
    con_filas = [(plan, pendientes) for plan, pendientes in por_plan if any(u.filas for u in pendientes.unidades)]
    if len(con_filas) <= 1:
        return recordatorios(*con_filas[0]) if con_filas else []
    por_unidad: dict[int, list[tuple[Plan, PendientesDeUnidad]]] = {}
    responsables: dict[int, Responsable] = {}
    for plan, pendientes in con_filas:
        for unidad in pendientes.unidades:
            if unidad.filas:
                responsables[unidad.responsable.id] = unidad.responsable
                por_unidad.setdefault(unidad.responsable.id, []).append((plan, unidad))
    orden = sorted(responsables.values(), key=lambda r: (r.orden, r.sigla))
    reunidas = [PendientesDeUnidad(responsable=r, filas=tuple(f for _, u in por_unidad[r.id] for f in u.filas))
                for r in orden]
    correos = _correos_por_unidad(reunidas)
    mes_texto = con_filas[0][1].nombre_mes
    resultado = []
    for unidad in reunidas:
        planes_de_la_unidad = tuple(por_unidad[unidad.responsable.id])
        destinatarios = correos.get(unidad.responsable.id, ())
        mensaje = None
        if destinatarios:
            asunto, cuerpo = texto_en_planes(mes_texto, unidad.responsable, planes_de_la_unidad)
            mensaje = EmailMessage(subject=asunto, body=cuerpo, to=list(destinatarios))
        resultado.append(Recordatorio(unidad=unidad, destinatarios=destinatarios, mensaje=mensaje,
                                      por_plan=planes_de_la_unidad))
    return resultado
