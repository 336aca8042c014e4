"""Vistas del seguimiento: compromisos, revisión de avances, avisos y el tablero de una unidad.

Leen la petición, llaman a compromisos.py, observaciones.py, avisos.py o tablero.py y muestran el
resultado; los permisos se vuelven a comprobar en esas funciones.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from componentes.meses import clave_mes
from componentes.models import Responsable
from cronograma.mensual.evidencias import hoja_de_avance, nombre_con_extension
from cronograma.mensual.forms import EvidenciaForm
from cronograma.models import Avance, Reporte
from cronograma.periodo import mes_elegido
from cronograma.planes.alcance import con_plan
from cronograma.permisos import (
    acceso, cualquier_usuario, destino_seguro, perfil_de_peticion, puede_actualizar_compromiso, puede_gestionar_compromisos,
    puede_observar, puede_responder_observacion, puede_ver_avisos, puede_ver_compromisos, puede_ver_todo,
)

from cronograma.seguimiento import avisos, compromisos, observaciones
from cronograma import ciclo
from cronograma.seguimiento.direcciones import url_del_plan
from cronograma.seguimiento.forms import (
    CompromisoCoordinacionForm, CompromisoNuevoForm, CompromisoUnidadForm, PreferenciasForm, RevisionForm,
)
from cronograma.seguimiento.models import Aviso, Compromiso, EvidenciaCompromiso
from cronograma.seguimiento.salidas import libro_de_compromisos
from cronograma.seguimiento.tablero import tablero_de_unidad


def _errores(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


# --- Compromisos -------------------------------------------------------------------------------------

@con_plan
@acceso(puede_ver_compromisos)
@require_GET
def compromisos_lista(request):
    plan = request.plan
    unidad = request.GET.get("unidad") or None
    estado = request.GET.get("estado") or None
    siglas = set(Responsable.objects.values_list("sigla", flat=True))
    estados = [*Compromiso.Estado.values, "vencido"]
    if unidad and unidad not in siglas:
        messages.error(request, f"No existe la unidad «{unidad[:40]}»: se muestran todas.")
        unidad = None
    if estado and estado not in estados:
        messages.error(request, "Estado desconocido: se muestran todos.")
        estado = None
    filas = compromisos.compromisos_del_plan(plan, unidad=unidad, estado=estado)
    reportes = list(Reporte.objects.filter(plan=plan)) if puede_gestionar_compromisos(perfil_de_peticion(request)) else []
    contexto = {"plan": plan, "filas": filas, "unidad": unidad, "estado": estado, "unidades": sorted(siglas),
                "estados": [*Compromiso.Estado.choices, ("vencido", "Vencido")], "reportes": reportes,
                "consulta": request.GET.urlencode()}
    return render(request, "seguimiento/compromisos.html", contexto)


@con_plan
@acceso(puede_ver_compromisos)
@require_GET
def compromisos_xlsx(request):
    plan = request.plan
    filas = compromisos.compromisos_del_plan(plan, unidad=request.GET.get("unidad") or None,
                                             estado=request.GET.get("estado") or None)
    respuesta = HttpResponse(libro_de_compromisos(plan, filas),
                             content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    respuesta["Content-Disposition"] = f'attachment; filename="compromisos-plan-{plan.pk}.xlsx"'
    return respuesta


@con_plan
@acceso(puede_gestionar_compromisos, "Solo la coordinación crea compromisos.")
@require_http_methods(["GET", "POST"])
def compromisos_desde_reporte(request, reporte_id: int):
    plan = request.plan
    reporte = get_object_or_404(Reporte, pk=reporte_id, plan=plan)
    form = CompromisoNuevoForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        datos = form.cleaned_data
        componente = plan.componentes.filter(pk=datos["componente"]).first() if datos.get("componente") else None
        try:
            compromisos.crear_compromiso(reporte=reporte, texto=datos["texto"], responsables=datos["responsables"],
                                         mes_limite=datos["mes_limite"], componente=componente, usuario=request.user)
        except ValidationError as error:
            _errores(request, error)
        else:
            messages.success(request, "Compromiso creado.")
            return redirect(request.path)
    elif request.method == "POST":
        messages.error(request, "No se creó el compromiso: revise los datos marcados.")
    contexto = {"plan": plan, "reporte": reporte, "medidas": compromisos.medidas_del_reporte(reporte), "form": form,
                "unidades": Responsable.objects.all(), "mes_sugerido": clave_mes(reporte.hasta)}
    return render(request, "seguimiento/desde_reporte.html", contexto, status=400 if form.errors else 200)


@con_plan
@acceso(puede_ver_compromisos)
@require_http_methods(["GET", "POST"])
def compromiso_detalle(request, compromiso_id: int):
    plan = request.plan
    compromiso = get_object_or_404(Compromiso.objects.select_related("reporte", "componente"), pk=compromiso_id, plan=plan)
    perfil = perfil_de_peticion(request)
    siglas = compromisos.siglas_de(compromiso)
    puede = puede_actualizar_compromiso(perfil, siglas) and bool(ciclo.puede(ciclo.Accion.ACTUALIZAR_COMPROMISO, plan))
    Formulario = CompromisoCoordinacionForm if perfil.coordinador else CompromisoUnidadForm
    inicial = {"version": compromiso.version, "texto": compromiso.texto, "mes_limite": clave_mes(compromiso.mes_limite),
               "estado": compromiso.estado, "notas": compromiso.notas, "responsables": siglas}
    form = Formulario(request.POST or None, initial=inicial) if puede else None
    conflicto = None
    if request.method == "POST":
        if not puede_actualizar_compromiso(perfil, siglas):
            raise PermissionDenied("Su unidad no es responsable de este compromiso.")
        if form is not None and form.is_valid():
            datos = dict(form.cleaned_data)
            version = datos.pop("version")
            try:
                compromisos.actualizar_compromiso(compromiso=compromiso, usuario=request.user, version=version, **datos)
            except compromisos.ConflictoDeCompromiso as error:
                conflicto = error
                messages.error(request, str(error))
                compromiso = error.actual
                form = Formulario(initial={**inicial, "version": compromiso.version, "texto": compromiso.texto,
                                           "estado": compromiso.estado, "notas": compromiso.notas})
            except ValidationError as error:
                _errores(request, error)
            else:
                messages.success(request, "Compromiso actualizado.")
                return redirect(request.path)
        elif form is None:
            messages.error(request, ciclo.puede(ciclo.Accion.ACTUALIZAR_COMPROMISO, plan).motivo)
    contexto = {"plan": plan, "compromiso": compromiso, "vencido": compromisos.vencido(compromiso), "form": form,
                "conflicto": conflicto, "siglas": " / ".join(siglas), "evidencias": compromiso.evidencias.all(),
                "form_evidencia": EvidenciaForm() if puede else None,
                "historia": compromiso.history.select_related("history_user").order_by("-history_date")[:50]}
    return render(request, "seguimiento/compromiso.html", contexto,
                  status=409 if conflicto else 400 if form is not None and form.errors else 200)


@con_plan
@acceso(puede_ver_compromisos)
@require_POST
def compromiso_evidencia(request, compromiso_id: int):
    compromiso = get_object_or_404(Compromiso, pk=compromiso_id, plan=request.plan)
    form = EvidenciaForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(m for errores in form.errors.values() for m in errores))
    else:
        try:
            evidencia = compromisos.adjuntar_evidencia(compromiso=compromiso, archivo=form.cleaned_data["archivo"],
                                                       usuario=request.user)
        except ValidationError as error:
            _errores(request, error)
        else:
            messages.success(request, f"Se adjuntó «{evidencia.nombre_original}».")
    return redirect(url_del_plan("compromiso", request.plan, compromiso_id=compromiso.pk))


@con_plan
@acceso(puede_ver_compromisos)
@require_GET
def compromiso_evidencia_descargar(request, compromiso_id: int, evidencia_id: int):
    evidencia = get_object_or_404(EvidenciaCompromiso, pk=evidencia_id, compromiso_id=compromiso_id,
                                  compromiso__plan=request.plan)
    try:
        archivo = evidencia.archivo.open("rb")
    except FileNotFoundError:
        raise Http404("El archivo ya no está en el servidor.") from None
    respuesta = FileResponse(archivo, as_attachment=True, content_type=evidencia.tipo,
                             filename=nombre_con_extension(evidencia.nombre_original, evidencia.tipo))
    respuesta["X-Content-Type-Options"] = "nosniff"
    respuesta["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return respuesta


# --- Revisión de un avance ---------------------------------------------------------------------------

@con_plan
@acceso(cualquier_usuario)
@require_POST
def revision_avance(request, avance_id: int):
    """Observar o dar conforme (coordinación) y responder (unidad responsable) el avance de un mes."""
    avance = get_object_or_404(Avance.objects.select_related("actividad__componente__plan", "subactividad"),
                               pk=avance_id, actividad__componente__plan=request.plan)
    hoja = hoja_de_avance(avance)
    form = RevisionForm(request.POST)
    perfil = perfil_de_peticion(request)
    destino = url_del_plan("fila", request.plan, codigo=hoja.codigo, consulta=f"mes={clave_mes(avance.mes)}", ancla="revision")
    if not form.is_valid():
        messages.error(request, " ".join(m for errores in form.errors.values() for m in errores))
        return redirect(destino_seguro(request, request.POST.get("siguiente", ""), destino))
    accion, texto = form.cleaned_data["accion"], form.cleaned_data["texto"]
    if accion == RevisionForm.RESPONDER and not puede_responder_observacion(perfil, hoja):
        raise PermissionDenied(f"Su unidad no es responsable de la fila {hoja.codigo}.")
    if accion != RevisionForm.RESPONDER and not puede_observar(perfil):
        raise PermissionDenied("Solo la coordinación observa avances o los marca conformes.")
    try:
        if accion == RevisionForm.OBSERVAR:
            observaciones.observar(avance=avance, motivo=texto, usuario=request.user)
            messages.success(request, f"Se observó el avance de {hoja.codigo}; la unidad recibe un aviso.")
        elif accion == RevisionForm.CONFORME:
            observaciones.marcar_conforme(avance=avance, usuario=request.user, texto=texto)
            messages.success(request, f"El avance de {hoja.codigo} quedó conforme.")
        else:
            observaciones.responder(avance=avance, texto=texto, usuario=request.user, hoja=hoja)
            messages.success(request, "Respuesta enviada a la coordinación.")
    except ValidationError as error:
        _errores(request, error)
    return redirect(destino_seguro(request, request.POST.get("siguiente", ""), destino))


# --- Tablero de una unidad ---------------------------------------------------------------------------

@con_plan
@acceso(cualquier_usuario)
@require_GET
def tablero_unidad(request):
    """El tablero de las filas de una unidad: la propia (o, para la coordinación y los revisores, ?unidad=)."""
    return tablero_de_la_unidad(request, request.plan)


def tablero_de_la_unidad(request, plan):
    """También lo muestra /planes/<id>/tablero/ a quien no es la coordinación ni revisor."""
    perfil = perfil_de_peticion(request)
    pedida = request.GET.get("unidad") or ""
    siglas = frozenset([pedida]) if puede_ver_todo(perfil) and pedida else perfil.siglas
    if not siglas:
        return render(request, "seguimiento/tablero_unidad.html", {"plan": plan, "tablero": None})
    errores: list[str] = []
    corte = mes_elegido(plan, request.GET.get("mes"), errores)  # un ?mes= inválido: se dice y se usa el último
    for error in errores:
        messages.error(request, error)
    tablero = tablero_de_unidad(plan, siglas=siglas, corte=corte)
    return render(request, "seguimiento/tablero_unidad.html", {"plan": plan, "tablero": tablero, "meses": plan.meses()})


# --- Avisos ------------------------------------------------------------------------------------------

@acceso(puede_ver_avisos)
@require_http_methods(["GET", "POST"])
def avisos_lista(request):
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("aviso") if i.isdigit() and len(i) < 10]
        marcados = avisos.marcar_leidos(usuario=request.user, ids=ids or None)
        messages.success(request, f"{marcados} aviso{'s' if marcados != 1 else ''} marcado{'s' if marcados != 1 else ''} como leído{'s' if marcados != 1 else ''}.")
        return redirect("avisos")
    lista = list(Aviso.objects.filter(usuario=request.user).select_related("plan")[:200])
    return render(request, "seguimiento/avisos.html", {"avisos": lista})


@acceso(puede_ver_avisos)
@require_GET
def aviso_abrir(request, aviso_id: int):
    """Marca el aviso como leído y lleva adonde actuar."""
    aviso = get_object_or_404(Aviso, pk=aviso_id, usuario=request.user)
    avisos.marcar_leidos(usuario=request.user, ids=[aviso.pk])
    return redirect(destino_seguro(request, aviso.enlace, "/avisos/"))


@acceso(puede_ver_avisos)
@require_http_methods(["GET", "POST"])
def avisos_preferencias(request):
    apagados = avisos.tipos_desactivados(request.user)
    inicial = {"por_correo": [t for t in Aviso.Tipo.values if t not in apagados]}
    form = PreferenciasForm(request.POST or None, initial=inicial)
    if request.method == "POST" and form.is_valid():
        avisos.guardar_preferencias(usuario=request.user, por_correo=form.cleaned_data["por_correo"])
        messages.success(request, "Preferencias guardadas.")
        return redirect("avisos_preferencias")
    return render(request, "seguimiento/preferencias.html", {"form": form, "correo": request.user.email},
                  status=400 if form.errors else 200)
