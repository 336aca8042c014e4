"""Dos planes abiertos con los MISMOS códigos y nombres distintos: lo que se vea de uno en el otro es un error.

- Plan A «Conciliación…» (vigente), Oct-2020 – Mar-2021; Plan B «Inspección…», Ene-2021 – Jun-2021.
- En ambos: 1.1.1 (SDLGAT) y 1.1.2 (DRTPELM), 2.1 (OGPP). Los nombres llevan la marca del plan
  («NOMBRE-A-…», «NOMBRE-B-…»), así una página o un libro se revisan buscando la marca del otro.
"""

from dataclasses import dataclass
from datetime import date

import pytest
from django.contrib.auth.models import Group

from cronograma.permisos import GRUPO_REVISORES
from tests.factories import crear_actividad, crear_componente, crear_plan, crear_subactividad, crear_usuario, programar, registrar

OCT, NOV, ENE, FEB = date(2020, 10, 1), date(2020, 11, 1), date(2021, 1, 1), date(2021, 2, 1)


@dataclass
class DosPlanes:
    a: object
    b: object
    coordinador: object
    sdlgat: object
    revisor: object


def armar_plan(marca: str, **campos):
    plan = crear_plan(**campos)
    c1 = crear_componente(plan, 1, f"NOMBRE-{marca}-componente")
    a11 = crear_actividad(c1, 1, nombre=f"NOMBRE-{marca}-actividad")
    crear_subactividad(a11, 1, unidades=("SDLGAT",), nombre=f"NOMBRE-{marca}-1.1.1")
    crear_subactividad(a11, 2, unidades=("DRTPELM",), nombre=f"NOMBRE-{marca}-1.1.2")
    crear_actividad(crear_componente(plan, 2, f"NOMBRE-{marca}-c2"), 1, unidades=("OGPP",), nombre=f"NOMBRE-{marca}-2.1")
    return plan


def crear_revisor(nombre="revisor"):
    usuario = crear_usuario(nombre)
    usuario.groups.add(Group.objects.get_or_create(name=GRUPO_REVISORES)[0])
    return usuario


def armar_dos_planes() -> DosPlanes:
    a = armar_plan("A")
    b = armar_plan("B", vigente=False, servicio="Inspección del Trabajo", mes_inicio=ENE, mes_fin=date(2021, 6, 1))
    for plan, mes in ((a, NOV), (b, ENE)):
        programar(plan, "1.1.1", mes)
        programar(plan, "1.1.2", mes)
        programar(plan, "2.1", mes)
    registrar(a, "1.1.2", NOV, 40, comentario="COMENTARIO-A")
    registrar(b, "1.1.2", ENE, 60, comentario="COMENTARIO-B")
    return DosPlanes(a=a, b=b, coordinador=crear_usuario("coordinador", unidades=("OGPP",), email="ogpp@example.org"),
                     sdlgat=crear_usuario("sdlgat", unidades=("SDLGAT",), email="sdlgat@example.org"),
                     revisor=crear_revisor())


@pytest.fixture
def dos_planes(db) -> DosPlanes:
    return armar_dos_planes()
