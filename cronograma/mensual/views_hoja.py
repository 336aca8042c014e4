"""Vistas de la hoja del mes («Mis actividades»): mostrarla y guardar una fila o todas.

Con JavaScript (static/js/hoja-del-mes.js) el guardado pide JSON y reemplaza en su lugar solo las filas
guardadas y los resúmenes; sin JavaScript es un POST normal que vuelve al ancla de la fila con el mensaje
al lado (o, si algo falló, la misma página con el resumen de errores arriba y lo escrito intacto).
"""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from componentes.meses import clave_mes
from componentes.models import Plan
from componentes.planes import plan_pedido
from cronograma.avance import Seguimiento
from cronograma.filtros import leer_filtros
from cronograma.mensual.cierres import meses_cerrados
from cronograma.mensual.hoja import armar_hoja_del_mes, codigos_pedidos, guardar_filas
from cronograma.mensual.pendientes import pendientes_de
from cronograma.periodo import meses_iniciados
from cronograma.permisos import acceso, cualquier_usuario, pendientes_visibles, perfil_de_peticion

CABECERA_JSON = "X-Hoja-Del-Mes"
ETIQUETA_FILA = "en-fila"  # los mensajes con esta etiqueta van junto a su fila, no arriba


def _armar(request, plan: Plan, mes, **kwargs):
    resultado = Seguimiento(plan).al_corte(mes)
    perfil = perfil_de_peticion(request)
    hoja = armar_hoja_del_mes(resultado, perfil, cerrados=meses_cerrados(plan), **kwargs)
    return hoja, resultado, perfil


def _contexto(request, plan, filtros, hoja, resultado, perfil, *, errores=()):
    # Los mensajes de una fila se muestran en su fila; el resto, arriba (base.html lee `messages`).
    arriba = []
    for mensaje in messages.get_messages(request):
        fila = hoja.fila(mensaje.extra_tags.split(":", 1)[1]) if mensaje.extra_tags.startswith(ETIQUETA_FILA) else None
        if fila is not None:
            fila.mensaje = mensaje.message
        else:
            arriba.append(mensaje)
    return {
        "plan": plan,
        "filtros": filtros,
        "meses": meses_iniciados(plan),
        "hojas": [hoja],
        "hoja": hoja,
        "errores_de_filas": errores,
        "pendientes": pendientes_de(resultado, siglas=pendientes_visibles(perfil)),
        "messages": arriba,
    }


def pagina_hoja(request, plan: Plan):
    filtros = leer_filtros(request.GET, plan)
    hoja, resultado, perfil = _armar(request, plan, filtros.mes)
    return render(request, "cronograma/mis_actividades.html", _contexto(request, plan, filtros, hoja, resultado, perfil))


@acceso(cualquier_usuario)
@require_POST
def guardar_hoja(request):
    """Guarda la fila del botón pulsado, o todas las editadas («Guardar todo»), cada una con sus reglas
    (lo que cada usuario puede escribir lo decide registro.registrar_avance, fila por fila)."""
    plan = plan_pedido()
    filtros = leer_filtros({"mes": request.POST.get("mes", "")}, plan)
    hoja, _, _ = _armar(request, plan, filtros.mes)
    codigos = codigos_pedidos(request.POST, hoja)
    resultados = guardar_filas(request.POST, hoja, codigos, request.user)
    fallidos = [r.codigo for r in resultados if r.guardado is None]
    # Se vuelve a armar con las cifras nuevas; las filas que fallaron conservan lo escrito.
    hoja, resultado, perfil = _armar(request, plan, filtros.mes, datos=request.POST, codigos_con_datos=fallidos)
    for r in resultados:
        fila = hoja.fila(r.codigo)
        fila.mensaje = r.mensaje
        if r.guardado is None:
            fila.formulario = r.formulario
    if request.headers.get(CABECERA_JSON):
        return _respuesta_json(request, hoja, resultados)
    if fallidos:
        errores = [hoja.fila(codigo) for codigo in fallidos]
        contexto = _contexto(request, plan, filtros, hoja, resultado, perfil, errores=errores)
        return render(request, "cronograma/mis_actividades.html", contexto, status=400)
    for r in resultados:
        messages.success(request, r.mensaje, extra_tags=f"{ETIQUETA_FILA}:{r.codigo}")
    if not resultados:
        messages.info(request, "No había cambios que guardar.")
    ancla = f"#{hoja.fila(resultados[0].codigo).ancla}" if resultados else ""
    return redirect(f"{reverse('mis_actividades')}?mes={clave_mes(filtros.mes)}{ancla}")


def _respuesta_json(request, hoja, resultados):
    """Las filas guardadas (o con error) ya dibujadas, y los resúmenes, para reemplazarlos en su lugar."""
    contexto = {"hoja": hoja, "request": request}
    filas = {}
    for r in resultados:
        fila = hoja.fila(r.codigo)
        filas[fila.ancla] = {
            "html": render_to_string("cronograma/mensual/_fila_del_mes.html", {**contexto, "fila": fila}, request=request),
            "mensaje": fila.mensaje,
            "ok": r.guardado is not None,
        }
    actividades = {
        f"resumen-actividad-{fila.hoja.actividad.id}": render_to_string(
            "cronograma/mensual/_resumen_actividad.html", {"fila": fila}
        )
        for fila in hoja.filas
    }
    resumen = render_to_string("cronograma/mensual/_resumen_del_mes.html", {"hoja": hoja})
    return JsonResponse(
        {"filas": filas, "actividades": actividades, "resumen": resumen, "sin_cambios": not resultados},
        status=200 if all(r.guardado for r in resultados) else 400,
    )
