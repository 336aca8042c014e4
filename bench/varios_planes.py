"""Varios planes abiertos a la vez (issue 13): Mis actividades de una unidad y la vista general de la
coordinación con N planes de F filas, en la misma corrida que las demás mediciones.

Los planes se crean como los del resto del banco (bench/datos.py, con historia); uno queda vigente y
los demás abiertos. Se informan la mediana de los tiempos y las consultas SQL de cada página.
"""

import time

from django.test import Client

from bench.datos import crear_plan_bench, unidades
from bench.medir import _consultas, _cronometro, _get, _mediana
from componentes.models import Plan

UNIDAD = "SDLGAT"


def medir_varios_planes(*, usuario, planes: int, filas: int, meses: int, repeticiones: int, aviso=print) -> dict:
    aviso(f"· {planes} planes abiertos de {filas} filas × {meses} meses: preparando…")
    inicio = time.perf_counter()
    # Los planes de las mediciones anteriores se archivan: quedan exactamente `planes` abiertos.
    for anterior in Plan.objects.filter(archivado=False):
        anterior.vigente, anterior.archivado = False, True
        anterior._history_user = usuario
        anterior.save()
    creados = [crear_plan_bench(filas, meses, usuario=usuario, variante=i, vigente=(i == 0)) for i in range(planes)]
    preparacion = time.perf_counter() - inicio
    from django.contrib.auth import get_user_model

    persona, _ = get_user_model().objects.get_or_create(username="bench-unidad")
    unidades()[UNIDAD].usuarios.add(persona)
    resultado = {"plans": planes, "rows": filas, "months": meses, "repetitions": repeticiones,
                 "setup_s": round(preparacion, 2), "open_plans": Plan.objects.filter(archivado=False).count()}
    for clave, quien, url in (("my_activities", persona, "/mis-actividades/"), ("overview", usuario, "/planes/")):
        aviso(f"  {url}…")
        cliente = Client()
        cliente.force_login(quien)
        _get(cliente, url)
        tiempos = [_cronometro(lambda: _get(cliente, url))[0] for _ in range(repeticiones)]
        resultado[f"{clave}_s"] = _mediana(tiempos)
        resultado[f"{clave}_queries"] = _consultas(cliente, url)
    resultado["plan_ids"] = [p.pk for p in creados]
    return resultado


def texto(resultado: dict) -> str:
    return (f"{resultado['plans']} planes abiertos × {resultado['rows']} filas: Mis actividades de {UNIDAD} "
            f"{resultado['my_activities_s']} s ({resultado['my_activities_queries']} consultas); vista general "
            f"{resultado['overview_s']} s ({resultado['overview_queries']} consultas).")

