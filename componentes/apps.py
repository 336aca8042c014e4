from django.apps import AppConfig


class ComponentesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "componentes"
    verbose_name = "Catálogo del plan"
