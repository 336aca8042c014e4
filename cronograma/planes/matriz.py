"""Matriz de responsabilidades de un plan: unidades × filas hoja, en página y en Excel.

Una marca por cada unidad que responde por la fila (las propias o, si no tiene, las heredadas: las
mismas que deciden quién registra, ver componentes.catalogo). Se lee del catálogo ya cargado.
"""

from dataclasses import dataclass
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from calidad.hojas import poner
from componentes.catalogo import Catalogo, Hoja
from componentes.meses import nombre_mes
from componentes.models import Plan, Responsable
from cronograma import ciclo

MARCA = "X"


@dataclass(frozen=True)
class FilaMatriz:
    hoja: Hoja
    marcas: tuple[bool, ...]  # una por unidad de `Matriz.unidades`


@dataclass(frozen=True)
class Matriz:
    plan: Plan
    unidades: tuple[Responsable, ...]
    filas: tuple[FilaMatriz, ...]
    totales: tuple[int, ...]  # filas de cada unidad


def matriz_de(plan: Plan) -> Matriz:
    """Las unidades que responden por alguna fila del plan (en su orden) y una fila por fila hoja."""
    hojas = Catalogo(plan).hojas
    unidades = sorted({r.id: r for hoja in hojas for r in hoja.responsables}.values(), key=lambda r: (r.orden, r.sigla))
    filas = tuple(FilaMatriz(hoja, tuple(u.id in hoja.responsable_ids for u in unidades)) for hoja in hojas)
    totales = tuple(sum(fila.marcas[i] for fila in filas) for i in range(len(unidades)))
    return Matriz(plan=plan, unidades=tuple(unidades), filas=filas, totales=totales)


def libro_de_la_matriz(matriz: Matriz) -> bytes:
    """La matriz en una pestaña de Excel: Nº, actividad y una columna por unidad (X donde responde)."""
    libro = Workbook()
    pestana = libro.active
    pestana.title = "Responsabilidades"
    plan = matriz.plan
    # Todo texto por calidad.hojas: un servicio o una fila que empiece con «=» no se vuelve fórmula.
    poner(pestana, 1, 1, "MATRIZ DE RESPONSABILIDADES").font = Font(bold=True, size=12)
    poner(pestana, 2, 1, f"{plan.servicio} · {nombre_mes(plan.mes_inicio)} – {nombre_mes(plan.mes_fin)} · {ciclo.etiqueta_version(plan).lower()}")
    encabezado = ["Nº", "ACTIVIDADES POR COMPONENTE"] + [u.sigla for u in matriz.unidades]
    relleno = PatternFill("solid", fgColor="D9E1F2")
    for columna, texto in enumerate(encabezado, start=1):
        celda = poner(pestana, 4, columna, texto)
        celda.font, celda.fill = Font(bold=True), relleno
        celda.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    for numero, fila in enumerate(matriz.filas, start=5):
        poner(pestana, numero, 1, fila.hoja.codigo).number_format = "@"  # texto: "3.10" no es 3,1
        poner(pestana, numero, 2, fila.hoja.nombre).alignment = Alignment(wrap_text=True, vertical="top")
        for columna, marca in enumerate(fila.marcas, start=3):
            if marca:
                poner(pestana, numero, columna, MARCA).alignment = Alignment(horizontal="center")
    total = 5 + len(matriz.filas)
    poner(pestana, total, 2, "Filas por unidad").font = Font(bold=True)
    for columna, cuenta in enumerate(matriz.totales, start=3):
        poner(pestana, total, columna, cuenta).font = Font(bold=True)
    pestana.column_dimensions["A"].width = 9
    pestana.column_dimensions["B"].width = 70
    for columna in range(3, 3 + len(matriz.unidades)):
        pestana.column_dimensions[get_column_letter(columna)].width = 12
    pestana.freeze_panes = "C5"
    salida = BytesIO()
    libro.save(salida)
    return salida.getvalue()
