"""Gráficos SVG dibujados en el servidor: barras programado/ejecutado y curva S.

No calculan porcentajes: dibujan los que reciben (de avance.py). Cada gráfico lleva <title> y <desc>
(role="img"), y la página que lo usa muestra además la tabla de datos. Se distinguen sin color
(impresión en blanco y negro): programado es claro con borde o línea discontinua con cuadrados;
ejecutado es oscuro o línea continua con círculos; cada valor se escribe junto a su barra.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from cronograma.avance import PuntoCurva
from cronograma.formato import texto_porcentaje

COLOR_PROGRAMADO = "#cfe2f3"
COLOR_EJECUTADO = "#8b1e2d"
COLOR_LINEA = "#1f2933"
COLOR_GUIA = "#cbd2d9"
MARCAS = (0, 25, 50, 75, 100)


# Los del semáforo de calidad.css: la barra de ejecutado toma el color de su semáforo (issue 14).
COLOR_SEMAFORO = {"verde": "#1b7f3b", "ambar": "#8a5300", "rojo": "#b42318", "gris": "#52606d"}


@dataclass(frozen=True)
class Barra:
    etiqueta: str  # el nombre del elemento (p. ej. «1. Conocer las necesidades…»), escrito sobre sus barras
    programado: Decimal
    ejecutado: Decimal
    semaforo: str = ""  # verde, ambar, rojo o gris: colorea el ejecutado; el texto va junto a la etiqueta
    texto_semaforo: str = ""



def _inicio(ident: str, ancho: int, alto: int, titulo: str, descripcion: str) -> list[str]:
    ident = escape(ident)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="grafico" role="img" viewBox="0 0 {ancho} {alto}" '
        f'width="{ancho}" height="{alto}" aria-labelledby="{ident}-titulo {ident}-desc" font-size="12" '
        f'font-family="DejaVu Sans, sans-serif">',
        f'<title id="{ident}-titulo">{escape(titulo)}</title>',
        f'<desc id="{ident}-desc">{escape(descripcion)}</desc>',
    ]


def _leyenda(x: float, y: float, muestras: Sequence[str]) -> list[str]:
    partes = []
    for dibujo, texto in zip(muestras, ("Programado", "Ejecutado")):
        partes.append(f'<g transform="translate({x:.1f} {y:.1f})">{dibujo}<text x="22" y="10">{texto}</text></g>')
        x += 120
    return partes


def barras_svg(barras: Sequence[Barra], *, titulo: str, descripcion: str, ident: str = "barras",
               ancho: int = 640) -> SafeString:
    """Barras horizontales: por cada elemento, su nombre (y su semáforo, en texto) y debajo programado
    (claro, con borde) y ejecutado (oscuro, o del color de su semáforo), de 0 a 100 %."""
    izquierda, derecha, arriba, alto_grupo = 10, 70, 34, 52
    util = ancho - izquierda - derecha
    alto = arriba + alto_grupo * len(barras) + 26
    partes = _inicio(ident, ancho, alto, titulo, descripcion)
    partes += _leyenda(izquierda, 6, (
        f'<rect width="16" height="12" fill="{COLOR_PROGRAMADO}" stroke="{COLOR_LINEA}"/>',
        f'<rect width="16" height="12" fill="{COLOR_EJECUTADO}"/>',
    ))
    fondo = arriba + alto_grupo * len(barras)
    for marca in MARCAS:
        x = izquierda + util * marca / 100
        partes.append(f'<line x1="{x:.1f}" y1="{arriba - 4}" x2="{x:.1f}" y2="{fondo}" stroke="{COLOR_GUIA}"/>')
        partes.append(f'<text x="{x:.1f}" y="{fondo + 16}" text-anchor="middle">{marca} %</text>')
    for i, barra in enumerate(barras):
        y = arriba + i * alto_grupo
        rotulo = escape(barra.etiqueta)
        if barra.texto_semaforo:
            rotulo += f' <tspan font-weight="bold">({escape(barra.texto_semaforo)})</tspan>'
        partes.append(f'<text x="{izquierda}" y="{y + 12}">{rotulo}</text>')
        ejecutado = COLOR_SEMAFORO.get(barra.semaforo, COLOR_EJECUTADO)
        for desplazamiento, valor, relleno in ((18, barra.programado, COLOR_PROGRAMADO),
                                                (32, barra.ejecutado, ejecutado)):
            largo = util * float(valor) / 100
            borde = f' stroke="{COLOR_LINEA}"' if relleno == COLOR_PROGRAMADO else ""
            partes.append(f'<rect x="{izquierda}" y="{y + desplazamiento}" width="{largo:.1f}" height="12" '
                          f'fill="{relleno}"{borde}/>')
            partes.append(f'<text x="{izquierda + largo + 4:.1f}" y="{y + desplazamiento + 10}">'
                          f'{texto_porcentaje(valor)}</text>')
    partes.append("</svg>")
    return mark_safe("".join(partes))  # noqa: S308 — todo texto variable pasó por escape()


def _polilinea(puntos: list[tuple[float, float]], *, color: str, discontinua: bool) -> str:
    coordenadas = " ".join(f"{x:.1f},{y:.1f}" for x, y in puntos)
    trazo = ' stroke-dasharray="6 4"' if discontinua else ""
    return f'<polyline points="{coordenadas}" fill="none" stroke="{color}" stroke-width="2"{trazo}/>'


def curva_s_svg(puntos: Sequence[PuntoCurva], *, titulo: str, descripcion: str, ident: str = "curva",
                ancho: int = 640, alto: int = 300) -> SafeString:
    """Curva S: % acumulado programado (discontinua, cuadrados) y ejecutado (continua, círculos) por mes."""
    izquierda, derecha, arriba, abajo = 50, 20, 34, 40
    util_x, util_y = ancho - izquierda - derecha, alto - arriba - abajo
    paso = util_x / max(len(puntos) - 1, 1)

    def y_de(valor: Decimal) -> float:
        return arriba + util_y * (1 - float(valor) / 100)

    partes = _inicio(ident, ancho, alto, titulo, descripcion)
    partes += _leyenda(izquierda, 6, (
        f'<line x1="0" y1="6" x2="16" y2="6" stroke="{COLOR_LINEA}" stroke-width="2" stroke-dasharray="6 4"/>',
        f'<line x1="0" y1="6" x2="16" y2="6" stroke="{COLOR_EJECUTADO}" stroke-width="2"/>'
        f'<circle cx="8" cy="6" r="4" fill="{COLOR_EJECUTADO}"/>',
    ))
    for marca in MARCAS:
        y = y_de(Decimal(marca))
        partes.append(f'<line x1="{izquierda}" y1="{y:.1f}" x2="{ancho - derecha}" y2="{y:.1f}" stroke="{COLOR_GUIA}"/>')
        partes.append(f'<text x="{izquierda - 6}" y="{y + 4:.1f}" text-anchor="end">{marca} %</text>')
    programado, ejecutado = [], []
    for i, punto in enumerate(puntos):
        x = izquierda + i * paso
        partes.append(f'<text x="{x:.1f}" y="{alto - abajo + 18}" text-anchor="middle">{escape(punto.abreviatura)}</text>')
        programado.append((x, y_de(punto.programado)))
        if punto.ejecutado is not None:
            ejecutado.append((x, y_de(punto.ejecutado)))
    partes.append(_polilinea(programado, color=COLOR_LINEA, discontinua=True))
    partes += [f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="#fff" stroke="{COLOR_LINEA}"/>'
               for x, y in programado]
    if ejecutado:
        partes.append(_polilinea(ejecutado, color=COLOR_EJECUTADO, discontinua=False))
        partes += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{COLOR_EJECUTADO}"/>' for x, y in ejecutado]
    partes.append("</svg>")
    return mark_safe("".join(partes))  # noqa: S308 — todo texto variable pasó por escape()
