from django.core.management.base import CommandError

from calidad.ordenes import OrdenCuidadosa
from cronograma.management.respaldo import BaseNoVacia, RespaldoIlegible, restaurar


class Command(OrdenCuidadosa):
    help = "Restaura un respaldo de `respaldar` (con los archivos de las evidencias) en una base nueva, recién migrada."

    def add_arguments(self, parser):
        parser.add_argument("archivo")

    def handle(self, *args, archivo, **opciones):
        try:
            restaurar(archivo)
        except (BaseNoVacia, RespaldoIlegible) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Respaldo {archivo} restaurado."))
