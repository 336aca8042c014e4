"""El contexto de plantilla de los planes (`planes` en toda página): el plan de la página y el selector de
los demás planes abiertos. Lo registra settings.TEMPLATES como `cronograma.planes.contexto.planes`."""

from functools import cached_property

from django.urls import NoReverseMatch, reverse

from componentes.models import Plan


class SelectorDePlanes:
    """El plan de la página y los enlaces a los demás planes abiertos (una consulta, solo si se usa).

    El plan de la página es `request.plan` (lo deja `con_plan` en las páginas /planes/<id>/…); en una página
    global, el vigente: a él llevan los enlaces de la navegación."""

    def __init__(self, request):
        self.request = request

    @property
    def _de_la_pagina(self) -> Plan | None:
        return getattr(self.request, "plan", None)

    @cached_property
    def _abiertos(self) -> list[Plan]:
        return list(Plan.objects.filter(archivado=False).order_by("-vigente", "mes_inicio", "id"))

    @cached_property
    def actual(self) -> Plan | None:
        """El plan de la dirección o, si no nombra ninguno, el vigente."""
        if self._de_la_pagina is not None:
            return self._de_la_pagina
        vigente = next((p for p in self._abiertos if p.vigente), None)
        return vigente or Plan.objects.vigente()

    def _misma_seccion(self, plan: Plan) -> str:
        """La misma página en otro plan (si no nombra un objeto del plan); si no, su cronograma."""
        coincidencia = getattr(self.request, "resolver_match", None)
        if coincidencia is not None and coincidencia.url_name and set(coincidencia.kwargs) <= {"plan_id"}:
            try:
                return reverse(coincidencia.url_name, kwargs={"plan_id": plan.pk})
            except NoReverseMatch:
                pass
        return reverse("grilla", kwargs={"plan_id": plan.pk})

    @cached_property
    def otros(self) -> list[tuple[Plan, str]]:
        """Los demás planes abiertos, cada uno con el enlace a la misma sección en ese plan."""
        actual = self.actual
        return [(p, self._misma_seccion(p)) for p in self._abiertos if actual is None or p.pk != actual.pk]

    @property
    def inicio_de_planes(self) -> str:
        return reverse("planes")


def planes(request):
    return {"planes": SelectorDePlanes(request)}
