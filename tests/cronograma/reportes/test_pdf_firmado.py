"""El PDF como lo mira quien lo firma (issue 25): encabezados sin montarse, cifras «88,9 %», BORRADOR en cada
página, la entidad una vez, puntuación limpia, el oficio como se escribió, la firma del perfil de quien
aprueba y los pasos en el orden en que ocurrieron. Se lee el PDF producido (pdfplumber, pypdf)."""

import re
from datetime import date
from io import BytesIO
from itertools import combinations

import pdfplumber
import pytest
from pypdf import PdfReader

from cronograma.reportes.firma import PerfilDeUsuario
from cronograma.reportes import datos as reportes
from cronograma.reportes import flujo
from cronograma.reportes import salidas
from cronograma.reportes.salidas import pdf_del_reporte
from tests.cronograma.reportes.escenario import armar_escenario, borrador, completar, firmar_y_aprobar
from tests.factories import crear_actividad, crear_componente, crear_usuario, programar, registrar

pytestmark = pytest.mark.django_db

ENCABEZADOS = {"Componente", "Programado", "Ejecutado", "Estado", "Semáforo", "N°", "Actividad", "Responsables",
               "Resp.", "Prog.", "Ejec.", "Fila", "Último", "comentario", "Mes", "Versión", "Fecha", "Rigió", "Sustento"}


def _pdf(reporte) -> bytes:
    return pdf_del_reporte(reportes.datos_del_reporte(reporte))


def _paginas(contenido: bytes) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(BytesIO(contenido)).pages]


def _se_cruzan(a, b) -> bool:
    return a["x0"] < b["x1"] and b["x0"] < a["x1"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


def _escenario_con_nombres_largos():
    """Nombres, siglas y un componente que termina en punto, para estirar cada columna."""
    escenario = armar_escenario()
    tres = crear_componente(escenario.plan, 3, "Mejorar la medición de la satisfacción de los usuarios del Servicio.")
    crear_actividad(tres, 1, unidades=("SDLGAT", "OGPP", "EQUIPO DE TRABAJO", "DGPE"),
                    nombre="Aplicar la encuesta de satisfacción a una muestra representativa de los usuarios " * 2)
    programar(escenario.plan, "3.1", date(2020, 11, 1), date(2020, 12, 1))
    registrar(escenario.plan, "3.1", date(2020, 12, 1), 10, "Sin presupuesto")
    return escenario


def test_ningun_texto_de_encabezado_se_monta_sobre_otro(monkeypatch):
    """En cada página, dos palabras de encabezado de tabla nunca se intersecan (ni se pegan en una sola)."""
    reporte = borrador(_escenario_con_nombres_largos())
    for resumido in (False, True):  # las tablas completas y las del resumen de un plan grande
        if resumido:
            monkeypatch.setattr(salidas, "ACTIVIDADES_EN_EL_PDF", 0)
            monkeypatch.setattr(salidas, "RETRASADAS_EN_EL_PDF", 0)
        with pdfplumber.open(BytesIO(_pdf(reporte))) as pdf:
            vistas = set()
            for pagina in pdf.pages:
                palabras = [p for p in pagina.extract_words(x_tolerance=1) if p["text"].strip("()") in ENCABEZADOS]
                vistas |= {p["text"] for p in palabras}
                for a, b in combinations(palabras, 2):
                    assert not _se_cruzan(a, b), (a["text"], b["text"], pagina.page_number)
            # cada encabezado salió como palabra propia: «ProgramadoEjecutado» no lo sería
            assert {"Programado", "Ejecutado", "Estado", "Semáforo", "Responsables", "Resp.", "Prog.", "Ejec."} <= vistas


def test_las_cifras_se_escriben_como_en_las_paginas():
    escenario = armar_escenario()
    texto = " ".join(_paginas(_pdf(borrador(escenario))))
    assert "100,0 %" in texto and "66,7 %" in texto and "45,0 %" in texto
    assert not re.search(r"\d+\.\d", texto.replace("1.1.2", "").replace("1.1", "").replace("2.1", ""))
    assert not re.search(r"\d,\d(?! %)", texto)  # toda cifra con decimal lleva su « %»


def test_un_borrador_dice_borrador_en_cada_pagina_y_un_aprobado_en_ninguna():
    escenario = armar_escenario()
    reporte = borrador(escenario)
    paginas = _paginas(_pdf(reporte))
    assert len(paginas) >= 2
    assert all("BORRADOR" in pagina for pagina in paginas)
    paginas = _paginas(_pdf(firmar_y_aprobar(escenario, reporte)))
    assert not any("BORRADOR" in pagina for pagina in paginas)


def test_la_entidad_sale_una_vez_en_la_primera_pagina_y_arriba_en_las_demas():
    escenario = armar_escenario()
    paginas = _paginas(_pdf(borrador(escenario)))
    entidad = escenario.plan.entidad
    assert paginas[0].count(entidad) == 1
    assert all(pagina.count(entidad) >= 1 for pagina in paginas[1:])


def test_un_titulo_que_termina_en_punto_no_deja_punto_y_dos_puntos(monkeypatch):
    monkeypatch.setattr(salidas, "RETRASADAS_EN_EL_PDF", 0)
    monkeypatch.setattr(salidas, "ACTIVIDADES_EN_EL_PDF", 0)
    escenario = _escenario_con_nombres_largos()
    texto = " ".join(_paginas(_pdf(borrador(escenario))))
    assert "del Servicio: 1 fila retrasada" in texto
    assert "del Servicio: 1 de 1 actividad retrasada" in texto
    assert ".:" not in texto


@pytest.mark.parametrize(("tecleado", "impreso"), [
    ("Oficio N° 123-2021-MTPE/4", "con Oficio N° 123-2021-MTPE/4 del"),
    ("OFICIO 45-2021", "con OFICIO 45-2021 del"),
    ("N° 7-2021", "con Oficio N° 7-2021 del"),
])
def test_el_oficio_sale_como_se_escribio(tecleado, impreso):
    escenario = armar_escenario()
    reporte = firmar_y_aprobar(escenario, borrador(escenario), fecha_aprobacion=date(2021, 1, 12))
    reporte = flujo.registrar_remision(reporte=reporte, usuario=escenario.coordinador,
                                       fecha_remision=date(2021, 1, 14), numero_oficio=tecleado)
    texto = " ".join(_paginas(_pdf(reporte)))
    assert impreso in texto
    assert not re.search(r"oficio oficio", texto, re.IGNORECASE)
    assert "oficio oficio" not in " ".join(p.detalle for p in flujo.pasos_de(reporte)).lower()


def test_la_firma_es_el_nombre_y_el_cargo_del_perfil_de_quien_aprueba():
    escenario = armar_escenario()
    jefa = crear_usuario("jefa", unidades=("OGPP",), first_name="Rosa", last_name="Huamán Ccori")
    PerfilDeUsuario.objects.create(usuario=jefa, cargo="Jefa de la Oficina General de Planeamiento y Presupuesto")
    reporte = borrador(escenario)
    completar(reporte, escenario.coordinador)
    flujo.editar_textos(reporte=reporte, usuario=escenario.coordinador, textos={},
                        firmante_nombre="", firmante_cargo="")
    reporte.refresh_from_db()
    assert flujo.faltantes_para_aprobar(reporte) and not flujo.faltantes_para_aprobar(reporte, aprobador=jefa)
    reporte = flujo.aprobar_reporte(reporte=reporte, usuario=jefa, fecha_aprobacion=date(2021, 1, 12))
    reporte.refresh_from_db()
    assert (reporte.firmante_nombre, reporte.firmante_cargo) == (
        "Rosa Huamán Ccori", "Jefa de la Oficina General de Planeamiento y Presupuesto")
    ultima = _paginas(_pdf(reporte))[-1]
    assert "Rosa Huamán Ccori Jefa de la Oficina General de Planeamiento y Presupuesto" in ultima
    assert "Aprobado el 12 de enero de 2021" in ultima


def test_sin_firma_escrita_ni_perfil_no_se_aprueba():
    escenario = armar_escenario()
    reporte = borrador(escenario)
    completar(reporte, escenario.coordinador)
    flujo.editar_textos(reporte=reporte, usuario=escenario.coordinador, textos={}, firmante_nombre="",
                        firmante_cargo="")
    reporte.refresh_from_db()
    with pytest.raises(flujo.ValidationError, match="cargo de quien firma"):
        flujo.aprobar_reporte(reporte=reporte, usuario=escenario.coordinador, fecha_aprobacion=date(2021, 1, 12))


def test_los_pasos_van_en_el_orden_en_que_ocurrieron():
    """Un reporte de 2021 registrado hoy: el borrador no dice «desde» hoy antes de una aprobación de 2021."""
    escenario = armar_escenario()
    reporte = firmar_y_aprobar(escenario, borrador(escenario), fecha_aprobacion=date(2021, 4, 15))
    reporte = flujo.registrar_remision(reporte=reporte, usuario=escenario.coordinador,
                                       fecha_remision=date(2021, 4, 20), numero_oficio="N° 9-2021")
    fechas = [date(int(a), int(m), int(d)) for paso in flujo.pasos_de(reporte)
              for d, m, a in re.findall(r"(\d\d)/(\d\d)/(\d{4})", paso.detalle)]
    assert fechas == sorted(fechas) and fechas[-2:] == [date(2021, 4, 15), date(2021, 4, 20)]
