"""Meses del cronograma: siempre el primer día del mes (`date(2020, 10, 1)`)."""

from datetime import date

from calidad import lectores
from calidad.lectores import ANIO_MAXIMO, ANIO_MINIMO, ValorInvalido  # noqa: F401 (se importan de aquí)

# «Setiembre», como se escribe en el Perú (la lectura del Excel acepta también «Septiembre»).
NOMBRES_MES = [
    "Enero", "Febrero", "Marzo", "Abril", "Mayo", "Junio",
    "Julio", "Agosto", "Setiembre", "Octubre", "Noviembre", "Diciembre",
]


class MesInvalido(ValorInvalido):
    """Un texto que no es un mes AAAA-MM."""



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
    año de 1900 a 2200 (el lector de meses de `calidad.lectores`)."""
    try:
        return lectores.leer_mes(texto)
    except ValorInvalido as error:
        raise MesInvalido(str(error)) from None


def clave_mes(mes: date) -> str:
    """date(2021, 3, 1) → "2021-03", la forma que usan las URL y los archivos."""
    return f"{mes.year:04d}-{mes.month:02d}"


def abreviatura_mes(mes: date) -> str:
    """date(2021, 3, 1) → "Mar 21", para los ejes de los gráficos."""
    return f"{NOMBRES_MES[mes.month - 1][:3]} {mes.year % 100:02d}"


def nombre_mes(mes: date) -> str:
    """date(2021, 3, 1) → "Marzo 2021"."""
    return f"{NOMBRES_MES[mes.month - 1]} {mes.year}"
