"""Las filas de la hoja del mes («Mis actividades»), escritas en Python (issue 16).

Una unidad responde por un cuarto de las filas del plan: a 7.000 filas son 1.750 formularios, y la
plantilla incluida por fila (con sus `{% include %}`, `{% url %}` y filtros) tardaba unos 4 ms por fila,
casi todo el tiempo de la página (6 s). Aquí se escribe el mismo HTML; los campos los sigue dibujando
Django (`str(campo)`: sus atributos de accesibilidad y de error son los de siempre). Solo dispone lo que
trae `hoja.FilaDelMes`: no calcula ni consulta.
"""

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from componentes.meses import clave_mes, nombre_mes
from cronograma.avance import texto_porcentaje

register = template.Library()


def _errores_del_campo(campo) -> str:
    if not campo.errors:
        return ""
    return format_html('\n      <p class="error-campo" id="{}_error">{}</p>', campo.auto_id, format_html_join(
        "", '<span class="visualmente-oculto">Error:</span> {} ', ((error,) for error in campo.errors)))


def _etiqueta(campo, codigo: str) -> str:
    return format_html('<label for="{}">{}<span class="visualmente-oculto"> de {}</span></label>',
                       campo.id_for_label, campo.label, codigo)


def _botones_secundarios(fila) -> str:
    """«Sin cambios» (un solo paso: repite el % anterior) y, si el registro anterior tiene comentario,
    «Guardar con el comentario de <mes>». Van después de «Guardar»: no cuestan tabulaciones a quien escribe."""
    codigo, anterior = fila.hoja.codigo, texto_porcentaje(fila.anterior)
    regla = (format_html("pide comentario (queda por debajo de lo programado, {})", texto_porcentaje(fila.cifras.programado))
             if fila.sin_cambios_pide_comentario else "comentario opcional")
    partes = [format_html(
        '\n    <button type="submit" class="secundario" name="sin_cambios" value="{}" aria-describedby="ayuda-sin-cambios-{}">'
        'Sin cambios<span class="visualmente-oculto"> en {}</span> ({})</button>'
        '\n    <small class="ayuda ayuda-sin-cambios" id="ayuda-sin-cambios-{}">«Sin cambios» repite {}; {}.</small>',
        fila.clave, fila.clave, codigo, anterior, fila.clave, anterior, regla)]
    if fila.comentario_anterior:
        partes.append(format_html(
            '\n    <button type="submit" class="secundario" name="reusar" value="{}">'
            'Guardar con el comentario de {}<span class="visualmente-oculto"> en {}: «{}»</span></button>',
            fila.clave, nombre_mes(fila.registro_anterior.mes), codigo, fila.comentario_anterior))
    return mark_safe("".join(partes))


def _campos(fila, hoja, csrf: str, accion: str) -> str:
    formulario, codigo = fila.formulario, fila.hoja.codigo
    porcentaje, comentario = formulario["porcentaje"], formulario["comentario"]
    errores_generales = ""
    if formulario.non_field_errors():
        errores_generales = format_html('\n  <div class="error" id="{}-error">{}</div>', fila.ancla, format_html_join(
            "", "<p>{}</p>", ((error,) for error in formulario.non_field_errors())))
    ocultos = format_html_join("", '<input type="hidden" name="{}" value="{}">', hoja.ocultos)
    return format_html(
        '{}\n  <form class="campos-fila" method="post" action="{}" novalidate>'
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">{}'
        '\n    <div class="campo campo-porcentaje{}">\n      {}{}\n      {}\n    </div>'
        '\n    <div class="campo campo-comentario{}" data-comentario>\n      {}'
        '\n      <small class="ayuda" id="{}_helptext">{}</small>{}\n      {}\n    </div>'
        '\n    {}'
        '\n    <button type="submit" name="guardar" value="{}" id="guardar-{}">Guardar<span class="visualmente-oculto"> {}</span></button>{}'
        '\n  </form>{}',
        errores_generales, accion, csrf, ocultos,
        " con-error" if porcentaje.errors else "", _etiqueta(porcentaje, codigo), _errores_del_campo(porcentaje), porcentaje,
        " con-error" if comentario.errors else "", _etiqueta(comentario, codigo),
        comentario.auto_id, comentario.help_text, _errores_del_campo(comentario), comentario,
        mark_safe("".join(str(campo) for campo in formulario.hidden_fields())),
        fila.clave, fila.clave, codigo,
        _botones_secundarios(fila) if fila.registro is None else "",
        format_html('\n  <p class="evidencias-fila"><a href="{}">Medios de verificación de {}</a></p>',
                    reverse("evidencias_avance", args=[fila.registro.pk]), codigo) if fila.registro else "",
    )


def _solo_lectura(fila, mes) -> str:
    if fila.registro:
        return format_html("\n  <p>Registrado en {}: {} (mes cerrado).</p>", nombre_mes(mes), texto_porcentaje(fila.registro.porcentaje))
    return format_html("\n  <p>Sin registro en {} (mes cerrado).</p>", nombre_mes(mes))


@register.simple_tag(takes_context=True)
def fila_del_mes(context, fila, hoja) -> str:
    """El <li> de una fila de la hoja del mes (`hoja.HojaDelMes`): datos, resumen de su actividad y, si la
    celda se puede escribir, su propio formulario (Enter en su % guarda esa fila); los enlaces, con el
    prefijo de plan vigente al dibujarla."""
    datos_js = ""
    if fila.formulario is not None:  # lo que calidad.js necesita para pedir el comentario a tiempo
        datos_js = format_html(' data-anterior="{}" data-programado="{}"', str(fila.anterior), str(fila.cifras.programado))
    meses = ", ".join(nombre_mes(mes) for mes in fila.meses_programados) or "ninguno"
    ultimo = (f"Último registro: {texto_porcentaje(fila.ultimo.porcentaje)} ({nombre_mes(fila.ultimo.mes)})"
              if fila.ultimo else "Sin registros")
    resumen = ""
    if fila.codigo_actividad:
        actividad = fila.cifras_actividad
        resumen = format_html(
            '\n  <p class="resumen-actividad" data-resumen-actividad="resumen-actividad-{}">Actividad {}: {} (programado {}), {}</p>',
            fila.hoja.actividad.id, fila.codigo_actividad, texto_porcentaje(actividad.ejecutado),
            texto_porcentaje(actividad.programado), actividad.estado.lower())
    return format_html(
        '<li class="fila-del-mes{}" id="{}" data-codigo="{}"{}>'
        '\n  <h4 class="fila-titulo"><a href="{}?mes={}">{}</a> {}</h4>{}'
        '\n  <p class="resultado" role="status" id="resultado-{}">{}</p>'
        '\n  <p class="fila-datos">\n    <span>Programado a {}: {}</span>\n    <span>{}</span>'
        '\n    <span class="semaforo {}">{}</span>\n    <span>{}</span>\n    <span>Meses programados: {}</span>\n  </p>{}'
        '\n</li>',
        " con-error" if fila.formulario is not None and fila.formulario.errors else "", fila.ancla, fila.hoja.codigo, datos_js,
        reverse("fila", args=[fila.hoja.codigo]), clave_mes(hoja.mes), fila.hoja.codigo, fila.hoja.nombre,
        _campos(fila, hoja, str(context.get("csrf_token", "")), hoja.accion or reverse("guardar_hoja"))
        if fila.formulario is not None else _solo_lectura(fila, hoja.mes),
        fila.clave, fila.mensaje,
        nombre_mes(hoja.mes), texto_porcentaje(fila.cifras.programado), ultimo,
        fila.cifras.semaforo, fila.cifras.texto_semaforo, fila.hoja.siglas, meses,
        resumen,
    )
