"""La máquina en que se midió, la tabla de resultados y el JSON."""

import json
import os
import platform
from datetime import datetime
from pathlib import Path

COLUMNAS = (
    ("rows", "filas", "{:,}"),
    ("months", "meses", "{}"),
    ("grid_s", "grilla s", "{:.3f}"),
    ("grid_queries", "consultas", "{}"),
    ("grid_mb", "grilla MB", "{:.1f}"),
    ("export_s", "export. s", "{:.3f}"),
    ("baseline_openpyxl_s", "openpyxl s", "{:.3f}"),
    ("export_ratio", "razón", "{:.2f}×"),
    ("import_dry_run_s", "vista previa s", "{:.3f}"),
    ("import_s", "aplicar s", "{:.3f}"),
    ("report_s", "reporte s", "{:.3f}"),
    ("report_pdf_s", "PDF s", "{:.3f}"),
    ("version_approve_s", "aprobar versión s", "{:.3f}"),
)
# El registro (issue 16): página de la fila, formulario de la celda, guardado y «Mis actividades» de una unidad.
COLUMNAS_REGISTRO = (
    ("rows", "filas", "{:,}"),
    ("months", "meses", "{}"),
    ("fila_s", "fila s", "{:.3f}"),
    ("fila_queries", "consultas", "{}"),
    ("celda_s", "celda s", "{:.3f}"),
    ("celda_queries", "consultas", "{}"),
    ("guardar_s", "guardar s", "{:.3f}"),
    ("guardar_queries", "consultas", "{}"),
    ("mis_s", "mis actividades s", "{:.3f}"),
    ("mis_queries", "consultas", "{}"),
)


def _cpu() -> str:
    try:
        for linea in Path("/proc/cpuinfo").read_text().splitlines():
            if linea.startswith("model name"):
                return linea.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memoria_gb() -> float | None:
    try:
        for linea in Path("/proc/meminfo").read_text().splitlines():
            if linea.startswith("MemTotal"):
                return round(int(linea.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def _base_de_datos() -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version}"


def maquina() -> dict:
    import django
    import openpyxl
    import weasyprint

    return {
        "cpu": _cpu(),
        "cores": os.cpu_count(),
        "memory_gb": _memoria_gb(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": _base_de_datos(),
        "openpyxl": openpyxl.__version__,
        "weasyprint": weasyprint.__version__,
        "os": platform.platform(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
    }


def _celda(valor, formato: str) -> str:
    return "—" if valor is None else formato.format(valor)


def tabla(tamanos: dict) -> str:
    """Tablas en Markdown (se leen igual en la consola y en el README): la general y, si se midió, la del registro."""
    tablas = [_tabla(tamanos, COLUMNAS)]
    if any("fila_s" in r for r in tamanos.values()):
        tablas.append(_tabla(tamanos, COLUMNAS_REGISTRO))
    return "\n\n".join(tablas)


def _tabla(tamanos: dict, COLUMNAS) -> str:
    encabezado = "| " + " | ".join(titulo for _, titulo, _ in COLUMNAS) + " |"
    separador = "|" + "|".join(" ---: " for _ in COLUMNAS) + "|"
    filas = ["| " + " | ".join(_celda(r.get(clave), formato) for clave, _, formato in COLUMNAS) + " |"
             for r in tamanos.values()]
    return "\n".join([encabezado, separador, *filas])


def texto_maquina(datos: dict) -> str:
    return (f"{datos['cpu']}, {datos['cores']} núcleos, {datos['memory_gb']} GB; Python {datos['python']}, "
            f"Django {datos['django']}, {datos['database']}; {datos['date']}")


def guardar(ruta: Path, datos: dict) -> None:
    ruta.write_text(json.dumps(datos, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
