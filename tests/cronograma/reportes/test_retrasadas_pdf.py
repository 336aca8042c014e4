"""Issue 16: con muchas filas retrasadas el PDF las resume por componente (las de mayor brecha) y remite
al Excel, que sigue teniendo la lista completa; con pocas, el PDF las lista todas."""

from dataclasses import replace
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from cronograma.avance import RETRASADA, VENCIDA, cifras
from cronograma.reportes import datos as reportes
from cronograma.reportes import salidas
from cronograma.reportes.datos import FilaReporte, Retrasada
from cronograma.reportes.resumen import retrasadas_por_componente
from tests.cronograma.reportes.escenario import armar_escenario, borrador
from tests.cronograma.reportes.test_salidas import _texto_pdf

pytestmark = pytest.mark.django_db


def _retrasada(codigo: str, programado: str, ejecutado: str) -> Retrasada:
    return Retrasada(FilaReporte(codigo, f"Fila {codigo}", "SDLGAT", cifras(Decimal(ejecutado), Decimal(programado))), "", None)


def test_resumen_por_componente_con_las_de_mayor_brecha_primero():
    datos = reportes.datos_del_reporte(borrador(armar_escenario()))
    filas = [_retrasada("1.1.1", "50", "40"), _retrasada("1.1.2", "100", "0"), _retrasada("1.2.1", "50", "40"),
             _retrasada("1.2.2", "100", "0"), _retrasada("2.1", "60", "10")]
    # Retrasada = semáforo ámbar o rojo (issue 17): 90 de 100 sería verde, así que la brecha 10 es 40 de 50.
    assert all(f.fila.cifras.estado in (RETRASADA, VENCIDA) for f in filas)  # vencidas: issue 23
    resumen = retrasadas_por_componente(replace(datos.cifras, retrasadas=tuple(filas)), principales=2)
    assert [(g.codigo, g.total, g.omitidas) for g in resumen] == [("1", 4, 2), ("2", 1, 0)]
    # brecha 100 (1.1.2 y 1.2.2, en el orden del plan), luego 10 (1.1.1 y 1.2.1) queda fuera
    assert [r.fila.codigo for r in resumen[0].principales] == ["1.1.2", "1.2.2"]
    assert resumen[0].titulo == datos.cifras.componentes[0].titulo


def test_con_muchas_retrasadas_el_pdf_resume_y_el_excel_lista_todas(monkeypatch):
    datos = reportes.datos_del_reporte(borrador(armar_escenario()))
    assert len(datos.cifras.retrasadas) == 2
    completo = _texto_pdf(salidas.pdf_del_reporte(datos))
    assert "Falta presupuesto para el taller" in completo and "filas están retrasadas" not in completo

    monkeypatch.setattr(salidas, "RETRASADAS_EN_EL_PDF", 1)
    resumido = _texto_pdf(salidas.pdf_del_reporte(datos))
    assert "2 filas están retrasadas al corte" in resumido and "Excel del reporte" in resumido
    assert "Componente 1: Conocer las necesidades: 1 fila retrasada" in resumido
    assert "Falta presupuesto para el taller" in resumido  # la de mayor brecha del componente, con su comentario
    libro = load_workbook(BytesIO(salidas.libro_del_reporte(datos)))
    assert [f[0] for f in libro["Retrasadas"].iter_rows(min_row=2, values_only=True)] == ["1.1.2", "2.1"]
    assert libro["Retrasadas"].auto_filter.ref == "A1:G3"  # filtros en el encabezado, sobre toda la lista
    libro.close()
