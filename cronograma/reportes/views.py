"""Páginas del reporte semestral: leen la petición, llaman a reportes / reportes_flujo y muestran."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from componentes.meses import clave_mes
from cronograma.reportes import flujo
from cronograma.reportes.forms import AprobacionForm, FirmaForm, RemisionForm, ReporteNuevoForm, TextosForm
from cronograma.models import Reporte
from cronograma.planes.alcance import con_plan, del_plan_o_404
from cronograma.permisos import (
    acceso,
    perfil_de_peticion,
    puede_editar_reporte,
    puede_redactar_reporte,
    puede_ver_reportes,
)
from cronograma.reportes.datos import datos_del_reporte, periodo_por_defecto
from cronograma.reportes.salidas import contexto_documento, libro_del_reporte, pdf_del_reporte

TIPO_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


SOLO_LECTORES = "Los reportes los consulta el personal de las unidades del plan."


def _reporte(request, pk: int) -> Reporte:
    """El reporte `pk` del plan de la dirección (el de otro plan: 404)."""
    return del_plan_o_404(Reporte.objects.select_related("plan", "aprobado_por"), request.plan, pk=pk, que="El reporte")


def _a_detalle(reporte: Reporte):
    return redirect("reporte_detalle", plan_id=reporte.plan_id, pk=reporte.pk)


@con_plan
@acceso(puede_ver_reportes, SOLO_LECTORES)
def reportes(request):
    perfil = perfil_de_peticion(request)
    plan = request.plan
    contexto = {"plan": plan, "reportes": Reporte.objects.del_plan(plan).select_related("plan"),
                "puede_crear": puede_editar_reporte(perfil)}
    return render(request, "cronograma/reportes/lista.html", contexto)


@con_plan
@acceso(puede_editar_reporte, "Solo la coordinación crea reportes.")
def reporte_nuevo(request):
    form = ReporteNuevoForm(request.POST or None, plan=request.plan, initial=_periodo_inicial(request.plan))
    if request.method == "POST" and form.is_valid():
        try:
            reporte = flujo.crear_reporte(**form.cleaned_data, usuario=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Borrador creado: redacte los textos de cada componente y la firma.")
            return _a_detalle(reporte)
    return render(request, "cronograma/reportes/nuevo.html", {"form": form, "plan": request.plan})


def _periodo_inicial(plan) -> dict:
    desde, hasta = periodo_por_defecto(plan)
    return {"plan": plan, "desde": desde, "hasta": hasta}


@con_plan
@acceso(puede_ver_reportes, SOLO_LECTORES)
def reporte_detalle(request, pk: int):
    perfil = perfil_de_peticion(request)
    reporte = _reporte(request, pk)
    contexto = {
        **contexto_documento(datos_del_reporte(reporte)),
        "reporte": reporte,
        "plan": reporte.plan,
        "acciones": flujo.acciones_de(perfil, reporte),
        "historia": flujo.historia_de(reporte),
        "pasos": flujo.pasos_de(reporte),
        "siguiente_paso": flujo.siguiente_paso(reporte),
    }
    return render(request, "cronograma/reportes/detalle.html", contexto)


@con_plan
@acceso(puede_redactar_reporte, "Solo la coordinación o el Equipo de Trabajo redactan los reportes.")
def reporte_editar(request, pk: int):
    reporte = _reporte(request, pk)
    acciones = flujo.acciones_de(perfil_de_peticion(request), reporte)
    if not acciones.redactar:  # quien redacta ya pasó @acceso: solo falta que siga en borrador
        messages.error(request, f"El reporte está {reporte.get_estado_display().lower()}: ya no se puede modificar.")
        return _a_detalle(reporte)
    formularios, firma = _formularios(request, reporte, con_firma=acciones.firmar)
    conflictos = {}
    if request.method == "POST" and all(f.is_valid() for _, f in formularios) and (firma is None or firma.is_valid()):
        try:
            flujo.editar_textos(reporte=reporte, usuario=request.user, **_cambios(request, formularios, firma))
        except flujo.ConflictoDeTextos as conflicto:
            conflictos = {c.componente_id: c for c in conflicto.conflictos}
            messages.error(request, "No se guardó nada: otra persona guardó textos después de que usted abrió el "
                                    "formulario. Abajo están los suyos y lo que usted escribió; revise y guarde de nuevo.")
            formularios, firma = _formularios(request, reporte, con_firma=acciones.firmar, rehacer=True, conflicto=True)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            formularios, firma = _formularios(request, reporte, con_firma=acciones.firmar, rehacer=True)
        else:
            messages.success(request, "Textos guardados.")
            return _a_detalle(reporte)
    elif request.method == "POST":  # datos inválidos: se muestran los errores sin vaciar lo que no vino
        formularios, firma = _formularios(request, reporte, con_firma=acciones.firmar, rehacer=True)
    cifras = {c.id: c for c in datos_del_reporte(reporte).cifras.componentes}
    secciones = [(componente, form, cifras.get(componente.id), conflictos.get(componente.id))
                 for componente, form in formularios]
    contexto = {"reporte": reporte, "secciones": secciones, "firma": firma, "conflicto_firma": conflictos.get(None)}
    return render(request, "cronograma/reportes/editar.html", contexto)


def _cambios(request, formularios, firma) -> dict:
    """Solo lo que trae la petición: un campo ausente no se toca."""
    textos = {}
    for componente, form in formularios:
        valores = form.valores_enviados()
        if valores:
            textos[componente.id] = flujo.CambioTextos(valores, form.cleaned_data.get("version"))
    cambios = {"textos": textos}
    if firma is not None:
        for campo in flujo.CAMPOS_FIRMA:
            if campo in request.POST:
                cambios[campo] = firma.cleaned_data.get(campo) or ""
        cambios["version_firma"] = firma.cleaned_data.get("version_firma")
    return cambios


def _formularios(request, reporte: Reporte, *, con_firma: bool, rehacer: bool = False, conflicto: bool = False):
    """Un formulario por componente y el de la firma.

    Con `rehacer` (la petición no se guardó y se vuelve a mostrar) los campos que la petición no trajo se
    completan con lo guardado, para que reenviar el formulario no los borre; con `conflicto`, además, la
    versión pasa a ser la actual y se conserva lo que escribió el usuario: al guardar de nuevo, decide él.
    """
    datos = request.POST if request.method == "POST" else None
    if rehacer:
        datos = request.POST.copy()
    actuales = {t.componente_id: t for t in reporte.componentes.all()}
    formularios = []
    for componente in reporte.plan.componentes.order_by("numero"):
        actual = actuales.get(componente.id)
        inicial = _inicial_textos(actual)
        form = TextosForm(datos, prefix=f"c{componente.id}", initial=inicial)
        if rehacer:
            _completar(datos, form, inicial, conflicto=conflicto)
        formularios.append((componente, form))
    firma = None
    if con_firma:
        reporte.refresh_from_db(fields=["firmante_nombre", "firmante_cargo", "version"])
        inicial = {"firmante_nombre": reporte.firmante_nombre, "firmante_cargo": reporte.firmante_cargo,
                   "version_firma": reporte.version}
        firma = FirmaForm(datos, initial=inicial)
        if rehacer:
            _completar(datos, firma, inicial, conflicto=conflicto, version="version_firma")
    return formularios, firma


def _completar(datos, form, inicial: dict, *, conflicto: bool, version: str = "version") -> None:
    for campo, valor in inicial.items():
        clave = form.add_prefix(campo)
        if campo == version:
            if conflicto or clave not in datos:
                datos[clave] = str(valor)
        elif clave not in datos and not campo.endswith("_marca"):
            datos[clave] = valor
            marca = campo.replace("_motivo", "_marca")
            if campo.endswith("_motivo") and inicial.get(marca):
                datos[form.add_prefix(marca)] = "on"


def _inicial_textos(actual) -> dict:
    if actual is None:
        return {}
    inicial = {"version": actual.version}
    for campo in flujo.CAMPOS_TEXTO:
        inicial[campo] = getattr(actual, campo)
        motivo = getattr(actual, f"{campo}_sin_informacion")
        inicial[f"{campo}_marca"] = bool(motivo)
        inicial[f"{campo}_motivo"] = motivo
    return inicial


@con_plan
@acceso(puede_editar_reporte, "Solo la coordinación aprueba reportes.")
def reporte_aprobar(request, pk: int):
    """Paso de confirmación: muestra lo que se congela y lo que falta; el POST aprueba con la fecha dada."""
    reporte = _reporte(request, pk)
    if reporte.estado != Reporte.Estado.BORRADOR:
        messages.error(request, f"El reporte está {reporte.get_estado_display().lower()}: ya no se puede aprobar.")
        return _a_detalle(reporte)
    form = AprobacionForm(request.POST or None, initial={"fecha_aprobacion": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            flujo.aprobar_reporte(reporte=reporte, usuario=request.user, **form.cleaned_data)
        except ValidationError as error:
            _errores_al_formulario(form, error)
        else:
            messages.success(request, "Reporte aprobado: sus cifras y textos quedaron congelados.")
            return _a_detalle(reporte)
    contexto = {
        **contexto_documento(datos_del_reporte(reporte)),
        "reporte": reporte, "form": form, "faltantes": flujo.faltantes_para_aprobar(reporte),
    }
    return render(request, "cronograma/reportes/aprobar.html", contexto)


def _errores_al_formulario(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for campo, errores in error.error_dict.items():
            form.add_error(campo if campo in form.fields else None, errores)
    else:
        form.add_error(None, error)


@con_plan
@acceso(puede_editar_reporte, "Solo la coordinación registra la remisión.")
def reporte_remision(request, pk: int):
    reporte = _reporte(request, pk)
    form = RemisionForm(request.POST or None, initial={"fecha_remision": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            flujo.registrar_remision(reporte=reporte, usuario=request.user, **form.cleaned_data)
        except ValidationError as error:
            _errores_al_formulario(form, error)
        else:
            messages.success(request, "Remisión a la SGP registrada.")
            return _a_detalle(reporte)
    return render(request, "cronograma/reportes/remision.html", {"reporte": reporte, "form": form})


def _descarga(reporte: Reporte, contenido: bytes, extension: str, tipo: str) -> HttpResponse:
    nombre = f"reporte-semestral-{clave_mes(reporte.desde)}-a-{clave_mes(reporte.hasta)}.{extension}"
    respuesta = HttpResponse(contenido, content_type=tipo)
    respuesta["Content-Disposition"] = f'attachment; filename="{nombre}"'
    return respuesta


@con_plan
@acceso(puede_ver_reportes, SOLO_LECTORES)
def reporte_pdf(request, pk: int):
    reporte = _reporte(request, pk)
    return _descarga(reporte, pdf_del_reporte(datos_del_reporte(reporte)), "pdf", "application/pdf")


@con_plan
@acceso(puede_ver_reportes, SOLO_LECTORES)
def reporte_xlsx(request, pk: int):
    reporte = _reporte(request, pk)
    return _descarga(reporte, libro_del_reporte(datos_del_reporte(reporte)), "xlsx", TIPO_XLSX)
