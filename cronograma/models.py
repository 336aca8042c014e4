"""El núcleo: los meses programados y el libro mensual de avances (y, registrados aquí, los modelos de
cada contexto: versiones en reprogramacion/models.py, evidencias y cierres en mensual/models.py, reportes
en reportes/models.py; todos de la aplicación `cronograma`).

Cada dato de avance va en una fila hoja (subactividad, o actividad sin subactividades): `actividad`
siempre, `subactividad` cuando la hoja es una subactividad. Como en los índices únicos los NULL son
distintos, la unicidad por hoja y mes se expresa con dos restricciones condicionales.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from componentes.catalogo import ClaveFila
from componentes.meses import nombre_mes
from componentes.models import Actividad, Subactividad, del_plan_por
from componentes.restricciones import primer_dia_del_mes
from cronograma.formato import texto_porcentaje
from cronograma.limites import LARGO_COMENTARIO, LINEAS_COMENTARIO, MaximoDeLineas, restriccion_de_largo, validador_de_largo
from cronograma.periodo import error_de_mes
from cronograma.reprogramacion.models import VersionPlan


def _unicos_por_hoja_y_mes(prefijo: str, *, en: str | None = None) -> list[models.UniqueConstraint]:
    """Un dato por fila hoja y mes (dentro de `en`, si se da: p. ej. uno por versión del plan)."""
    antes = [en] if en else []
    return [
        models.UniqueConstraint(
            fields=[*antes, "subactividad", "mes"],
            condition=models.Q(subactividad__isnull=False),
            name="_".join([prefijo, "unico", *antes, "subactividad_mes"]),
        ),
        models.UniqueConstraint(
            fields=[*antes, "actividad", "mes"],
            condition=models.Q(subactividad__isnull=True),
            name="_".join([prefijo, "unico", *antes, "actividad_mes"]),
        ),
    ]


EnFilaHojaQuerySet = del_plan_por("actividad__componente__plan")


class EnFilaHoja(models.Model):
    """Un dato de una fila hoja en un mes."""

    actividad = models.ForeignKey(Actividad, on_delete=models.CASCADE, related_name="+", verbose_name="actividad")
    subactividad = models.ForeignKey(
        Subactividad, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name="subactividad"
    )
    mes = models.DateField("mes", help_text="Primer día del mes.")

    class Meta:
        abstract = True

    @property
    def clave(self) -> ClaveFila:
        return ClaveFila(self.actividad_id, self.subactividad_id)

    def clean(self):
        if self.mes and self.mes.day != 1:
            raise ValidationError({"mes": "El mes debe ser el primer día del mes."})
        if self.subactividad_id and self.actividad_id and self.subactividad.actividad_id != self.actividad_id:
            raise ValidationError({"subactividad": "La subactividad no pertenece a esa actividad."})
        if self.actividad_id and not self.subactividad_id and self.actividad.subactividades.exists():
            raise ValidationError(
                {"subactividad": "La actividad tiene subactividades: el dato va en una de ellas."}
            )
        plan = self.actividad.componente.plan if self.actividad_id else None
        if plan and self.mes:
            error = error_de_mes(plan, self.mes, iniciado=False)  # la programación puede ir a meses futuros
            if error:
                raise ValidationError({"mes": error})


class MesProgramado(EnFilaHoja):
    """Un mes en que la fila debe ejecutarse (una celda sombreada del Gantt), en una versión del plan."""

    version = models.ForeignKey(
        VersionPlan, on_delete=models.CASCADE, related_name="meses", verbose_name="versión del plan"
    )
    history = HistoricalRecords()

    objects = EnFilaHojaQuerySet.as_manager()

    class Meta:
        ordering = ["mes"]
        verbose_name = "mes programado"
        verbose_name_plural = "meses programados"
        constraints = [*_unicos_por_hoja_y_mes("programado", en="version"), primer_dia_del_mes("mes", "programado_mes_primer_dia")]

    def __str__(self):
        return f"{nombre_mes(self.mes)}"


class Avance(EnFilaHoja):
    """El % acumulado de una fila al cierre de un mes. Una fila por hoja y mes; la historia es la auditoría."""

    porcentaje = models.DecimalField(
        "avance acumulado (%)",
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    comentario = models.TextField(
        "comentario", blank=True, max_length=LARGO_COMENTARIO, validators=[validador_de_largo(LARGO_COMENTARIO), MaximoDeLineas(LINEAS_COMENTARIO)]
    )
    # Bloqueo optimista: cada guardado la incrementa; un formulario basado en otra versión se rechaza.
    version = models.PositiveIntegerField("versión", default=1)
    registrado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="registrado por",
    )
    actualizado = models.DateTimeField("actualizado", auto_now=True)
    history = HistoricalRecords()

    objects = EnFilaHojaQuerySet.as_manager()

    class Meta:
        ordering = ["mes"]
        verbose_name = "avance mensual"
        verbose_name_plural = "avances mensuales"
        constraints = [
            *_unicos_por_hoja_y_mes("avance"),
            primer_dia_del_mes("mes", "avance_mes_primer_dia"),
            models.CheckConstraint(
                condition=models.Q(porcentaje__gte=0) & models.Q(porcentaje__lte=100),
                name="avance_porcentaje_entre_0_y_100",
            ),
            restriccion_de_largo("comentario", LARGO_COMENTARIO, "avance_comentario_acotado"),
        ]

    def __str__(self):

        return f"{texto_porcentaje(self.porcentaje)} en {nombre_mes(self.mes)}"  # «60,0 %», como las páginas


# Los modelos de cada contexto viven en su paquete; se importan aquí para que Django los registre (todos son
# de la aplicación `cronograma`) y para que `from cronograma.models import …` siga sirviendo.
from cronograma.mensual.models import CierreMensual, Evidencia, _ruta_evidencia  # noqa: E402,F401
from cronograma.reportes.models import Reporte, ReporteComponente  # noqa: E402,F401
from cronograma.reportes.firma import PerfilDeUsuario  # noqa: E402,F401 — el cargo de quien firma (issue 25)
# El seguimiento (issue 23): compromisos, revisiones de avances y avisos, en su propio paquete.
from cronograma.seguimiento.models import (  # noqa: E402,F401
    Aviso, AvisoDesactivado, Compromiso, EvidenciaCompromiso, MensajeRevision, Revision,
)
