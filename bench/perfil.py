"""python -m bench.perfil {grilla,exportar,previa,aplicar,reporte,pdf,fila,celda,guardar,mis,trivial} [--tamano 7000x24]

Perfila una sola medición con pyinstrument (sobre la misma base desechable que el banco) e imprime
dónde se va el tiempo. Sirve para ver por qué un objetivo no se cumple.
"""

import argparse

from bench import entorno
from bench.opciones import Lector, una_de

OPERACIONES = ("grilla", "exportar", "previa", "aplicar", "reporte", "pdf", "fila", "celda", "guardar", "mis", "trivial")


def _operacion(nombre: str, escenario, cliente):
    from django.urls import reverse

    from bench.medir import url_grilla
    from cronograma.anexo.excel import aplicar_cambios, exportar_anexo2, leer_anexo2

    if nombre == "grilla":
        return lambda: cliente.get(url_grilla())
    if nombre == "exportar":
        return lambda: exportar_anexo2(escenario.plan, escenario.corte)
    if nombre == "reporte":
        return lambda: cliente.get(reverse("reporte_detalle", args=[escenario.reporte.plan_id, escenario.reporte.pk]))
    if nombre == "pdf":
        return lambda: cliente.get(reverse("reporte_pdf", args=[escenario.reporte.plan_id, escenario.reporte.pk]))
    if nombre in ("fila", "celda", "guardar", "mis", "trivial"):
        from bench.medir import operaciones_de_registro

        return operaciones_de_registro(escenario, cliente)[nombre]
    libro = exportar_anexo2(escenario.plan, escenario.corte)
    if nombre == "previa":
        return lambda: leer_anexo2(libro, escenario.destino)
    cambios = leer_anexo2(libro, escenario.destino)
    return lambda: aplicar_cambios(cambios, escenario.usuario)


def _un_tamano(texto: str) -> tuple[int, int]:
    from bench.opciones import tamanos as leer_tamanos

    tamanos = leer_tamanos(texto)
    if len(tamanos) != 1:
        raise argparse.ArgumentTypeError("Perfile un solo tamaño, p. ej. 7000x24.")
    return tamanos[0]


def main(argv=None) -> None:
    lector = Lector(prog="python -m bench.perfil")
    lector.add_argument("operacion", type=una_de(*OPERACIONES), metavar="OPERACION",
                       help=f"una de: {', '.join(OPERACIONES)}")
    lector.add_argument("--tamano", type=_un_tamano, default="7000x24", help="FILASxMESES")
    lector.add_argument("--database-url")
    args = lector.parse_args(argv)
    filas, meses = args.tamano
    with entorno.base_desechable(args.database_url):
        entorno.preparar_django()
        entorno.migrar()
        from django.test import Client
        from pyinstrument import Profiler

        from bench.datos import coordinador
        from bench.medir import preparar

        usuario = coordinador()
        escenario = preparar(filas, meses, usuario)
        cliente = Client()
        cliente.force_login(usuario)
        operacion = _operacion(args.operacion, escenario, cliente)
        if args.operacion != "aplicar":  # aplicar cambia el destino: se perfila la primera vez
            operacion()  # calienta
        perfil = Profiler(interval=0.001)
        with perfil:
            operacion()
        print(perfil.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()
