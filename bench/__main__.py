"""python -m bench [--tamanos 70x6,700x12,7000x24] [--repeticiones 5] [--database-url postgres://…]

Mide sobre una base desechable (SQLite temporal por defecto), imprime la tabla y escribe
bench/results.json. Ver README.md, sección «Rendimiento».
"""

import argparse
import sys
from pathlib import Path

from bench import entorno

TAMANOS = "70x6,700x12,7000x24"
GRANDE = 7000  # desde este tamaño se usan --repeticiones-grande (y el PDF, --repeticiones-pdf-grande)


def _tamanos(texto: str) -> list[tuple[int, int]]:
    try:
        return [tuple(int(x) for x in par.lower().split("x")) for par in texto.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError("Use FILASxMESES separados por comas, p. ej. 70x6,700x12.") from None


def argumentos(argv=None) -> argparse.Namespace:
    lector = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[2])
    lector.add_argument("--tamanos", type=_tamanos, default=_tamanos(TAMANOS), help=f"por defecto {TAMANOS}")
    lector.add_argument("--repeticiones", type=int, default=5)
    lector.add_argument("--repeticiones-grande", type=int, default=3, help=f"para {GRANDE} filas o más")
    lector.add_argument("--repeticiones-pdf-grande", type=int, default=1, help=f"PDF del reporte a {GRANDE} filas o más")
    lector.add_argument("--database-url", help="postgres://usuario@host:5432/base (se crea y borra otra base en ese servidor)")
    lector.add_argument("--medir", type=lambda t: tuple(t.split(",")), default=None,
                        help="solo algunas mediciones: grilla,exportacion,importacion,reporte,reprogramacion")
    lector.add_argument("--salida", type=Path, default=Path(__file__).with_name("results.json"))
    return lector.parse_args(argv)


def correr(args: argparse.Namespace) -> dict:
    """Prepara Django sobre la base desechable ya fijada, mide cada tamaño y devuelve el resultado."""
    entorno.preparar_django()
    entorno.migrar()
    from bench.datos import coordinador
    from bench.informe import maquina
    from bench.medir import MEDICIONES, medir_tamano

    usuario = coordinador()
    resultado = {"machine": maquina(), "sizes": {}}
    for filas, meses in args.tamanos:
        grande = filas >= GRANDE
        resultado["sizes"][str(filas)] = medir_tamano(
            filas, meses, usuario=usuario,
            repeticiones=args.repeticiones_grande if grande else args.repeticiones,
            repeticiones_pdf=args.repeticiones_pdf_grande if grande else None,
            aviso=lambda texto: print(texto, file=sys.stderr, flush=True),
            medir=args.medir or MEDICIONES,
        )
    return resultado


def main(argv=None) -> None:
    args = argumentos(argv)
    with entorno.base_desechable(args.database_url):
        resultado = correr(args)
    from bench.informe import guardar, tabla, texto_maquina

    guardar(args.salida, resultado)
    print(f"\nMáquina: {texto_maquina(resultado['machine'])}\n")
    print(tabla(resultado["sizes"]))
    print(f"\nEscrito {args.salida}")


if __name__ == "__main__":
    main()
