from django.apps import AppConfig


class CronogramaConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cronograma"
    verbose_name = "Cronograma y avance"

    def ready(self):
        from cronograma import registro  # noqa: F401 (registra sus objeciones en componentes.reglas)
