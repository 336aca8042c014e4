"""Vistas del cronograma: leen la petición, llaman a una función y muestran el resultado."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from cronograma import ciclo
from cronograma.permisos import destino_seguro
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseLocation

from componentes.catalogo import Hoja, hoja_por_codigo
from componentes.meses import nombre_mes
from componentes.models import Plan, Responsable
from componentes.planes import SinPlan
from cronograma.avance import Seguimiento
from cronograma.consolidados import avance_de_fila, libro_de_fila
from cronograma.grilla.filtros import leer_filtros
from cronograma.reprogramacion.filtros import leer_version
from cronograma.forms import FormularioAvance
from cronograma.grilla.gantt import armar_grilla
from cronograma.grilla.historial import historial_reciente
from cronograma.mensual import views as views_mes
from cronograma.mensual import views_hoja
from cronograma.mensual.cierres import meses_cerrados
from cronograma.mensual.evidencias import paneles_de_evidencias
from cronograma.seguimiento.observaciones import paneles_de_revision
from cronograma.periodo import meses_iniciados
from cronograma.planes.alcance import con_plan, url_del_plan
from cronograma.permisos import (
    acceso,
    cualquier_usuario,
    escritura_del_mes,
    perfil_de_peticion,
    puede_escribir_celda,
    puede_registrar_avance,
    puede_ver_todo,
)
from cronograma.formato import texto_porcentaje


@acceso(cualquier_usuario)
def inicio(request):
    """La portada: el tablero para la coordinación; "Mis actividades" para el personal de las unidades."""
    if puede_ver_todo(perfil_de_peticion(request)):
        plan = Plan.objects.vigente()
        if plan is None:
            raise SinPlan()
        return views_mes.tablero_de(request, plan)
    return views_hoja.mis_actividades(request)


@con_plan
@acceso(cualquier_usuario)
def inicio_del_plan(request):
    """/planes/<id>/: la portada de ese plan (el tablero para la coordinación; su hoja del mes para las unidades)."""
    if puede_ver_todo(perfil_de_peticion(request)):
        return views_mes.tablero_de(request, request.plan)
    return views_hoja.pagina_hoja(request)


@con_plan
@acceso(cualquier_usuario)
@require_GET
def grilla(request):
    plan = request.plan
    version = leer_version(plan, request.GET.get("version"), errores := [])
    seguimiento = Seguimiento(plan, version=version, libro=False)  # la grilla solo muestra %
    unidades = list(Responsable.objects.all())
    numeros = [componente.numero for componente in seguimiento.catalogo.componentes]
    filtros = leer_filtros(request.GET, plan, componentes=numeros, unidades=unidades)
    filtros.errores += errores
    grilla = armar_grilla(
        seguimiento.al_corte(filtros.mes),
        componente=filtros.componente,
        sigla=filtros.unidad,
        puede_escribir=escritura_del_mes(perfil_de_peticion(request), filtros.mes, meses_cerrados(plan)),
    )
    contexto = {
        "grilla": grilla,
        "filtros": filtros,
        "meses": meses_iniciados(plan),
        "unidades": unidades,
        "plan": plan,
        "siguiente": request.get_full_path(),
        "version_pedida": version,
        "etiqueta_version": ciclo.etiqueta_version(plan, version=grilla.resultado.version),
        # La línea base solo difiere de la vigente si el plan se reprogramó (y calcularla cuesta una pasada).
        "linea_base": seguimiento.linea_base_al(filtros.mes).plan
        if version is None and len(seguimiento.programaciones) > 1 else None,
    }
    return render(request, "cronograma/grilla.html", contexto)


def _hoja(plan: Plan, codigo: str) -> Hoja:
    """La fila hoja del plan, sin cargar el catálogo entero (issue 16)."""
    hoja = hoja_por_codigo(plan, codigo)
    if hoja is None:
        raise Http404(f"El plan «{plan}» no tiene una fila {codigo} donde se registre avance.")
    return hoja


def _exigir_permiso(request, hoja: Hoja) -> None:
    if not puede_registrar_avance(perfil_de_peticion(request), hoja):
        raise PermissionDenied(f"Su unidad no es responsable de la fila {hoja.codigo}.")


def _siguiente(request, hoja: Hoja) -> str:
    """A dónde volver después de guardar: solo direcciones de este sitio."""
    destino = request.POST.get("siguiente") or request.GET.get("siguiente") or ""
    return destino_seguro(request, destino, url_del_plan("fila", hoja.componente.plan_id, hoja.codigo))


# La página de la fila muestra los cambios más recientes; `?historia=completa`, todos (issue 16).
CAMBIOS_EN_LA_PAGINA = 20


def _historial_de_la_pagina(request, hoja: Hoja) -> dict:
    completa = request.GET.get("historia") == "completa"
    historial, recortado = historial_reciente(hoja, limite=None if completa else CAMBIOS_EN_LA_PAGINA)
    consulta = request.GET.copy()
    consulta["historia"] = "completa"
    return {"historial": historial, "historial_recortado": recortado, "cambios_en_la_pagina": CAMBIOS_EN_LA_PAGINA,
            "url_historia_completa": f"{url_del_plan('fila', hoja.componente.plan_id, hoja.codigo)}?{consulta.urlencode()}#historia"}


def _pagina_fila(request, hoja, *, mes, formulario=None, errores=()):
    """La fila con sus cifras y las de su actividad, componente y plan: solo lo de esta fila (issue 16)."""
    plan = hoja.componente.plan
    de_fila = avance_de_fila(hoja, mes)
    perfil = perfil_de_peticion(request)
    cerrados = meses_cerrados(plan)
    if formulario is None and puede_escribir_celda(perfil, hoja, mes, cerrados):
        formulario = FormularioAvance(hoja=hoja, mes=mes, registro=de_fila.registro(mes))
    contexto = {
        "plan": plan,
        "hoja": hoja,
        "mes": mes,
        "errores": errores,
        "cifras": de_fila.fila,
        "consolidados": de_fila,
        "meses": meses_iniciados(plan),
        "meses_programados": de_fila.meses_programados,
        **_historial_de_la_pagina(request, hoja),
        "mes_cerrado": mes in cerrados,
        "evidencias": paneles_de_evidencias(de_fila.libro, hoja=hoja, perfil=perfil, cerrados=cerrados),
        "revisiones": paneles_de_revision(de_fila.libro, hoja=hoja, perfil=perfil, cerrados=cerrados),  # issue 23
        "formulario": formulario,
        "siguiente": _siguiente(request, hoja),
    }
    return render(request, "cronograma/fila.html", contexto)


@con_plan
@acceso(cualquier_usuario)
@require_GET
def fila(request, codigo):
    plan = request.plan
    hoja = _hoja(plan, codigo)
    filtros = leer_filtros(request.GET, plan)
    return _pagina_fila(request, hoja, mes=filtros.mes, errores=filtros.errores)


@con_plan
@acceso(cualquier_usuario)
@require_GET
def formulario_celda(request, codigo):
    """El formulario de una celda de la grilla, para htmx; sin JavaScript se usa la página de la fila."""
    if not request.htmx:
        return redirect(f"{url_del_plan('fila', request.plan, codigo)}?{request.GET.urlencode()}")
    plan = request.plan
    hoja = _hoja(plan, codigo)
    _exigir_permiso(request, hoja)
    mes = leer_filtros(request.GET, plan).mes
    formulario = FormularioAvance(hoja=hoja, mes=mes, registro=libro_de_fila(hoja).get(mes))
    contexto = {"formulario": formulario, "hoja": hoja, "siguiente": _siguiente(request, hoja)}
    if request.GET.get("editor") == "fila":  # el editor de una fila de la grilla (issue 14)
        contexto["columnas"] = len(plan.meses()) + 7
        return render(request, "cronograma/_editor_fila.html", contexto)
    return render(request, "cronograma/_formulario_avance.html", contexto)


@con_plan
@acceso(cualquier_usuario)
@require_POST
def registrar(request, codigo):
    """Toda escritura pasa por registro.registrar_avance (que vuelve a revisar el permiso)."""
    plan = request.plan
    hoja = _hoja(plan, codigo)
    _exigir_permiso(request, hoja)
    formulario = FormularioAvance(request.POST, hoja=hoja)
    avance = formulario.registrar(request.user, perfil=perfil_de_peticion(request))
    if avance is None:
        if request.htmx:
            contexto = {"formulario": formulario, "hoja": hoja, "siguiente": _siguiente(request, hoja)}
            return render(request, "cronograma/_formulario_avance.html", contexto)
        mes = leer_filtros({"mes": request.POST.get("mes")}, plan).mes
        return _pagina_fila(request, hoja, mes=mes, formulario=formulario)
    messages.success(request, f"Se registró {texto_porcentaje(avance.porcentaje)} en {hoja.codigo} para {nombre_mes(avance.mes)}.")
    if request.htmx:
        # Se recarga el contenido de la página de origen, para que los consolidados también cambien.
        return HttpResponseLocation(_siguiente(request, hoja), target="#contenido", select="#contenido", swap="outerHTML")
    return redirect(_siguiente(request, hoja))
