"""Lo que el <head> de cada página lleva en línea (issue 24).

El CSS del sitio (static/css/calidad.css) se escribe dentro de un <style>: con 2 s de ida y vuelta, una hoja de
estilos enlazada bloqueaba el primer pintado un viaje más. El texto es el de `settings.CSS_EN_LINEA`, el mismo
cuyo hash permite la CSP: si se cambia el archivo, ambos cambian juntos al reiniciar.
"""

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def estilos_del_sitio() -> str:
    # Texto propio (del repositorio, no del usuario): no se escapa, o cambiaría el hash que permite la CSP.
    return mark_safe(f"<style>{settings.CSS_EN_LINEA}</style>")
