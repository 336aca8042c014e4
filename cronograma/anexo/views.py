"""El Anexo N° 2 en Excel: descarga (cualquier usuario) e importación con vista previa (coordinación)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from componentes.meses import clave_mes, leer_mes
from cronograma.anexo.excel import aplicar_cambios, exportar_anexo2, leer_anexo2
from cronograma.anexo.forms import SubirAnexoForm
from cronograma.anexo.lectura import LibroInvalido, contenido_de
from cronograma.periodo import leer_mes_del_plan, mes_por_defecto
from cronograma.planes.alcance import con_plan
from cronograma.permisos import acceso, cualquier_usuario, puede_importar_anexo
from cronograma.registro import ConflictoDeEdicion
from cronograma.reprogramacion.filtros import leer_version
from cronograma.anexo.subidas import borrar_subida, guardar_subida, leer_subida

TIPO_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CLAVE_SESION = "anexo2_importacion"


@con_plan
@acceso(cualquier_usuario)
@require_GET
def descargar_anexo2(request):
    plan = request.plan
    try:
        # Cualquier mes del plan, también uno futuro: el libro muestra la programación de todo el periodo.
        corte = leer_mes_del_plan(plan, request.GET["mes"], iniciado=False) if request.GET.get("mes") else mes_por_defecto(plan)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("grilla", plan_id=plan.pk)
    errores: list[str] = []
    version = leer_version(plan, request.GET.get("version"), errores)
    if errores:
        messages.error(request, errores[0])
        return redirect("versiones", plan_id=plan.pk)
    respuesta = HttpResponse(exportar_anexo2(plan, corte, version=version), content_type=TIPO_XLSX)
    respuesta["Content-Disposition"] = f'attachment; filename="anexo2-{clave_mes(corte)}.xlsx"'
    return respuesta


SOLO_COORDINACION = "Solo la coordinación y los administradores pueden importar el Anexo N° 2."


def _vista_previa(request, plan, datos: bytes, nombre: str, corte, form):
    """Valida el libro contra el plan; si no tiene errores, lo guarda a la espera de confirmación."""
    cambios = leer_anexo2(datos, plan, corte=corte, nombre_archivo=nombre)
    token = None
    if cambios.valido and cambios.hay_cambios:
        token = guardar_subida(datos)
        request.session[CLAVE_SESION] = {"token": token, "huella": cambios.huella(), "nombre": nombre,
                                         "corte": corte.isoformat() if corte else None, "plan": plan.pk}
    return render(request, "cronograma/anexo/importar.html", {"form": form, "plan": plan, "cambios": cambios, "token": token})


@con_plan
@acceso(puede_importar_anexo, SOLO_COORDINACION)
def importar_anexo2(request):
    plan = request.plan
    form = SubirAnexoForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return render(request, "cronograma/anexo/importar.html", {"form": form, "plan": plan})
    archivo = form.cleaned_data["archivo"]
    try:
        return _vista_previa(request, plan, contenido_de(archivo), archivo.name, form.cleaned_data["mes"], form)
    except LibroInvalido as error:
        form.add_error("archivo", str(error))
        return render(request, "cronograma/anexo/importar.html", {"form": form, "plan": plan})


@con_plan
@acceso(puede_importar_anexo, SOLO_COORDINACION)
@require_POST
def confirmar_importacion(request):
    plan = request.plan
    pendiente = request.session.get(CLAVE_SESION) or {}
    datos = leer_subida(pendiente.get("token")) if pendiente.get("token") == request.POST.get("token") else None
    if datos is None or pendiente.get("plan") != plan.pk:
        messages.error(request, "La vista previa venció o ya se aplicó: suba el libro de nuevo.")
        return redirect("importar_anexo2", plan_id=plan.pk)
    corte = leer_mes(pendiente["corte"][:7]) if pendiente.get("corte") else None
    cambios = leer_anexo2(datos, plan, corte=corte, nombre_archivo=pendiente.get("nombre", ""))
    if not cambios.valido or cambios.huella() != pendiente.get("huella"):
        messages.warning(request, "El plan cambió desde la vista previa: revise los cambios de nuevo antes de confirmar.")
        borrar_subida(pendiente["token"])
        return _vista_previa(request, plan, datos, pendiente.get("nombre", ""), corte, SubirAnexoForm())
    try:
        aplicar_cambios(cambios, request.user)
    except (ValidationError, ConflictoDeEdicion) as error:
        messages.error(request, f"No se aplicó ningún cambio: {' '.join(getattr(error, 'messages', [str(error)]))}")
        return redirect("importar_anexo2", plan_id=plan.pk)
    borrar_subida(pendiente["token"])
    del request.session[CLAVE_SESION]
    messages.success(request, f"Anexo N° 2 importado: {cambios.resumen()}")
    return redirect("importar_anexo2", plan_id=plan.pk)
