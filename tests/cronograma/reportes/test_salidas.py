"""Las salidas del reporte: PDF con el texto del reporte, libro Excel legible, curva S y PDF sin red."""

from io import BytesIO

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from cronograma.reportes import datos as reportes
from cronograma.reportes.salidas import BASE_PDF, SoloEstaticos, grafico_curva, libro_del_reporte, pdf_del_reporte
from tests.cronograma.reportes.escenario import DIC, OCT, aprobado, armar_escenario, borrador, firmar_y_aprobar, redactar

pytestmark = pytest.mark.django_db


def _coma(valor) -> str:
    return str(valor).replace(".", ",")


def _texto_pdf(contenido: bytes) -> str:
    # pypdf separa a veces las líneas de una celda: se comparan textos con los espacios normalizados.
    texto = "\n".join(pagina.extract_text() for pagina in PdfReader(BytesIO(contenido)).pages)
    return " ".join(texto.split())


def test_el_pdf_tiene_el_objetivo_cada_componente_y_sus_cifras():
    escenario = armar_escenario()
    datos = reportes.datos_del_reporte(borrador(escenario))
    contenido = pdf_del_reporte(datos)
    assert contenido.startswith(b"%PDF")
    texto = _texto_pdf(contenido)
    assert escenario.plan.objetivo in texto
    for componente in datos.cifras.componentes:
        cifras = componente.cifras
        assert f"{componente.titulo} {_coma(cifras.programado)} % {_coma(cifras.ejecutado)} % {cifras.estado}" in texto
    assert f"Avance del plan {_coma(datos.cifras.plan.programado)} % {_coma(datos.cifras.plan.ejecutado)} %" in texto
    assert "Falta presupuesto para el taller" in texto  # la fila retrasada 1.1.2 con su comentario


def test_el_pdf_de_un_aprobado_lleva_textos_firma_y_sello():
    escenario = armar_escenario()
    reporte = borrador(escenario)
    redactar(escenario, reporte, 1, logros="Se aplicó la encuesta piloto")
    reporte = firmar_y_aprobar(escenario, reporte)
    texto = _texto_pdf(pdf_del_reporte(reportes.datos_del_reporte(reporte)))
    assert "Se aplicó la encuesta piloto" in texto
    assert "Ana Quispe" in texto and "Jefa de la OGPP" in texto
    assert "Cifras congeladas al aprobar" in texto


def test_el_pdf_no_pide_nada_a_la_red():
    """El buscador de WeasyPrint solo sirve nuestros estáticos."""
    buscador = SoloEstaticos()
    estilos = buscador.fetch(BASE_PDF + "static/css/reporte.css")
    assert b"@page" in estilos.read()
    for url in ("https://cdn.example.org/x.css", "file:///etc/passwd", BASE_PDF + "static/../calidad/settings.py"):
        with pytest.raises(ValueError):
            buscador.fetch(url)


def test_el_libro_tiene_las_tablas_del_reporte():
    escenario = armar_escenario()
    reporte = aprobado(escenario)
    datos = reportes.datos_del_reporte(reporte)
    libro = load_workbook(BytesIO(libro_del_reporte(datos)))
    assert libro.sheetnames == ["Resumen", "Actividades", "Curva S", "Retrasadas", "Textos", "Compromisos"]
    resumen = [fila for fila in libro["Resumen"].iter_rows(values_only=True)]
    assert ("Objetivo", escenario.plan.objetivo) == resumen[2][:2]
    componentes = {fila[0]: fila for fila in resumen if fila[0] in ("1", "2")}
    for componente in datos.cifras.componentes:
        fila = componentes[componente.codigo]
        assert (fila[1], fila[2], fila[3], fila[4]) == (
            componente.nombre, float(componente.cifras.programado), float(componente.cifras.ejecutado), componente.cifras.estado)
    actividades = list(libro["Actividades"].iter_rows(min_row=2, values_only=True))
    assert [fila[0] for fila in actividades] == ["1.1", "2.1"]  # códigos como texto
    curva = list(libro["Curva S"].iter_rows(min_row=2, values_only=True))
    assert curva[-1] == ("2020-12", float(datos.cifras.plan.programado), float(datos.cifras.plan.ejecutado))
    retrasadas = list(libro["Retrasadas"].iter_rows(min_row=2, values_only=True))
    assert [(f[0], f[5]) for f in retrasadas] == [("1.1.2", "Falta presupuesto para el taller"), ("2.1", "Inicio tardío")]
    textos = list(libro["Textos"].iter_rows(min_row=2, values_only=True))
    assert textos[0][4] == "Sin información: No hubo desviaciones que corregir"  # «sin información» con su motivo
    assert dict(fila[:2] for fila in resumen)["Fecha de aprobación"] == reporte.fecha_aprobacion.strftime("%d/%m/%Y")
    libro.close()


def test_un_texto_que_empieza_con_igual_no_se_vuelve_formula():
    escenario = armar_escenario()
    reporte = borrador(escenario)
    redactar(escenario, reporte, 1, logros='=HYPERLINK("http://x")')
    libro = load_workbook(BytesIO(libro_del_reporte(reportes.datos_del_reporte(reporte))))
    celda = libro["Textos"]["C2"]
    assert (celda.value, celda.data_type) == ('=HYPERLINK("http://x")', "s")
    libro.close()


def test_la_curva_s_dibuja_los_meses_hasta_el_corte_y_se_describe_con_sus_cifras():
    escenario = armar_escenario()
    curva = reportes.generar(escenario.plan, desde=OCT, hasta=DIC).curva
    svg = str(grafico_curva(curva))
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert [etiqueta in svg for etiqueta in ("Oct 20", "Nov 20", "Dic 20", "Ene 21")] == [True, True, True, False]
    assert "programado 83,3 % y ejecutado 45,0 %" in svg
    assert grafico_curva(()) is None
