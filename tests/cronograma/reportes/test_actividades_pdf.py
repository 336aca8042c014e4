"""Issue 16: el PDF de un plan grande resume por componente el estado de las actividades (cuántas en cada
estado y semáforo, y las retrasadas de mayor brecha) y remite al Excel, que las lista todas; el PDF de un
plan pequeño como el Anexo N° 2 sigue mostrando cada actividad."""

import re
from collections import Counter
from dataclasses import replace
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from bench.datos import coordinador, crear_plan_bench
from componentes.models import Actividad
from cronograma.avance import RETRASADA, VENCIDA, Seguimiento, cifras
from cronograma.reportes import datos as reportes
from cronograma.reportes import flujo, salidas
from cronograma.reportes.datos import FilaReporte
from cronograma.reportes.resumen import (
    ACTIVIDADES_EN_EL_PDF,
    ESTADOS,
    PRINCIPALES_POR_COMPONENTE,
    SEMAFOROS,
    actividades_por_componente,
)
from tests.cronograma.reportes.escenario import armar_escenario, borrador
from tests.factories import crear_usuario

pytestmark = pytest.mark.django_db

OCT, ENE, MAR = date(2020, 10, 1), date(2021, 1, 1), date(2021, 3, 1)


CODIGO_AL_INICIO = re.compile(r"(\d+\.\d+)(?![\d.,])")  # pypdf a veces pega el código al nombre: «7.139Actividad»


def _codigos_listados(lineas: list[str]) -> list[str]:
    """Los códigos de actividad con que empiezan las filas de las tablas."""
    return [coincidencia[1] for linea in lineas if (coincidencia := CODIGO_AL_INICIO.match(linea))]


def _lineas_de_la_seccion_4(contenido: bytes) -> list[str]:
    """Las líneas de texto de la sección 4 (hasta la 5), con los espacios normalizados."""
    texto = "\n".join(pagina.extract_text() for pagina in PdfReader(BytesIO(contenido)).pages)
    seccion = texto.split("4. Estado de las actividades", 1)[1].split("5. Filas retrasadas", 1)[0]
    return [" ".join(linea.split()) for linea in seccion.splitlines()]


def _cuentas_de_avance(plan, corte: date) -> dict[str, tuple[Counter, Counter]]:
    """Por componente, cuántas actividades hay en cada estado y semáforo según avance.py (sin el reporte)."""
    resultado = Seguimiento(plan, hasta=corte).al_corte(corte)
    cuentas: dict[str, tuple[Counter, Counter]] = {}
    for actividad in Actividad.objects.filter(componente__plan=plan).select_related("componente"):
        al_corte = resultado.por_actividad[actividad.id]
        estados, semaforos = cuentas.setdefault(actividad.componente.codigo, (Counter(), Counter()))
        estados[al_corte.estado] += 1
        semaforos[al_corte.semaforo] += 1
    return cuentas


def _actividad(codigo: str, programado: str, ejecutado: str) -> FilaReporte:
    return FilaReporte(codigo, f"Actividad {codigo}", "OGPP", cifras(Decimal(ejecutado), Decimal(programado)))


def test_el_resumen_cuenta_por_estado_y_semaforo_y_lista_las_retrasadas_de_mayor_brecha():
    datos = reportes.datos_del_reporte(borrador(armar_escenario()))
    uno, dos = datos.cifras.componentes
    uno = replace(uno, actividades=(_actividad("1.1", "50", "40"), _actividad("1.2", "100", "0"),
                                    _actividad("1.3", "100", "100"), _actividad("1.4", "0", "0"),
                                    _actividad("1.5", "100", "0")))
    dos = replace(dos, actividades=(_actividad("2.1", "50", "50"),))
    resumen = actividades_por_componente(replace(datos.cifras, componentes=(uno, dos)), principales=2)
    # No iniciada, En ejecución, Concluida, Retrasada, Vencida (1.2 y 1.5: programado 100 %, issue 23) |
    # verde, ámbar (1.1: 40 de 50), rojo, gris (1.4)
    assert [(g.conteo.por_estado, g.conteo.por_semaforo) for g in resumen.componentes] == [
        ((1, 0, 1, 1, 2), (1, 1, 2, 1)), ((0, 1, 0, 0, 0), (1, 0, 0, 0))]
    assert (resumen.plan.titulo, resumen.plan.por_estado, resumen.plan.total) == ("Total del plan", (1, 1, 1, 1, 2), 6)
    # brecha 100 (1.2 y 1.5, en el orden del plan); 1.1 (brecha 10) queda fuera y se cuenta como omitida
    assert [a.codigo for a in resumen.componentes[0].principales] == ["1.2", "1.5"]
    assert resumen.componentes[0].omitidas == 1
    assert resumen.retrasadas == (resumen.componentes[0],)  # el componente 2 no tiene nada que listar


@pytest.fixture
def plan_grande():
    """El plan del banco de 980 filas hoja: 224 actividades, más de las que el PDF lista."""
    return crear_plan_bench(980, 6, usuario=coordinador())


def test_el_pdf_de_un_plan_grande_resume_las_actividades_con_las_cuentas_de_avance(plan_grande):
    reporte = flujo.crear_reporte(plan=plan_grande, desde=OCT, hasta=ENE, usuario=coordinador())
    datos = reportes.datos_del_reporte(reporte)
    actividades = [a for c in datos.cifras.componentes for a in c.actividades]
    assert len(actividades) == 224 > ACTIVIDADES_EN_EL_PDF
    lineas = _lineas_de_la_seccion_4(salidas.pdf_del_reporte(datos))
    seccion = " ".join(lineas)
    assert "El plan tiene 224 actividades al corte" in seccion and "Excel del reporte (hoja «Actividades»)" in seccion

    cuentas = _cuentas_de_avance(plan_grande, ENE)
    assert len({estado for estados, _ in cuentas.values() for estado in estados}) >= 3  # un corte con variedad
    for componente in datos.cifras.componentes:
        estados, semaforos = cuentas[componente.codigo]
        total = sum(estados.values())
        por_estado = " ".join(str(estados[e]) for e in ESTADOS)
        por_semaforo = " ".join(str(semaforos[s]) for s in SEMAFOROS)
        assert f"{componente.titulo} {por_estado} {total}" in seccion
        assert f"{componente.titulo} {por_semaforo} {total}" in seccion
        atrasadas = estados[RETRASADA] + estados[VENCIDA]  # retrasadas y vencidas (issue 23)
        if atrasadas:
            assert f"{componente.titulo}: {atrasadas} de {total} actividades retrasadas" in seccion

    # No la lista completa: solo algunas retrasadas de cada componente.
    listadas = _codigos_listados(lineas)
    assert 0 < len(listadas) <= PRINCIPALES_POR_COMPONENTE * len(datos.cifras.componentes)
    por_codigo = {a.codigo: a for a in actividades}
    assert all(por_codigo[codigo].cifras.estado in (RETRASADA, VENCIDA) for codigo in listadas)

    # El Excel del reporte las tiene todas, en el orden del plan, con sus cifras.
    libro = load_workbook(BytesIO(salidas.libro_del_reporte(datos)))
    hoja = libro["Actividades"]
    filas = list(hoja.iter_rows(min_row=2, values_only=True))
    assert hoja.auto_filter.ref == f"A1:G{len(actividades) + 1}"  # se filtran por estado, unidad…
    libro.close()
    assert [(f[0], f[5]) for f in filas] == [(a.codigo, a.cifras.estado) for a in actividades]


def test_el_pdf_del_anexo_lista_cada_actividad(anexo2):
    reporte = flujo.crear_reporte(plan=anexo2, desde=OCT, hasta=MAR,
                                  usuario=crear_usuario("coordinador", unidades=("OGPP",)))
    datos = reportes.datos_del_reporte(reporte)
    codigos = [a.codigo for c in datos.cifras.componentes for a in c.actividades]
    assert len(codigos) == 33
    lineas = _lineas_de_la_seccion_4(salidas.pdf_del_reporte(datos))
    assert _codigos_listados(lineas) == codigos
    assert not any("actividades al corte" in linea for linea in lineas)
