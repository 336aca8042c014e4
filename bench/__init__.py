"""Bancos de prueba. `python -m bench` (make bench): rendimiento de grilla, exportación, importación y
reporte a 1×, 10× y 100× el Anexo N° 2 (README, «Rendimiento»). `python -m bench.load` (make load):
carga y concurrencia con gunicorn. Nada de aquí se importa desde la aplicación.
"""
