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
from cronograma.formato import texto_porcentaje

register = template.Library()


def _errores_del_campo(campo) -> str:
    if not campo.errors:
        return ""
    return format_html('\n      <p class="error-campo" id="{}_error">{}</p>', campo.auto_id, format_html_join(
        "", '<span class="visualmente-oculto">Error:</span> {} ', ((error,) for error in campo.errors)))


def _etiqueta(campo, codigo: str) -> str:
    return format_html('<label for="{}">{}<span class="visualmente-oculto"> de {}</span></label>',
                       campo.id_for_label, campo.label, codigo)


def _campos(fila) -> str:
    formulario, codigo = fila.formulario, fila.hoja.codigo
    porcentaje, comentario = formulario["porcentaje"], formulario["comentario"]
    errores_generales = ""
    if formulario.non_field_errors():
        errores_generales = format_html('\n  <div class="error" id="{}-error">{}</div>', fila.ancla, format_html_join(
            "", "<p>{}</p>", ((error,) for error in formulario.non_field_errors())))
    return format_html(
        '{}\n  <div class="campos-fila">'
        '\n    <div class="campo campo-porcentaje{}">\n      {}{}\n      {}\n    </div>'
        '\n    <div class="campo campo-comentario{}" data-comentario>\n      {}'
        '\n      <small class="ayuda" id="{}_helptext">{}</small>{}\n      {}\n    </div>'
        '\n    {}'
        '\n    <button type="submit" name="guardar" value="{}" id="guardar-{}">Guardar<span class="visualmente-oculto"> {}</span></button>'
        '\n  </div>{}',
        errores_generales,
        " con-error" if porcentaje.errors else "", _etiqueta(porcentaje, codigo), _errores_del_campo(porcentaje), porcentaje,
        " con-error" if comentario.errors else "", _etiqueta(comentario, codigo),
        comentario.auto_id, comentario.help_text, _errores_del_campo(comentario), comentario,
        mark_safe("".join(str(campo) for campo in formulario.hidden_fields())),
        fila.clave, fila.clave, codigo,
        format_html('\n  <p class="evidencias-fila"><a href="{}">Medios de verificación de {}</a></p>',
                    reverse("evidencias_avance", args=[fila.hoja.componente.plan_id, fila.registro.pk]), codigo) if fila.registro else "",
    )


def _solo_lectura(fila, mes) -> str:
    if fila.registro:
        return format_html("\n  <p>Registrado en {}: {} (mes cerrado).</p>", nombre_mes(mes), texto_porcentaje(fila.registro.porcentaje))
    return format_html("\n  <p>Sin registro en {} (mes cerrado).</p>", nombre_mes(mes))


@register.simple_tag
def fila_del_mes(fila, hoja) -> str:
    """El <li> de una fila de la hoja del mes (`hoja.HojaDelMes`): datos, resumen de su actividad y, si la
    celda se puede escribir, su formulario; los enlaces, a las páginas del plan de la hoja."""
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
        '\n  <h4 class="fila-titulo"><a href="{}?mes={}">{}</a> {}</h4>'
        '\n  <p class="fila-datos">\n    <span>{}</span>\n    <span>Meses programados: {}</span>'
        '\n    <span>Programado a {}: {}</span>\n    <span>{}</span>'
        '\n    <span class="semaforo {}">{}</span>\n  </p>{}{}'
        '\n  <p class="resultado" role="status" id="resultado-{}">{}</p>\n</li>',
        " con-error" if fila.formulario is not None and fila.formulario.errors else "", fila.ancla, fila.hoja.codigo, datos_js,
        reverse("fila", args=[hoja.plan.pk, fila.hoja.codigo]), clave_mes(hoja.mes), fila.hoja.codigo, fila.hoja.nombre,
        fila.hoja.siglas, meses, nombre_mes(hoja.mes), texto_porcentaje(fila.cifras.programado), ultimo,
        fila.cifras.semaforo, fila.cifras.texto_semaforo,
        resumen, _campos(fila) if fila.formulario is not None else _solo_lectura(fila, hoja.mes),
        fila.clave, fila.mensaje,
    )
