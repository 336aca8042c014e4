"""Lo que el reporte semestral dice del seguimiento (issue 23):

- los compromisos de reportes anteriores abiertos al empezar su periodo y qué pasó con cada uno hasta el fin
  del periodo (su estado entonces, leído de la historia, y la fecha en que lo alcanzó);
- cuántos registros observados siguen abiertos.

Se congela con las demás cifras al aprobar (`congelar`/`descongelar`): un reporte aprobado no cambia.
"""

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from componentes.meses import clave_mes, leer_mes, nombre_mes
from componentes.models import Plan
from cronograma import ciclo
from cronograma.seguimiento.models import Compromiso

ETIQUETAS = dict(Compromiso.Estado.choices)


@dataclass(frozen=True)
class CompromisoEnReporte:
    numero: int
    texto: str
    siglas: str
    mes_limite: date
    estado_al_inicio: str  # etiqueta («Pendiente», «En proceso»)
    estado_al_cierre: str  # etiqueta, o «Vencido» si seguía abierto con el plazo ya terminado
    fecha_estado: date | None  # cuándo alcanzó el estado al cierre

    @property
    def nombre_mes_limite(self) -> str:
        return nombre_mes(self.mes_limite)


def _inicio_del_dia(dia: date) -> datetime:
    return timezone.make_aware(datetime.combine(dia, time.min))


def compromisos_del_periodo(plan: Plan, *, desde: date, hasta: date) -> tuple[CompromisoEnReporte, ...]:
    """Los compromisos de reportes anteriores abiertos al empezar `desde` (o registrados después, pendientes)
    y su estado al terminar `hasta`, leído de la historia: en tres consultas."""
    inicio = _inicio_del_dia(desde)
    fin_del_periodo = date(hasta.year, hasta.month, calendar.monthrange(hasta.year, hasta.month)[1])
    fin = _inicio_del_dia(fin_del_periodo + timedelta(days=1))
    # Los de reportes anteriores (su corte antes de este periodo), aunque se hayan registrado ya empezado el
    # periodo: la matriz se arma tras aprobar el reporte, y lo que nació pendiente estaba abierto al empezar.
    compromisos = list(Compromiso.objects.del_plan(plan).filter(reporte__hasta__lt=desde).para_la_lista())
    if not compromisos:
        return ()
    al_inicio: dict[int, str] = {}
    al_cierre: dict[int, tuple[str, date | None]] = {}
    historia = (Compromiso.history.filter(id__in=[c.pk for c in compromisos], history_date__lt=fin)
                .order_by("history_date", "history_id")
                .values_list("id", "history_date", "estado", "fecha_pendiente", "fecha_en_proceso", "fecha_cumplido",
                             "fecha_no_cumplido"))
    for pk, cuando, estado, *fechas in historia:
        fecha = dict(zip(Compromiso.Estado.values, fechas)).get(estado)
        if cuando < inicio:
            al_inicio[pk] = estado
        al_cierre[pk] = (estado, fecha)
    filas = []
    for compromiso in compromisos:
        inicial = al_inicio.get(compromiso.pk, Compromiso.Estado.PENDIENTE)
        if inicial not in Compromiso.ABIERTOS:
            continue
        estado, fecha = al_cierre.get(compromiso.pk, (inicial, None))
        vencido = estado in Compromiso.ABIERTOS and ciclo.mes_vencido(compromiso.mes_limite, hoy=fin_del_periodo + timedelta(days=1))
        filas.append(CompromisoEnReporte(
            numero=compromiso.pk, texto=compromiso.texto,
            siglas=" / ".join(r.sigla for r in compromiso.responsables.all()), mes_limite=compromiso.mes_limite,
            estado_al_inicio=ETIQUETAS[inicial], estado_al_cierre="Vencido" if vencido else ETIQUETAS[estado],
            fecha_estado=fecha,
        ))
    return tuple(filas)


def a_json(filas) -> list[dict]:
    return [{"numero": f.numero, "texto": f.texto, "siglas": f.siglas, "mes_limite": clave_mes(f.mes_limite),
             "estado_al_inicio": f.estado_al_inicio, "estado_al_cierre": f.estado_al_cierre,
             "fecha_estado": f.fecha_estado.isoformat() if f.fecha_estado else None} for f in filas]


def de_json(lista) -> tuple[CompromisoEnReporte, ...]:
    return tuple(CompromisoEnReporte(d["numero"], d["texto"], d["siglas"], leer_mes(d["mes_limite"]),
                                     d["estado_al_inicio"], d["estado_al_cierre"],
                                     date.fromisoformat(d["fecha_estado"]) if d["fecha_estado"] else None)
                 for d in lista or [])
