"""El catálogo de un plan cargado de una vez, y las filas hoja donde se registra avance.

Una fila hoja es una subactividad, o una actividad sin subactividades (componente 7). `ClaveFila`
las nombra igual a ambas, para que el código de arriba nunca pregunte "¿es actividad o subactividad?".
"""

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from django.db.models import Prefetch, Q

from calidad.lectores import ValorInvalido, leer_codigo
from componentes.models import Actividad, Componente, Plan, Responsable, Subactividad, atributo_precargado, cargados


class ClaveFila(NamedTuple):
    """Nombra una fila hoja: su actividad y, si es una subactividad, la subactividad. Es una tupla con
    nombre (no un dataclass): es la llave de todos los diccionarios del avance, y a 7.000 filas su hash y su
    comparación en Python costaban décimas de segundo por página (issue 24)."""

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
    _precargar_unidades(componentes, unidades_de([plan]))
    return componentes


@dataclass(frozen=True)
class UnidadesDeFilas:
    """Las unidades asignadas a cada actividad y subactividad (por id), en el orden de Responsable (orden, sigla)."""

    de_actividades: dict[int, list[Responsable]]
    de_subactividades: dict[int, list[Responsable]]

    @property
    def siglas(self) -> list[str]:
        """Las siglas de las unidades asignadas a alguna actividad o subactividad, en orden alfabético."""
        return sorted({r.sigla for por_objeto in (self.de_actividades, self.de_subactividades)
                       for responsables in por_objeto.values() for r in responsables})


def unidades_de(planes: list[Plan]) -> UnidadesDeFilas:
    """Las unidades de cada actividad y subactividad de los planes desde las tablas intermedias (una consulta
    por nivel, filtrada por plan, en vez de un IN con miles de objetos). Se leen en tuplas y cada unidad se
    arma una vez (no una por fila de la tabla intermedia: a 100 planes eran 8.000 objetos, issue 24)."""
    ids = [plan.pk for plan in planes]
    campos = [campo.attname for campo in Responsable._meta.concrete_fields]
    armadas: dict[int, Responsable] = {}
    leidas = []
    for modelo, camino in ((Actividad, "actividad__componente__plan"), (Subactividad, "subactividad__actividad__componente__plan")):
        filas = (modelo.responsables.through.objects.filter(**{f"{camino}__in": ids})
                 .order_by("responsable__orden", "responsable__sigla")
                 .values_list(f"{modelo._meta.model_name}_id", *[f"responsable__{campo}" for campo in campos]))
        por_objeto: dict[int, list[Responsable]] = defaultdict(list)
        for objeto_id, *valores in filas:
            responsable = armadas.get(valores[0])
            if responsable is None:
                responsable = armadas[valores[0]] = Responsable.from_db(Responsable.objects.db, campos, valores)
            por_objeto[objeto_id].append(responsable)
        leidas.append(dict(por_objeto))
    return UnidadesDeFilas(*leidas)


def _precargar_unidades(componentes: list[Componente], unidades: UnidadesDeFilas) -> None:
    """Deja las unidades de cada actividad y subactividad cargadas como listas (las lee `cargados`)."""
    actividades = [a for c in componentes for a in cargados(c, "actividades")]
    subactividades = [s for a in actividades for s in cargados(a, "subactividades")]
    for objetos, por_objeto in ((actividades, unidades.de_actividades), (subactividades, unidades.de_subactividades)):
        for objeto in objetos:
            setattr(objeto, atributo_precargado("responsables"), por_objeto.get(objeto.id, []))


def _de_las_unidades(siglas: frozenset[str]) -> Q:
    """Las actividades con alguna fila de esas unidades, o alguna más: las asignadas a una de ellas o con una
    subactividad asignada a una de ellas. Es un superconjunto de las actividades con filas cuyas
    `responsables_efectivos` incluyen una de esas unidades (una fila hereda las de su actividad, o las
    propias de sus subactividades): quién ve qué fila lo decide después cronograma.permisos, fila por fila."""
    siglas = sorted(siglas)
    propias = Actividad.responsables.through.objects.filter(responsable__sigla__in=siglas).values("actividad_id")
    de_subactividades = (Subactividad.responsables.through.objects.filter(responsable__sigla__in=siglas)
                         .values("subactividad__actividad_id"))
    return Q(id__in=propias) | Q(id__in=de_subactividades)


def catalogos_de(planes: list[Plan], *, siglas: frozenset[str] | None = None,
                 unidades: UnidadesDeFilas | None = None) -> dict[int, "Catalogo"]:
    """Los catálogos de varios planes con las mismas 5 consultas que uno (issue 13: Mis actividades, la
    vista general y los recordatorios de todos los planes abiertos no crecen con el número de planes).

    `siglas`: solo las actividades con filas de esas unidades (`_de_las_unidades`; None, todas): la hoja del
    mes de una unidad no arma los objetos del plan entero (issue 24). `unidades`: las de `unidades_de`,
    si ya se leyeron (la hoja las lee antes, para el selector de la coordinación)."""
    por_id = {plan.pk: plan for plan in planes}
    subactividades = Subactividad.objects.order_by("numero")
    actividades = Actividad.objects.order_by("numero").prefetch_related(
        Prefetch("subactividades", queryset=subactividades, to_attr=atributo_precargado("subactividades"))
    )
    if siglas is not None:
        actividades = actividades.filter(_de_las_unidades(siglas))
    # Las actividades también como listas (to_attr): un prefetch común arma un QuerySet por componente, y con
    # 100 planes abiertos (700 componentes) eso costaba más que leer las actividades (issue 24).
    componentes = list(
        Componente.objects.filter(plan_id__in=list(por_id)).order_by("plan_id", "numero")
        .prefetch_related(Prefetch("actividades", queryset=actividades, to_attr=atributo_precargado("actividades")))
    )
    _precargar_unidades(componentes, unidades or unidades_de(planes))
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
    """El árbol de un plan ya cargado: se recorre sin más consultas. Puede ser una parte del plan (las
    actividades de algunas unidades: `catalogos_de(..., siglas=...)`), con todos sus componentes."""

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
            yield from cargados(componente, "actividades")


def _numeros_de_codigo(codigo: str) -> tuple[int, ...] | None:
    """"3.10.2" → (3, 10, 2); None si no es un código de fila hoja bien formado."""
    try:
        numeros = leer_codigo(codigo)  # el lector de códigos: cifras ASCII, de 1 a 4 por número
    except ValorInvalido:
        return None
    return numeros if len(numeros) in (2, 3) and codigo == ".".join(map(str, numeros)) else None


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
