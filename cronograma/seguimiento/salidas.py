"""La matriz de compromisos en Excel: una pestaña, escrita con la tabla del reporte (texto siempre como
texto: un «=…» no se vuelve fórmula). Recibe filas ya leídas: no consulta."""

from io import BytesIO

from openpyxl import Workbook

from componentes.meses import nombre_mes
from componentes.models import Plan
from cronograma.reportes.salidas import Tabla

TITULOS = ("N°", "Compromiso", "Componente", "Reporte de origen", "Unidades responsables", "Mes límite", "Estado",
           "Pendiente desde", "En proceso desde", "Cumplido el", "No cumplido el", "Notas")
ANCHOS = (6, 60, 12, 28, 24, 16, 14, 14, 14, 14, 14, 50)


def _fecha(valor) -> str:
    return f"{valor:%d/%m/%Y}" if valor else ""


def libro_de_compromisos(plan: Plan, filas) -> bytes:
    libro = Workbook()
    pestana = libro.active
    pestana.title = "Compromisos"
    tabla = Tabla(pestana)
    tabla.agregar([f"MATRIZ DE COMPROMISOS · {plan}"])
    tabla.encabezado(TITULOS, ANCHOS)
    for fila in filas:
        c = fila.compromiso
        tabla.agregar([
            str(c.pk), c.texto, str(c.componente.numero) if c.componente else "",
            f"{nombre_mes(c.reporte.desde)} – {nombre_mes(c.reporte.hasta)}", fila.siglas, nombre_mes(c.mes_limite),
            fila.estado_mostrado, _fecha(c.fecha_pendiente), _fecha(c.fecha_en_proceso), _fecha(c.fecha_cumplido),
            _fecha(c.fecha_no_cumplido), c.notas,
        ])
    salida = BytesIO()
    libro.save(salida)
    return salida.getvalue()
