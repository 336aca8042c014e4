"""`{% url_plan 'compromiso' plan compromiso_id=c.pk %}`: la dirección de una página de ese plan."""

from django import template

from cronograma.seguimiento.direcciones import url_del_plan

register = template.Library()


@register.simple_tag
def url_plan(nombre, plan, **kwargs):
    return url_del_plan(nombre, plan, **kwargs)
