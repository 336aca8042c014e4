"""Páginas del reporte semestral: leen la petición, llaman a reportes / reportes_flujo y muestran."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from componentes.meses import clave_mes
from componentes.planes import plan_pedido
from cronograma.reportes import flujo
from cronograma.reportes.forms import FirmaForm, RemisionForm, ReporteNuevoForm, TextosForm
from cronograma.models import Reporte
from cronograma.permisos import (
    acceso,
    perfil_de_peticion,
    puede_editar_reporte,
    puede_redactar_reporte,
    puede_ver_reportes,
)
from cronograma.reportes.datos import TextosComponente, datos_del_reporte, periodo_por_defecto
from cronograma.reportes.salidas import contexto_documento, libro_del_reporte, pdf_del_reporte

TIPO_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


SOLO_LECTORES = "Los reportes los consulta el personal de las unidades del plan."


def _reporte(pk: int) -> Reporte:
    return get_object_or_404(Reporte.objects.select_related("plan", "aprobado_por"), pk=pk)


def _a_detalle(reporte: Reporte):
    return redirect("reporte_detalle", pk=reporte.pk)


@acceso(puede_ver_reportes, SOLO_LECTORES)
def reportes(request):
    perfil = perfil_de_peticion(request)
    contexto = {"reportes": Reporte.objects.select_related("plan"), "puede_crear": puede_editar_reporte(perfil)}
    return render(request, "cronograma/reportes/lista.html", contexto)


@acceso(puede_editar_reporte, "Solo la coordinación crea reportes.")
def reporte_nuevo(request):
    form = ReporteNuevoForm(request.POST or None, initial=_periodo_inicial())
    if request.method == "POST" and form.is_valid():
        try:
            reporte = flujo.crear_reporte(**form.cleaned_data, usuario=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Borrador creado: redacte los textos de cada componente y la firma.")
            return _a_detalle(reporte)
    return render(request, "cronograma/reportes/nuevo.html", {"form": form})


def _periodo_inicial() -> dict:
    plan = plan_pedido()
    desde, hasta = periodo_por_defecto(plan)
    return {"plan": plan, "desde": desde, "hasta": hasta}


@acceso(puede_ver_reportes, SOLO_LECTORES)
def reporte_detalle(request, pk: int):
    perfil = perfil_de_peticion(request)
    reporte = _reporte(pk)
    contexto = {
        **contexto_documento(datos_del_reporte(reporte)),
        "reporte": reporte,
        "acciones": flujo.acciones_de(perfil, reporte),
        "historia": flujo.historia_de(reporte),
    }
    return render(request, "cronograma/reportes/detalle.html", contexto)


@acceso(puede_redactar_reporte, "Solo la coordinación o el Equipo de Trabajo redactan los reportes.")
def reporte_editar(request, pk: int):
    reporte = _reporte(pk)
    acciones = flujo.acciones_de(perfil_de_peticion(request), reporte)
    if not acciones.redactar:  # quien redacta ya pasó @acceso: solo falta que siga en borrador
        messages.error(request, f"El reporte está {reporte.get_estado_display().lower()}: ya no se puede modificar.")
        return _a_detalle(reporte)
    formularios, firma = _formularios(request, reporte, con_firma=acciones.firmar)
    if request.method == "POST" and all(f.is_valid() for _, f in formularios) and (firma is None or firma.is_valid()):
        textos = {c.id: TextosComponente(**f.cleaned_data) for c, f in formularios}
        try:
            flujo.editar_textos(reporte=reporte, usuario=request.user, textos=textos,
                                **(firma.cleaned_data if firma else {}))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Textos guardados.")
            return _a_detalle(reporte)
    contexto = {"reporte": reporte, "formularios": formularios, "firma": firma}
    return render(request, "cronograma/reportes/editar.html", contexto)


def _formularios(request, reporte: Reporte, *, con_firma: bool):
    datos = request.POST if request.method == "POST" else None
    actuales = {t.componente_id: t for t in reporte.componentes.all()}
    formularios = []
    for componente in reporte.plan.componentes.order_by("numero"):
        actual = actuales.get(componente.id)
        inicial = {campo: getattr(actual, campo) for campo in flujo.CAMPOS_TEXTO} if actual else {}
        formularios.append((componente, TextosForm(datos, prefix=f"c{componente.id}", initial=inicial)))
    firma = None
    if con_firma:
        firma = FirmaForm(datos, initial={"firmante_nombre": reporte.firmante_nombre,
                                          "firmante_cargo": reporte.firmante_cargo})
    return formularios, firma


@acceso(puede_editar_reporte, "Solo la coordinación aprueba reportes.")
@require_POST
def reporte_aprobar(request, pk: int):
    reporte = _reporte(pk)
    try:
        flujo.aprobar_reporte(reporte=reporte, usuario=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Reporte aprobado: sus cifras quedaron congeladas.")
    return _a_detalle(reporte)


@acceso(puede_editar_reporte, "Solo la coordinación registra la remisión.")
def reporte_remision(request, pk: int):
    reporte = _reporte(pk)
    form = RemisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            flujo.registrar_remision(reporte=reporte, usuario=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Remisión a la SGP registrada.")
            return _a_detalle(reporte)
    return render(request, "cronograma/reportes/remision.html", {"reporte": reporte, "form": form})


def _descarga(reporte: Reporte, contenido: bytes, extension: str, tipo: str) -> HttpResponse:
    nombre = f"reporte-semestral-{clave_mes(reporte.desde)}-a-{clave_mes(reporte.hasta)}.{extension}"
    respuesta = HttpResponse(contenido, content_type=tipo)
    respuesta["Content-Disposition"] = f'attachment; filename="{nombre}"'
    return respuesta


@acceso(puede_ver_reportes, SOLO_LECTORES)
def reporte_pdf(request, pk: int):
    reporte = _reporte(pk)
    return _descarga(reporte, pdf_del_reporte(datos_del_reporte(reporte)), "pdf", "application/pdf")


@acceso(puede_ver_reportes, SOLO_LECTORES)
def reporte_xlsx(request, pk: int):
    reporte = _reporte(pk)
    return _descarga(reporte, libro_del_reporte(datos_del_reporte(reporte)), "xlsx", TIPO_XLSX)
