"""Restricciones de base de datos que comparten las dos aplicaciones.

Un mes se guarda como el primer día del mes. `mes__day=1` compila en SQLite a una función de Django
(`django_date_extract`) que solo existe en las conexiones de Django: un CHECK con ella rompería
cualquier otra herramienta que escriba en la base. `DiaDelMes` usa lo que cada motor trae de serie.
"""

from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import Exact, LessThanOrEqual


class DiaDelMes(models.Func):
    """El día del mes de una fecha, con funciones propias de cada motor."""

    output_field = models.IntegerField()
    template = "EXTRACT(DAY FROM %(expressions)s)"  # PostgreSQL

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="CAST(strftime('%%%%d', %(expressions)s) AS INTEGER)", **extra)


def primer_dia_del_mes(campo: str, nombre: str) -> models.CheckConstraint:
    """CHECK: `campo` (una fecha, o NULL) es el primer día de un mes."""
    return models.CheckConstraint(
        condition=models.Q(Exact(DiaDelMes(campo), 1)) | models.Q(**{f"{campo}__isnull": True}),
        name=nombre,
        violation_error_message="El mes debe ser el primer día del mes.",
    )


def largo_acotado(campo: str, limite: int, nombre: str) -> models.CheckConstraint:
    """CHECK: el texto `campo` tiene a lo sumo `limite` caracteres. PostgreSQL ya acota un VARCHAR; SQLite
    no (issue 22: el largo se hace cumplir en toda base, también para lo que se salte el modelo)."""
    return models.CheckConstraint(condition=LessThanOrEqual(Length(campo), limite), name=nombre)
