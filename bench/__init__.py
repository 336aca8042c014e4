"""Banco de pruebas de rendimiento: grilla, exportación, importación y reporte a 1×, 10× y 100× el Anexo N° 2.

`python -m bench` (o `make bench`) prepara una base desechable, arma planes sintéticos y mide; ver
README.md, sección «Rendimiento». Nada de aquí se importa desde la aplicación.
"""
