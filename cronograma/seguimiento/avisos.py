"""Avisos: a cada persona, lo que la concierne, en su página /avisos/ y por correo.

- Uno por evento y persona (restricción única `aviso_unico_por_evento_y_persona`): repetir una orden o un
  reintento no duplica nada.
- Nada para planes o meses que no empezaron, cerrados o archivados: se pregunta al ciclo de vida
  (`estado.puede(AVISAR, …)`).
- El correo sale después de confirmada la transacción (`transaction.on_commit`); si el servidor falla, la
  acción de la persona no falla (ver correo.py).
- Los avisos de plazo (compromiso por vencer o vencido, mes por cerrar) los genera la orden
  `enviar_avisos` (idempotente): `generar_avisos_programados`.
"""

from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from componentes.catalogo import Hoja
from componentes.meses import clave_mes, nombre_mes, siguiente
from componentes.models import Plan
from cronograma.seguimiento import correo
from cronograma import ciclo
from cronograma.seguimiento.direcciones import url_del_plan
from cronograma.seguimiento.models import Aviso, AvisoDesactivado, Compromiso

Tipo = Aviso.Tipo


def _usuarios_de(siglas: Iterable[str]) -> list:
    return list(get_user_model().objects.filter(is_active=True, responsables__sigla__in=list(siglas)).distinct())


def _coordinacion() -> list:
    return _usuarios_de([settings.CALIDAD_COORDINADOR])


def avisar(*, tipo: str, evento: str, plan: Plan, usuarios: Iterable, texto: str, enlace: str,
           mes: date | None = None) -> list[Aviso]:
    """Crea el aviso de `evento` para cada persona que aún no lo tiene y programa su correo para después
    de la transacción. Nada si el ciclo de vida no lo permite (plan o mes sin empezar, cerrado, archivado)."""
    if not ciclo.puede(ciclo.Accion.AVISAR, plan, mes):
        return []
    creados = []
    for usuario in {u.pk: u for u in usuarios}.values():
        try:
            with transaction.atomic():
                creados.append(Aviso.objects.create(usuario=usuario, plan=plan, tipo=tipo, evento=evento[:120],
                                                    texto=texto[:300], enlace=enlace[:300]))
        except IntegrityError:
            continue  # ya tenía este aviso: uno por evento y persona
    if creados:
        ids = [a.pk for a in creados]
        # robust: ni un error inesperado del envío sube a la petición, cuya acción ya se confirmó.
        transaction.on_commit(lambda: correo.enviar(ids), robust=True)
    return creados


# --- Eventos de una acción ---------------------------------------------------------------------------

def avance_observado(mensaje, *, hoja: Hoja) -> list[Aviso]:
    avance = mensaje.revision.avance
    plan = hoja.componente.plan
    return avisar(
        tipo=Tipo.OBSERVACION, evento=f"observacion:{mensaje.pk}", plan=plan, mes=avance.mes,
        usuarios=_usuarios_de(r.sigla for r in hoja.responsables),
        texto=f"La coordinación observó el avance de {hoja.codigo} en {nombre_mes(avance.mes)}: «{mensaje.texto[:150]}»",
        enlace=url_del_plan("fila", plan, codigo=hoja.codigo, consulta=f"mes={clave_mes(avance.mes)}", ancla="revision"),
    )


def observacion_respondida(mensaje, *, hoja: Hoja) -> list[Aviso]:
    avance = mensaje.revision.avance
    plan = hoja.componente.plan
    que = "corrigió" if mensaje.tipo == mensaje.Tipo.CORRECCION else "respondió"
    return avisar(
        tipo=Tipo.RESPUESTA, evento=f"respuesta:{mensaje.pk}", plan=plan, mes=avance.mes, usuarios=_coordinacion(),
        texto=f"La unidad {que} la observación de {hoja.codigo} en {nombre_mes(avance.mes)}: «{mensaje.texto[:150]}»",
        enlace=url_del_plan("fila", plan, codigo=hoja.codigo, consulta=f"mes={clave_mes(avance.mes)}", ancla="revision"),
    )


def version_aprobada(version, *, codigos: Iterable[str]) -> list[Aviso]:
    """A las personas de las unidades de las filas que la versión cambió."""
    from componentes.catalogo import Catalogo

    codigos = set(codigos)
    if not codigos:
        return []
    plan = version.plan
    catalogo = Catalogo(plan)
    siglas = {r.sigla for codigo in codigos if codigo in catalogo.hojas_por_codigo
              for r in catalogo.hojas_por_codigo[codigo].responsables}
    lista = ", ".join(sorted(codigos)[:10]) + ("…" if len(codigos) > 10 else "")
    return avisar(
        tipo=Tipo.VERSION_APROBADA, evento=f"version:{version.pk}", plan=plan, usuarios=_usuarios_de(siglas),
        texto=f"Se aprobó la versión {version.numero} del plan, que cambia filas de su unidad ({lista}).",
        enlace=url_del_plan("version_detalle", plan, numero=version.numero),
    )


def reporte_aprobado(reporte) -> list[Aviso]:
    """A la coordinación y a las unidades con filas en el plan."""
    from componentes.catalogo import Catalogo

    plan = reporte.plan
    siglas = {r.sigla for hoja in Catalogo(plan).hojas for r in hoja.responsables} | {settings.CALIDAD_COORDINADOR}
    return avisar(
        tipo=Tipo.REPORTE_APROBADO, evento=f"reporte:{reporte.pk}", plan=plan, usuarios=_usuarios_de(siglas),
        texto=f"Se aprobó el reporte semestral {nombre_mes(reporte.desde)} – {nombre_mes(reporte.hasta)}.",
        enlace=url_del_plan("reporte_detalle", plan, pk=reporte.pk),
    )


# --- Avisos de plazo (orden enviar_avisos) ------------------------------------------------------------

def generar_avisos_programados(*, hoy: date | None = None, planes: Iterable[Plan] | None = None) -> list[Aviso]:
    """Compromisos por vencer (7 días) o vencidos, y meses por cerrar con filas pendientes. Idempotente."""
    hoy = hoy or ciclo.hoy()
    planes = list(planes) if planes is not None else list(Plan.objects.filter(archivado=False))
    creados = []
    for plan in planes:
        if not ciclo.puede(ciclo.Accion.AVISAR, plan, hoy=hoy):
            continue
        creados += _avisos_de_compromisos(plan, hoy)
        creados += _avisos_de_cierre(plan, hoy)
    return creados


def _avisos_de_compromisos(plan: Plan, hoy: date) -> list[Aviso]:
    from cronograma.seguimiento.compromisos import por_vencer, vencido

    creados = []
    compromisos = Compromiso.objects.del_plan(plan).abiertos().prefetch_related("responsables")
    for compromiso in compromisos:
        siglas = [r.sigla for r in compromiso.responsables.all()]
        enlace = url_del_plan("compromiso", plan, compromiso_id=compromiso.pk)
        if vencido(compromiso, hoy=hoy):
            creados += avisar(
                tipo=Tipo.COMPROMISO_VENCIDO, evento=f"compromiso-vencido:{compromiso.pk}:{clave_mes(compromiso.mes_limite)}",
                plan=plan, usuarios=_usuarios_de(siglas), enlace=enlace,
                texto=f"El compromiso «{compromiso.texto[:120]}» venció en {nombre_mes(compromiso.mes_limite)} "
                      "sin cumplirse.",
            )
        elif por_vencer(compromiso, hoy=hoy):
            creados += avisar(
                tipo=Tipo.COMPROMISO_POR_VENCER,
                evento=f"compromiso-por-vencer:{compromiso.pk}:{clave_mes(compromiso.mes_limite)}",
                plan=plan, usuarios=_usuarios_de(siglas), enlace=enlace,
                texto=f"El compromiso «{compromiso.texto[:120]}» vence al terminar {nombre_mes(compromiso.mes_limite)}.",
            )
    return creados


def fecha_de_cierre(mes: date) -> date:
    """El día en que la coordinación cierra `mes`: el día CALIDAD_DIA_DE_CIERRE del mes siguiente."""
    return siguiente(mes).replace(day=int(getattr(settings, "CALIDAD_DIA_DE_CIERRE", 10)))


def _avisos_de_cierre(plan: Plan, hoy: date) -> list[Aviso]:
    """El último mes terminado del plan, si aún está abierto y su cierre llega dentro de
    CALIDAD_AVISO_CIERRE_DIAS días: a las personas de las unidades con filas pendientes en él."""
    from cronograma.mensual.pendientes import pendientes_del_mes

    anterior = date(hoy.year - (hoy.month == 1), (hoy.month - 2) % 12 + 1, 1)  # el mes que acaba de terminar
    if not plan.contiene_mes(anterior) or not ciclo.puede(ciclo.Accion.AVISAR, plan, anterior, hoy=hoy):
        return []
    cierre = fecha_de_cierre(anterior)
    dias = int(getattr(settings, "CALIDAD_AVISO_CIERRE_DIAS", 3))
    if not (hoy <= cierre <= hoy + timedelta(days=dias)):
        return []
    creados = []
    for unidad in pendientes_del_mes(plan, anterior).unidades:
        filas = len(unidad.filas)
        creados += avisar(
            tipo=Tipo.MES_POR_CERRAR, evento=f"cierre:{plan.pk}:{clave_mes(anterior)}:{unidad.responsable.sigla}",
            plan=plan, mes=anterior, usuarios=_usuarios_de([unidad.responsable.sigla]),
            enlace=url_del_plan("mis_actividades", plan, consulta=f"mes={clave_mes(anterior)}"),
            texto=f"{nombre_mes(anterior)} se cierra el {cierre:%d/%m/%Y} y {unidad.responsable.sigla} tiene "
                  f"{filas} fila{'s' if filas != 1 else ''} sin avance registrado.",
        )
    return creados


# --- La página de avisos -----------------------------------------------------------------------------

def no_leidos(usuario) -> int:
    """Los avisos sin leer de la persona: una consulta (va en la cabecera de cada página)."""
    return Aviso.objects.filter(usuario=usuario, leido_en__isnull=True).count()


def marcar_leidos(*, usuario, ids: Iterable[int] | None = None) -> int:
    """Marca como leídos los avisos `ids` de la persona (todos, sin ids); los de otros no se tocan."""
    consulta = Aviso.objects.filter(usuario=usuario, leido_en__isnull=True)
    if ids is not None:
        consulta = consulta.filter(pk__in=list(ids))
    return consulta.update(leido_en=timezone.now())


def tipos_desactivados(usuario) -> set[str]:
    return set(AvisoDesactivado.objects.filter(usuario=usuario).values_list("tipo", flat=True))


@transaction.atomic
def guardar_preferencias(*, usuario, por_correo: Iterable[str]) -> None:
    """Los tipos que la persona quiere por correo; los demás quedan desactivados (siguen en la página)."""
    por_correo = set(por_correo)
    desconocidos = por_correo - set(Tipo.values)
    if desconocidos:
        from django.core.exceptions import ValidationError

        raise ValidationError("Tipo de aviso desconocido.")
    AvisoDesactivado.objects.filter(usuario=usuario, tipo__in=por_correo).delete()
    apagados = set(Tipo.values) - por_correo
    existentes = tipos_desactivados(usuario)
    AvisoDesactivado.objects.bulk_create([AvisoDesactivado(usuario=usuario, tipo=t) for t in apagados - existentes])
