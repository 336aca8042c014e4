"""Los SVG del servidor: texto alternativo, valores escritos, textos escapados, puntos tras el corte."""

import re
from datetime import date
from decimal import Decimal
from xml.etree import ElementTree

from cronograma.avance import PuntoCurva
from cronograma.mensual.graficos import Barra, barras_svg, curva_s_svg

SVG = "{http://www.w3.org/2000/svg}"


def test_barras_con_titulo_descripcion_y_valores():
    svg = barras_svg(
        [Barra("Componente 1", Decimal("50.0"), Decimal("25.5")), Barra("<b>C2</b>", Decimal("100"), Decimal("0"))],
        titulo="Avance & metas", descripcion="Programado y ejecutado", ident="b1",
    )
    raiz = ElementTree.fromstring(svg)  # XML bien formado: los textos se escaparon
    assert raiz.get("role") == "img" and raiz.get("aria-labelledby") == "b1-titulo b1-desc"
    assert raiz.find(f"{SVG}title").text == "Avance & metas"
    textos = [t.text for t in raiz.iter(f"{SVG}text")]
    assert "<b>C2</b>" in textos and "25,5 %" in textos and "50,0 %" in textos
    anchos = [float(r.get("width")) for r in raiz.iter(f"{SVG}rect") if r.get("height") == "12"]
    # Tras las dos muestras de la leyenda, dos barras por elemento, proporcionales a su valor.
    assert anchos[2:] == [280.0, 142.8, 560.0, 0.0]


def test_barras_con_el_color_y_el_texto_de_su_semaforo():
    """Issue 14: el ejecutado toma el color de su semáforo y el texto del semáforo va junto al nombre."""
    svg = barras_svg(
        [Barra("1. Conocer las necesidades", Decimal("100"), Decimal("40"), semaforo="rojo", texto_semaforo="Rojo: avance crítico")],
        titulo="t", descripcion="d", ident="b2",
    )
    raiz = ElementTree.fromstring(svg)
    rotulo = next(t for t in raiz.iter(f"{SVG}text") if (t.text or "").startswith("1. Conocer"))
    assert "".join(rotulo.itertext()) == "1. Conocer las necesidades (Rojo: avance crítico)"
    rellenos = [r.get("fill") for r in raiz.iter(f"{SVG}rect") if r.get("height") == "12"][2:]
    assert rellenos == ["#cfe2f3", "#b42318"]


def test_curva_omite_los_meses_sin_ejecutado():
    puntos = [PuntoCurva(date(2020, 10, 1), Decimal("10"), Decimal("8")),
              PuntoCurva(date(2020, 11, 1), Decimal("50"), Decimal("40")),
              PuntoCurva(date(2020, 12, 1), Decimal("100"), None)]
    raiz = ElementTree.fromstring(curva_s_svg(puntos, titulo="Curva S", descripcion="d", ident="c1"))
    lineas = list(raiz.iter(f"{SVG}polyline"))
    assert [len(re.findall(r"[\d.]+,[\d.]+", l.get("points"))) for l in lineas] == [3, 2]
    assert lineas[0].get("stroke-dasharray") and not lineas[1].get("stroke-dasharray")  # se distinguen sin color
    assert raiz.find(f"{SVG}desc").text == "d"
