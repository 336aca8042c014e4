"""Los modelos de la gestión del mes: medios de verificación (evidencias) y cierres mensuales.

Son de la aplicación `cronograma` (app_label): `cronograma/models.py` los importa para que Django los registre.
El avance de una evidencia se nombra como "cronograma.Avance" (sin importar el núcleo: sin ciclo).
"""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from componentes.meses import nombre_mes
from componentes.models import Plan, del_plan_por
from componentes.restricciones import primer_dia_del_mes
from cronograma.limites import LARGO_MOTIVO_CIERRE, restriccion_de_largo, validador_de_largo


def _ruta_evidencia(instancia: "Evidencia", nombre: str) -> str:
    # Un nombre imposible de adivinar y nunca repetido: el original se guarda aparte.
    extension = PurePosixPath(nombre).suffix.lower()[:10]
    return f"evidencias/{uuid.uuid4().hex}{extension}"


class Evidencia(models.Model):
    """Un medio de verificación (archivo) de un avance mensual."""

    avance = models.ForeignKey("cronograma.Avance", on_delete=models.PROTECT, related_name="evidencias", verbose_name="avance")
    archivo = models.FileField("archivo", upload_to=_ruta_evidencia, max_length=200)
    nombre_original = models.CharField("nombre del archivo", max_length=255)
    tipo = models.CharField("tipo de contenido", max_length=100)
    tamano = models.PositiveBigIntegerField("tamaño (bytes)")
    subido_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="subido por"
    )
    subido_en = models.DateTimeField("subido el", auto_now_add=True)
    history = HistoricalRecords()

    objects = del_plan_por("avance__actividad__componente__plan").as_manager()

    class Meta:
        ordering = ["subido_en", "id"]
        verbose_name = "medio de verificación"
        verbose_name_plural = "medios de verificación"

    def __str__(self):
        return self.nombre_original


class CierreMensual(models.Model):
    """Un mes de un plan cerrado por la coordinación: sus avances ya no cambian salvo reapertura."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="cierres", verbose_name="plan")
    mes = models.DateField("mes")
    cerrado = models.BooleanField("cerrado", default=True)
    motivo = models.TextField(
        "motivo", blank=True, help_text="Obligatorio al reabrir un mes.", max_length=LARGO_MOTIVO_CIERRE,
        validators=[validador_de_largo(LARGO_MOTIVO_CIERRE)],
    )
    history = HistoricalRecords()

    objects = del_plan_por("plan").as_manager()

    class Meta:
        ordering = ["plan", "mes"]
        verbose_name = "cierre mensual"
        verbose_name_plural = "cierres mensuales"
        constraints = [
            models.UniqueConstraint(fields=["plan", "mes"], name="cierre_unico_por_plan_y_mes"),
            restriccion_de_largo("motivo", LARGO_MOTIVO_CIERRE, "cierre_motivo_acotado"),
            primer_dia_del_mes("mes", "cierre_mes_primer_dia"),
            # Un mes está abierto de una sola manera: sin fila, o reabierto con su motivo. Cerrar borra el
            # motivo (la última reapertura sigue en la historia); una fila "abierta" sin motivo no existe.
            models.CheckConstraint(
                condition=models.Q(cerrado=True, motivo="") | (models.Q(cerrado=False) & ~models.Q(motivo="")),
                name="cierre_abierto_solo_reabierto_con_motivo",
                violation_error_message="Un mes cerrado no lleva motivo; uno reabierto, sí.",
            ),
        ]

    def __str__(self):
        return f"{nombre_mes(self.mes)} ({'cerrado' if self.cerrado else 'abierto'})"
