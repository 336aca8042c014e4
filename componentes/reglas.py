"""Objeciones que otras apps ponen a un cambio del catálogo, sin que `componentes` las importe.

`componentes` nunca importa `cronograma`; pero agregar una subactividad bajo una actividad que ya tiene
avance como fila hoja dejaría ese avance huérfano (y rota su página de evidencias). `cronograma` registra
aquí su objeción al arrancar (`CronogramaConfig.ready`), y `Subactividad.clean()` la consulta: así la
regla vale en el admin, en su importación y en cualquier formulario que valide el modelo.
"""

from collections.abc import Callable

_OBJECIONES_A_SUBACTIVIDAD: list[Callable] = []


def objecion_a_subactividad(funcion: Callable) -> Callable:
    """Registra `funcion(actividad) -> str | None`: el motivo para no agregar una subactividad, o None."""
    if funcion not in _OBJECIONES_A_SUBACTIVIDAD:
        _OBJECIONES_A_SUBACTIVIDAD.append(funcion)
    return funcion


def objeciones_a_subactividad(actividad) -> list[str]:
    return [motivo for funcion in _OBJECIONES_A_SUBACTIVIDAD if (motivo := funcion(actividad))]
