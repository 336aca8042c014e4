"""Un plan pequeño, armado a mano, para las pruebas de la gestión del mes (evidencias, cierres,
pendientes, recordatorios, tablero). Se importa como fixture: `from tests.cronograma.mensual.escenario import mes_chico`.

Noviembre 2020, fila por fila:
- 1.1.1 SDLGAT, programada en Nov, sin registro en Nov               → pendiente (programada en el mes)
- 1.1.2 DRTPELM, programada en Nov, 50 % en Nov                      → al día
- 1.1.3 SDLGAT / DRTPELM, programada en Oct, 30 % en Oct             → pendiente de ambas (en ejecución)
- 1.2.1 OGPP, programada en Oct, 100 % en Oct                        → concluida, no pendiente
- 1.2.2 OGPP, programada solo en Dic, sin registros                  → aún no le toca
- 2.1   OGRH (actividad sin subactividades), programada en Oct, nada → pendiente (programada antes, sin iniciar)
"""

from dataclasses import dataclass
from datetime import date

import pytest

from tests.factories import (
    crear_actividad, crear_componente, crear_plan, crear_subactividad, crear_usuario, programar, registrar,
)

OCT, NOV, DIC = date(2020, 10, 1), date(2020, 11, 1), date(2020, 12, 1)


@dataclass
class MesChico:
    plan: object
    coordinador: object
    sdlgat: object
    drtpelm: object
    ogrh: object
    avance_nov: object  # el avance de 1.1.2 en noviembre (DRTPELM)


def armar_mes_chico() -> MesChico:
    plan = crear_plan()
    c1 = crear_componente(plan, 1)
    a11 = crear_actividad(c1, 1)
    crear_subactividad(a11, 1, unidades=("SDLGAT",))
    crear_subactividad(a11, 2, unidades=("DRTPELM",))
    crear_subactividad(a11, 3, unidades=("SDLGAT", "DRTPELM"))
    a12 = crear_actividad(c1, 2, unidades=("OGPP",))
    crear_subactividad(a12, 1)
    crear_subactividad(a12, 2)
    crear_actividad(crear_componente(plan, 2), 1, unidades=("OGRH",))
    for codigo, mes in [("1.1.1", NOV), ("1.1.2", NOV), ("1.1.3", OCT), ("1.2.1", OCT), ("1.2.2", DIC), ("2.1", OCT)]:
        programar(plan, codigo, mes)
    avance_nov = registrar(plan, "1.1.2", NOV, 50)
    registrar(plan, "1.1.3", OCT, 30)
    registrar(plan, "1.2.1", OCT, 100)
    return MesChico(
        plan=plan,
        coordinador=crear_usuario("coordinadora", unidades=("OGPP",), email="ogpp@example.org"),
        sdlgat=crear_usuario("sdlgat1", unidades=("SDLGAT",), email="sdlgat1@example.org"),
        drtpelm=crear_usuario("drtpelm1", unidades=("DRTPELM",), email="drtpelm1@example.org"),
        ogrh=crear_usuario("ogrh1", unidades=("OGRH",)),
        avance_nov=avance_nov,
    )


@pytest.fixture
def mes_chico(db, settings) -> MesChico:
    # Cinco usuarios por prueba: un hash de contraseña rápido evita segundos de PBKDF2.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return armar_mes_chico()
