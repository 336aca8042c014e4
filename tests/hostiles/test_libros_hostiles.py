"""Punto 5 del issue 15: leer un libro cuesta memoria y tiempo acotados por lo que trae de verdad, no por
una celda lejana, por la dimensión que declara ni por pestañas señuelo.

Cada libro hostil (ver `libros_hostiles.py`; todos muy por debajo del límite de tamaño de subida) se lee en
un proceso aparte, que informa el tiempo de cada lectura y la memoria residente máxima del proceso
durante ella (VmHWM, reiniciado antes de cada libro; incluye Django y openpyxl ya cargados). Antes, 32 KB con una celda en XFD en 6.000 filas costaban ~810 MB y
15 s, y una celda en la última fila ~9 s por hoja.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cronograma.anexo.excel import leer_anexo2
from cronograma.anexo.lectura import LibroInvalido, leer_libro
from tests.cronograma.anexo.libros import foto_de_la_base
from tests.hostiles.libros_hostiles import hostiles

RAIZ = Path(__file__).resolve().parents[2]
MEMORIA_MAXIMA_MB = 200
SEGUNDOS_MAXIMOS = 6  # de CPU; el peor libro medido ronda 3-4 s en una máquina de 2 núcleos compartida

_MEDIR = """
import json, os, resource, sys, time
sys.path.insert(0, {raiz!r})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "calidad.settings")
import django
django.setup()
from cronograma.anexo.lectura import LibroInvalido, leer_libro
from tests.hostiles.libros_hostiles import hostiles
def pico_mb():
    # VmHWM: la memoria residente máxima de ESTE proceso (ru_maxrss hereda la del padre pytest).
    for linea in open("/proc/self/status"):
        if linea.startswith("VmHWM:"):
            return int(linea.split()[1]) / 1024

def reiniciar_pico():
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")

resultados = {{}}
base = pico_mb()
for nombre, datos in hostiles():
    reiniciar_pico()
    inicio, cpu = time.perf_counter(), time.process_time()
    try:
        libro = leer_libro(datos)
        desenlace = f"leído: {{len(libro.filas)}} filas, {{len(libro.errores)}} errores"
    except LibroInvalido as error:
        desenlace = f"rechazado: {{str(error)[:90]}}"
    resultados[nombre] = {{"segundos": time.perf_counter() - inicio, "cpu": time.process_time() - cpu, "kb": len(datos) // 1024,
                          "memoria_mb": pico_mb(), "desenlace": desenlace}}
print(json.dumps({{"base_mb": base, "libros": resultados}}))
"""


def test_cada_libro_hostil_se_lee_en_tiempo_y_memoria_acotados():
    proceso = subprocess.run([sys.executable, "-c", _MEDIR.format(raiz=str(RAIZ))], capture_output=True, text=True,
                             timeout=600, cwd=RAIZ)
    assert proceso.returncode == 0, proceso.stderr[-2000:]
    medidas = json.loads(proceso.stdout.strip().splitlines()[-1])
    resultados = medidas["libros"]
    print(f"\nMemoria del proceso con Django cargado, antes de leer: {medidas['base_mb']:.0f} MB")
    for nombre, r in resultados.items():
        print(f"{nombre}: {r['kb']} KB, {r['segundos']:.2f} s ({r['cpu']:.2f} s de CPU), memoria máxima del proceso {r['memoria_mb']:.0f} MB; {r['desenlace']}")
    assert max(r["memoria_mb"] for r in resultados.values()) < MEMORIA_MAXIMA_MB
    # Tiempo de CPU del proceso: el de reloj depende de cuántas tareas comparten la máquina.
    lentos = {n: r["cpu"] for n, r in resultados.items() if r["cpu"] > SEGUNDOS_MAXIMOS}
    assert lentos == {}


@pytest.mark.django_db
def test_un_libro_hostil_no_cambia_la_base(anexo2):
    antes = foto_de_la_base()
    for nombre, datos in hostiles():
        try:
            cambios = leer_anexo2(datos, anexo2)
        except LibroInvalido:
            continue
        assert not cambios.valido or not cambios.hay_cambios, nombre
    assert foto_de_la_base() == antes


def test_las_pestanas_senuelo_no_impiden_hallar_la_tabla():
    from tests.hostiles.libros_hostiles import ULTIMA_FILA, celda, encabezado, fila, libro

    senuelo = fila(ULTIMA_FILA, celda(f"A{ULTIMA_FILA}", "x"))
    leido = leer_libro(libro([senuelo] * 20 + [encabezado()]))
    assert leido.nombre_pestana == "Hoja21" and leido.columnas["responsable"] == 3


def test_una_fila_con_numero_que_no_es_numero_se_rechaza_con_mensaje():
    from tests.hostiles.libros_hostiles import libro

    with pytest.raises(LibroInvalido, match="no es un número de fila"):
        leer_libro(libro(['<row r="uno"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>']))
