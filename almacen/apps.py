from django.apps import AppConfig


class AlmacenConfig(AppConfig):
    name = "almacen"
    verbose_name = "Almacén de archivos"
    default_auto_field = "django.db.models.BigAutoField"
