"""Vistas de la hoja del mes («Mis actividades»): mostrarla y guardar una fila o todas.

Con JavaScript (static/js/calidad.js) el guardado pide JSON y reemplaza en su lugar solo las filas
guardadas y los resúmenes; sin JavaScript es un POST normal que vuelve al ancla de la fila con el mensaje
al lado (o, si algo falló, la misma página con el resumen de errores arriba y lo escrito intacto).

Varios planes (issue 13): sin plan en la dirección (/mis-actividades/), la página reúne una `HojaDelMes` por plan abierto
donde el usuario tiene filas (la coordinación, todos), cada una con el prefijo de su plan en los campos;
catálogos, programación, avances y cierres de todos se leen con las mismas consultas que uno
(`cronograma.planes.varios`). Bajo /planes/<id>/mis-actividades/ es la hoja de ese plan solo.
"""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from componentes.meses import clave_mes
from componentes.models import Plan
from componentes.planes import SinPlan
from cronograma.grilla.filtros import leer_filtros
from cronograma.seguimiento.observaciones import observadas_para_la_unidad
from cronograma.mensual.hoja import HojaDelMes, armar_hoja_del_mes, codigos_pedidos, guardar_filas
from cronograma.mensual.pendientes import pendientes_de
from cronograma.periodo import meses_iniciados
from cronograma.planes.alcance import con_plan
from cronograma.permisos import acceso, cualquier_usuario, pendientes_visibles, perfil_de_peticion, puede_ver_todo
from cronograma.planes.varios import cerrados_de, mes_de, planes_abiertos_con, seguimientos_de

CABECERA_JSON = "X-Hoja-Del-Mes"
ETIQUETA_FILA = "en-fila"  # los mensajes con esta etiqueta van junto a su fila, no arriba


def _plan_y_planes(request) -> tuple[Plan, list[Plan]]:
    """El plan de la dirección y solo él; sin plan en ella, el vigente y todos los abiertos (el vigente primero)."""
    plan = getattr(request, "plan", None)
    if plan is not None:
        return plan, [plan]
    plan = Plan.objects.vigente()
    if plan is None:
        raise SinPlan()
    return plan, planes_abiertos_con(plan)


def _armar(request, planes: list[Plan], mes, *, mes_pedido: bool = True, **kwargs):
    """Una hoja por plan (solo los planes donde el usuario tiene filas; la coordinación, todos), con el
    resultado de cada una. Un plan solo: su hoja sin prefijo, aunque no tenga filas (la página lo explica)."""
    perfil = perfil_de_peticion(request)
    seguimientos = seguimientos_de(planes)
    cerrados = cerrados_de(planes)
    varios = len(planes) > 1
    hojas, resultados = [], []
    for plan in planes:
        corte = mes_de(plan, mes if mes_pedido else None) if varios else mes
        resultado = seguimientos[plan.pk].al_corte(corte)
        hoja = armar_hoja_del_mes(resultado, perfil, cerrados=cerrados[plan.pk],
                                  prefijo=f"p{plan.pk}-" if varios else "", **kwargs)
        if varios and not hoja.filas and not puede_ver_todo(perfil):
            continue
        hojas.append(hoja)
        resultados.append(resultado)
    return hojas, resultados, perfil


def _fila_de(hojas: list[HojaDelMes], clave: str):
    return next((fila for hoja in hojas if (fila := hoja.fila(clave)) is not None), None)


def _contexto(request, plan, filtros, hojas, resultados, perfil, *, errores=(), mes_pedido=True):
    # Los mensajes de una fila se muestran en su fila; el resto, arriba (base.html lee `messages`).
    arriba = []
    for mensaje in messages.get_messages(request):
        fila = _fila_de(hojas, mensaje.extra_tags.split(":", 1)[1]) if mensaje.extra_tags.startswith(ETIQUETA_FILA) else None
        if fila is not None:
            fila.mensaje = mensaje.message
        else:
            arriba.append(mensaje)
    hoja = hojas[0] if hojas else None
    return {
        "plan": plan,
        "filtros": filtros,
        "meses": meses_iniciados(plan),
        "hojas": hojas,
        "observadas": observadas_para_la_unidad(hojas, perfil),  # primero, lo que la coordinación observó (issue 23)
        "hoja": hoja,
        "varios_planes": any(h.prefijo for h in hojas) or (len(hojas) != 1),
        "mes_pedido": clave_mes(filtros.mes) if mes_pedido else "",
        "errores_de_filas": errores,
        "pendientes": pendientes_de(resultados[0], siglas=pendientes_visibles(perfil)) if len(hojas) == 1 else None,
        "messages": arriba,
    }


def _mes_del_pedido(datos, plan):
    """El mes pedido (`mes=`), y si se pidió: sin él, con varios planes cada uno va a su mes por defecto."""
    filtros = leer_filtros({"mes": datos.get("mes", "")}, plan)
    return filtros, bool(datos.get("mes")) and not filtros.errores


@acceso(cualquier_usuario)
@require_GET
def mis_actividades(request):
    """La hoja del mes (issue 14) de todos los planes abiertos, agrupada por plan (issue 13)."""
    return pagina_hoja(request)


@con_plan
@acceso(cualquier_usuario)
@require_GET
def mis_actividades_del_plan(request):
    """La hoja del mes de un plan solo."""
    return pagina_hoja(request)


def pagina_hoja(request):
    plan, planes = _plan_y_planes(request)
    filtros = leer_filtros(request.GET, plan)
    pedido = bool(request.GET.get("mes")) and not filtros.errores
    hojas, resultados, perfil = _armar(request, planes, filtros.mes, mes_pedido=pedido)
    contexto = _contexto(request, plan, filtros, hojas, resultados, perfil, mes_pedido=pedido)
    return render(request, "cronograma/mis_actividades.html", contexto)


@con_plan
@acceso(cualquier_usuario)
@require_POST
def guardar_hoja_del_plan(request):
    """Guarda filas de la hoja de un plan solo (ver `guardar_hoja`)."""
    return _guardar(request)


@acceso(cualquier_usuario)
@require_POST
def guardar_hoja(request):
    """Guarda filas de la hoja de todos los planes abiertos (ver `_guardar`)."""
    return _guardar(request)


def _guardar(request):
    """Guarda la fila del botón pulsado, o todas las editadas («Guardar todo»), cada una con sus reglas
    (lo que cada usuario puede escribir lo decide registro.registrar_avance, fila por fila; un plan
    archivado lo rechaza, y además no tiene hoja aquí: solo se reúnen los planes abiertos)."""
    plan, planes = _plan_y_planes(request)
    filtros, pedido = _mes_del_pedido(request.POST, plan)
    hojas, _, _ = _armar(request, planes, filtros.mes, mes_pedido=pedido)
    por_hoja = [(hoja, codigos_pedidos(request.POST, hoja)) for hoja in hojas]
    resultados = [r for hoja, codigos in por_hoja for r in guardar_filas(request.POST, hoja, codigos, request.user)]
    fallidos = [r.codigo for r in resultados if r.guardado is None]
    # Se vuelve a armar con las cifras nuevas; las filas que fallaron conservan lo escrito.
    hojas, resultados_hojas, perfil = _armar(request, planes, filtros.mes, mes_pedido=pedido,
                                             datos=request.POST, codigos_con_datos=fallidos)
    for r in resultados:
        fila = _fila_de(hojas, r.codigo)
        fila.mensaje = r.mensaje
        if r.guardado is None:
            fila.formulario = r.formulario
    if request.headers.get(CABECERA_JSON):
        return _respuesta_json(request, hojas, resultados)
    if fallidos:
        errores = [_fila_de(hojas, codigo) for codigo in fallidos]
        contexto = _contexto(request, plan, filtros, hojas, resultados_hojas, perfil, errores=errores, mes_pedido=pedido)
        return render(request, "cronograma/mis_actividades.html", contexto, status=400)
    for r in resultados:
        messages.success(request, r.mensaje, extra_tags=f"{ETIQUETA_FILA}:{r.codigo}")
    if not resultados:
        messages.info(request, "No había cambios que guardar.")
    ancla = f"#{_fila_de(hojas, resultados[0].codigo).ancla}" if resultados else ""
    mes = f"?mes={clave_mes(filtros.mes)}" if pedido or len(planes) == 1 else ""
    volver = reverse("mis_actividades", args=[request.plan.pk]) if getattr(request, "plan", None) else reverse("mis_actividades")
    return redirect(f"{volver}{mes}{ancla}")


def _respuesta_json(request, hojas, resultados):
    """Las filas guardadas (o con error) ya dibujadas, y los resúmenes, para reemplazarlos en su lugar."""
    filas = {}
    for r in resultados:
        hoja = next(h for h in hojas if h.fila(r.codigo) is not None)
        fila = hoja.fila(r.codigo)
        filas[fila.ancla] = {
            "html": render_to_string("cronograma/mensual/_fila_del_mes.html", {"hoja": hoja, "fila": fila, "request": request},
                                     request=request),
            "mensaje": fila.mensaje,
            "ok": r.guardado is not None,
        }
    actividades = {
        f"resumen-actividad-{fila.hoja.actividad.id}": render_to_string(
            "cronograma/mensual/_resumen_actividad.html", {"fila": fila}
        )
        for hoja in hojas
        for fila in hoja.filas
    }
    resumenes = {hoja.id_resumen: render_to_string("cronograma/mensual/_resumen_del_mes.html", {"hoja": hoja})
                 for hoja in hojas}
    return JsonResponse(
        {"filas": filas, "actividades": actividades, "resumenes": resumenes,
         "resumen": next(iter(resumenes.values()), ""), "sin_cambios": not resultados},
        status=200 if all(r.guardado for r in resultados) else 400,
    )
