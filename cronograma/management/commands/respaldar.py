from calidad.ordenes import OrdenCuidadosa
from cronograma.management.respaldo import MODO_DEL_RESPALDO, archivos_fuera_del_respaldo, respaldar


class Command(OrdenCuidadosa):
    help = ("Respalda toda la base (catálogo, avance, historia, usuarios y los archivos de las evidencias) en un "
            "archivo XML portátil, legible solo por su dueño.")

    def add_arguments(self, parser):
        parser.add_argument("archivo", help="p. ej. respaldo-2021-03-31.xml")

    def handle(self, *args, archivo, **opciones):
        respaldar(archivo)
        self.stdout.write(self.style.SUCCESS(f"Respaldo escrito en {archivo} (permisos {MODO_DEL_RESPALDO:o})."))
        if archivos_fuera_del_respaldo():
            self.stdout.write(self.style.WARNING(
                "Los archivos de las evidencias no están en la base (CALIDAD_ALMACEN): respáldelos aparte."))
