from django.core.management.base import BaseCommand, CommandError

from cronograma.management.respaldo import BaseNoVacia, restaurar


class Command(BaseCommand):
    help = "Restaura un respaldo de `respaldar` en una base nueva, recién migrada."

    def add_arguments(self, parser):
        parser.add_argument("archivo")

    def handle(self, *args, archivo, **opciones):
        try:
            restaurar(archivo)
        except BaseNoVacia as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Respaldo {archivo} restaurado."))
