"""Vistas de la gestión del mes: medios de verificación, cierres, pendientes y tablero.

Leen la petición, llaman a una función de evidencias.py, cierres.py, pendientes.py o tablero.py y
muestran el resultado. Los permisos se vuelven a comprobar en esas funciones.
"""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from cronograma.permisos import destino_seguro
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from componentes.meses import nombre_mes
from componentes.models import Plan
from componentes.planes import SinPlan
from cronograma.mensual.cierres import (
    cerrar_mes, estado_de_meses, historia_de_cierres, mes_cerrado, meses_cerrados, reabrir_mes,
)
from cronograma.mensual.evidencias import (
    adjuntar_evidencia, hoja_de_avance, nombre_con_extension, paneles_de_evidencias, retirar_evidencia,
)
from cronograma.mensual.forms import CierreForm, EvidenciaForm, RetiroEvidenciaForm
from cronograma.models import Avance, Evidencia
from cronograma.periodo import mes_elegido
from cronograma.planes.alcance import con_plan, del_plan_o_404, url_del_plan
from cronograma.permisos import (
    acceso,
    cualquier_usuario,
    pendientes_visibles,
    perfil_de_peticion,
    puede_cerrar_mes,
    puede_descargar_evidencia,
    puede_ver_cierres,
    puede_ver_todo,
)
from cronograma.mensual.tablero import tablero_del_plan
from cronograma.planes.varios import cerrados_de, pendientes_en_planes, planes_abiertos_con


def _mes_pedido(request, plan: Plan) -> date:
    """El mes de ?mes=AAAA-MM; si falta o no sirve, el último mes ya empezado (avisando por qué)."""
    errores: list[str] = []
    mes = mes_elegido(plan, request.GET.get("mes"), errores)
    for error in errores:
        messages.error(request, error)
    return mes


def _siguiente(request, por_defecto: str) -> str:
    """Adónde volver tras un POST (p. ej. la página de la fila); solo direcciones de este sitio."""
    return destino_seguro(request, request.POST.get("siguiente", ""), por_defecto)


@con_plan
@acceso(cualquier_usuario)
@require_http_methods(["GET", "POST"])
def evidencias_avance(request, pk: int):
    avance = del_plan_o_404(Avance.objects.select_related("actividad__componente__plan"), request.plan, pk=pk,
                            que="El avance")
    hoja = hoja_de_avance(avance)
    form = EvidenciaForm(request.POST, request.FILES) if request.method == "POST" else EvidenciaForm()
    if request.method == "POST" and form.is_valid():
        try:
            evidencia = adjuntar_evidencia(avance=avance, archivo=form.cleaned_data["archivo"], usuario=request.user)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, f"Se adjuntó «{evidencia.nombre_original}».")
            return redirect(_siguiente(request, request.path))
    panel = paneles_de_evidencias(
        [avance], hoja=hoja, perfil=perfil_de_peticion(request), cerrados=meses_cerrados(hoja.componente.plan)
    )[0]
    contexto = {"plan": hoja.componente.plan, "hoja": hoja, "avance": avance, "panel": panel, "form": form, "mes": nombre_mes(avance.mes)}
    return render(request, "cronograma/mensual/evidencias.html", contexto, status=400 if form.errors else 200)


@con_plan
@acceso(puede_descargar_evidencia, "Inicie sesión para descargar medios de verificación.")
@require_GET
def descargar_evidencia(request, pk: int):
    """Entrega el archivo como descarga, con su nombre original; nunca se sirve MEDIA_URL."""
    evidencia = del_plan_o_404(Evidencia.objects.select_related("avance__actividad__componente"), request.plan, pk=pk,
                               que="La evidencia")
    try:
        archivo = evidencia.archivo.open("rb")
    except FileNotFoundError:
        raise Http404("El archivo ya no está en el servidor.") from None
    respuesta = FileResponse(archivo, as_attachment=True, filename=nombre_con_extension(evidencia.nombre_original, evidencia.tipo),
                             content_type=evidencia.tipo)
    respuesta["X-Content-Type-Options"] = "nosniff"
    respuesta["Content-Security-Policy"] = "default-src 'none'; sandbox"  # por si un navegador lo abre
    return respuesta


@con_plan
@acceso(cualquier_usuario)
@require_POST
def retirar_evidencia_vista(request, pk: int):
    evidencia = del_plan_o_404(Evidencia.objects.select_related("avance__actividad__componente__plan"), request.plan,
                               pk=pk, que="La evidencia")
    destino = _siguiente(request, url_del_plan("evidencias_avance", request.plan, evidencia.avance_id))
    form = RetiroEvidenciaForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(m for errores in form.errors.values() for m in errores))
        return redirect(destino)
    nombre = evidencia.nombre_original
    try:
        retirar_evidencia(evidencia=evidencia, usuario=request.user, motivo=form.cleaned_data["motivo"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Se retiró «{nombre}». El retiro y su motivo quedan en la historia.")
    return redirect(destino)


@con_plan
@acceso(puede_ver_cierres, "Solo la coordinación cierra y reabre meses.")
@require_http_methods(["GET", "POST"])
def cierres(request):
    """La coordinación cierra y reabre meses; los revisores ven el estado de cada mes, sin formularios."""
    puede_cerrar = puede_cerrar_mes(perfil_de_peticion(request))
    if request.method == "POST" and not puede_cerrar:
        raise PermissionDenied("Solo la coordinación cierra y reabre meses.")
    plan = request.plan
    if request.method == "POST":
        _aplicar_cierre(request, plan)
        return redirect("cierres", plan_id=plan.pk)
    contexto = {"plan": plan, "meses": estado_de_meses(plan), "historia": historia_de_cierres(plan),
                "puede_cerrar": puede_cerrar and not plan.archivado}
    return render(request, "cronograma/mensual/cierres.html", contexto)


def _aplicar_cierre(request, plan: Plan) -> None:
    form = CierreForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Solicitud no válida: elija un mes del plan y una acción.")
        return
    mes, accion = form.cleaned_data["mes"], form.cleaned_data["accion"]
    try:
        if accion == CierreForm.CERRAR:
            cerrar_mes(plan=plan, mes=mes, usuario=request.user)
        else:
            reabrir_mes(plan=plan, mes=mes, usuario=request.user, motivo=form.cleaned_data["motivo"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        hecho = "cerrado" if accion == CierreForm.CERRAR else "reabierto"
        messages.success(request, f"{nombre_mes(mes)} quedó {hecho}.")


@acceso(cualquier_usuario)
@require_GET
def pendientes(request):
    """Los pendientes de todos los planes abiertos (el vigente primero), agrupados por plan."""
    plan = Plan.objects.vigente()
    if plan is None:
        raise SinPlan()
    return _pendientes(request, plan, planes_abiertos_con(plan))


@con_plan
@acceso(cualquier_usuario)
@require_GET
def pendientes_del_plan(request):
    """Los pendientes del plan de la dirección."""
    return _pendientes(request, request.plan, [request.plan])


def _pendientes(request, plan: Plan, planes: list[Plan]):
    mes = _mes_pedido(request, plan)
    siglas = pendientes_visibles(perfil_de_peticion(request))
    por_plan = pendientes_en_planes(planes, mes=mes if request.GET.get("mes") else None, siglas=siglas)
    contexto = {"por_plan": por_plan, "pendientes": por_plan[0][1], "varios_planes": len(planes) > 1,
                "todas": siglas is None, "sin_unidad": siglas == frozenset(), "meses": plan.meses()}
    # El aviso de mes cerrado (issue 17), por plan: la plantilla lo muestra en el bloque de cada uno.
    cerrados = cerrados_de(planes)
    contexto["cerrados"] = {plan_.pk for plan_, pendientes_ in por_plan if pendientes_.mes in cerrados[plan_.pk]}
    if len(planes) == 1:
        contexto["plan"] = plan
    return render(request, "cronograma/mensual/pendientes.html", contexto)


@con_plan
@acceso(cualquier_usuario)
@require_GET
def tablero(request):
    """El tablero del plan para la coordinación y los revisores; para una unidad, el de sus filas (issue 23)."""
    if not puede_ver_todo(perfil_de_peticion(request)):
        from cronograma.seguimiento.views import tablero_de_la_unidad

        return tablero_de_la_unidad(request, request.plan)
    return tablero_de(request, request.plan)


def tablero_de(request, plan: Plan):
    """El tablero de la coordinación para `plan` (también la portada de la coordinación, con el vigente)."""
    contexto = {"tablero": tablero_del_plan(plan, corte=_mes_pedido(request, plan)), "meses": plan.meses(), "plan": plan}
    return render(request, "cronograma/mensual/tablero.html", contexto)
