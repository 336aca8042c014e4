"""Las filas de la hoja del mes («Mis actividades»), escritas en Python (issues 16 y 24).

Una unidad responde por un cuarto de las filas del plan: a 7.000 filas son 1.750 formularios, y la
plantilla incluida por fila (con sus `{% include %}`, `{% url %}` y filtros) tardaba unos 4 ms por fila,
casi todo el tiempo de la página (6 s). Aquí se escribe el mismo HTML con cadenas de Python.

Los campos de una fila con algo enviado o con errores los dibuja Django (`str(campo)`: sus atributos de
accesibilidad y de error). Los de una fila en blanco (casi todas) se escriben aquí sin armar el formulario
de Django (`_campos_en_blanco`): el mismo HTML que Django daría, lo comprueba
`tests/cronograma/mensual/test_hoja_rapida.py`. Lo que se repite en todas las filas (URL, token, textos de
%) se arma una vez por página. Solo dispone lo que trae `hoja.FilaDelMes`: no calcula ni consulta.
"""

from functools import lru_cache
from html import escape

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe

from componentes.meses import clave_mes, nombre_mes
from cronograma.formato import texto_porcentaje
from cronograma.forms import FormularioAvance, porcentaje_escrito
from cronograma.limites import LARGO_COMENTARIO
from cronograma.registro import SIN_REGISTRO

register = template.Library()

_MARCA = "0codigo0"
_porcentaje = lru_cache(maxsize=4096)(texto_porcentaje)  # «70,0 %»: los valores se repiten
_mes = lru_cache(maxsize=512)(nombre_mes)
AYUDA_COMENTARIO = FormularioAvance.base_fields["comentario"].help_text


class _DeLaPagina:
    """Lo que es igual en todas las filas de una página, armado una vez (se guarda en el render_context)."""

    def __init__(self, context, hoja):
        self.csrf = escape(str(context.get("csrf_token", "")))
        self.accion = escape(hoja.accion or reverse("guardar_hoja"))
        self.ocultos = "".join(f'<input type="hidden" name="{escape(n)}" value="{escape(v)}">' for n, v in hoja.ocultos)
        antes, despues = reverse("fila", args=[hoja.plan.pk, _MARCA]).split(_MARCA)
        self.url_fila = (escape(antes), escape(despues) + f"?mes={clave_mes(hoja.mes)}")
        self.mes = _mes(hoja.mes)


def _de_la_pagina(context, hoja) -> _DeLaPagina:
    clave = ("hoja_del_mes", id(hoja))
    cache = context.render_context
    if clave not in cache:
        cache[clave] = _DeLaPagina(context, hoja)
    return cache[clave]


def _errores_del_campo(campo) -> str:
    if not campo.errors:
        return ""
    return format_html('\n      <p class="error-campo" id="{}_error">{}</p>', campo.auto_id, format_html_join(
        "", '<span class="visualmente-oculto">Error:</span> {} ', ((error,) for error in campo.errors)))


def _etiqueta(id_campo: str, texto: str, codigo: str) -> str:
    return f'<label for="{id_campo}">{texto}<span class="visualmente-oculto"> de {codigo}</span></label>'


def _botones_secundarios(fila) -> str:
    """«Sin cambios» (un solo paso: repite el % anterior) y, si el registro anterior tiene comentario,
    «Guardar con el comentario de <mes>». Van después de «Guardar»: no cuestan tabulaciones a quien escribe."""
    clave, codigo, anterior = escape(fila.clave), escape(fila.hoja.codigo), _porcentaje(fila.anterior)
    regla = (f"pide comentario (queda por debajo de lo programado, {_porcentaje(fila.cifras.programado)})"
             if fila.sin_cambios_pide_comentario else "comentario opcional")
    html = (f'\n    <button type="submit" class="secundario" name="sin_cambios" value="{clave}" aria-describedby="ayuda-sin-cambios-{clave}">'
            f'Sin cambios<span class="visualmente-oculto"> en {codigo}</span> ({anterior})</button>'
            f'\n    <small class="ayuda ayuda-sin-cambios" id="ayuda-sin-cambios-{clave}">«Sin cambios» repite {anterior}; {regla}.</small>')
    if fila.comentario_anterior:
        html += (f'\n    <button type="submit" class="secundario" name="reusar" value="{clave}">'
                 f'Guardar con el comentario de {_mes(fila.registro_anterior.mes)}<span class="visualmente-oculto"> en {codigo}: '
                 f'«{escape(fila.comentario_anterior)}»</span></button>')
    return html


def _campos_en_blanco(fila, hoja) -> str:
    """Los campos de una fila sin nada enviado: el HTML que daría Django para sus valores iniciales."""
    clave, codigo = escape(fila.clave), escape(fila.hoja.codigo)
    auto_id = escape(fila.auto_id)
    ids = {campo: auto_id % f"{clave}-{campo}" for campo in ("porcentaje", "comentario", "mes", "version")}
    registro = fila.registro
    valor = f' value="{escape(porcentaje_escrito(registro.porcentaje))}"' if registro else ""
    comentario = conditional_escape(registro.comentario) if registro and registro.comentario else ""
    version = registro.version if registro else SIN_REGISTRO
    return (
        '\n    <div class="campo campo-porcentaje">\n      '
        f'{_etiqueta(ids["porcentaje"], "Avance acumulado (%)", codigo)}\n      '
        f'<input type="text" name="{clave}-porcentaje"{valor} inputmode="decimal" size="6" autocomplete="off" maxlength="8" '
        f'required aria-describedby="{ids["porcentaje"]}_helptext" id="{ids["porcentaje"]}">\n    </div>'
        '\n    <div class="campo campo-comentario" data-comentario>\n      '
        f'{_etiqueta(ids["comentario"], "Comentario", codigo)}'
        f'\n      <small class="ayuda" id="{ids["comentario"]}_helptext">{AYUDA_COMENTARIO}</small>\n      '
        f'<textarea name="{clave}-comentario" cols="32" rows="2" maxlength="{LARGO_COMENTARIO}" '
        f'aria-describedby="{ids["comentario"]}_helptext" id="{ids["comentario"]}">\n{comentario}</textarea>\n    </div>'
        f'\n    <input type="hidden" name="{clave}-mes" value="{clave_mes(hoja.mes)}" id="{ids["mes"]}">'
        f'<input type="hidden" name="{clave}-version" value="{version}" id="{ids["version"]}">'
    )


def _campos_de_django(fila) -> str:
    """Los campos de una fila con algo enviado o con errores, dibujados por Django."""
    formulario, codigo = fila.formulario, escape(fila.hoja.codigo)
    porcentaje, comentario = formulario["porcentaje"], formulario["comentario"]
    return (
        f'\n    <div class="campo campo-porcentaje{" con-error" if porcentaje.errors else ""}">\n      '
        f'{_etiqueta(porcentaje.id_for_label, porcentaje.label, codigo)}{_errores_del_campo(porcentaje)}\n      {porcentaje}\n    </div>'
        f'\n    <div class="campo campo-comentario{" con-error" if comentario.errors else ""}" data-comentario>\n      '
        f'{_etiqueta(comentario.id_for_label, comentario.label, codigo)}'
        f'\n      <small class="ayuda" id="{comentario.auto_id}_helptext">{comentario.help_text}</small>'
        f'{_errores_del_campo(comentario)}\n      {comentario}\n    </div>'
        f'\n    {"".join(str(campo) for campo in formulario.hidden_fields())}'
    )


def _campos(fila, hoja, pagina: _DeLaPagina) -> str:
    en_blanco = fila.formulario_en_blanco
    errores_generales = ""
    if not en_blanco and fila.formulario.non_field_errors():
        errores_generales = format_html('\n  <div class="error" id="{}-error">{}</div>', fila.ancla, format_html_join(
            "", "<p>{}</p>", ((error,) for error in fila.formulario.non_field_errors())))
    clave, codigo = escape(fila.clave), escape(fila.hoja.codigo)
    evidencias = ""
    if fila.registro:
        evidencias = (f'\n  <p class="evidencias-fila"><a href="{escape(reverse("evidencias_avance", args=[hoja.plan.pk, fila.registro.pk]))}">'
                      f'Medios de verificación de {codigo}</a></p>')
    return (
        f'{errores_generales}\n  <form class="campos-fila" method="post" action="{pagina.accion}" novalidate>'
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{pagina.csrf}">{pagina.ocultos}'
        f'{_campos_en_blanco(fila, hoja) if en_blanco else _campos_de_django(fila)}'
        f'\n    <button type="submit" name="guardar" value="{clave}" id="guardar-{clave}">Guardar<span class="visualmente-oculto"> {codigo}</span></button>'
        f'{_botones_secundarios(fila) if fila.registro is None else ""}'
        f'\n  </form>{evidencias}'
    )


def _solo_lectura(fila, hoja) -> str:
    """Una fila sin formulario, con el motivo que da el ciclo de vida (mes cerrado, por iniciar, plan archivado)."""
    mes, motivo = hoja.mes, hoja.por_que_solo_lectura
    if fila.registro:
        return f"\n  <p>Registrado en {_mes(mes)}: {_porcentaje(fila.registro.porcentaje)} ({escape(motivo)}).</p>"
    return f"\n  <p>Sin registro en {_mes(mes)} ({escape(motivo)}).</p>"


@register.simple_tag(takes_context=True)
def fila_del_mes(context, fila, hoja) -> str:
    """El <li> de una fila de la hoja del mes (`hoja.HojaDelMes`): datos, resumen de su actividad y, si la
    celda se puede escribir, su propio formulario (Enter en su % guarda esa fila); los enlaces, a las
    páginas del plan de la hoja."""
    pagina = _de_la_pagina(context, hoja)
    con_formulario = fila.con_formulario
    datos_js = ""
    if con_formulario:  # lo que calidad.js necesita para pedir el comentario a tiempo
        datos_js = f' data-anterior="{fila.anterior}" data-programado="{fila.cifras.programado}"'
    meses = ", ".join(_mes(mes) for mes in fila.meses_programados) or "ninguno"
    ultimo = (f"Último registro: {_porcentaje(fila.ultimo.porcentaje)} ({_mes(fila.ultimo.mes)})"
              if fila.ultimo else "Sin registros")
    resumen = ""
    if fila.codigo_actividad:
        actividad = fila.cifras_actividad
        resumen = (f'\n  <p class="resumen-actividad" data-resumen-actividad="resumen-actividad-{fila.hoja.actividad.id}">'
                   f'Actividad {escape(fila.codigo_actividad)}: {_porcentaje(actividad.ejecutado)} '
                   f'(programado {_porcentaje(actividad.programado)}), {escape(actividad.estado.lower())}</p>')
    con_error = con_formulario and not fila.formulario_en_blanco and fila.formulario.errors
    codigo = escape(fila.hoja.codigo)
    antes, despues = pagina.url_fila
    cifras = fila.cifras
    return mark_safe(
        f'<li class="fila-del-mes{" con-error" if con_error else ""}" id="{escape(fila.ancla)}" data-codigo="{codigo}"{datos_js}>'
        f'\n  <h4 class="fila-titulo"><a href="{antes}{codigo}{despues}">{codigo}</a> {escape(fila.hoja.nombre)}</h4>'
        f'{_campos(fila, hoja, pagina) if con_formulario else _solo_lectura(fila, hoja)}'
        f'\n  <p class="resultado" role="status" id="resultado-{escape(fila.clave)}">{conditional_escape(fila.mensaje)}</p>'
        f'\n  <p class="fila-datos">\n    <span>Programado a {pagina.mes}: {_porcentaje(cifras.programado)}</span>\n    <span>{ultimo}</span>'
        f'\n    <span class="semaforo {escape(cifras.semaforo)}">{escape(cifras.texto_semaforo)}</span>'
        f'\n    <span>{escape(fila.hoja.siglas)}</span>\n    <span>Meses programados: {meses}</span>\n  </p>{resumen}'
        '\n</li>'
    )
