"""Formatos de exportación del admin (django-import-export) a salvo de la inyección de fórmulas.

django-import-export solo quita un "=" inicial (IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT), pero una hoja
de cálculo también toma como fórmula lo que empieza con "+", "-", "@", un tabulador o un retorno de
carro. Todas las celdas pasan por el escritor único de hojas de cálculo (`calidad.hojas`): en CSV y TSV
la celda que empieza así va precedida de un apóstrofo; en XLSX se escribe como celda de texto. Los demás
formatos de tablib (XLS, ODS, YAML, HTML) no se ofrecen.
"""

from import_export.formats.base_formats import CSV, JSON, TSV, XLSX

from calidad.hojas import PREFIJOS_DE_FORMULA, celda_de_texto_plano, libro_plano

__all__ = ["FORMATOS_DE_EXPORTACION", "PREFIJOS_DE_FORMULA", "escapar_celda"]

escapar_celda = celda_de_texto_plano


class _SinFormulas:
    def export_data(self, dataset, **kwargs):
        filas = [[celda_de_texto_plano(celda) for celda in fila] for fila in dataset]
        del dataset[:]  # se reemplazan las filas; los encabezados son los nombres de los campos
        for fila in filas:
            dataset.append(fila)
        return dataset.export(self.get_title(), **kwargs)


class CSVSinFormulas(_SinFormulas, CSV):
    pass


class TSVSinFormulas(_SinFormulas, TSV):
    pass


class XLSXSinFormulas(XLSX):
    def export_data(self, dataset, **kwargs):
        return libro_plano(dataset.title or "Hoja", dataset.headers or [], dataset)


FORMATOS_DE_EXPORTACION = [CSVSinFormulas, TSVSinFormulas, XLSXSinFormulas, JSON]
