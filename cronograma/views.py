"""Vistas del cronograma: leen la petición, llaman a una función y muestran el resultado."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseLocation

from componentes.catalogo import Hoja
from componentes.meses import nombre_mes
from componentes.models import Responsable
from componentes.planes import plan_pedido
from cronograma.avance import Seguimiento
from cronograma.filtros import leer_filtros
from cronograma.reprogramacion.filtros import leer_version
from cronograma.forms import FormularioAvance
from cronograma.gantt import armar_grilla
from cronograma.historial import historial_de
from cronograma.mis_actividades import armar_mis_actividades
from cronograma.mensual import views as views_mes
from cronograma.mensual.cierres import meses_cerrados
from cronograma.mensual.evidencias import paneles_de_evidencias
from cronograma.mensual.pendientes import pendientes_de
from cronograma.periodo import meses_iniciados
from cronograma.permisos import (
    acceso,
    cualquier_usuario,
    pendientes_visibles,
    perfil_de_peticion,
    puede_escribir_celda,
    puede_registrar_avance,
    puede_ver_todo,
)
from cronograma.avance import texto_porcentaje


@acceso(cualquier_usuario)
def inicio(request):
    """La portada: el tablero para la coordinación; "Mis actividades" para el personal de las unidades."""
    if puede_ver_todo(perfil_de_peticion(request)):
        return views_mes.tablero(request)
    return mis_actividades(request)


@acceso(cualquier_usuario)
@require_GET
def mis_actividades(request):
    plan = plan_pedido()
    filtros = leer_filtros(request.GET, plan)
    resultado = Seguimiento(plan).al_corte(filtros.mes)
    perfil = perfil_de_peticion(request)
    cerrados = meses_cerrados(plan)
    contexto = {
        "plan": plan,
        "filtros": filtros,
        "meses": meses_iniciados(plan),
        "mes_cerrado": filtros.mes in cerrados,
        "grupos": armar_mis_actividades(resultado, perfil, cerrados=cerrados),
        "pendientes": pendientes_de(resultado, siglas=pendientes_visibles(perfil)),
        "siguiente": request.get_full_path(),
    }
    return render(request, "cronograma/mis_actividades.html", contexto)


@acceso(cualquier_usuario)
@require_GET
def grilla(request):
    plan = plan_pedido()
    version = leer_version(plan, request.GET.get("version"), errores := [])
    seguimiento = Seguimiento(plan, version=version)
    unidades = list(Responsable.objects.all())
    numeros = [componente.numero for componente in seguimiento.catalogo.componentes]
    filtros = leer_filtros(request.GET, plan, componentes=numeros, unidades=unidades)
    filtros.errores += errores
    grilla = armar_grilla(
        seguimiento.al_corte(filtros.mes),
        componente=filtros.componente,
        sigla=filtros.unidad,
        puede_escribir=partial(puede_escribir_celda, perfil_de_peticion(request), cerrados=meses_cerrados(plan)),
    )
    contexto = {
        "grilla": grilla,
        "filtros": filtros,
        "meses": meses_iniciados(plan),
        "unidades": unidades,
        "siguiente": request.get_full_path(),
        "version_pedida": version,
        # La línea base solo difiere de la vigente si el plan se reprogramó (y calcularla cuesta una pasada).
        "linea_base": seguimiento.linea_base_al(filtros.mes).plan
        if version is None and len(seguimiento.programaciones) > 1 else None,
    }
    return render(request, "cronograma/grilla.html", contexto)


def _hoja(seguimiento: Seguimiento, codigo: str) -> Hoja:
    hoja = seguimiento.catalogo.hojas_por_codigo.get(codigo)
    if hoja is None:
        raise Http404(f"El plan vigente no tiene una fila {codigo} donde se registre avance.")
    return hoja


def _exigir_permiso(request, hoja: Hoja) -> None:
    if not puede_registrar_avance(perfil_de_peticion(request), hoja):
        raise PermissionDenied(f"Su unidad no es responsable de la fila {hoja.codigo}.")


def _siguiente(request, hoja: Hoja) -> str:
    """A dónde volver después de guardar: solo direcciones de este sitio."""
    destino = request.POST.get("siguiente") or request.GET.get("siguiente") or ""
    if url_has_allowed_host_and_scheme(destino, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return destino
    return reverse("fila", args=[hoja.codigo])


def _pagina_fila(request, seguimiento, hoja, *, mes, formulario=None, errores=()):
    resultado = seguimiento.al_corte(mes)
    perfil = perfil_de_peticion(request)
    cerrados = meses_cerrados(seguimiento.plan)
    if formulario is None and puede_escribir_celda(perfil, hoja, mes, cerrados):
        formulario = FormularioAvance(hoja=hoja, mes=mes, registro=resultado.registro(hoja.clave, mes))
    registros = resultado.registros.get(hoja.clave, {})
    contexto = {
        "plan": seguimiento.plan,
        "hoja": hoja,
        "mes": mes,
        "errores": errores,
        "cifras": resultado.de_hoja(hoja),
        "meses": meses_iniciados(seguimiento.plan),
        "meses_programados": sorted(resultado.programacion.get(hoja.clave, ())),
        "historial": historial_de(hoja),
        "mes_cerrado": mes in cerrados,
        "evidencias": paneles_de_evidencias(
            [registros[m] for m in sorted(registros)], hoja=hoja, perfil=perfil, cerrados=cerrados
        ),
        "formulario": formulario,
        "siguiente": _siguiente(request, hoja),
    }
    return render(request, "cronograma/fila.html", contexto)


@acceso(cualquier_usuario)
@require_GET
def fila(request, codigo):
    seguimiento = Seguimiento(plan_pedido())
    hoja = _hoja(seguimiento, codigo)
    filtros = leer_filtros(request.GET, seguimiento.plan)
    return _pagina_fila(request, seguimiento, hoja, mes=filtros.mes, errores=filtros.errores)


@acceso(cualquier_usuario)
@require_GET
def formulario_celda(request, codigo):
    """El formulario de una celda de la grilla, para htmx; sin JavaScript se usa la página de la fila."""
    if not request.htmx:
        return redirect(f"{reverse('fila', args=[codigo])}?{request.GET.urlencode()}")
    seguimiento = Seguimiento(plan_pedido())
    hoja = _hoja(seguimiento, codigo)
    _exigir_permiso(request, hoja)
    mes = leer_filtros(request.GET, seguimiento.plan).mes
    formulario = FormularioAvance(hoja=hoja, mes=mes, registro=seguimiento.al_corte(mes).registro(hoja.clave, mes))
    contexto = {"formulario": formulario, "hoja": hoja, "siguiente": _siguiente(request, hoja)}
    return render(request, "cronograma/_formulario_avance.html", contexto)


@acceso(cualquier_usuario)
@require_POST
def registrar(request, codigo):
    """Toda escritura pasa por registro.registrar_avance (que vuelve a revisar el permiso)."""
    seguimiento = Seguimiento(plan_pedido())
    hoja = _hoja(seguimiento, codigo)
    _exigir_permiso(request, hoja)
    formulario = FormularioAvance(request.POST, hoja=hoja)
    avance = formulario.registrar(request.user)
    if avance is None:
        if request.htmx:
            contexto = {"formulario": formulario, "hoja": hoja, "siguiente": _siguiente(request, hoja)}
            return render(request, "cronograma/_formulario_avance.html", contexto)
        mes = leer_filtros({"mes": request.POST.get("mes")}, seguimiento.plan).mes
        return _pagina_fila(request, seguimiento, hoja, mes=mes, formulario=formulario)
    messages.success(request, f"Se registró {texto_porcentaje(avance.porcentaje)} en {hoja.codigo} para {nombre_mes(avance.mes)}.")
    if request.htmx:
        # Se recarga el contenido de la página de origen, para que los consolidados también cambien.
        return HttpResponseLocation(_siguiente(request, hoja), target="#contenido", select="#contenido", swap="outerHTML")
    return redirect(_siguiente(request, hoja))
