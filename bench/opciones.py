"""Las opciones de las órdenes del banco (`bench`, `bench.perfil`, `bench.load`), leídas con mensajes en
castellano: una opción mal formada termina con el uso y qué se esperaba (código 2), nunca con una traza ni
después de una corrida de varios minutos (issue 16).

argparse escribe sus propios mensajes en inglés («invalid int value», «invalid choice»); por eso aquí
cada opción tiene su función de tipo, que dice en castellano qué no se entendió.
"""

import argparse
import os
import re
from pathlib import Path

# Los mensajes propios de argparse (sin traducción en la biblioteca estándar), en castellano.
_TRADUCCIONES = [
    (r"unrecognized arguments: (.*)", r"opciones desconocidas: \1"),
    (r"the following arguments are required: (.*)", r"faltan: \1"),
    (r"argument (\S+): expected one argument", r"\1 necesita un valor"),
    (r"argument (\S+): ignored explicit argument (.*)", r"\1 no admite el valor \2"),
    (r"ambiguous option: (.*)", r"opción ambigua: \1"),
    (r"argument (\S+): ", r"opción \1: "),
]


class Lector(argparse.ArgumentParser):
    """ArgumentParser que explica sus errores en castellano (código 2, con el uso, sin traza)."""

    def error(self, message: str):
        for patron, reemplazo in _TRADUCCIONES:
            message = re.sub(patron, reemplazo, message)
        super().error(message)


def entero(minimo: int, maximo: int | None = None):
    """Un entero entre `minimo` y `maximo` (incluidos)."""
    def leer(texto: str) -> int:
        limpio = texto.strip()
        valor = int(limpio) if limpio.isascii() and limpio.isdigit() else None
        if valor is None or valor < minimo or (maximo is not None and valor > maximo):
            rango = f"de {minimo} a {maximo}" if maximo is not None else f"desde {minimo}"
            raise argparse.ArgumentTypeError(f"«{texto}» no es un número entero {rango}.")
        return valor
    return leer


def decimal_positivo(maximo: float):
    def leer(texto: str) -> float:
        try:
            valor = float(texto.replace(",", "."))
        except ValueError:
            valor = None
        if valor is None or not 0 < valor <= maximo:
            raise argparse.ArgumentTypeError(f"«{texto}» no es un número mayor que 0 y de hasta {maximo:g}.")
        return valor
    return leer


def una_de(*opciones: str):
    """Una de `opciones` (como `choices`, pero con el mensaje en castellano)."""
    def leer(texto: str) -> str:
        if texto not in opciones:
            raise argparse.ArgumentTypeError(f"«{texto}» no es una de: {', '.join(opciones)}.")
        return texto
    return leer


def archivo_de_salida(texto: str) -> Path:
    """Un archivo que se podrá escribir al terminar: su carpeta existe y se puede escribir en ella (mejor
    saberlo antes de medir que perder la corrida al final)."""
    ruta = Path(texto)
    carpeta = ruta.parent if str(ruta.parent) else Path(".")
    if ruta.is_dir():
        raise argparse.ArgumentTypeError(f"«{texto}» es una carpeta: indique un archivo, p. ej. {ruta / 'results.json'}.")
    if not carpeta.is_dir():
        raise argparse.ArgumentTypeError(f"la carpeta «{carpeta}» no existe.")
    if not os.access(carpeta, os.W_OK) or (ruta.exists() and not os.access(ruta, os.W_OK)):
        raise argparse.ArgumentTypeError(f"no se puede escribir «{texto}».")
    return ruta


def _plan_posible(texto: str, filas: int, meses: int) -> None:
    """Un plan sintético del banco necesita al menos 2 meses y filas que se repartan en su forma."""
    from bench.forma import forma_para

    if meses < 2:
        raise argparse.ArgumentTypeError(f"«{texto}»: el plan necesita al menos 2 meses.")
    try:
        forma_para(filas)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"«{texto}»: {error}") from None


def _numeros(texto: str, cuantos: int) -> list[int] | None:
    """"70x6" → [70, 6] si son `cuantos` enteros separados por x; si no, None."""
    partes = texto.strip().lower().split("x")
    if len(partes) != cuantos or not all(p.strip().isascii() and p.strip().isdigit() for p in partes):
        return None
    return [int(p) for p in partes]


def tamanos(texto: str) -> list[tuple[int, int]]:
    """"70x6,700x12" → [(70, 6), (700, 12)]: filas y meses de cada plan del banco."""
    leidos = []
    for par in texto.split(","):
        numeros = _numeros(par, 2)
        if numeros is None:
            raise argparse.ArgumentTypeError(
                f"«{par.strip()}» no es un tamaño: use FILASxMESES separados por comas, p. ej. 70x6,700x12,7000x24."
            )
        _plan_posible(par.strip(), *numeros)
        leidos.append((numeros[0], numeros[1]))
    return leidos


def varios_planes(texto: str) -> tuple[int, int, int] | None:
    """"10x700x12" → (10, 700, 12): planes abiertos, filas y meses de cada uno; "0" → None (se omite)."""
    if texto.strip() == "0":
        return None
    numeros = _numeros(texto, 3)
    if numeros is None:
        raise argparse.ArgumentTypeError(f"«{texto}» no es PLANESxFILASxMESES (p. ej. 10x700x12), ni 0 para omitirlo.")
    planes, filas, meses = numeros
    if not 1 <= planes <= 100:
        raise argparse.ArgumentTypeError(f"«{texto}»: use de 1 a 100 planes.")
    _plan_posible(texto, filas, meses)
    return planes, filas, meses
