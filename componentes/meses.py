"""Meses del cronograma: siempre el primer día del mes (`date(2020, 10, 1)`)."""

import re
from datetime import date

# «Setiembre», como se escribe en el Perú (la lectura del Excel acepta también «Septiembre»).
NOMBRES_MES = [
    "Enero", "Febrero", "Marzo", "Abril", "Mayo", "Junio",
    "Julio", "Agosto", "Setiembre", "Octubre", "Noviembre", "Diciembre",
]


class MesInvalido(ValueError):
    """Un texto que no es un mes AAAA-MM."""


# Solo dígitos ASCII (\d aceptaría "２０２１" o "٢٠٢١"), exactamente AAAA-MM, y años que un plan puede tener:
# así ningún texto llega a date() con un año que el calendario o la base no guardan.
_FORMA_MES = re.compile(r"([0-9]{4})-([0-9]{2})")
ANIO_MINIMO, ANIO_MAXIMO = 1900, 2200
LARGO_MAXIMO_TEXTO_MES = 40  # lo que se muestra de un texto rechazado en el mensaje


def primer_dia(fecha: date) -> date:
    return fecha.replace(day=1)


def siguiente(mes: date) -> date:
    return date(mes.year + mes.month // 12, mes.month % 12 + 1, 1)


def anterior(mes: date) -> date:
    return date(mes.year - (mes.month == 1), (mes.month - 2) % 12 + 1, 1)


def meses_entre(desde: date, hasta: date) -> list[date]:
    """Los meses de `desde` a `hasta`, ambos incluidos."""
    meses, mes = [], primer_dia(desde)
    while mes <= hasta:
        meses.append(mes)
        mes = siguiente(mes)
    return meses


def leer_mes(texto: str) -> date:
    """Convierte "2021-03" en date(2021, 3, 1); cualquier otra forma es un error en castellano.

    Acepta solo dígitos ASCII en la forma AAAA-MM (espacios alrededor se ignoran), mes de 01 a 12 y
    año de 1900 a 2200."""
    limpio = texto.strip() if isinstance(texto, str) else ""
    forma = _FORMA_MES.fullmatch(limpio)
    if forma:
        anio, mes = int(forma.group(1)), int(forma.group(2))
        if ANIO_MINIMO <= anio <= ANIO_MAXIMO and 1 <= mes <= 12:
            return date(anio, mes, 1)
    mostrado = str(texto)[:LARGO_MAXIMO_TEXTO_MES] + ("…" if len(str(texto)) > LARGO_MAXIMO_TEXTO_MES else "")
    raise MesInvalido(
        f"«{mostrado}» no es un mes válido: use el formato AAAA-MM (año de {ANIO_MINIMO} a {ANIO_MAXIMO}, "
        "mes de 01 a 12), por ejemplo 2021-03."
    )


def clave_mes(mes: date) -> str:
    """date(2021, 3, 1) → "2021-03", la forma que usan las URL y los archivos."""
    return f"{mes.year:04d}-{mes.month:02d}"


def abreviatura_mes(mes: date) -> str:
    """date(2021, 3, 1) → "Mar 21", para los ejes de los gráficos."""
    return f"{NOMBRES_MES[mes.month - 1][:3]} {mes.year % 100:02d}"


def nombre_mes(mes: date) -> str:
    """date(2021, 3, 1) → "Marzo 2021"."""
    return f"{NOMBRES_MES[mes.month - 1]} {mes.year}"
