"""La regla que une estado y semáforo (avance.py), para mostrarla junto a los colores."""

from django import template
from django.utils.html import format_html

from cronograma.avance import regla_estado_semaforo

register = template.Library()


@register.simple_tag
def regla_semaforo():
    return format_html('<p class="regla-semaforo" role="note"><strong>Estado y semáforo:</strong> {}</p>',
                       regla_estado_semaforo())
