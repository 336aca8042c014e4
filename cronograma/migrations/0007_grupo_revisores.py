"""El grupo «Revisores» (issue 13): sus miembros leen todo y no escriben nada (cronograma.permisos)."""

from django.db import migrations

GRUPO = "Revisores"  # cronograma.permisos.GRUPO_REVISORES (una migración no importa código que cambia)


def crear_grupo(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=GRUPO)


def borrar_grupo(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GRUPO).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("cronograma", "0006_motivo_sin_informacion_acotado"),
    ]

    operations = [migrations.RunPython(crear_grupo, borrar_grupo)]
