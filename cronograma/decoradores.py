"""Decoradores de vistas que aplican las reglas de cronograma/permisos.py."""

from functools import wraps

from django.core.exceptions import PermissionDenied

from cronograma.permisos import perfil_de_peticion


def solo_coordinacion(vista):
    """Solo la coordinación (OGPP) y los superusuarios; los demás reciben 403.

    Marca la vista con `solo_coordinacion = True`: tests/test_seguridad.py recorre las URL y comprueba
    que el personal de una unidad recibe 403 en cada vista marcada. `functools.wraps` copia la marca si
    se envuelve con otros decoradores.
    """

    @wraps(vista)
    def envoltura(request, *args, **kwargs):
        if not perfil_de_peticion(request).coordinador:
            raise PermissionDenied("Esta página es solo para la coordinación del plan.")
        return vista(request, *args, **kwargs)

    envoltura.solo_coordinacion = True
    return envoltura
