from django.core.management.base import BaseCommand

from cronograma.management.respaldo import respaldar


class Command(BaseCommand):
    help = "Respalda toda la base (catálogo, avance, historia, usuarios) en un archivo XML portátil."

    def add_arguments(self, parser):
        parser.add_argument("archivo", help="p. ej. respaldo-2021-03-31.xml")

    def handle(self, *args, archivo, **opciones):
        respaldar(archivo)
        self.stdout.write(self.style.SUCCESS(f"Respaldo escrito en {archivo}."))
