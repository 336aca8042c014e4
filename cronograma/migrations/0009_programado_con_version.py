# Aparte de 0004: en PostgreSQL no se puede alterar una tabla en la misma transacción en que se
# actualizaron sus filas con llaves foráneas diferidas («pending trigger events»).
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("cronograma", "0008_versiones_del_plan"),
    ]

    operations = [
        migrations.AlterField(
            model_name="mesprogramado",
            name="version",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="meses", to="cronograma.versionplan",
                verbose_name="versión del plan",
            ),
        ),
    ]
