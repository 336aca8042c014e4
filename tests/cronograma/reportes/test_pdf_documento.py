"""El PDF que firma un funcionario: etiquetado (PDF/UA), cabecera configurable, oficio, anchos y páginas."""

from collections import Counter
from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfReader

from cronograma.reportes import datos as reportes
from cronograma.reportes import flujo
from cronograma.reportes.salidas import pdf_del_reporte
from tests.cronograma.reportes.escenario import armar_escenario, borrador, firmar_y_aprobar, redactar

pytestmark = pytest.mark.django_db


def _lector(reporte) -> PdfReader:
    return PdfReader(BytesIO(pdf_del_reporte(reportes.datos_del_reporte(reporte))))


def _texto(lector: PdfReader) -> str:
    return " ".join("\n".join(p.extract_text() for p in lector.pages).split())


def _roles(lector: PdfReader) -> Counter:
    """Los tipos de elemento del árbol de estructura (lo que lee un lector de pantalla)."""
    roles = Counter()

    def recorrer(nodo):
        nodo = nodo.get_object() if hasattr(nodo, "get_object") else nodo
        if isinstance(nodo, list):
            for hijo in nodo:
                recorrer(hijo)
        elif hasattr(nodo, "get") and nodo.get("/S"):
            roles[str(nodo["/S"])] += 1
            if nodo.get("/K") is not None:
                recorrer(nodo["/K"])

    recorrer(lector.trailer["/Root"]["/StructTreeRoot"]["/K"])
    return roles


def test_el_pdf_esta_etiquetado_con_titulos_tablas_figura_e_idioma():
    escenario = armar_escenario()
    lector = _lector(borrador(escenario))
    raiz = lector.trailer["/Root"]
    assert bool(raiz["/MarkInfo"]["/Marked"]) is True
    assert raiz["/Lang"] == "es-PE"
    roles = _roles(lector)
    for rol in ("/H1", "/H2", "/Table", "/TH", "/TD", "/Figure", "/P"):
        assert roles[rol] >= 1, rol
    assert b"pdfuaid" in raiz["/Metadata"].get_object().get_data()  # se declara PDF/UA-1
    assert "Reporte semestral" in lector.metadata.title


def test_la_cabecera_es_vacia_por_defecto_y_configurable(settings):
    escenario = armar_escenario()
    reporte = borrador(escenario)
    texto = _texto(_lector(reporte))
    assert "«" not in texto.split("Reporte semestral")[0]  # sin nombre del año por defecto
    assert texto.startswith(escenario.plan.entidad)  # sin CALIDAD_ENTIDAD: la entidad del plan
    settings.CALIDAD_ENTIDAD = "Ministerio de Trabajo y Promoción del Empleo"
    settings.CALIDAD_OFICINA = "Oficina General de Planeamiento y Presupuesto"
    settings.CALIDAD_NOMBRE_DEL_ANIO = "Año del Bicentenario del Perú: 200 años de Independencia"
    texto = _texto(_lector(reporte))
    assert texto.startswith("«Año del Bicentenario del Perú: 200 años de Independencia» "
                            "Ministerio de Trabajo y Promoción del Empleo Oficina General de Planeamiento y Presupuesto")


def test_un_reporte_aprobado_guarda_su_cabecera_aunque_cambie_la_configuracion(settings):
    settings.CALIDAD_OFICINA = "Oficina de entonces"
    escenario = armar_escenario()
    reporte = firmar_y_aprobar(escenario, borrador(escenario))
    settings.CALIDAD_OFICINA = "Oficina de ahora"
    texto = _texto(_lector(reporte))
    assert "Oficina de entonces" in texto and "Oficina de ahora" not in texto


def test_el_numero_de_oficio_aparece_solo_una_vez_remitido_y_en_cada_pagina():
    escenario = armar_escenario()
    reporte = firmar_y_aprobar(escenario, borrador(escenario), fecha_aprobacion=date(2021, 1, 12))
    assert "Oficio" not in _texto(_lector(reporte))
    reporte = flujo.registrar_remision(reporte=reporte, usuario=escenario.coordinador, fecha_remision=date(2021, 1, 14),
                                       numero_oficio="N° 012-2021-MTPE/4")
    lector = _lector(reporte)
    assert "Remitido a la SGP con Oficio N° 012-2021-MTPE/4 del 14/01/2021" in _texto(lector)
    assert "aprobado el 12/01/2021" in _texto(lector)
    for pagina in lector.pages:  # el pie de cada página lleva la referencia
        assert "Remitido a la SGP con Oficio N° 012-2021-MTPE/4" in " ".join(pagina.extract_text().split())


def test_sin_informacion_sale_con_su_motivo_y_un_aprobado_no_dice_sin_registrar():
    escenario = armar_escenario()
    reporte = borrador(escenario)
    redactar(escenario, reporte, 1, logros="Se aplicó la encuesta piloto")
    reporte = firmar_y_aprobar(escenario, reporte)
    texto = _texto(_lector(reporte))
    assert "Se aplicó la encuesta piloto" in texto
    assert "Sin información: No hubo desviaciones que corregir" in texto
    assert "Sin registrar" not in texto


def test_los_nombres_de_actividad_caben_y_no_hay_paginas_medio_vacias(anexo2):
    """En el Anexo N° 2 completo: los nombres ocupan pocas líneas y solo la última página puede ser corta."""
    from cronograma.reportes.flujo import crear_reporte
    from tests.factories import crear_usuario

    coordinador = crear_usuario("coordinador", unidades=("OGPP",))
    reporte = crear_reporte(plan=anexo2, desde=date(2020, 10, 1), hasta=date(2021, 3, 1), usuario=coordinador)
    lector = _lector(reporte)
    paginas = [p.extract_text() for p in lector.pages]
    # Una actividad de nombre largo (más de 150 caracteres) no ocupa más de 3 líneas en la tabla de actividades.
    actividad = max((a for c in reportes.datos_del_reporte(reporte).cifras.componentes for a in c.actividades),
                    key=lambda a: len(a.nombre))
    assert len(actividad.nombre) > 100
    # la página donde una línea empieza con su código (su primera palabra puede estar en otras páginas)
    tabla = next(p for p in paginas if any(linea.startswith(f"{actividad.codigo} ") for linea in p.splitlines()))
    inicio = next(i for i, linea in enumerate(tabla.splitlines()) if linea.startswith(f"{actividad.codigo} "))
    lineas = tabla.splitlines()[inicio:]
    ultima_palabra = actividad.nombre.split()[-1]
    ocupa = next(i for i, linea in enumerate(lineas) if ultima_palabra in linea) + 1
    assert ocupa <= 3, lineas[:ocupa]
    # Sin saltos forzados: en cada página, salvo la última, el texto llega a la mitad inferior de la hoja.
    alturas = [_fin_del_contenido(pagina) for pagina in lector.pages[:-1]]
    assert all(fraccion < 0.5 for fraccion in alturas), alturas


def _fin_del_contenido(pagina) -> float:
    """Dónde termina el texto del cuerpo, como fracción del alto desde abajo (el pie, bajo 18 mm, no cuenta)."""
    alto = float(pagina.mediabox.height)
    pie = 18 / 25.4 * 72
    alturas = []

    def visitar(texto, cm, tm, *_):
        if texto.strip():  # y en el espacio de la página: tm × cm
            alturas.append(tm[4] * cm[1] + tm[5] * cm[3] + cm[5])

    pagina.extract_text(visitor_text=visitar)
    cuerpo = [y for y in alturas if y > pie]
    return min(cuerpo) / alto
