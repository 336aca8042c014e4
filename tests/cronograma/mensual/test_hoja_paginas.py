"""Las páginas de la hoja del mes (issue 24): de a `FILAS_POR_PAGINA` filas, en el orden de trabajo (primero
las por registrar). El Anexo cabe en una página, como siempre; con páginas más cortas (las pruebas achican el
límite) se recorren todas las filas, cada una una vez y en orden, con el mes y la unidad en cada enlace y sin
páginas vacías."""

import re
from datetime import date

import pytest

from cronograma.mensual import hoja as modulo_hoja
from tests.factories import crear_usuario, programar, registrar

OCT, NOV = date(2020, 10, 1), date(2020, 11, 1)
POR_PAGINA = 5


@pytest.fixture
def anexo(anexo2):
    programar(anexo2, "1.1.1", OCT, NOV)  # por registrar en noviembre
    programar(anexo2, "1.1.3", NOV)  # por registrar en noviembre
    programar(anexo2, "1.1.2", OCT)
    registrar(anexo2, "1.1.2", OCT, 100)  # concluida
    return anexo2


@pytest.fixture
def sdlgat(client, anexo):
    client.force_login(crear_usuario("sdlgat", unidades=("SDLGAT",)))
    return client


@pytest.fixture
def paginas_cortas(monkeypatch):
    monkeypatch.setattr(modulo_hoja, "FILAS_POR_PAGINA", POR_PAGINA)


def _codigos(pagina: str) -> list[str]:
    return re.findall(r'<li class="fila-del-mes[^"]*" id="fila-[^"]*" data-codigo="([^"]+)"', pagina)


def _seccion(pagina: str, clave: str) -> list[str]:
    """Los códigos de una sección de la página (vacío si la página no la muestra)."""
    inicio = pagina.find(f'id="seccion-{clave}"')
    if inicio < 0:
        return []
    fin = min(i for i in (pagina.find('id="seccion-', inicio + 1), pagina.find('id="hoja-del-mes-fin"'), len(pagina)) if i > 0)
    return _codigos(pagina[inicio:fin])


def _enlaces(pagina: str) -> list[str]:
    navegacion = pagina[pagina.index('class="paginas-de-la-hoja'):]
    return re.findall(r'<a href="([^"]+)"', navegacion[:navegacion.index("</nav>")])


def test_el_anexo_cabe_en_una_pagina(client, anexo):
    """Unas 17 filas por unidad (y las de todas, para la coordinación): todo en una página, sin navegación."""
    for usuario, direccion in ((crear_usuario("sdlgat", unidades=("SDLGAT",)), "/mis-actividades/?mes=2020-11"),
                               (crear_usuario("ogpp", unidades=("OGPP",)), "/mis-actividades/?mes=2020-11&unidad=todas")):
        client.force_login(usuario)
        respuesta = client.get(direccion)
        pagina = respuesta.content.decode()
        assert 'class="paginas-de-la-hoja' not in pagina and "pagina=" not in pagina
        assert sorted(_codigos(pagina)) == sorted(f.hoja.codigo for f in respuesta.context["hoja"].filas)
        assert len(_codigos(pagina)) >= 17


def test_las_paginas_siguen_el_orden_de_trabajo_y_muestran_cada_fila_una_vez(sdlgat, paginas_cortas):
    primera = sdlgat.get("/mis-actividades/?mes=2020-11")
    hoja = primera.context["hoja"]
    en_orden = [f.hoja.codigo for s in hoja.secciones for g in s.grupos for f in g.filas]
    pagina = primera.content.decode()
    assert _seccion(pagina, "por-registrar") == ["1.1.1", "1.1.3"]  # primero, las por registrar
    assert _codigos(pagina) == en_orden[:POR_PAGINA]
    enlaces = _enlaces(pagina)
    total = -(-len(en_orden) // POR_PAGINA)
    assert total >= 3 and f"Página 1 de {total}" in pagina
    assert all(e.startswith("/mis-actividades/?mes=2020-11") for e in enlaces)  # el mes va en cada enlace
    assert 'rel="next"' in pagina and 'rel="prev"' not in pagina and 'aria-current="page"' in pagina
    vistas = _codigos(pagina)
    for numero in range(2, total + 1):
        pagina = sdlgat.get(f"/mis-actividades/?mes=2020-11&pagina={numero}").content.decode()
        assert _seccion(pagina, "por-registrar") == []
        assert f"Página {numero} de {total}, en el orden de trabajo: primero las 2 filas por registrar" in pagina
        assert 'rel="prev"' in pagina and ('rel="next"' in pagina) == (numero < total)
        assert 0 < len(_codigos(pagina)) <= POR_PAGINA
        vistas += _codigos(pagina)
    assert vistas == en_orden  # cada fila una vez, en el orden de la hoja
    assert "2 filas por registrar" in pagina  # el resumen del mes es el de la hoja entera
    # Las concluidas de una página siguiente no llegan plegadas.
    ultima = sdlgat.get(f"/mis-actividades/?mes=2020-11&pagina={total}").content.decode()
    assert "1.1.2" in _codigos(ultima) and '<details class="seccion-del-mes plegada"' not in ultima


def test_muchas_por_registrar_tambien_van_por_paginas(sdlgat, monkeypatch):
    """Con más filas por registrar que una página, la sección se corta y dice qué parte se ve."""
    monkeypatch.setattr(modulo_hoja, "FILAS_POR_PAGINA", 1)
    primera = sdlgat.get("/mis-actividades/?mes=2020-11").content.decode()
    segunda = sdlgat.get("/mis-actividades/?mes=2020-11&pagina=2").content.decode()
    assert _seccion(primera, "por-registrar") == ["1.1.1"] and _seccion(segunda, "por-registrar") == ["1.1.3"]
    assert "Por registrar en Noviembre 2020: 2 filas<span class=\"parte-de-la-seccion\">, aquí de la 2 a la 2</span>" in segunda
    # El primer enlace de cada página lleva a la primera fila por registrar de esa página.
    assert "Ir a la primera fila por registrar (1.1.1)" in primera and "Ir a la primera fila por registrar (1.1.3)" in segunda


@pytest.mark.parametrize("pedida, esperada", [("999", "ultima"), ("0", 1), ("dos", 1), ("-3", 1), ("", 1)])
def test_una_pagina_fuera_de_rango_o_mal_escrita_nunca_es_un_error(sdlgat, paginas_cortas, pedida, esperada):
    respuesta = sdlgat.get(f"/mis-actividades/?mes=2020-11&pagina={pedida}")
    assert respuesta.status_code == 200
    paginacion = respuesta.context["paginacion"]
    assert paginacion.actual == (paginacion.total if esperada == "ultima" else esperada)
    assert _codigos(respuesta.content.decode())  # nunca una página vacía


def test_la_coordinacion_conserva_la_unidad_en_cada_pagina(client, anexo, paginas_cortas):
    client.force_login(crear_usuario("ogpp", unidades=("OGPP",)))
    pagina = client.get("/mis-actividades/?mes=2020-11&unidad=todas&pagina=2").content.decode()
    assert all("unidad=todas" in enlace and "mes=2020-11" in enlace for enlace in _enlaces(pagina))
    assert 'name="unidad" value="todas"' in pagina  # y cada fila la envía al guardar


def test_muchas_paginas_muestran_la_primera_la_ultima_y_las_vecinas():
    paginacion = modulo_hoja.Paginacion(actual=10, total=40, por_registrar=3, direccion="/mis-actividades/",
                                        consulta=(("mes", "2022-09"), ("unidad", "")))
    assert [p and p[0] for p in paginacion.numeros] == [1, None, 8, 9, 10, 11, 12, None, 40]
    assert paginacion.enlace(1) == "/mis-actividades/?mes=2022-09"  # sin «unidad=» vacía ni «pagina=1»
    assert paginacion.siguiente == "/mis-actividades/?mes=2022-09&pagina=11"


def _post(codigo: str, porcentaje: str) -> dict:
    return {"mes": "2020-11", "guardar": codigo, f"{codigo}-porcentaje": porcentaje, f"{codigo}-comentario": "",
            f"{codigo}-mes": "2020-11", f"{codigo}-version": "0"}


def test_guardar_sin_javascript_una_fila_de_otra_pagina_vuelve_a_la_pagina_que_la_muestra(sdlgat, paginas_cortas):
    ultima = sdlgat.get("/mis-actividades/?mes=2020-11&pagina=99")
    codigo = ultima.context["hoja"].secciones_de_la_pagina[-1].grupos[-1].filas[-1].hoja.codigo
    assert ultima.context["paginacion"].actual > 1
    respuesta = sdlgat.post("/mis-actividades/guardar/", _post(codigo, "100"))
    assert respuesta.status_code == 302
    assert respuesta.url == f"/mis-actividades/?mes=2020-11&fila={codigo}#fila-{codigo}"
    pagina = sdlgat.get(respuesta.url).content.decode()
    assert codigo in _codigos(pagina)
    fila = pagina[pagina.index(f'id="fila-{codigo}"'):]
    assert fila.index(f"Guardado: 100,0 % en {codigo} para Noviembre 2020.") < fila.index("</li>")


def test_un_error_en_una_fila_de_otra_pagina_se_muestra_en_su_pagina(sdlgat, paginas_cortas):
    ultima = sdlgat.get("/mis-actividades/?mes=2020-11&pagina=99")
    codigo = ultima.context["hoja"].secciones_de_la_pagina[-1].grupos[-1].filas[-1].hoja.codigo
    respuesta = sdlgat.post("/mis-actividades/guardar/", _post(codigo, "ciento"))
    assert respuesta.status_code == 400
    pagina = respuesta.content.decode()
    assert codigo in _codigos(pagina) and 'value="ciento"' in pagina  # la fila, con lo escrito y su error
    assert respuesta.context["paginacion"].actual == ultima.context["paginacion"].actual
    assert all(e.startswith("/mis-actividades/?") for e in _enlaces(pagina))  # no a la dirección del POST
