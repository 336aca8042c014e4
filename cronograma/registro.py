"""Escrituras del avance mensual: validadas, atómicas, con permisos y con el autor en la historia."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from componentes.reglas import objecion_a_subactividad
from componentes.catalogo import Hoja
from cronograma import avance as reglas
from cronograma.formato import texto_porcentaje
from cronograma import ciclo
from cronograma.models import Avance
from cronograma.periodo import validar_mes
from cronograma.permisos import perfil_de, puede_registrar_avance

SIN_REGISTRO = 0  # versión base de un formulario para un mes que aún no tenía avance


class ConflictoDeEdicion(Exception):
    """Otro usuario guardó el mismo mes después de que se abrió el formulario."""

    def __init__(self, actual: Avance | None):
        self.actual = actual
        if actual is None:  # el formulario venía de un registro que ya no existe
            super().__init__(
                "No se guardó: el registro de este mes cambió después de que usted abrió el formulario "
                "y ya no existe. Revise la fila y vuelva a intentarlo."
            )
            return
        autor = actual.registrado_por.get_username() if actual.registrado_por else "otro usuario"
        cuando = timezone.localtime(actual.actualizado).strftime("%d/%m/%Y %H:%M")
        super().__init__(
            f"No se guardó: {autor} registró {texto_porcentaje(actual.porcentaje)} para este mes el {cuando}, "
            "después de que usted abrió el formulario. Revise el valor actual y vuelva a intentarlo."
        )


def _comprobar_reglas(*, perfil, valores: list[tuple[Hoja, object]], mes: date) -> None:
    """Las reglas que comparten todas las escrituras del avance (una fila o muchas de un plan), antes de
    la transacción: permiso en cada fila, mes del plan ya empezado y plan no archivado. Que el mes siga
    abierto se comprueba una sola vez, bajo el candado del mes (`_dentro_del_candado`)."""
    ajenas = [hoja.codigo for hoja, _ in valores if not puede_registrar_avance(perfil, hoja)]
    if len(ajenas) == 1:
        raise PermissionDenied(f"Su unidad no es responsable de la fila {ajenas[0]}.")
    if ajenas:
        raise PermissionDenied(f"Su unidad no es responsable de las filas {', '.join(ajenas[:10])}.")
    plan = valores[0][0].componente.plan
    validar_mes(plan, mes)
    ciclo.comprobar(ciclo.Accion.REGISTRAR_AVANCE, plan, mes)  # rechazo temprano, sin candados


def _dentro_del_candado(plan, valores: list[tuple[Hoja, object]], mes: date) -> list[tuple[Hoja, Decimal]]:
    """En la transacción de la escritura: toma el candado del mes y comprueba que siga abierto (un mes
    cerrado no cambia, ni para la coordinación: se reabre antes; un cierre simultáneo gana o espera), y
    después lee cada % (así un mes cerrado se informa antes que un % mal escrito). Devuelve los % leídos."""
    ciclo.exigir(ciclo.Accion.REGISTRAR_AVANCE, plan, mes)  # plan releído con candado y candado del mes
    return [(hoja, reglas.validar_porcentaje(porcentaje)) for hoja, porcentaje in valores]


def _exigir_comentario(hoja: Hoja, mes: date, valor: Decimal) -> None:
    """La regla del comentario: si el valor baja o queda bajo lo programado, hay que explicarlo."""
    anterior = (
        Avance.objects.filter(**hoja.clave.filtro, mes__lt=mes).order_by("-mes").values_list("porcentaje", flat=True)
    ).first()
    programaciones = reglas.programaciones_del_plan(hoja.componente.plan, hoja=hoja.clave)
    meses = reglas.programacion_vigente(programaciones, mes).meses.get(hoja.clave, set())  # la versión vigente a ese mes
    motivo = reglas.motivo_de_comentario(valor, anterior=anterior, meses_programados=meses, mes=mes)
    if motivo:
        raise ValidationError({"comentario": motivo})


def registrar_avance(
    *,
    hoja: Hoja,
    mes: date,
    porcentaje,
    comentario: str = "",
    usuario,
    version_base: int | None = None,
    perfil=None,
) -> Avance:
    """Guarda el % acumulado de `hoja` al cierre de `mes`.

    `version_base` es la versión que vio el usuario (SIN_REGISTRO si no había valor). Si el registro
    cambió desde entonces, no se guarda nada y se lanza ConflictoDeEdicion. `None` omite esa
    comprobación (cargas masivas que ya validaron el archivo entero). `perfil`: el de `usuario` si ya se
    calculó en la petición (`permisos.perfil_de_peticion`); si no, se calcula aquí.
    """
    _comprobar_reglas(perfil=perfil or perfil_de(usuario), valores=[(hoja, porcentaje)], mes=mes)
    comentario = (comentario or "").strip()

    with transaction.atomic():
        [(_, valor)] = _dentro_del_candado(hoja.componente.plan, [(hoja, porcentaje)], mes)
        # Sin orden: hay a lo más un registro por fila y mes (y así no se compila el orden del modelo).
        actual = next(iter(Avance.objects.select_for_update().filter(**hoja.clave.filtro, mes=mes).order_by()[:1]), None)
        version_actual = actual.version if actual else SIN_REGISTRO
        # Primero el conflicto: si otro cambió el mes, lo demás se juzga sobre un valor que el usuario no vio.
        if version_base is not None and version_base != version_actual:
            raise ConflictoDeEdicion(actual)
        if not comentario:
            _exigir_comentario(hoja, mes, valor)
        if actual and actual.porcentaje == valor and actual.comentario == comentario:
            return actual  # nada cambió: no se escribe otra fila de historia
        anterior = actual.porcentaje if actual else None
        registro = actual or Avance(**hoja.clave.filtro, mes=mes)
        # Los objetos del catálogo que ya trae la hoja: así clean() no vuelve a la base por la actividad, su
        # componente y su plan, ni full_clean por la existencia de cada clave foránea (issue 16).
        registro.actividad, registro.subactividad = hoja.actividad, hoja.subactividad
        registro.porcentaje = valor
        registro.comentario = comentario
        registro.version = version_actual + 1
        registro.registrado_por = usuario
        registro.full_clean(exclude=["actividad", "subactividad", "registrado_por"], validate_constraints=False)
        registro._history_user = usuario
        if actual is not None:  # ya bloqueado con select_for_update: nadie más lo crea ni lo cambia
            registro.save()
            if anterior != valor:  # corregir un valor observado responde la observación (issue 23)
                from cronograma.seguimiento.observaciones import anotar_correccion

                anotar_correccion(avance=registro, usuario=usuario, anterior=anterior)
            return registro
        try:
            with transaction.atomic():  # el punto de guardado solo hace falta al crear (ver abajo)
                registro.save()
        except IntegrityError:
            # Otro usuario creó el mismo mes entre la lectura y la escritura.
            raise ConflictoDeEdicion(Avance.objects.get(**hoja.clave.filtro, mes=mes)) from None
        return registro


def registrar_avances_en_bloque(*, valores: list[tuple[Hoja, object]], mes: date, comentario: str, usuario) -> list[Avance]:
    """Guarda de una vez el % acumulado de muchas filas de un plan en el mismo `mes` (la importación del
    Anexo N° 2), con las reglas de `registrar_avance`: lo común (mes dentro del plan, ya empezado y
    abierto) se valida una vez; el permiso y el porcentaje, fila por fila. Exige `comentario` (de dónde
    vienen los valores), así que la regla del comentario ya se cumple. Todas o ninguna; las filas cuyo
    valor y comentario no cambian no se escriben. Una lectura y dos escrituras en bloque, con historia.
    """
    comentario = (comentario or "").strip()
    if not comentario:
        raise ValueError("El registro en bloque necesita un comentario que diga de dónde vienen los valores.")
    if not valores:
        return []
    _comprobar_reglas(perfil=perfil_de(usuario), valores=valores, mes=mes)
    plan = valores[0][0].componente.plan
    with transaction.atomic():
        limpios = _dentro_del_candado(plan, valores, mes)
        actuales = {a.clave: a for a in Avance.objects.select_for_update().del_plan(plan).filter(mes=mes)}
        nuevos, cambiados = [], []
        for hoja, valor in limpios:
            actual = actuales.get(hoja.clave)
            if actual and actual.porcentaje == valor and actual.comentario == comentario:
                continue
            (cambiados if actual else nuevos).append(_avance_de_bloque(hoja, mes, valor, comentario, usuario, actual))
        bulk_update_with_history(cambiados, Avance, CAMPOS_DEL_REGISTRO, default_user=usuario)
        bulk_create_with_history(nuevos, Avance, default_user=usuario)
    return cambiados + nuevos


CAMPOS_DEL_REGISTRO = ["porcentaje", "comentario", "version", "registrado_por", "actualizado"]


def _avance_de_bloque(hoja: Hoja, mes: date, valor: Decimal, comentario: str, usuario, actual: Avance | None) -> Avance:
    registro = actual or Avance(mes=mes)
    # Los objetos del catálogo (no solo sus ids): así clean() no consulta la base fila por fila.
    registro.actividad, registro.subactividad = hoja.actividad, hoja.subactividad
    registro.porcentaje, registro.comentario, registro.registrado_por = valor, comentario, usuario
    registro.version = (actual.version if actual else SIN_REGISTRO) + 1
    registro.actualizado = timezone.now()  # bulk_update no aplica auto_now
    registro.full_clean(exclude=["actividad", "subactividad", "registrado_por"], validate_constraints=False)
    return registro


# --- Las objeciones del libro de avances a cambios del catálogo (ver componentes/reglas.py) ----------

@objecion_a_subactividad
def actividad_con_avance_propio(actividad) -> str | None:
    """Una actividad con avance registrado como fila hoja no puede recibir subactividades: su avance
    quedaría huérfano (la fila dejaría de ser hoja) y su página de evidencias se rompería."""
    if Avance.objects.filter(actividad=actividad, subactividad__isnull=True).exists():
        return (f"La actividad {actividad.codigo} ya tiene avance registrado: no se le pueden agregar "
                "subactividades (ese avance quedaría huérfano). Cree una actividad nueva o retire antes su avance.")
    return None
