"""Un `Storage` de Django que guarda cada archivo como una fila de `ArchivoGuardado` (issue 22).

Es el almacenamiento por defecto de los archivos subidos (`STORAGES["default"]`, ver calidad/settings.py):
las evidencias se guardan y se leen a través de la base, no del disco de un servidor. No hay URL pública
(`url()` no existe): las evidencias se descargan por la aplicación, con sesión y permisos.

Se eligió esta clase pequeña y no django-db-file-storage (0.5.6.1, de 2023): aquel guarda el contenido en
base64 dentro de un TextField (un tercio más de espacio) y necesita una vista propia para servirlo.
"""

import posixpath
from io import BytesIO

from django.core.files.base import File
from django.core.files.storage import Storage
from django.db import IntegrityError, transaction
from django.utils.deconstruct import deconstructible


@deconstructible(path="almacen.storage.AlmacenEnBase")
class AlmacenEnBase(Storage):
    def _modelo(self):
        from almacen.models import ArchivoGuardado  # el Storage se construye antes de que carguen las apps

        return ArchivoGuardado

    def _open(self, name, mode="rb"):
        if "w" in mode or "a" in mode or "+" in mode:
            raise ValueError("El almacén en la base solo abre archivos para leer.")
        fila = self._modelo().objects.filter(nombre=name).values_list("contenido", flat=True).first()
        if fila is None:
            raise FileNotFoundError(f"No existe el archivo «{name}» en el almacén.")
        archivo = File(BytesIO(bytes(fila)), name=name)
        archivo.mode = mode
        return archivo

    def _save(self, name, content):
        name = posixpath.normpath(name.replace("\\", "/")).lstrip("/")
        if hasattr(content, "seek"):
            content.seek(0)
        datos = b"".join(content.chunks()) if hasattr(content, "chunks") else content.read()
        modelo = self._modelo()
        while True:
            try:
                with transaction.atomic():
                    modelo.objects.create(nombre=name, contenido=datos, tamano=len(datos))
                return name
            except IntegrityError:
                # Otro proceso tomó el mismo nombre entre get_available_name y aquí: se busca otro.
                name = self.get_alternative_name(*posixpath.splitext(name))

    def delete(self, name):
        self._modelo().objects.filter(nombre=name).delete()

    def exists(self, name):
        return self._modelo().objects.filter(nombre=name).exists()

    def size(self, name):
        tamano = self._modelo().objects.filter(nombre=name).values_list("tamano", flat=True).first()
        if tamano is None:
            raise FileNotFoundError(f"No existe el archivo «{name}» en el almacén.")
        return tamano

    def listdir(self, path):
        prefijo = path.rstrip("/") + "/" if path else ""
        carpetas, archivos = set(), []
        for nombre in self._modelo().objects.filter(nombre__startswith=prefijo).values_list("nombre", flat=True):
            resto = nombre[len(prefijo):]
            if "/" in resto:
                carpetas.add(resto.split("/", 1)[0])
            else:
                archivos.append(resto)
        return sorted(carpetas), sorted(archivos)

    def url(self, name):
        raise NotImplementedError("Los archivos del almacén se descargan por la aplicación, no por una URL pública.")
