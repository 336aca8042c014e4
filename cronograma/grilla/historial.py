"""La historia de los avances de una fila: quién, cuándo, valor anterior → nuevo y comentario.

Lee la tabla histórica de simple-history en una consulta y compara cada versión con la anterior
(porcentaje y comentario), sin volver a la base por cada registro.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from itertools import groupby

from componentes.catalogo import Hoja
from cronograma.models import Avance

TIPOS = {"+": "Registro", "~": "Corrección", "-": "Eliminación"}


@dataclass(frozen=True)
class Cambio:
    cuando: datetime
    quien: str
    tipo: str
    antes: Decimal | None  # None en el primer registro
    despues: Decimal
    comentario: str
    comentario_cambio: bool


@dataclass(frozen=True)
class EntradaMensual:
    """Un mes de la fila: su valor actual (None si se eliminó) y todos sus cambios, del más antiguo al último."""

    mes: date
    actual: Decimal | None
    cambios: tuple[Cambio, ...]


def _cambios(versiones: list) -> tuple[Cambio, ...]:
    cambios, anterior = [], None
    for version in versiones:
        cambios.append(
            Cambio(
                cuando=version.history_date,
                quien=version.history_user.get_username() if version.history_user else "sistema",
                tipo=TIPOS.get(version.history_type, version.history_type),
                antes=anterior.porcentaje if anterior is not None else None,
                despues=version.porcentaje,
                comentario=version.comentario,
                # Comparación directa (no diff_against, que recorre los campos del modelo en cada cambio).
                comentario_cambio=anterior is None or version.comentario != anterior.comentario,
            )
        )
        anterior = version
    return tuple(cambios)


def historial_reciente(hoja: Hoja, *, limite: int | None = None) -> tuple[list[EntradaMensual], bool]:
    """(entradas, recortado). Con `limite`, lee de la base solo los `limite` cambios más recientes de la fila
    y uno más (el que dice si hay anteriores y da el «antes» de su registro): la página de la fila no crece
    con cada registro del mes (issue 16). El primer cambio mostrado de un mes recortado no tiene «antes»."""
    versiones = Avance.history.filter(**hoja.clave.filtro).select_related("history_user")
    if limite is None:
        lista = list(versiones.order_by("mes", "id", "history_date", "history_id"))
        recortado, extra = False, None
    else:
        lista = list(versiones.order_by("-history_date", "-history_id")[: limite + 1])
        recortado = len(lista) > limite
        extra = lista[-1] if recortado else None  # el más antiguo leído: solo sirve de «antes»
        lista.sort(key=lambda v: (v.mes, v.id, v.history_date, v.history_id))
    entradas = []
    for _, del_registro in groupby(lista, key=lambda v: v.id):
        del_registro = list(del_registro)
        ultima = del_registro[-1]
        cambios = _cambios(del_registro)
        if extra is not None and del_registro[0] is extra:
            cambios = cambios[1:]
            if not cambios:
                continue
        actual = None if ultima.history_type == "-" else ultima.porcentaje
        entradas.append(EntradaMensual(mes=ultima.mes, actual=actual, cambios=cambios))
    return entradas, recortado
