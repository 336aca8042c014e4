"""Las cifras de UNA fila hoja y de los consolidados que la contienen (su actividad, su componente y el
plan), sin cargar el plan entero: lo que necesitan la página de la fila, el formulario de la celda y el
guardado, que es lo que todos usan a la vez los últimos días de cada mes.

Las reglas son las de `cronograma.avance` (la única fuente de porcentajes): aquí solo cambia cómo se
leen los datos. En vez del catálogo con sus objetos y el libro de avances entero (`Seguimiento`), se
leen tuplas:
- el árbol del plan con sus pesos (una consulta de `values_list`, en el mismo orden natural que el
  catálogo, porque la suma en Decimal depende del orden);
- la programación de la versión vigente al corte, por `avance.programaciones_del_plan` (la única lectura
  de la programación) y `avance.programacion_vigente` (dos consultas); las filas que no son de esa
  versión no cuentan en los consolidados, como en `Seguimiento.al_corte`;
- el último % de cada fila hasta el corte, ya elegido por la base (una consulta con ventana);
- el libro de la fila (sus avances de todos los meses: el formulario y los medios de verificación).
Y se consolida con el mismo recorrido que el cálculo completo (`avance.consolidar`, con `ejecutado_al`, `programado_al`, `cifras`), en
el mismo orden, así que las cifras son exactamente las del cálculo completo:
`tests/cronograma/test_consolidados.py` lo comprueba con Hypothesis en planes y escrituras al azar.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import F, Max, Window

from componentes.catalogo import ClaveFila, Hoja
from componentes.models import Componente
from cronograma import ciclo
from cronograma.avance import (
    CERO, Arbol, Cifras, cifras, consolidar, mes_exigible, programaciones_del_plan, programacion_vigente, valores_al,
)
from cronograma.models import Avance


@dataclass(frozen=True)
class AvanceDeFila:
    """Una fila hoja al mes de corte: su libro, su programación, sus cifras y las de sus consolidados."""

    hoja: Hoja
    corte: date
    registros: dict[date, Avance]  # el libro de la fila, todos sus meses
    meses_programados: tuple[date, ...]
    fila: Cifras
    actividad: Cifras
    componente: Cifras
    plan: Cifras

    def registro(self, mes: date) -> Avance | None:
        """El avance registrado para ese mes exactamente (el que edita un formulario)."""
        return self.registros.get(mes)

    @property
    def libro(self) -> list[Avance]:
        """Los avances de la fila, del mes más antiguo al último."""
        return [self.registros[mes] for mes in sorted(self.registros)]


def libro_de_fila(hoja: Hoja) -> dict[date, Avance]:
    """Los avances de la fila hoja, por mes (una consulta)."""
    avances = Avance.objects.filter(**hoja.clave.filtro).order_by()  # un dict por mes: el orden no importa
    return {avance.mes: avance for avance in avances}


def ultimos_al_corte(plan, corte: date) -> dict[ClaveFila, Decimal]:
    """El último % acumulado registrado hasta `corte` de cada fila hoja que tiene alguno (una consulta:
    la base elige, por fila, el registro del mayor mes ≤ corte)."""
    avances = (
        Avance.objects.del_plan(plan).filter(mes__lte=corte)
        .annotate(ultimo_mes=Window(Max("mes"), partition_by=[F("actividad_id"), F("subactividad_id")]))
        .filter(mes=F("ultimo_mes"))
        .order_by()  # un dict por fila: sin el orden del modelo, la base no ordena ni Django lo compila
        .values_list("actividad_id", "subactividad_id", "porcentaje")
    )
    return {ClaveFila(actividad_id, subactividad_id): porcentaje for actividad_id, subactividad_id, porcentaje in avances}


def arbol_del_plan(plan) -> Arbol:
    """Componentes, actividades y filas hoja del plan con sus pesos, en el orden del catálogo (una consulta,
    con LEFT JOIN: un componente sin actividades queda con su lista vacía y una actividad sin subactividades
    es su propia fila hoja, como en el catálogo)."""
    return arboles_de_planes([plan])[plan.pk]


def arboles_de_planes(planes) -> dict[int, Arbol]:
    """`arbol_del_plan` de varios planes en la misma consulta (la hoja del mes y la vista general de muchos
    planes: las cifras de todo el plan sin armar su catálogo, issue 24)."""
    arboles: dict[int, Arbol] = {plan.pk: [] for plan in planes}
    filas = (
        Componente.objects.filter(plan__in=list(arboles))
        .order_by("plan_id", "numero", "actividades__numero", "actividades__subactividades__numero")
        .values_list("plan_id", "id", "peso", "actividades__id", "actividades__peso",
                     "actividades__subactividades__id", "actividades__subactividades__peso")
    )
    for plan_id, componente_id, peso, actividad_id, peso_actividad, sub_id, peso_sub in filas:
        arbol = arboles[plan_id]
        if not arbol or arbol[-1][0] != componente_id:
            arbol.append((componente_id, peso, []))
        if actividad_id is None:
            continue
        actividades = arbol[-1][2]
        if not actividades or actividades[-1][0] != actividad_id:
            actividades.append((actividad_id, peso_actividad, []))
        hoja = (ClaveFila(actividad_id, sub_id), peso_sub) if sub_id is not None else (ClaveFila(actividad_id), peso_actividad)
        actividades[-1][2].append(hoja)
    return arboles


def avance_de_fila(hoja: Hoja, corte: date) -> AvanceDeFila:
    """Las cifras de la fila, su actividad, su componente y el plan al corte, en 5 consultas de tuplas."""
    plan = hoja.componente.plan
    vigente = programacion_vigente(programaciones_del_plan(plan), corte)
    programacion, fuera = vigente.meses, vigente.fuera
    ultimos = ultimos_al_corte(plan, corte)
    por_iniciar = not ciclo.mes_iniciado(corte)  # el mismo gris «Por iniciar» que avance.py
    exigible = mes_exigible(corte)  # y en el mes en curso, la misma medida contra lo exigible

    def valores_de_hoja(clave: ClaveFila) -> tuple[Decimal, ...]:
        return valores_al(ultimos.get(clave, CERO), programacion.get(clave, ()), corte, exigible)

    consolidado = consolidar(arbol_del_plan(plan), valores_de_hoja, fuera, ancho=2 if exigible is None else 3)
    return AvanceDeFila(
        hoja=hoja,
        corte=corte,
        registros=libro_de_fila(hoja),
        meses_programados=tuple(sorted(programacion.get(hoja.clave, ()))),
        fila=cifras(*consolidado.hojas[hoja.clave], por_iniciar=por_iniciar),
        actividad=cifras(*consolidado.actividades[hoja.clave.actividad_id], por_iniciar=por_iniciar),
        componente=cifras(*consolidado.componentes[hoja.componente.id], por_iniciar=por_iniciar),
        plan=cifras(*consolidado.plan, por_iniciar=por_iniciar),
    )
