"""Qué delata en una página que algo que aún no empieza se muestra como atrasado (issue 21).

Lo usan tests/cronograma/test_ciclo.py y el recorrido (tests/test_recorrido.py): un plan o un mes «Por
iniciar» nunca sale «Retrasada», en rojo o ámbar, pendiente ni «(mes cerrado)».
"""

import re

from cronograma.avance import regla_estado_semaforo

_MARCAS = [
    ("Retrasada", re.compile(r"(?<!«)\bRetrasada\b(?!s)")),  # el estado, no «Retrasadas» de una explicación
    ("rojo", re.compile(r"Rojo: avance|semaforo rojo")),
    ("ámbar", re.compile(r"Ámbar: avance|semaforo ambar")),
    ("mes cerrado", re.compile(r"\(mes cerrado\)|está cerrado en este plan")),
]


def marcas_de_atraso(html: str) -> list[str]:
    """Las marcas de atraso o cierre que hay en `html` (sin contar la regla de colores, que las nombra)."""
    texto = html.replace(regla_estado_semaforo(), "")
    return [nombre for nombre, patron in _MARCAS if patron.search(texto)]
