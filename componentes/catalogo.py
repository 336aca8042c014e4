"""El catálogo de un plan cargado de una vez, y las filas hoja donde se registra avance.

Una fila hoja es una subactividad, o una actividad sin subactividades (componente 7). `ClaveFila`
las nombra igual a ambas, para que el código de arriba nunca pregunte "¿es actividad o subactividad?".
"""

from dataclasses import dataclass
from functools import cached_property

from django.db.models import Prefetch

from componentes.models import Actividad, Componente, Plan, Responsable, Subactividad, atributo_precargado, cargados


@dataclass(frozen=True, order=True)
class ClaveFila:
    actividad_id: int
    subactividad_id: int | None = None


@dataclass(frozen=True)
class Hoja:
    """Una fila donde se registra avance, con lo que las pantallas necesitan de ella."""

    clave: ClaveFila
    codigo: str
    nombre: str
    componente: Componente
    actividad: Actividad
    subactividad: Subactividad | None
    responsables: tuple[Responsable, ...]

    @property
    def siglas(self) -> str:
        return " / ".join(r.sigla for r in self.responsables)

    @property
    def responsable_ids(self) -> frozenset[int]:
        return frozenset(r.id for r in self.responsables)

    @property
    def peso(self):
        return (self.subactividad or self.actividad).peso


def _unidades() -> Prefetch:
    # Como lista (to_attr), no como manager por fila: en 7.000 filas Django armaría 7.000 managers y
    # querysets solo para guardar la lista; responsables_efectivos() la lee con `cargados`.
    return Prefetch("responsables", queryset=Responsable.objects.all(), to_attr=atributo_precargado("responsables"))


def componentes_con_filas(plan: Plan):
    """Los componentes del plan con actividades, subactividades y unidades, en orden natural (5 consultas)."""
    subactividades = Subactividad.objects.order_by("numero").prefetch_related(_unidades())
    # También como lista: 1.600 actividades eran 1.600 querysets clonados (0,3 s). Se leen con `cargados`.
    actividades = Actividad.objects.order_by("numero").prefetch_related(
        _unidades(), Prefetch("subactividades", queryset=subactividades, to_attr=atributo_precargado("subactividades"))
    )
    return (
        Componente.objects.filter(plan=plan)
        .order_by("numero")
        .prefetch_related(Prefetch("actividades", queryset=actividades))
    )


def hojas_de_actividad(actividad: Actividad) -> list[Hoja]:
    subactividades = cargados(actividad, "subactividades")
    if not subactividades:
        return [
            Hoja(
                clave=ClaveFila(actividad.id),
                codigo=actividad.codigo,
                nombre=actividad.nombre,
                componente=actividad.componente,
                actividad=actividad,
                subactividad=None,
                responsables=tuple(actividad.responsables_efectivos()),
            )
        ]
    return [
        Hoja(
            clave=ClaveFila(actividad.id, sub.id),
            codigo=sub.codigo,
            nombre=sub.nombre,
            componente=actividad.componente,
            actividad=actividad,
            subactividad=sub,
            responsables=tuple(sub.responsables_efectivos()),
        )
        for sub in subactividades
    ]


class Catalogo:
    """El árbol de un plan ya cargado: se recorre sin más consultas."""

    def __init__(self, plan: Plan):
        self.plan = plan
        self.componentes: list[Componente] = list(componentes_con_filas(plan))

    @cached_property
    def hojas_por_actividad(self) -> dict[int, list[Hoja]]:
        return {actividad.id: hojas_de_actividad(actividad) for actividad in self.actividades()}

    @cached_property
    def hojas(self) -> list[Hoja]:
        return [hoja for hojas in self.hojas_por_actividad.values() for hoja in hojas]

    @cached_property
    def hojas_por_codigo(self) -> dict[str, Hoja]:
        return {hoja.codigo: hoja for hoja in self.hojas}

    @cached_property
    def hojas_por_clave(self) -> dict[ClaveFila, Hoja]:
        return {hoja.clave: hoja for hoja in self.hojas}

    def actividades(self):
        for componente in self.componentes:
            yield from componente.actividades.all()
