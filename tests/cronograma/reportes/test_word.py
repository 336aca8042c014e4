"""El reporte en Word (issue 25): las mismas secciones, tablas y figura que el PDF, leído de vuelta con
python-docx; y una conversión con LibreOffice sin interfaz (lo abre sin reparar y pagina «Página N de M»)."""

import shutil
import subprocess
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from pypdf import PdfReader

from cronograma.reportes import datos as reportes
from cronograma.reportes import flujo
from cronograma.reportes.word import TIPO_DOCX, documento_del_reporte
from tests.cronograma.reportes.escenario import armar_escenario, borrador, firmar_y_aprobar

pytestmark = pytest.mark.django_db

SECCIONES = [
    "1. Identificación", "Versiones del plan vigentes en el periodo",
    "2. Avance del plan y por componente al corte (Diciembre 2020)", "3. Curva S del plan",
    "4. Estado de las actividades", "5. Filas retrasadas al corte",
    "6. Logros, dificultades y medidas correctivas por componente",
]


def _docx(reporte) -> bytes:
    return documento_del_reporte(reportes.datos_del_reporte(reporte))


def _titulos(doc, estilo: str) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style.name == estilo]


def _filas(tabla) -> list[tuple[str, ...]]:
    return [tuple(celda.text for celda in fila.cells) for fila in tabla.rows]


def test_titulos_con_estilos_de_word_y_las_secciones_del_pdf():
    escenario = armar_escenario()
    doc = Document(BytesIO(_docx(borrador(escenario))))
    assert _titulos(doc, "Heading 1") == ["Reporte semestral de avance · Octubre 2020 – Diciembre 2020"]
    assert _titulos(doc, "Heading 2") == SECCIONES
    assert _titulos(doc, "Heading 3") == ["¿Cómo se calcula?", "Componente 1: Conocer las necesidades",
                                          "Componente 2: Identificar el valor"]
    assert _titulos(doc, "Heading 4") == ["Logros", "Dificultades", "Medidas correctivas"] * 2
    assert doc.core_properties.title == "Reporte semestral Octubre 2020 – Diciembre 2020"


def test_las_tablas_llevan_las_cifras_como_las_paginas_y_su_encabezado_se_repite():
    escenario = armar_escenario()
    doc = Document(BytesIO(_docx(borrador(escenario))))
    por_encabezado = {_filas(t)[0]: t for t in doc.tables}
    avance = _filas(por_encabezado[("Componente", "Programado", "Ejecutado", "Estado", "Semáforo")])
    assert avance[1] == ("Componente 1: Conocer las necesidades", "100,0 %", "60,0 %", "Vencida", "Rojo: avance crítico")
    assert avance[-1] == ("Avance del plan", "83,3 %", "45,0 %", "Retrasada", "Rojo: avance crítico")
    curva = _filas(por_encabezado[("Mes", "Programado", "Ejecutado")])
    assert curva[1:] == [("Octubre 2020", "12,5 %", "12,5 %"), ("Noviembre 2020", "41,7 %", "30,0 %"),
                         ("Diciembre 2020", "83,3 %", "45,0 %")]
    actividades = _filas(por_encabezado[("N°", "Actividad", "Responsables", "Prog.", "Ejec.", "Estado y semáforo")])
    assert actividades[1] == ("Componente 1: Conocer las necesidades",) * 6  # la fila del componente, combinada
    assert actividades[2] == ("1.1", "Diseñar la encuesta", "EQUIPO DE TRABAJO / SDLGAT", "100,0 %", "60,0 %",
                              "Vencida Rojo")
    retrasadas = _filas(por_encabezado[("N°", "Fila", "Responsables", "Programado", "Ejecutado", "Último comentario")])
    assert retrasadas[1][0] == "1.1.2" and retrasadas[1][-1] == "Falta presupuesto para el taller (Diciembre 2020)"
    for tabla in doc.tables[1:]:  # la de identificación no tiene fila de encabezado
        assert tabla.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_la_curva_s_es_una_imagen_con_su_texto_alternativo():
    escenario = armar_escenario()
    doc = Document(BytesIO(_docx(borrador(escenario))))
    assert len(doc.inline_shapes) == 1
    forma = doc.inline_shapes[0]
    propiedades = forma._inline.docPr
    assert propiedades.get("title") == "Curva S del plan: % acumulado programado y ejecutado por mes"
    assert propiedades.get("descr").endswith(
        "De Octubre 2020 a Diciembre 2020: al corte, programado 83,3 % y ejecutado 45,0 %. "
        "Los valores están en la tabla que sigue.")
    imagen = doc.part.related_parts[forma._inline.graphic.graphicData.pic.blipFill.blip.embed]
    assert imagen.content_type == "image/png" and imagen.blob.startswith(b"\x89PNG")
    assert abs(forma.width - Mm(160)) < Mm(1)


def test_a4_vertical_con_numero_de_pagina_y_borrador_en_cada_pagina():
    escenario = armar_escenario()
    reporte = borrador(escenario)
    doc = Document(BytesIO(_docx(reporte)))
    seccion = doc.sections[0]
    assert abs(seccion.page_width - Mm(210)) < Mm(0.5) and abs(seccion.page_height - Mm(297)) < Mm(0.5)
    campos = [t.text.strip() for t in seccion.footer._element.iter(qn("w:instrText"))]
    assert campos == ["PAGE", "NUMPAGES"]
    assert seccion.footer.paragraphs[0].text.startswith("Página ")
    assert seccion.header.paragraphs[0].text.startswith("BORRADOR")
    aprobado = Document(BytesIO(_docx(firmar_y_aprobar(escenario, reporte))))
    assert "BORRADOR" not in aprobado.sections[0].header.paragraphs[0].text
    textos = [p.text for p in aprobado.paragraphs]
    assert "Ana Quispe" in textos and "Jefa de la OGPP" in textos  # el bloque de firma


def test_se_descarga_desde_el_reporte_y_con_la_orden(client, tmp_path):
    escenario = armar_escenario()
    reporte = borrador(escenario)
    client.force_login(escenario.personal)
    pagina = client.get(reverse("reporte_detalle", args=[reporte.plan_id, reporte.pk])).content.decode()
    assert f'href="{reverse("reporte_docx", args=[reporte.plan_id, reporte.pk])}">Descargar Word</a>' in pagina
    respuesta = client.get(reverse("reporte_docx", args=[reporte.plan_id, reporte.pk]))
    assert respuesta["Content-Type"] == TIPO_DOCX
    assert 'filename="reporte-semestral-2020-10-a-2020-12.docx"' in respuesta["Content-Disposition"]
    assert _titulos(Document(BytesIO(respuesta.content)), "Heading 2") == SECCIONES
    salida = tmp_path / "reporte.docx"
    call_command("report_semestral", "--reporte", str(reporte.pk), "--output", str(salida), stdout=StringIO())
    assert _titulos(Document(str(salida)), "Heading 2") == SECCIONES


def test_libreoffice_lo_abre_y_lo_convierte_a_pdf_con_sus_paginas(tmp_path):
    """LibreOffice sin interfaz convierte el .docx (un archivo dañado no se convierte) y el PDF resultante
    tiene las secciones, las cifras y «Página N de M» con los campos ya calculados. CI instala LibreOffice
    (PAQUETES_DEBIAN del Makefile): si falta, la prueba falla, no se salta."""
    soffice = shutil.which("soffice")
    assert soffice, "Falta LibreOffice (make sistema instala libreoffice-writer-nogui)."
    escenario = armar_escenario()
    reporte = firmar_y_aprobar(escenario, borrador(escenario))
    reporte = flujo.registrar_remision(reporte=reporte, usuario=escenario.coordinador,
                                       fecha_remision=reporte.fecha_aprobacion, numero_oficio="N° 12-2021-MTPE/4")
    entrada = tmp_path / "reporte.docx"
    entrada.write_bytes(_docx(reporte))
    perfil = tmp_path / "perfil-libreoffice"  # su propio perfil: no choca con otra conversión en curso
    resultado = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{perfil}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(entrada)],
        capture_output=True, text=True, timeout=180, check=False)
    convertido = tmp_path / "reporte.pdf"
    assert resultado.returncode == 0 and convertido.exists(), resultado.stderr
    lector = PdfReader(convertido)
    paginas = [" ".join(p.extract_text().split()) for p in lector.pages]
    total = len(paginas)
    assert total >= 2
    for numero, pagina in enumerate(paginas, start=1):
        assert f"Página {numero} de {total}" in pagina
        assert "Remitido a la SGP con Oficio N° 12-2021-MTPE/4" in pagina
    texto = " ".join(paginas)
    for seccion in SECCIONES:
        assert seccion in texto
    assert "Avance del plan 83,3 % 45,0 % Retrasada" in texto
    assert "Ana Quispe Jefa de la OGPP" in texto
    assert lector.pages[0].mediabox.width == pytest.approx(595, abs=2)  # A4: 210 mm


def test_el_excel_del_reporte_escribe_los_porcentajes_como_numeros_con_formato(client):
    """El libro del reporte, como el del Anexo: 83,3 es un número que se ve «83,3 %»."""
    from openpyxl import load_workbook

    from cronograma.reportes.salidas import libro_del_reporte

    escenario = armar_escenario()
    libro = load_workbook(BytesIO(libro_del_reporte(reportes.datos_del_reporte(borrador(escenario)))))
    total = next(fila for fila in libro["Resumen"].iter_rows() if fila[1].value == "Total del plan")
    assert (total[2].value, total[3].value) == (83.3, 45.0)
    assert total[2].number_format == total[3].number_format == '0.0" %"'
    libro.close()
