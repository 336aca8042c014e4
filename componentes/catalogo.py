"""El catálogo de un plan cargado de una vez, y las filas hoja donde se registra avance.

Una fila hoja es una subactividad, o una actividad sin subactividades (componente 7). `ClaveFila`
las nombra igual a ambas, para que el código de arriba nunca pregunte "¿es actividad o subactividad?".
"""

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Prefetch

from componentes.models import Actividad, Componente, Plan, Responsable, Subactividad, atributo_precargado, cargados


@dataclass(frozen=True, order=True)
class ClaveFila:
    actividad_id: int
    subactividad_id: int | None = None

    @property
    def filtro(self) -> dict:
        """Los campos que identifican la fila hoja en MesProgramado y Avance (para filter/create)."""
        return {"actividad_id": self.actividad_id, "subactividad_id": self.subactividad_id}


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


def componentes_con_filas(plan: Plan) -> list[Componente]:
    """Los componentes del plan con actividades, subactividades y unidades, en orden natural (5 consultas).

    Subactividades y unidades quedan como listas (Prefetch con to_attr, y `_precargar_unidades`), que
    se leen con `cargados`: un prefetch_related común arma un manager y un queryset por objeto, y en un
    plan de 7.000 filas eso costaba más que leer los datos (0,3 s las subactividades, 0,3 s las unidades).
    """
    subactividades = Subactividad.objects.order_by("numero")
    actividades = Actividad.objects.order_by("numero").prefetch_related(
        Prefetch("subactividades", queryset=subactividades, to_attr=atributo_precargado("subactividades"))
    )
    componentes = list(
        Componente.objects.filter(plan=plan).order_by("numero").prefetch_related(Prefetch("actividades", queryset=actividades))
    )
    _precargar_unidades(plan, componentes)
    return componentes


def _precargar_unidades(plan: Plan | None, componentes: list[Componente], *, planes: list[int] | None = None) -> None:
    """Las unidades de cada actividad y subactividad desde las tablas intermedias (una consulta por nivel,
    filtrada por plan, en vez de un IN con miles de objetos), en el orden de Responsable (orden, sigla)."""
    actividades = [a for c in componentes for a in cargados(c, "actividades")]
    subactividades = [s for a in actividades for s in cargados(a, "subactividades")]
    for modelo, objetos, camino in ((Actividad, actividades, "actividad__componente__plan"),
                                    (Subactividad, subactividades, "subactividad__actividad__componente__plan")):
        columna = f"{modelo._meta.model_name}_id"
        filtro = {camino: plan} if planes is None else {f"{camino}__in": planes}
        filas = (modelo.responsables.through.objects.filter(**filtro).select_related("responsable")
                 .order_by("responsable__orden", "responsable__sigla"))
        por_objeto: dict[int, list[Responsable]] = defaultdict(list)
        for fila in filas:
            por_objeto[getattr(fila, columna)].append(fila.responsable)
        for objeto in objetos:
            setattr(objeto, atributo_precargado("responsables"), por_objeto.get(objeto.id, []))


def catalogos_de(planes: list[Plan]) -> dict[int, "Catalogo"]:
    """Los catálogos de varios planes con las mismas 5 consultas que uno (issue 13: Mis actividades, la
    vista general y los recordatorios de todos los planes abiertos no crecen con el número de planes)."""
    por_id = {plan.pk: plan for plan in planes}
    subactividades = Subactividad.objects.order_by("numero")
    actividades = Actividad.objects.order_by("numero").prefetch_related(
        Prefetch("subactividades", queryset=subactividades, to_attr=atributo_precargado("subactividades"))
    )
    componentes = list(
        Componente.objects.filter(plan_id__in=list(por_id)).order_by("plan_id", "numero")
        .prefetch_related(Prefetch("actividades", queryset=actividades))
    )
    _precargar_unidades(None, componentes, planes=list(por_id))
    del_plan: dict[int, list[Componente]] = defaultdict(list)
    for componente in componentes:
        componente.plan = por_id[componente.plan_id]  # sin otra consulta por componente
        del_plan[componente.plan_id].append(componente)
    return {plan_id: Catalogo(plan, del_plan.get(plan_id, [])) for plan_id, plan in por_id.items()}


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

    def __init__(self, plan: Plan, componentes: list[Componente] | None = None):
        self.plan = plan
        self.componentes: list[Componente] = componentes_con_filas(plan) if componentes is None else componentes

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


MAYOR_NUMERO = 32767  # PositiveSmallIntegerField: un número mayor haría fallar la consulta en PostgreSQL


def _numeros_de_codigo(codigo: str) -> tuple[int, ...] | None:
    """"3.10.2" → (3, 10, 2); None si no es un código de fila hoja bien formado."""
    partes = codigo.split(".")
    if len(partes) not in (2, 3) or not all(p.isascii() and p.isdigit() for p in partes):
        return None
    numeros = tuple(int(p) for p in partes)
    return numeros if all(1 <= n <= MAYOR_NUMERO for n in numeros) else None


def _unidades_de(filtro: dict) -> list[Responsable]:
    return list(Responsable.objects.filter(**filtro).order_by("orden", "sigla"))


def _una_o_ninguna(consulta):
    """El único objeto de `consulta` (a lo más uno, por las restricciones de unicidad) o None, sin el orden
    por omisión del modelo: el de Subactividad une tres tablas solo para ordenar (issue 16)."""
    return next(iter(consulta.order_by()[:1]), None)


def hoja_por_codigo(plan: Plan, codigo: str) -> Hoja | None:
    """La fila hoja `codigo` del plan con sus unidades, sin cargar el catálogo entero (2 o 3 consultas),
    o None si el plan no tiene una fila hoja con ese código. Es la misma `Hoja` que arma `Catalogo`."""
    numeros = _numeros_de_codigo(codigo)
    if numeros is None:
        return None
    if len(numeros) == 3:
        sub = _una_o_ninguna(
            Subactividad.objects.del_plan(plan).filter(actividad__componente__numero=numeros[0],
                                        actividad__numero=numeros[1], numero=numeros[2])
            .select_related("actividad__componente")
        )
        if sub is None:
            return None
        actividad = sub.actividad
        # Las unidades de la subactividad; si no tiene, las de su actividad (Subactividad.responsables_efectivos).
        propias = _unidades_de({"subactividades": sub})
        setattr(sub, atributo_precargado("responsables"), propias)
        setattr(actividad, atributo_precargado("responsables"), [] if propias else _unidades_de({"actividades": actividad}))
        setattr(actividad, atributo_precargado("subactividades"), [sub])  # la Hoja solo mira esta
    else:
        actividad = _una_o_ninguna(
            Actividad.objects.del_plan(plan).filter(componente__numero=numeros[0], numero=numeros[1])
            .select_related("componente")
        )
        if actividad is None or Subactividad.objects.filter(actividad=actividad).exists():
            return None  # una actividad con subactividades no es fila hoja
        setattr(actividad, atributo_precargado("subactividades"), [])
        setattr(actividad, atributo_precargado("responsables"), _unidades_de({"actividades": actividad}))
    actividad.componente.plan = plan
    return hojas_de_actividad(actividad)[0]
