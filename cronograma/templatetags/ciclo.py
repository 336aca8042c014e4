"""El ciclo de vida en las plantillas: la situación del plan y la etiqueta de su versión (cronograma.ciclo)."""

from django import template

from cronograma import ciclo

register = template.Library()


@register.filter
def etiqueta_version(plan, corte=None) -> str:
    """«Versión N» del plan al corte (por defecto, su mes por defecto): `{{ plan|etiqueta_version }}`."""
    return ciclo.etiqueta_version(plan, corte) if plan else ""


@register.filter
def situacion_plan(plan):
    """La situación del plan (por iniciar, en curso, terminado, archivado), con `.label` y `.value`."""
    return ciclo.situacion(plan)


@register.filter
def aviso_del_mes(mes) -> str:
    """Lo que se dice de un mes que aún no vence: «aún no empieza» o «vence a su cierre» (o nada)."""
    return ciclo.aviso_del_mes(None, mes) if mes else ""
