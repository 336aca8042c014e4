"""Páginas de los planes: la lista y vista general, crear (desde un libro o copiando), archivar,
marcar como vigente y la matriz de responsabilidades. Leen la petición, llaman a una función y muestran."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from componentes.models import Plan
from componentes.planes import archivar_plan, marcar_vigente
from cronograma.anexo.lectura import LibroInvalido, contenido_de
from cronograma.anexo.subidas import borrar_subida, guardar_subida, leer_subida
from cronograma.planes.alcance import con_plan
from cronograma.permisos import acceso, cualquier_usuario, perfil_de_peticion, puede_crear_plan, puede_ver_todo
from cronograma.planes.creacion import copiar_plan, crear_plan_desde_libro
from cronograma.planes.forms import CopiarPlanForm, PlanDesdeLibroForm
from cronograma.planes.matriz import libro_de_la_matriz, matriz_de
from cronograma.planes.varios import vista_general

TIPO_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CLAVE_SESION = "plan_desde_libro"


def _a_la_lista(request):
    return redirect("planes")


def _a_su_cronograma(request, plan_id: int):
    return redirect("grilla", plan_id=plan_id)


@require_GET
@acceso(cualquier_usuario)
def planes(request):
    """Todos los planes; para la coordinación y los revisores, una línea de cifras por plan abierto."""
    perfil = perfil_de_peticion(request)
    abiertos = list(Plan.objects.abiertos())
    contexto = {
        "lineas": vista_general(abiertos) if puede_ver_todo(perfil) else None,
        "abiertos": abiertos,
        "archivados": list(Plan.objects.filter(archivado=True).order_by("-mes_inicio", "id")),
        "puede_crear": puede_crear_plan(perfil),
    }
    return render(request, "cronograma/planes/lista.html", contexto)


@acceso(puede_crear_plan, "Solo la coordinación y los administradores crean planes.")
def plan_desde_libro(request):
    """Sube el libro, muestra la vista previa (nada se crea) y guarda el libro a la espera de confirmar."""
    form = PlanDesdeLibroForm(request.POST or None, request.FILES or None)
    contexto = {"form": form}
    if request.method == "POST" and form.is_valid():
        archivo = form.cleaned_data["archivo"]
        try:
            datos = contenido_de(archivo)
            previa = crear_plan_desde_libro(archivo=datos, usuario=request.user, nombre_archivo=archivo.name, simular=True)
        except LibroInvalido as error:
            form.add_error("archivo", str(error))
        else:
            contexto["previa"] = previa
            if previa.valido:
                token = guardar_subida(datos)
                request.session[CLAVE_SESION] = {"token": token, "nombre": archivo.name}
                contexto["token"] = token
    return render(request, "cronograma/planes/desde_libro.html", contexto, status=400 if form.errors else 200)


@require_POST
@acceso(puede_crear_plan, "Solo la coordinación y los administradores crean planes.")
def confirmar_plan_desde_libro(request):
    pendiente = request.session.get(CLAVE_SESION) or {}
    datos = leer_subida(pendiente.get("token")) if pendiente.get("token") == request.POST.get("token") else None
    if datos is None:
        messages.error(request, "La vista previa venció o ya se usó: suba el libro de nuevo.")
        return redirect("plan_desde_libro")
    resultado = crear_plan_desde_libro(archivo=datos, usuario=request.user, nombre_archivo=pendiente.get("nombre", ""))
    borrar_subida(pendiente["token"])
    del request.session[CLAVE_SESION]
    if not resultado.valido:
        return render(request, "cronograma/planes/desde_libro.html", {"form": PlanDesdeLibroForm(), "previa": resultado})
    messages.success(request, f"Plan creado: {resultado.campos['servicio']}, {resultado.periodo}, {resultado.filas} filas.")
    return _a_su_cronograma(request, resultado.plan_id)


@acceso(puede_crear_plan, "Solo la coordinación y los administradores crean planes.")
def copiar(request):
    form = CopiarPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = copiar_plan(**form.cleaned_data, usuario=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Plan creado con el catálogo de «{form.cleaned_data['origen']}»: {plan}.")
            return _a_su_cronograma(request, plan.pk)
    return render(request, "cronograma/planes/copiar.html", {"form": form}, status=400 if form.errors else 200)


@con_plan
@require_POST
@acceso(puede_crear_plan, "Solo la coordinación y los administradores archivan planes.")
def archivar(request):
    """Archiva (o, con `desarchivar`, reabre) el plan de la dirección."""
    plan = request.plan
    try:
        archivar_plan(plan=plan, usuario=request.user, archivado=not request.POST.get("desarchivar"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"«{plan}» quedó {'archivado: solo lectura' if plan.archivado else 'abierto de nuevo'}.")
    return _a_la_lista(request)


@con_plan
@require_POST
@acceso(puede_crear_plan, "Solo la coordinación y los administradores eligen el plan vigente.")
def vigente(request):
    plan = request.plan
    try:
        marcar_vigente(plan=plan, usuario=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"«{plan}» es ahora el plan vigente.")
    return _a_la_lista(request)


@con_plan
@require_GET
@acceso(cualquier_usuario)
def matriz(request):
    plan = request.plan
    return render(request, "cronograma/planes/matriz.html", {"plan": plan, "matriz": matriz_de(plan)})


@con_plan
@require_GET
@acceso(cualquier_usuario)
def matriz_xlsx(request):
    plan = request.plan
    respuesta = HttpResponse(libro_de_la_matriz(matriz_de(plan)), content_type=TIPO_XLSX)
    respuesta["Content-Disposition"] = f'attachment; filename="matriz-responsabilidades-plan-{plan.pk}.xlsx"'
    return respuesta
