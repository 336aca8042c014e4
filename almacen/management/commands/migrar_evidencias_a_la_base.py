from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.management.base import CommandError

from almacen.storage import AlmacenEnBase
from calidad.archivos import ErrorDeArchivo, leer_archivo_comun
from calidad.ordenes import OrdenCuidadosa


class Command(OrdenCuidadosa):
    help = ("Copia a la base de datos los archivos de las evidencias que siguen en el disco (MEDIA_ROOT), con el "
            "mismo nombre: después de esto, todos los servidores y los respaldos los ven. Se puede repetir; no "
            "borra nada del disco.")

    def add_arguments(self, parser):
        parser.add_argument("--carpeta", help="Carpeta de los archivos (por defecto, MEDIA_ROOT).")

    def handle(self, *args, carpeta=None, **opciones):
        from cronograma.models import Evidencia

        disco = FileSystemStorage(location=carpeta or settings.MEDIA_ROOT)
        base = AlmacenEnBase()
        maximo = settings.CALIDAD_MAX_ARCHIVO_MB * 1024 * 1024
        copiados = ya_estaban = 0
        faltan = []
        for nombre in Evidencia.objects.order_by("pk").values_list("archivo", flat=True).iterator():
            if base.exists(nombre):
                ya_estaban += 1
                continue
            try:
                datos = leer_archivo_comun(disco.path(nombre), maximo=maximo)
            except ErrorDeArchivo as error:
                faltan.append(f"{nombre}: {error}")
                continue
            guardado = base.save(nombre, ContentFile(datos))
            if guardado != nombre:  # no puede pasar (exists() dijo que no estaba), salvo una carrera
                raise CommandError(f"El archivo {nombre} se guardó como {guardado}: vuelva a correr la orden.")
            copiados += 1
        for falta in faltan:
            self.stderr.write(f"No se copió {falta}")
        self.stdout.write(self.style.SUCCESS(
            f"Evidencias copiadas a la base: {copiados}; ya estaban: {ya_estaban}; sin archivo en el disco: {len(faltan)}."))
        if faltan:
            raise CommandError(f"{len(faltan)} evidencias no tienen su archivo en el disco (ver arriba).")
