"""Direcciones de las páginas de un plan para los avisos y correos (fuera de una petición, o desde otra).

Toda página de un plan vive bajo /planes/<id>/… (contrato del issue 21): `url_del_plan` la arma con el id
del plan, sin depender del plan de la petición en curso.
"""

from django.urls import NoReverseMatch, get_script_prefix, reverse, set_script_prefix


def url_del_plan(nombre: str, plan, *, args=(), consulta: str = "", ancla: str = "") -> str:
    try:
        ruta = reverse(nombre, kwargs={"plan_id": plan.pk, **dict(_nombres(nombre, args))})
    except NoReverseMatch:
        # Las rutas sin plan_id (las de antes del issue 21): se prefijan con /planes/<id>/.
        prefijo = get_script_prefix()
        base = "/" if "/planes/" in prefijo else prefijo
        set_script_prefix("/")
        try:
            ruta = f"{base}planes/{plan.pk}/" + reverse(nombre, args=args).lstrip("/")
        finally:
            set_script_prefix(prefijo)
    return ruta + (f"?{consulta}" if consulta else "") + (f"#{ancla}" if ancla else "")


_ARGUMENTOS = {"fila": ("codigo",), "compromiso": ("compromiso_id",), "reporte_detalle": ("pk",),
               "version_detalle": ("numero",)}


def _nombres(nombre: str, args) -> list[tuple[str, object]]:
    return list(zip(_ARGUMENTOS.get(nombre, ()), args))
