"""Las mediciones de un tamaño: grilla, exportación (y su base openpyxl), importación y reporte.

Cada medición se repite y se informa la mediana. Las que escriben (aplicar la importación) corren
dentro de una transacción que se deshace al final, para que cada repetición parta del mismo estado.
"""

import gc
import statistics
import time
from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from bench.base_openpyxl import celdas_planas, escribir_base
from bench.datos import crear_plan_bench
from componentes.meses import anterior
from componentes.models import Plan
from cronograma.avance import avance_del_plan
from cronograma.anexo.excel import aplicar_cambios, exportar_anexo2, leer_anexo2
from cronograma.grilla.gantt import armar_grilla
from cronograma.reportes.flujo import crear_reporte


@dataclass
class Escenario:
    """Lo que se mide en un tamaño: el plan vigente, un plan distinto con los mismos códigos (destino
    de la importación) y un borrador de reporte semestral del plan vigente."""

    filas: int
    meses: int
    plan: Plan
    destino: Plan
    reporte: object
    usuario: object
    corte: date
    preparacion_s: float


def preparar(filas: int, meses: int, usuario) -> Escenario:
    inicio = time.perf_counter()
    for anterior_vigente in Plan.objects.filter(vigente=True):  # uno solo vigente: el del tamaño en curso
        anterior_vigente.vigente = False
        anterior_vigente._history_user = usuario
        anterior_vigente.save()
    plan = crear_plan_bench(filas, meses, usuario=usuario)
    destino = crear_plan_bench(filas, meses, usuario=usuario, variante=1, vigente=False)
    corte = plan.mes_fin
    desde = corte
    for _ in range(5):
        desde = anterior(desde) if desde > plan.mes_inicio else desde
    reporte = crear_reporte(plan=plan, desde=desde, hasta=corte, usuario=usuario)
    return Escenario(filas, meses, plan, destino, reporte, usuario, corte, time.perf_counter() - inicio)


def _cronometro(funcion) -> tuple[float, object]:
    gc.collect()
    inicio = time.perf_counter()
    resultado = funcion()
    return time.perf_counter() - inicio, resultado


def _mediana(tiempos: list[float]) -> float:
    return round(statistics.median(tiempos), 4)


def _get(cliente: Client, url: str, **kwargs):
    respuesta = cliente.get(url, **kwargs)
    if respuesta.status_code != 200:
        raise RuntimeError(f"GET {url} respondió {respuesta.status_code}.")
    return respuesta


def _consultas(cliente: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as capturadas:
        _get(cliente, url)
    return len(capturadas.captured_queries)


def url_grilla() -> str | None:
    """La grilla /cronograma/ si ya está en las URL (llega con la interfaz del avance)."""
    try:
        from componentes.models import Plan

        plan = Plan.objects.vigente()
        return reverse("grilla", args=[plan.pk]) if plan is not None else None
    except NoReverseMatch:
        return None


def medir_grilla(cliente: Client, repeticiones: int) -> dict:
    url = url_grilla()
    if url is None:
        return {"grid_s": None, "grid_queries": None, "grid_mb": None}
    _get(cliente, url)  # calienta plantillas y conexiones
    tiempos = [_cronometro(lambda: _get(cliente, url))[0] for _ in range(repeticiones)]
    return {"grid_s": _mediana(tiempos), "grid_queries": _consultas(cliente, url),
            "grid_mb": round(len(_get(cliente, url).content) / 1e6, 1)}


def medir_exportacion(escenario: Escenario, repeticiones: int) -> dict:
    """Exportación completa (consultas + avance + grilla + libro) frente a openpyxl a secas, alternadas
    para que la carga de la máquina afecte a ambas por igual."""
    plano = celdas_planas(armar_grilla(avance_del_plan(escenario.plan, corte=escenario.corte)))
    propia, base = [], []
    for _ in range(repeticiones):
        propia.append(_cronometro(lambda: exportar_anexo2(escenario.plan, escenario.corte))[0])
        base.append(_cronometro(lambda: escribir_base(plano))[0])
    return {
        "export_s": _mediana(propia),
        "baseline_openpyxl_s": _mediana(base),
        "export_ratio": round(statistics.median(propia) / statistics.median(base), 3),
    }


def medir_importacion(escenario: Escenario, repeticiones: int) -> dict:
    """El libro del plan vigente se importa en el plan `destino` (mismos códigos; otros nombres, meses y
    avance): la vista previa (leer + comparar) y la aplicación, que registra de verdad cada cambio."""
    libro = exportar_anexo2(escenario.plan, escenario.corte)
    previa, aplicacion, cambios_por_fila = [], [], 0
    for _ in range(repeticiones):
        with transaction.atomic():
            tiempo, cambios = _cronometro(lambda: leer_anexo2(libro, escenario.destino, nombre_archivo="bench.xlsx"))
            if not cambios.valido:
                raise RuntimeError(f"El libro del banco tiene errores: {cambios.errores[:3]}")
            previa.append(tiempo)
            aplicacion.append(_cronometro(lambda: aplicar_cambios(cambios, escenario.usuario))[0])
            cambios_por_fila = len(cambios.a_cambiar) + len(cambios.a_crear)
            transaction.set_rollback(True)
    return {
        "import_s": _mediana(aplicacion),
        "import_dry_run_s": _mediana(previa),
        "import_rows_changed": cambios_por_fila,
        "workbook_kb": round(len(libro) / 1024, 1),
    }


def medir_reporte(cliente: Client, escenario: Escenario, repeticiones: int, repeticiones_pdf: int) -> dict:
    html = reverse("reporte_detalle", args=[escenario.reporte.plan_id, escenario.reporte.pk])
    pdf = reverse("reporte_pdf", args=[escenario.reporte.plan_id, escenario.reporte.pk])
    _get(cliente, html)
    tiempos_html = [_cronometro(lambda: _get(cliente, html))[0] for _ in range(repeticiones)]
    tiempos_pdf = [_cronometro(lambda: _get(cliente, pdf))[0] for _ in range(repeticiones_pdf)]
    return {
        "report_s": _mediana(tiempos_html),
        "report_queries": _consultas(cliente, html),
        "report_pdf_s": _mediana(tiempos_pdf),
    }


def usuario_de_unidad(sigla: str = "SDLGAT"):
    """Un usuario de una unidad (no de la coordinación): el de «Mis actividades»."""
    from django.contrib.auth import get_user_model

    from bench.datos import unidades

    usuario, creado = get_user_model().objects.get_or_create(username=f"bench-{sigla.lower()}")
    if creado:
        usuario.set_unusable_password()
        usuario.save()
        unidades()[sigla].usuarios.add(usuario)
    return usuario


def operaciones_de_registro(escenario: Escenario, cliente: Client) -> dict:
    """Las peticiones del registro sobre una fila hoja del medio del plan, al mes de corte: la página de
    la fila, el formulario de la celda (htmx), el guardado (un % con comentario, sobre la versión vigente:
    cada vez es una escritura real) y «Mis actividades» de una unidad (con su propio cliente)."""
    from componentes.catalogo import Catalogo
    from componentes.meses import clave_mes
    from cronograma.models import Avance

    hojas = Catalogo(escenario.plan).hojas
    hoja = hojas[len(hojas) // 2]
    mes = clave_mes(escenario.corte)
    fila = f"{reverse('fila', args=[escenario.plan.pk, hoja.codigo])}?mes={mes}"
    celda = f"{reverse('formulario_celda', args=[escenario.plan.pk, hoja.codigo])}?mes={mes}"
    guardar_url = reverse("registrar", args=[escenario.plan.pk, hoja.codigo])
    filtro = {"actividad_id": hoja.clave.actividad_id, "subactividad_id": hoja.clave.subactividad_id,
              "mes": escenario.corte}
    vueltas = iter(range(10**9))

    def guardar():
        actual = Avance.objects.filter(**filtro).values_list("version", flat=True).first() or 0
        vuelta = next(vueltas)
        respuesta = cliente.post(guardar_url, {"mes": mes, "version": actual, "porcentaje": f"{40 + vuelta % 50}",
                                               "comentario": f"Banco {vuelta}"})
        if respuesta.status_code != 302:
            raise RuntimeError(f"POST {guardar_url} respondió {respuesta.status_code}.")
        return respuesta

    de_unidad = Client()
    de_unidad.force_login(usuario_de_unidad())
    mis = f"{reverse('mis_actividades')}?mes={mes}"
    return {
        "trivial": lambda: _get(cliente, "/cuentas/password_change/"),  # la línea base de `make load`
        "fila": lambda: _get(cliente, fila),
        "celda": lambda: _get(cliente, celda, headers={"HX-Request": "true"}),
        "guardar": guardar,
        "mis": lambda: _get(de_unidad, mis),
    }


def _consultas_de(operacion) -> int:
    with CaptureQueriesContext(connection) as capturadas:
        operacion()
    return len(capturadas.captured_queries)


def medir_registro(cliente: Client, escenario: Escenario, repeticiones: int) -> dict:
    """La página de la fila, el formulario de la celda, el guardado y «Mis actividades» de una unidad:
    mediana de tiempos y consultas de cada una."""
    resultado = {}
    for nombre, operacion in operaciones_de_registro(escenario, cliente).items():
        operacion()  # calienta
        tiempos = [_cronometro(operacion)[0] for _ in range(repeticiones)]
        resultado[f"{nombre}_s"] = _mediana(tiempos)
        resultado[f"{nombre}_queries"] = _consultas_de(operacion)
    return resultado


def medir_reprogramacion(escenario: Escenario, repeticiones: int) -> dict:
    """Aprobar una versión del plan: un borrador que mueve los meses de 1 de cada 10 filas (y renombra
    1 de cada 100), aprobado con sustento; escribe la programación completa de la versión con historia.
    Cada repetición se deshace al final (transacción), así todas hacen el mismo trabajo."""
    from componentes.meses import clave_mes
    from cronograma.reprogramacion.versiones import aprobar_version, crear_borrador, guardar_borrador

    plan, usuario = escenario.plan, escenario.usuario
    ultimo = clave_mes(plan.mes_fin)
    borradores, aprobaciones, filas_movidas = [], [], 0
    for _ in range(repeticiones):
        with transaction.atomic():
            tiempo, borrador = _cronometro(lambda: crear_borrador(plan=plan, usuario=usuario))
            borradores.append(tiempo)
            codigos = list(borrador.cambios["meses"])
            movidas = {codigo: [ultimo] for codigo in codigos[::10]}
            nombres = {codigo: f"Reprogramada {codigo}" for codigo in codigos[::100]}
            guardar_borrador(version=borrador, usuario=usuario, meses=movidas, nombres=nombres)
            aprobaciones.append(_cronometro(lambda: aprobar_version(
                version=borrador, motivo="Banco: reprogramación.", vigente_desde=plan.mes_fin, usuario=usuario))[0])
            filas_movidas = len(movidas)
            transaction.set_rollback(True)
    return {"version_draft_s": _mediana(borradores), "version_approve_s": _mediana(aprobaciones),
            "version_rows_moved": filas_movidas}


MEDICIONES = ("grilla", "exportacion", "importacion", "reporte", "registro", "reprogramacion")


def medir_tamano(filas: int, meses: int, *, usuario, repeticiones: int, repeticiones_pdf: int | None = None,
                 aviso=print, medir: tuple[str, ...] = MEDICIONES) -> dict:
    """Las mediciones de un tamaño (todas, o las de `medir`), con la mediana de `repeticiones` (el PDF,
    de `repeticiones_pdf`)."""
    aviso(f"· {filas} filas × {meses} meses: preparando…")
    escenario = preparar(filas, meses, usuario)
    cliente = Client()
    cliente.force_login(usuario)
    resultado = {"rows": filas, "months": meses, "repetitions": repeticiones,
                 "setup_s": round(escenario.preparacion_s, 2)}
    for nombre, medicion in (
        ("grilla", lambda: medir_grilla(cliente, repeticiones)),
        ("exportacion", lambda: medir_exportacion(escenario, repeticiones)),
        ("importacion", lambda: medir_importacion(escenario, repeticiones)),
        ("reporte", lambda: medir_reporte(cliente, escenario, repeticiones, repeticiones_pdf or repeticiones)),
        ("registro", lambda: medir_registro(cliente, escenario, repeticiones)),
        ("reprogramacion", lambda: medir_reprogramacion(escenario, repeticiones)),
    ):
        if nombre in medir:
            aviso(f"  {nombre}…")
            resultado.update(medicion())
    resultado["report_pdf_repetitions"] = repeticiones_pdf or repeticiones
    return resultado
