"""Filtros de fecha de las listas del admin leídos con el lector de enteros (issue 22).

El admin pasa `?campo__year=`, `__month=`, `__day=`… a la consulta tal cual: `?mes__year=0` llegaba a
`date(0, 1, 1)` al armar el SQL (un 500), un año de 10 cifras desbordaba el entero de PostgreSQL y
«²» pasaba `isdigit()`. Este middleware revisa esas partes de fecha en toda lista del admin (también las
de usuarios y grupos) antes de la vista; un valor fuera de su rango vuelve a la lista con «?e=1», como
Django hace con cualquier otro filtro inválido.
"""

from django.contrib.admin.views.main import ERROR_FLAG
from django.http import HttpResponseRedirect

from calidad.lectores import entero_o_none

# Parte de la fecha → (mínimo, máximo). Año hasta 9998: la jerarquía de fechas suma un año al filtrar.
PARTES_DE_FECHA = {
    "year": (1, 9998), "iso_year": (1, 9998), "month": (1, 12), "day": (1, 31), "week": (1, 53),
    "week_day": (1, 7), "iso_week_day": (1, 7), "quarter": (1, 4), "hour": (0, 23), "minute": (0, 59),
    "second": (0, 59),
}
# Comparaciones que pueden seguir a una parte de fecha (`mes__year__gte=`).
COMPARACIONES = {"exact", "gt", "gte", "lt", "lte"}


def _parte_de_fecha(clave: str) -> tuple[int, int] | None:
    partes = clave.split("__")
    if len(partes) >= 3 and partes[-1] in COMPARACIONES:
        partes = partes[:-1]
    return PARTES_DE_FECHA.get(partes[-1]) if len(partes) >= 2 else None


def filtro_de_fecha_invalido(parametros) -> bool:
    """¿Algún `campo__parte=` de la consulta no es un entero ASCII dentro del rango de esa parte?"""
    for clave, valores in parametros.lists():
        rango = _parte_de_fecha(clave)
        if rango and any(entero_o_none(valor, minimo=rango[0], maximo=rango[1]) is None for valor in valores):
            return True
    return False


class FiltrosDelAdminMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, vista, args, kwargs):
        ruta = request.resolver_match
        es_lista = ruta is not None and ruta.namespace == "admin" and (ruta.url_name or "").endswith("_changelist")
        if es_lista and ERROR_FLAG not in request.GET and filtro_de_fecha_invalido(request.GET):
            return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")
        return None
