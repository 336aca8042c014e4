""""Mis actividades": las filas hoja en que el usuario registra avance, agrupadas por componente.

Las filas las decide permisos.py (todas para la coordinación) y las cifras vienen de avance.py.
"""

from dataclasses import dataclass
from datetime import date
from itertools import groupby

from componentes.catalogo import Hoja
from componentes.models import Componente
from cronograma.avance import Cifras, ResultadoAvance
from cronograma.forms import FormularioAvance
from cronograma.models import Avance
from cronograma.permisos import Perfil, hojas_editables, puede_escribir_celda


@dataclass(frozen=True)
class FilaPropia:
    hoja: Hoja
    cifras: Cifras  # al mes que se reporta
    meses_programados: tuple[date, ...]
    ultimo: Avance | None  # el último % registrado hasta el mes que se reporta
    formulario: FormularioAvance  # para el mes que se reporta
    editable: bool  # permisos.puede_escribir_celda: la plantilla solo lo lee


@dataclass(frozen=True)
class GrupoComponente:
    componente: Componente
    filas: tuple[FilaPropia, ...]


def _fila(resultado: ResultadoAvance, hoja: Hoja, editable: bool) -> FilaPropia:
    return FilaPropia(
        hoja=hoja,
        cifras=resultado.de_hoja(hoja),
        meses_programados=tuple(sorted(resultado.programacion.get(hoja.clave, ()))),
        ultimo=resultado.ultimo_registro(hoja.clave),
        formulario=FormularioAvance(hoja=hoja, mes=resultado.corte, registro=resultado.registro(hoja.clave, resultado.corte)),
        editable=editable,
    )


def armar_mis_actividades(resultado: ResultadoAvance, perfil: Perfil, *, cerrados=frozenset()) -> list[GrupoComponente]:
    """Las filas que el usuario puede registrar al mes de `resultado.corte`, por componente; cada una dice
    si su celda del mes se puede escribir (no, si el mes está entre los `cerrados`)."""
    hojas = hojas_editables(perfil, resultado.hojas)  # las de la versión vigente al corte
    corte = resultado.corte
    return [
        GrupoComponente(componente, tuple(
            _fila(resultado, hoja, puede_escribir_celda(perfil, hoja, corte, cerrados)) for hoja in del_componente
        ))
        for componente, del_componente in groupby(hojas, key=lambda hoja: hoja.componente)
    ]
