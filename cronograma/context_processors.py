"""Lo que la navegación de base.html necesita en toda página: el perfil y lo que puede hacer (calculado en
permisos.py; lo calcula PerfilMiddleware) y los planes."""

from functools import cached_property

from componentes.models import Plan
from componentes.planes import plan_nombrado
from cronograma.permisos import lo_que_puede, perfil_de_peticion


def perfil(request):
    perfil = perfil_de_peticion(request)
    return {"perfil": perfil, "puede": lo_que_puede(perfil)}


class SelectorDePlanes:
    """El plan de la página y los enlaces a los demás planes abiertos (una consulta, solo si se usa)."""

    def __init__(self, request):
        self.request = request

    @cached_property
    def _abiertos_y_nombrado(self) -> list[Plan]:
        nombrado = plan_nombrado()
        planes = Plan.objects.filter(archivado=False)
        if nombrado is not None:
            planes = Plan.objects.filter(archivado=False) | Plan.objects.filter(pk=nombrado)
        return list(planes.order_by("-vigente", "mes_inicio", "id"))

    @cached_property
    def actual(self) -> Plan | None:
        """El plan que nombra la dirección o, si no nombra ninguno, el vigente."""
        nombrado = plan_nombrado()
        planes = self._abiertos_y_nombrado
        if nombrado is not None:
            return next((p for p in planes if p.pk == nombrado), None)
        vigente = next((p for p in planes if p.vigente), None)
        return vigente or Plan.objects.vigente()

    @cached_property
    def otros(self) -> list[tuple[Plan, str]]:
        """Los demás planes abiertos, cada uno con el enlace a la misma sección en ese plan."""
        coincidencia = getattr(self.request, "resolver_match", None)
        mismo_lugar = coincidencia is not None and not coincidencia.args and not coincidencia.kwargs
        ruta = self.request.path_info.lstrip("/") if mismo_lugar else ""
        base = getattr(self.request, "prefijo_sin_plan", "/")
        actual = self.actual
        return [(p, f"{base}planes/{p.pk}/{ruta}") for p in self._abiertos_y_nombrado
                if not p.archivado and (actual is None or p.pk != actual.pk)]

    @property
    def inicio_de_planes(self) -> str:
        return f"{getattr(self.request, 'prefijo_sin_plan', '/')}planes/"


def planes(request):
    return {"planes": SelectorDePlanes(request)}
