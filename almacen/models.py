"""Los bytes de los archivos subidos (evidencias), guardados en la base de datos (issue 22).

Así todos los servidores de aplicación detrás del mismo proxy ven los mismos archivos, y un solo respaldo
(`respaldar`, que los lleva en base64 dentro del XML) guarda todo. Lo usa `almacen.storage.AlmacenEnBase`.
"""

from django.db import models


class ArchivoGuardado(models.Model):
    nombre = models.CharField("nombre", max_length=255, unique=True)
    contenido = models.BinaryField("contenido")
    tamano = models.PositiveBigIntegerField("tamaño (bytes)")
    creado = models.DateTimeField("creado el", auto_now_add=True)

    class Meta:
        ordering = ["nombre"]
        verbose_name = "archivo guardado"
        verbose_name_plural = "archivos guardados"

    def __str__(self):
        return self.nombre
