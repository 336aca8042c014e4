"""Páginas de la reprogramación: versiones del plan, comparación, editor del borrador, aprobar y descartar.

Las lee cualquier usuario con sesión; crear, editar, aprobar y descartar, solo la coordinación
(`puede_reprogramar`), y las funciones de versiones.py lo vuelven a comprobar.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from componentes.meses import clave_mes
from cronograma.anexo.excel import leer_anexo2
from cronograma.anexo.lectura import LibroInvalido, contenido_de
from cronograma.avance import Seguimiento
from cronograma.models import VersionPlan
from cronograma.planes.alcance import con_plan
from cronograma.permisos import acceso, cualquier_usuario, perfil_de_peticion, puede_reprogramar
from cronograma.reprogramacion.diferencias import diferencia_del_borrador, diferencia_entre_versiones
from cronograma.reprogramacion.editor import armar_editor, con_lo_enviado, leer_editor
from cronograma.reprogramacion.forms import AprobarVersionForm, FilaNuevaForm, LibroForm
from cronograma.reprogramacion.versiones import (
    aprobar_version, borrador_de, borrador_desde_libro, crear_borrador, descartar_borrador, guardar_borrador,
    periodo_propuesto,
)

SOLO_COORDINACION = "Solo la coordinación y los administradores crean, aprueban o descartan versiones del plan."


def _mensajes(error: ValidationError) -> str:
    return " ".join(error.messages)


def _version(plan, numero: int) -> VersionPlan:
    version = VersionPlan.objects.del_plan(plan).filter(numero=numero).select_related("aprobada_por", "creada_por").first()
    if version is None:
        raise Http404(f"El plan «{plan}» no tiene una versión {numero}.")
    return version


@con_plan
@require_GET
@acceso(cualquier_usuario)
def versiones(request):
    plan = request.plan
    lista = VersionPlan.objects.del_plan(plan).select_related("aprobada_por").order_by("-numero")
    contexto = {"plan": plan, "versiones": lista, "borrador": borrador_de(plan),
                "puede_reprogramar": puede_reprogramar(perfil_de_peticion(request)), "form_libro": LibroForm()}
    return render(request, "cronograma/reprogramacion/versiones.html", contexto)


@con_plan
@require_POST
@acceso(puede_reprogramar, SOLO_COORDINACION)
def version_nueva(request):
    plan = request.plan
    try:
        borrador = crear_borrador(plan=plan, usuario=request.user)
    except ValidationError as error:
        messages.error(request, _mensajes(error))
        return redirect("versiones", plan_id=plan.pk)
    messages.success(request, f"Borrador de la versión {borrador.numero} creado desde la versión vigente.")
    return redirect("version_editar", plan_id=plan.pk, numero=borrador.numero)


@con_plan
@require_POST
@acceso(puede_reprogramar, SOLO_COORDINACION)
def version_importar(request):
    """Un libro del Anexo N° 2 como borrador de versión (se revisa y aprueba en su página)."""
    plan = request.plan
    form = LibroForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Elija un libro .xlsx del Anexo N° 2.")
        return redirect("versiones", plan_id=plan.pk)
    archivo = form.cleaned_data["archivo"]
    try:
        cambios = leer_anexo2(contenido_de(archivo), plan, nombre_archivo=archivo.name, como_version=True)
        borrador = borrador_desde_libro(plan=plan, cambios_anexo=cambios, usuario=request.user)
    except LibroInvalido as error:
        messages.error(request, f"No se creó el borrador: {error}")
        return redirect("versiones", plan_id=plan.pk)
    except ValidationError as error:
        messages.error(request, f"No se creó el borrador: {_mensajes(error)}")
        return redirect("versiones", plan_id=plan.pk)
    messages.success(request, f"Borrador de la versión {borrador.numero} creado desde «{archivo.name}»: revise la diferencia.")
    return redirect("version_detalle", plan_id=plan.pk, numero=borrador.numero)


@con_plan
@require_GET
@acceso(cualquier_usuario)
def version_detalle(request, numero: int):
    plan = request.plan
    version = _version(plan, numero)
    if version.aprobada:
        seguimiento = Seguimiento(plan)
        anteriores = [p.version.numero for p in seguimiento.programaciones if p.version.numero < numero]
        diferencia = diferencia_entre_versiones(seguimiento, max(anteriores), numero) if anteriores else None
    else:
        diferencia = diferencia_del_borrador(version)
    contexto = {"plan": plan, "version": version, "diferencia": diferencia,
                "puede_reprogramar": puede_reprogramar(perfil_de_peticion(request)) and not version.aprobada,
                "form": AprobarVersionForm(initial={"vigente_desde": clave_mes(version.vigente_desde)})}
    return render(request, "cronograma/reprogramacion/detalle.html", contexto)


@con_plan
@require_GET
@acceso(cualquier_usuario)
def versiones_comparar(request):
    plan = request.plan
    seguimiento = Seguimiento(plan)
    numeros = sorted(p.version.numero for p in seguimiento.programaciones)
    errores, elegidos = [], []
    for parametro, por_defecto in (("a", numeros[0] if numeros else None), ("b", numeros[-1] if numeros else None)):
        texto = request.GET.get(parametro, "")
        if texto and (not texto.isdigit() or int(texto) not in numeros):
            errores.append(f"El plan no tiene una versión aprobada «{texto}»: se compara con la {por_defecto}.")
            texto = ""
        elegidos.append(int(texto) if texto else por_defecto)
    a, b = elegidos
    diferencia = diferencia_entre_versiones(seguimiento, a, b) if numeros else None
    contexto = {"plan": plan, "numeros": numeros, "a": a, "b": b, "diferencia": diferencia, "errores": errores}
    return render(request, "cronograma/reprogramacion/comparar.html", contexto)


@con_plan
@require_http_methods(["GET", "POST"])
@acceso(puede_reprogramar, SOLO_COORDINACION)
def version_editar(request, numero: int):
    plan = request.plan
    version = _version(plan, numero)
    if version.aprobada:
        messages.error(request, f"La versión {numero} ya está aprobada: no se puede cambiar.")
        return redirect("version_detalle", plan_id=plan.pk, numero=numero)
    componente = request.GET.get("componente") or None
    mostrada = version
    if request.method == "POST":
        argumentos = leer_editor(request.POST, version)
        try:
            guardar_borrador(version=version, usuario=request.user, **argumentos)
        except ValidationError as error:
            messages.error(request, f"No se guardó nada: {_mensajes(error)}")
            mostrada = con_lo_enviado(version, argumentos)
        else:
            messages.success(request, "Borrador guardado.")
            return redirect(request.get_full_path())
    contexto = {"plan": plan, "version": version, "editor": armar_editor(mostrada, componente=componente),
                "meses": periodo_propuesto(version), "form_fila": FilaNuevaForm(), "componente": componente}
    return render(request, "cronograma/reprogramacion/editor.html", contexto)


@con_plan
@require_POST
@acceso(puede_reprogramar, SOLO_COORDINACION)
def version_fila_nueva(request, numero: int):
    plan = request.plan
    version = _version(plan, numero)
    form = FilaNuevaForm(request.POST)
    if not form.is_valid():
        messages.error(request, "No se agregó la fila: indique código y nombre.")
        return redirect("version_editar", plan_id=plan.pk, numero=numero)
    try:
        guardar_borrador(version=version, usuario=request.user, nueva=form.nueva(request.POST.getlist("meses-nueva")))
    except ValidationError as error:
        messages.error(request, f"No se agregó la fila: {_mensajes(error)}")
    else:
        messages.success(request, f"Fila {form.cleaned_data['codigo']} agregada al borrador.")
    return redirect("version_editar", plan_id=plan.pk, numero=numero)


@con_plan
@require_POST
@acceso(puede_reprogramar, SOLO_COORDINACION)
def version_aprobar(request, numero: int):
    plan = request.plan
    version = _version(plan, numero)
    form = AprobarVersionForm(request.POST)
    if form.is_valid():
        try:
            aprobar_version(version=version, motivo=form.cleaned_data["motivo"],
                            vigente_desde=form.cleaned_data["vigente_desde"], usuario=request.user)
        except ValidationError as error:
            messages.error(request, f"No se aprobó: {_mensajes(error)}")
        else:
            messages.success(request, f"Versión {numero} aprobada.")
            return redirect("version_detalle", plan_id=plan.pk, numero=numero)
    else:
        messages.error(request, "No se aprobó: " + " ".join(e for errores in form.errors.values() for e in errores))
    return redirect("version_detalle", plan_id=plan.pk, numero=numero)


@con_plan
@require_POST
@acceso(puede_reprogramar, SOLO_COORDINACION)
def version_descartar(request, numero: int):
    plan = request.plan
    version = _version(plan, numero)
    try:
        descartar_borrador(version=version, usuario=request.user)
    except ValidationError as error:
        messages.error(request, _mensajes(error))
        return redirect("version_detalle", plan_id=plan.pk, numero=numero)
    messages.success(request, f"Borrador de la versión {numero} descartado.")
    return redirect("versiones", plan_id=plan.pk)
