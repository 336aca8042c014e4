"""Formatos de exportación del admin (django-import-export) a salvo de la inyección de fórmulas.

django-import-export solo quita un "=" inicial (IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT), pero una hoja
de cálculo también toma como fórmula lo que empieza con "+", "-", "@", un tabulador o un retorno de
carro. En CSV y TSV toda celda que empiece así se exporta precedida de un apóstrofo (la forma que
recomienda OWASP: la hoja muestra el texto tal cual). XLSX escribe textos, que nunca son fórmulas salvo
el "=" (ya quitado por el ajuste). Los demás formatos de tablib (XLS, ODS, YAML, HTML) no se ofrecen.
"""

from import_export.formats.base_formats import CSV, JSON, TSV, XLSX

PREFIJOS_DE_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def escapar_celda(valor) -> str:
    texto = "" if valor is None else str(valor)
    return "'" + texto if texto.startswith(PREFIJOS_DE_FORMULA) else texto


class _SinFormulas:
    def export_data(self, dataset, **kwargs):
        filas = [[escapar_celda(celda) for celda in fila] for fila in dataset]
        del dataset[:]  # se reemplazan las filas; los encabezados son los nombres de los campos
        for fila in filas:
            dataset.append(fila)
        return dataset.export(self.get_title(), **kwargs)


class CSVSinFormulas(_SinFormulas, CSV):
    pass


class TSVSinFormulas(_SinFormulas, TSV):
    pass


FORMATOS_DE_EXPORTACION = [CSVSinFormulas, TSVSinFormulas, XLSX, JSON]
