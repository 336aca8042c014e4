"""La orden report_semestral: borrador con cifras vivas, o un reporte guardado tal como se aprobó."""

from io import BytesIO, StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.cronograma.reportes.escenario import aprobado, armar_escenario
from tests.factories import registrar

pytestmark = pytest.mark.django_db


def _texto(ruta) -> str:
    return " ".join("".join(p.extract_text() for p in PdfReader(ruta).pages).split())


def test_sin_reporte_escribe_un_borrador_con_las_cifras_vivas(tmp_path):
    escenario = armar_escenario()
    salida = tmp_path / "reporte.pdf"
    call_command("report_semestral", "--desde", "2020-10", "--hasta", "2020-12", "--output", str(salida),
                 "--plan", str(escenario.plan.pk), stdout=StringIO())
    texto = _texto(salida)
    assert salida.read_bytes().startswith(b"%PDF")
    assert "BORRADOR" in texto and "Avance del plan 83,3 % 45,0 %" in texto


def test_con_un_reporte_aprobado_escribe_su_foto_aunque_el_avance_cambie(tmp_path):
    escenario = armar_escenario()
    reporte = aprobado(escenario)
    registrar(escenario.plan, "1.1.2", reporte.desde, 100)  # corrige el avance después de aprobar
    salida = tmp_path / "reporte.xlsx"
    call_command("report_semestral", "--reporte", str(reporte.pk), "--output", str(salida), stdout=StringIO())
    libro = load_workbook(BytesIO(salida.read_bytes()))
    total = next(fila for fila in libro["Resumen"].iter_rows(values_only=True) if fila[1] == "Total del plan")
    assert total[2:4] == (83.3, 45.0)
    libro.close()


@pytest.mark.parametrize(
    ("argumentos", "mensaje"),
    [
        (["--desde", "2020-10", "--hasta", "2022-01"], "fuera del plan"),
        (["--desde", "2020-10", "--hasta", "diciembre"], "no es un mes válido"),
        (["--desde", "2020-10"], "Indique --desde y --hasta"),
        (["--reporte", "999"], "No existe el reporte 999"),
    ],
)
def test_los_errores_se_explican_en_castellano_y_no_escriben_nada(tmp_path, argumentos, mensaje):
    armar_escenario()
    salida = tmp_path / "reporte.pdf"
    with pytest.raises(CommandError, match=mensaje):
        call_command("report_semestral", *argumentos, "--output", str(salida))
    assert not salida.exists()


def test_solo_pdf_xlsx_o_docx(tmp_path):
    with pytest.raises(CommandError, match=r"\.pdf, \.xlsx o \.docx"):
        call_command("report_semestral", "--desde", "2020-10", "--hasta", "2020-12", "--output", str(tmp_path / "x.doc"))
