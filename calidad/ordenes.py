"""Lo común a las órdenes de manage.py (issue 22): tan cuidadosas como las páginas.

- Los argumentos se leen con los lectores de `calidad.lectores` (tipos de argparse): `--plan ٣`,
  `--plan +1` o un número de 30 cifras son un error de uso (código 2), no un id.
- `OrdenCuidadosa.execute` convierte lo que no debe salir como traza (un error de archivo, de validación,
  del sistema operativo) en un CommandError de una línea en castellano: código de salida 1.
"""

import argparse

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from calidad import lectores
from calidad.archivos import ErrorDeArchivo, motivo_del_sistema

LARGO_ARGUMENTO = 2000  # texto libre de un argumento (un sustento, un servicio)


def _tipo(lector, **limites):
    def leer(texto):
        try:
            return lector(texto, **limites)
        except lectores.ValorInvalido as error:
            raise argparse.ArgumentTypeError(str(error)) from None
    leer.__name__ = lector.__name__.removeprefix("leer_")
    return leer


tipo_id = _tipo(lectores.leer_id)
tipo_numero_de_version = _tipo(lectores.leer_numero_de_version)
tipo_mes = _tipo(lectores.leer_mes)


def tipo_texto(largo: int = LARGO_ARGUMENTO, lineas: int | None = None, nombre: str = "El texto"):
    return _tipo(lectores.leer_texto, largo=largo, lineas=lineas, nombre=nombre)


def _mensajes(error) -> str:
    return " ".join(getattr(error, "messages", None) or [str(error)])


class OrdenCuidadosa(BaseCommand):
    """Una orden cuyos errores previstos terminan en una línea en castellano y código 1, nunca en una traza."""

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        # Los mensajes de argparse («the following arguments are required») salen en inglés: en castellano.
        parser.error = lambda mensaje: self._error_de_uso(parser, mensaje)
        return parser

    def _error_de_uso(self, parser, mensaje: str):
        mensaje = (mensaje.replace("the following arguments are required:", "faltan los argumentos:")
                   .replace("unrecognized arguments:", "argumentos desconocidos:")
                   .replace("argument ", "argumento ")
                   .replace("expected one argument", "falta su valor")
                   .replace("invalid choice:", "opción no válida:")
                   .replace("not allowed with argument", "no se puede usar junto con")
                   .replace("ignored explicit argument", "no admite el valor")
                   .replace("one of the arguments", "uno de los argumentos")
                   .replace("is required", "es obligatorio")
                   .replace("(choose from", "(elija entre"))
        if getattr(parser, "called_from_command_line", False):
            parser.print_usage()
            parser.exit(2, f"{parser.prog}: error: {mensaje}\n")
        raise CommandError(f"Error: {mensaje}")

    def execute(self, *args, **opciones):
        try:
            return super().execute(*args, **opciones)
        except ErrorDeArchivo as error:
            raise CommandError(str(error), returncode=1) from None
        except (ValidationError, PermissionDenied) as error:
            raise CommandError(_mensajes(error), returncode=1) from None
        except lectores.ValorInvalido as error:
            raise CommandError(str(error), returncode=2) from None
        except OSError as error:
            raise CommandError(f"Error del sistema: {motivo_del_sistema(error)}.", returncode=1) from None
