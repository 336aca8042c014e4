"""Vistas de la hoja del mes («Mis actividades»): mostrarla y guardar una fila o todas.

Con JavaScript (static/js/calidad.js) el guardado pide JSON y reemplaza en su lugar solo las filas
guardadas y los resúmenes; sin JavaScript es un POST normal que vuelve al ancla de la fila con el mensaje
al lado (o, si algo falló, la misma página con el resumen de errores arriba y lo escrito intacto).

Varios planes (issue 13): sin plan en la dirección (/mis-actividades/), la página reúne una `HojaDelMes` por plan abierto
donde el usuario tiene filas (la coordinación, todos), cada una con el prefijo de su plan en los campos;
catálogos, programación, avances y cierres de todos se leen con las mismas consultas que uno
(`cronograma.planes.varios`). Bajo /planes/<id>/mis-actividades/ es la hoja de ese plan solo.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from componentes.catalogo import unidades_de
from componentes.meses import clave_mes
from componentes.models import Plan
from componentes.planes import SinPlan
from cronograma.grilla.filtros import leer_filtros
from cronograma.mensual.hoja import (
    REUSAR, SIN_CAMBIOS, HojaDelMes, armar_hoja_del_mes, codigos_pedidos, filtro_de_unidad, guardar_filas,
    leer_pagina, paginar, prefijo_de_plan, unidades_a_leer,
)
from cronograma.seguimiento.observaciones import observadas_para_la_unidad
from cronograma.periodo import meses_iniciados
from cronograma.planes.alcance import con_plan
from cronograma.permisos import acceso, cualquier_usuario, perfil_de_peticion, puede_ver_todo
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


def _cargar(request, planes: list[Plan], unidad: str):
    """Perfil, filtro de unidad (`?unidad=`: de qué unidad son las filas que ve la coordinación; por defecto,
    las suyas), y catálogo, programación, avances y meses cerrados de los planes, en un número fijo de
    consultas. Del catálogo y los avances, solo las actividades con filas de las unidades que la hoja
    puede mostrar (`hoja.unidades_a_leer`); las cifras, de cada plan entero (`varios.seguimientos_de`)."""
    perfil = perfil_de_peticion(request)
    unidades = unidades_de(planes) if perfil.coordinador else None  # las opciones de su selector
    filtro = filtro_de_unidad(perfil, unidad, unidades.siglas if unidades else [])
    seguimientos = seguimientos_de(planes, siglas=unidades_a_leer(perfil, filtro), unidades=unidades)
    return seguimientos, cerrados_de(planes), perfil, filtro


def _armar(request, planes: list[Plan], mes, *, mes_pedido: bool = True, unidad: str = "", cargados=None,
           varios: bool | None = None, **kwargs):
    """Una hoja por plan (solo los planes donde el usuario tiene filas; la coordinación, todos), con el perfil
    y el filtro de unidad. Un plan solo: su hoja sin prefijo, aunque no tenga filas (la página lo explica).
    `cargados`: lo de `_cargar`, si ya se leyó (guardar lo lee una vez, antes y después de escribir).
    `varios`: si la página reúne varios planes (por defecto, si hay más de uno; guardar una fila en su lugar
    arma solo el plan de la fila, pero con los nombres de campo de la página de varios planes)."""
    seguimientos, cerrados, perfil, filtro = cargados or _cargar(request, planes, unidad)
    varios = len(planes) > 1 if varios is None else varios
    ocultos = (("mes", clave_mes(mes) if mes_pedido or not varios else ""),
               *((("unidad", filtro.elegida),) if filtro.elegida else ()))
    # El de la página (con plan en la dirección, el de ese plan; sin él, el de todos los planes abiertos).
    accion = reverse("guardar_hoja", args=[request.plan.pk]) if getattr(request, "plan", None) else reverse("guardar_hoja")
    hojas = []
    for plan in planes:
        resultado = seguimientos[plan.pk].al_corte(mes_de(plan, mes if mes_pedido else None) if varios else mes)
        hoja = armar_hoja_del_mes(resultado, perfil, cerrados=cerrados[plan.pk],
                                  prefijo=prefijo_de_plan(plan) if varios else "", filtro=filtro, **kwargs)
        hoja.ocultos, hoja.accion = ocultos, accion
        if varios and not hoja.filas and not puede_ver_todo(perfil):
            continue
        hojas.append(hoja)
    return hojas, perfil, filtro


def _fila_de(hojas: list[HojaDelMes], clave: str):
    return next((fila for hoja in hojas if (fila := hoja.fila(clave)) is not None), None)


def _direccion_de_la_hoja(request) -> str:
    """/planes/<id>/mis-actividades/ con plan en la dirección; si no, /mis-actividades/ (la de todos los planes)."""
    return reverse("mis_actividades", args=[request.plan.pk]) if getattr(request, "plan", None) else reverse("mis_actividades")


def _paginar(request, hojas, *, pagina: int = 1, fila: str = ""):
    return paginar(hojas, pedida=pagina, fila=fila, direccion=_direccion_de_la_hoja(request),
                   consulta=hojas[0].ocultos if hojas else ())


def _contexto(request, plan, filtros, hojas, perfil, *, errores=(), mes_pedido=True, filtro=None, paginacion=None):
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
        "messages": arriba,
        "filtro_unidad": filtro,
        "paginacion": paginacion,
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
    hojas, perfil, filtro = _armar(request, planes, filtros.mes, mes_pedido=pedido, unidad=request.GET.get("unidad", ""))
    paginacion = _paginar(request, hojas, pagina=leer_pagina(request.GET.get("pagina", "")),
                          fila=request.GET.get("fila", ""))
    contexto = _contexto(request, plan, filtros, hojas, perfil, mes_pedido=pedido, filtro=filtro, paginacion=paginacion)
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
    unidad = request.POST.get("unidad", "")
    en_json = bool(request.headers.get(CABECERA_JSON))
    varios = len(planes) > 1
    if en_json:
        planes = _planes_de_la_fila(request.POST, planes)
    # Se lee todo una vez: la hoja para saber qué filas guardar (sin formularios: cada fila pedida arma el
    # suyo con lo enviado) y, con lo guardado anotado en memoria, la hoja de la respuesta (issue 24: antes
    # se leía y armaba dos veces).
    cargados = _cargar(request, planes, unidad)
    hojas, _, _ = _armar(request, planes, filtros.mes, mes_pedido=pedido, unidad=unidad, cargados=cargados,
                         varios=varios, formularios=())
    resultados = []
    for hoja in hojas:
        hechos = guardar_filas(request.POST, hoja, codigos_pedidos(request.POST, hoja), request.user)
        cargados[0][hoja.plan.pk].anotar([a for r in hechos if (a := r.guardado or r.formulario.conflicto)])
        resultados += hechos
    fallidos = [r.codigo for r in resultados if r.guardado is None]
    if not en_json and not fallidos:
        return _volver_a_la_hoja(request, planes, filtros, pedido, hojas, resultados)
    # Se vuelve a armar con las cifras nuevas; las filas que fallaron conservan lo escrito.
    hojas, perfil, filtro = _armar(
        request, planes, filtros.mes, mes_pedido=pedido, unidad=unidad, cargados=cargados, varios=varios, datos=request.POST,
        codigos_con_datos=fallidos, formularios=[r.codigo for r in resultados] if en_json else None)
    for r in resultados:
        fila = _fila_de(hojas, r.codigo)
        fila.mensaje = r.mensaje
        if r.guardado is None:
            fila.formulario = r.formulario
    if en_json:
        return _respuesta_json(request, hojas, resultados)
    errores = [_fila_de(hojas, codigo) for codigo in fallidos]
    contexto = _contexto(request, plan, filtros, hojas, perfil, errores=errores, mes_pedido=pedido, filtro=filtro,
                         paginacion=_paginar(request, hojas, fila=fallidos[0]))
    return render(request, "cronograma/mis_actividades.html", contexto, status=400)


def _planes_de_la_fila(datos, planes: list[Plan]) -> list[Plan]:
    """Guardar en su lugar una fila (calidad.js) solo necesita el plan de esa fila: la respuesta trae su fila y
    los resúmenes de su plan, y los de los demás planes no cambian. «Guardar todo», o sin JavaScript (que
    vuelve a dibujar la página entera), siguen con todos los planes."""
    boton = datos.get("guardar", "") or datos.get(SIN_CAMBIOS, "") or datos.get(REUSAR, "")
    if len(planes) == 1 or not boton or boton == "*":
        return planes
    return [plan for plan in planes if boton.startswith(prefijo_de_plan(plan))] or planes


def _volver_a_la_hoja(request, planes, filtros, pedido, hojas, resultados):
    """Sin JavaScript y sin errores: el mensaje de cada fila queda para la página, y se vuelve a su ancla."""
    for r in resultados:
        messages.success(request, r.mensaje, extra_tags=f"{ETIQUETA_FILA}:{r.codigo}")
    if not resultados:
        messages.info(request, "No había cambios que guardar.")
    ancla = f"#{_fila_de(hojas, resultados[0].codigo).ancla}" if resultados else ""
    consulta = {"mes": clave_mes(filtros.mes)} if pedido or len(planes) == 1 else {}
    unidad = dict(hojas[0].ocultos).get("unidad") if hojas else None
    if unidad:
        consulta["unidad"] = unidad
    if resultados and _paginar(request, hojas).varias:
        consulta["fila"] = resultados[0].codigo  # la página que muestra la fila guardada
    return redirect(f"{_direccion_de_la_hoja(request)}{'?' + urlencode(consulta) if consulta else ''}{ancla}")


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
    # Solo cambian los resúmenes de las actividades de las filas guardadas.
    guardadas = {r.codigo for r in resultados}
    actividades = {
        f"resumen-actividad-{fila.hoja.actividad.id}": render_to_string(
            "cronograma/mensual/_resumen_actividad.html", {"fila": fila}
        )
        for hoja in hojas
        for fila in hoja.filas
        if fila.clave in guardadas
    }
    resumenes = {hoja.id_resumen: render_to_string("cronograma/mensual/_resumen_del_mes.html", {"hoja": hoja})
                 for hoja in hojas}
    return JsonResponse(
        {"filas": filas, "actividades": actividades, "resumenes": resumenes,
         "resumen": next(iter(resumenes.values()), ""), "sin_cambios": not resultados},
        status=200 if all(r.guardado for r in resultados) else 400,
    )
