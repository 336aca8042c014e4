"""python -m bench [--tamanos 70x6,700x12,7000x24] [--repeticiones 5] [--database-url postgres://…]

Mide sobre una base desechable (SQLite temporal por defecto), imprime la tabla y escribe
bench/results.json. Ver README.md, sección «Rendimiento».
"""

import argparse
import sys
from pathlib import Path

from bench import entorno
from bench.opciones import Lector, archivo_de_salida, entero, varios_planes
from bench.opciones import tamanos as _tamanos

TAMANOS = "70x6,700x12,7000x24"
MEDICIONES = ("grilla", "exportacion", "importacion", "reporte", "registro", "reprogramacion")  # las de bench.medir
GRANDE = 7000  # desde este tamaño se usan --repeticiones-grande (y el PDF, --repeticiones-pdf-grande)


_positivo = entero(1)


def _url_postgres(texto: str) -> str:
    if not texto.startswith(("postgres://", "postgresql://")):
        raise argparse.ArgumentTypeError(f"«{texto}» no es una URL postgres://…; sin la opción se usa un SQLite temporal.")
    return texto


def _mediciones(texto: str) -> tuple[str, ...]:
    pedidas = tuple(t.strip() for t in texto.split(",") if t.strip())
    desconocidas = [t for t in pedidas if t not in MEDICIONES + ("varios",)]
    if desconocidas or not pedidas:
        raise argparse.ArgumentTypeError(f"Mediciones desconocidas: {', '.join(desconocidas) or '(ninguna)'}; "
                                         f"elija entre {','.join(MEDICIONES)}.")
    return pedidas


def argumentos(argv=None) -> argparse.Namespace:
    lector = Lector(prog="python -m bench", description=__doc__.splitlines()[2])
    lector.add_argument("--tamanos", type=_tamanos, default=_tamanos(TAMANOS), help=f"por defecto {TAMANOS}")
    lector.add_argument("--repeticiones", type=_positivo, default=5)
    lector.add_argument("--repeticiones-grande", type=_positivo, default=3, help=f"para {GRANDE} filas o más")
    lector.add_argument("--repeticiones-pdf-grande", type=_positivo, default=1, help=f"PDF del reporte a {GRANDE} filas o más")
    lector.add_argument("--database-url", type=_url_postgres, help="postgres://usuario@host:5432/base (se crea y borra otra base en ese servidor)")
    lector.add_argument("--medir", type=_mediciones, default=None,
                        help="solo algunas mediciones: grilla,exportacion,importacion,reporte,registro,reprogramacion,varios")
    lector.add_argument("--varios-planes", type=varios_planes, default=varios_planes("10x700x12"),
                        metavar="PLANESxFILASxMESES",
                        help="planes abiertos a la vez para Mis actividades y la vista general (issue 13); 0 lo omite")
    lector.add_argument("--salida", type=archivo_de_salida, default=Path(__file__).with_name("results.json"))
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
            medir=tuple(m for m in args.medir if m != "varios") if args.medir else MEDICIONES,
        )
    if args.varios_planes is not None and (args.medir is None or "varios" in args.medir):
        from bench.varios_planes import medir_varios_planes

        planes, filas, meses = args.varios_planes
        resultado["multi_plan"] = medir_varios_planes(
            usuario=usuario, planes=planes, filas=filas, meses=meses, repeticiones=args.repeticiones,
            aviso=lambda texto: print(texto, file=sys.stderr, flush=True),
        )
    return resultado


def _con_lo_anterior(ruta: Path, resultado: dict) -> dict:
    """Una corrida parcial (`--medir`, `--tamanos`) no borra las demás cifras del archivo: cada tamaño
    conserva las mediciones que esta corrida no repitió (el archivo guarda siempre el banco entero)."""
    import json

    try:
        anterior = json.loads(ruta.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return resultado
    tamanos = {tamano: dict(cifras) for tamano, cifras in anterior.get("sizes", {}).items()}
    for tamano, cifras in resultado["sizes"].items():
        tamanos[tamano] = {**tamanos.get(tamano, {}), **cifras}
    return {**anterior, **resultado, "sizes": tamanos}


def main(argv=None) -> None:
    args = argumentos(argv)
    with entorno.base_desechable(args.database_url):
        resultado = correr(args)
    from bench.informe import guardar, tabla, texto_maquina

    guardar(args.salida, _con_lo_anterior(args.salida, resultado))
    print(f"\nMáquina: {texto_maquina(resultado['machine'])}\n")
    print(tabla(resultado["sizes"]))
    if "multi_plan" in resultado:
        from bench.varios_planes import texto

        print("\n" + texto(resultado["multi_plan"]))
    print(f"\nEscrito {args.salida}")


if __name__ == "__main__":
    main()
