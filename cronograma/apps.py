from django.apps import AppConfig


class CronogramaConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cronograma"
    verbose_name = "Cronograma y avance"
