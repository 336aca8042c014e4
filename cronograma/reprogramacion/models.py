"""Los modelos de la reprogramación: las versiones de la programación de un plan.

Son de la aplicación `cronograma` (app_label): `cronograma/models.py` los importa para que Django los registre.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from componentes.meses import nombre_mes
from componentes.models import Plan, del_plan_por
from componentes.restricciones import primer_dia_del_mes


class VersionPlan(models.Model):
    """Una versión de la programación de un plan (Anexo N° 2 «VERSIÓN 2 · FECHA Nov-20»).

    Rige desde `vigente_desde`: el programado a un corte M se mide con la última versión aprobada cuyo
    `vigente_desde` ≤ M (cronograma.avance). Un borrador guarda en `cambios` lo que propone (meses por
    fila, nombres, unidades, filas nuevas o retiradas, fin del periodo) hasta que se aprueba o descarta;
    una versión aprobada guarda ahí lo que aplicó, incluidas las filas que agregó o retiró (`altas`,
    `bajas`, como pares [actividad_id, subactividad_id]), para que los cortes anteriores no las cuenten.
    """

    class Estado(models.TextChoices):
        BORRADOR = "borrador", "Borrador"
        APROBADA = "aprobada", "Aprobada"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versiones", verbose_name="plan")
    numero = models.PositiveSmallIntegerField("número", validators=[MinValueValidator(1)])
    fecha = models.DateField("fecha", help_text="Fecha de la versión (primer día del mes).")
    motivo = models.TextField("sustento", blank=True)
    vigente_desde = models.DateField("vigente desde", help_text="Primer mes que rige (primer día del mes).")
    mes_fin = models.DateField("último mes del periodo")
    estado = models.CharField("estado", max_length=20, choices=Estado.choices, default=Estado.BORRADOR)
    cambios = models.JSONField("cambios", default=dict, blank=True)
    creada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="creada por",
    )
    aprobada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="aprobada por",
    )
    aprobada_en = models.DateTimeField("aprobada el", null=True, blank=True)
    history = HistoricalRecords()

    objects = del_plan_por("plan").as_manager()

    class Meta:
        ordering = ["plan", "numero"]
        verbose_name = "versión del plan"
        verbose_name_plural = "versiones del plan"
        constraints = [
            models.UniqueConstraint(fields=["plan", "numero"], name="version_numero_unico_en_plan"),
            models.UniqueConstraint(
                fields=["plan"], condition=models.Q(estado="borrador"), name="un_solo_borrador_por_plan"
            ),
            models.CheckConstraint(
                condition=models.Q(mes_fin__gte=models.F("vigente_desde")), name="version_vigente_dentro_del_periodo"
            ),
            primer_dia_del_mes("fecha", "version_fecha_primer_dia"),
            primer_dia_del_mes("vigente_desde", "version_vigente_desde_primer_dia"),
            primer_dia_del_mes("mes_fin", "version_mes_fin_primer_dia"),
        ]

    def __str__(self):
        return f"Versión {self.numero} ({self.get_estado_display().lower()})"

    @property
    def aprobada(self) -> bool:
        return self.estado == self.Estado.APROBADA

    @property
    def fecha_texto(self) -> str:
        """Como la escribe el documento: "Nov-20"."""
        return f"{nombre_mes(self.fecha)[:3]}-{self.fecha.year % 100:02d}"
