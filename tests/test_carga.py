"""bench.load: la comprobación de actualizaciones perdidas, y una corrida corta de verdad contra gunicorn."""

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import dj_database_url
import pytest

from bench.load import (
    ACEPTADA, CONFLICTO, ERROR, Escritura, Estado, Respuesta, clasificar_envio, comprobar_celdas, siguiente_porcentaje,
    valor_del_campo,
)

RAIZ = Path(__file__).resolve().parent.parent
CELDA = ("1.1.1", "2021-03")


def _escritura(base: int, porcentaje: str, resultado: str = ACEPTADA) -> Escritura:
    return Escritura(*CELDA, base=base, porcentaje=porcentaje, comentario=f"c{base}-{porcentaje}", resultado=resultado)


def _estado(version: int, porcentaje: str, base: int | None = None) -> Estado:
    return Estado(version, Decimal(porcentaje), f"c{version - 1 if base is None else base}-{porcentaje}")


def test_sin_perdidas_cuando_la_base_y_la_historia_coinciden_con_lo_aceptado():
    escrituras = [_escritura(0, "1.0"), _escritura(0, "1.0", CONFLICTO), _escritura(1, "1.1")]
    historia = [_estado(1, "1.0"), _estado(2, "1.1")]
    resultado = comprobar_celdas(escrituras, {CELDA: historia[-1]}, {CELDA: historia})
    assert (resultado.celdas, resultado.aceptadas, resultado.conflictos) == (1, 2, 1)
    assert (resultado.perdidas, resultado.fantasmas, resultado.detalles) == (0, 0, [])


def test_dos_aceptadas_sobre_la_misma_version_son_una_actualizacion_perdida():
    # Los dos clientes vieron la versión 0 y ambos recibieron "guardado": el segundo pisó al primero.
    escrituras = [_escritura(0, "1.0"), Escritura(*CELDA, base=0, porcentaje="2.0", comentario="otro", resultado=ACEPTADA)]
    historia = [_estado(1, "1.0"), Estado(1, Decimal("2.0"), "otro")]
    resultado = comprobar_celdas(escrituras, {CELDA: historia[-1]}, {CELDA: historia})
    assert resultado.perdidas >= 1
    assert "dos escrituras aceptadas" in resultado.detalles[0]


def test_una_aceptada_que_no_quedo_en_la_base_es_una_perdida():
    escrituras = [_escritura(0, "1.0"), _escritura(1, "1.1")]
    historia = [_estado(1, "1.0")]
    resultado = comprobar_celdas(escrituras, {CELDA: historia[-1]}, {CELDA: historia})
    assert resultado.perdidas == 2  # falta en la historia y el valor final no es el último aceptado


def test_un_rechazo_que_igual_se_guardo_es_un_cambio_fantasma():
    escrituras = [_escritura(0, "1.0"), _escritura(1, "1.1", CONFLICTO)]
    historia = [_estado(1, "1.0"), _estado(2, "1.1")]
    resultado = comprobar_celdas(escrituras, {CELDA: historia[-1]}, {CELDA: historia})
    assert resultado.fantasmas == 1 and resultado.perdidas == 1


def test_clasifica_las_respuestas_del_registro():
    assert clasificar_envio(Respuesta(302, {"location": "/planes/1/cronograma/fila/1.1.1/"}, "", 0)) == ACEPTADA
    assert clasificar_envio(Respuesta(302, {"location": "/cuentas/login/?next=/"}, "", 0)) == ERROR
    conflicto = "<p>No se guardó: carga01 registró 1,0 % para este mes el 01/03/2021 10:00, después de…</p>"
    assert clasificar_envio(Respuesta(200, {}, conflicto, 0)) == CONFLICTO
    assert clasificar_envio(Respuesta(200, {}, "<p>El valor está por debajo de lo programado</p>", 0)) == ERROR
    assert clasificar_envio(Respuesta(500, {}, "", 0)) == ERROR


def test_lee_el_formulario_y_propone_un_valor_mayor():
    html = ('<input type="text" name="porcentaje" inputmode="decimal" id="p">'
            '<input type="hidden" name="version" value="7" id="v">')
    assert valor_del_campo(html, "version") == "7"
    assert valor_del_campo(html, "porcentaje") == ""
    assert valor_del_campo(html, "comentario") is None
    assert siguiente_porcentaje("") == "0.1"
    assert siguiente_porcentaje("45,5") == "45.6"
    assert siguiente_porcentaje("100,0") == "100.0"


def _bases_de_la_corrida():
    """SQLite siempre; además PostgreSQL cuando la suite corre sobre él (make test-postgres, CI)."""
    bases = ["sqlite"]
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        nombre = dj_database_url.parse(url)["NAME"]
        bases.append(url.rsplit("/", 1)[0] + f"/{nombre}_carga_{os.getpid()}")
    return bases


# El id es el motor, no la URL: la URL lleva el pid (una base por proceso) y con pytest-xdist cada proceso
# debe reunir las mismas pruebas con los mismos nombres.
@pytest.mark.parametrize("base", _bases_de_la_corrida(), ids=lambda base: base.split(":", 1)[0])
def test_corrida_corta_sin_errores_ni_actualizaciones_perdidas(base, tmp_path):
    """Tres usuarios en la misma fila durante 3 s contra gunicorn: hay escrituras aceptadas, los rechazos
    traen su aviso de conflicto, ninguna petición falla y la base termina con lo último aceptado."""
    salida = tmp_path / "carga.json"
    orden = [sys.executable, "-m", "bench.load", "--usuarios", "3", "--segundos", "3", "--base", base,
             "--salida", str(salida)]
    corrida = subprocess.run(orden, cwd=RAIZ, capture_output=True, text=True, timeout=120)
    assert corrida.returncode == 0, corrida.stdout + corrida.stderr
    resultado = json.loads(salida.read_text(encoding="utf-8"))
    comprobacion, guardar = resultado["comprobacion"], resultado["registro"]["guardar"]
    assert resultado["linea_base"]["errores"] == 0 and resultado["registro"]["errores"] == 0
    assert comprobacion["perdidas"] == 0 and comprobacion["fantasmas"] == 0
    assert comprobacion["aceptadas"] > 0
    # La comprobación reúne las escrituras de las dos fases que escriben (registro y hoja del mes, issue 24).
    hoja = resultado["hoja_del_mes"]
    assert hoja["errores"] == 0
    assert comprobacion["aceptadas"] + comprobacion["conflictos"] == guardar["peticiones"] + hoja["guardar_fila"]["peticiones"]
    assert resultado["linea_base"]["peticiones"] > 0 and resultado["parametros"]["usuarios"] == 3
