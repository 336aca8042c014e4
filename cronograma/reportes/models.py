"""Los modelos del reporte semestral para la SGP: el reporte y sus textos por componente.

Son de la aplicación `cronograma` (app_label): `cronograma/models.py` los importa para que Django los registre.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from componentes.meses import nombre_mes
from componentes.models import Componente, Plan, del_plan_por
from componentes.restricciones import primer_dia_del_mes
from cronograma.limites import (LARGO_MOTIVO_SIN_INFORMACION, LARGO_TEXTO_REPORTE, LINEAS_TEXTO_REPORTE, MaximoDeLineas, restriccion_de_largo, validador_de_largo)


class Reporte(models.Model):
    """El reporte semestral de avance para la SGP. Desde su aprobación guarda una foto de sus cifras."""

    class Estado(models.TextChoices):
        BORRADOR = "borrador", "Borrador"
        APROBADO = "aprobado", "Aprobado"
        REMITIDO = "remitido", "Remitido a la SGP"

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="reportes", verbose_name="plan")
    desde = models.DateField("desde (mes)")
    hasta = models.DateField("hasta (mes de corte)")
    estado = models.CharField("estado", max_length=20, choices=Estado.choices, default=Estado.BORRADOR)
    cifras = models.JSONField("cifras congeladas", null=True, blank=True, editable=False)
    firmante_nombre = models.CharField("nombre de quien firma", max_length=200, blank=True)
    firmante_cargo = models.CharField("cargo de quien firma", max_length=200, blank=True)
    # PROTECT: un reporte aprobado debe conservar a quien lo aprobó (a esa persona se la desactiva).
    aprobado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="aprobado por",
    )
    aprobado_en = models.DateTimeField("aprobación registrada el", null=True, blank=True)
    # La fecha en que se aprobó de verdad la ingresa la coordinación (puede ser anterior a su registro);
    # quién la ingresó y cuándo quedan en la historia (aprobado_por, aprobado_en, history_user).
    fecha_aprobacion = models.DateField("fecha de aprobación", null=True, blank=True)
    fecha_remision = models.DateField("fecha de remisión", null=True, blank=True)
    numero_oficio = models.CharField("número de oficio", max_length=100, blank=True)
    creado_en = models.DateTimeField("creado el", auto_now_add=True)
    # Bloqueo optimista de la firma: cada guardado la incrementa (como Avance.version).
    version = models.PositiveIntegerField("versión", default=1)
    history = HistoricalRecords()

    objects = del_plan_por("plan").as_manager()

    class Meta:
        ordering = ["-hasta", "-id"]
        verbose_name = "reporte semestral"
        verbose_name_plural = "reportes semestrales"
        constraints = [
            models.CheckConstraint(condition=models.Q(hasta__gte=models.F("desde")), name="reporte_periodo_ordenado"),
            primer_dia_del_mes("desde", "reporte_desde_primer_dia"),
            primer_dia_del_mes("hasta", "reporte_hasta_primer_dia"),
            # El estado concuerda con sus campos: aprobado (y remitido) ⇒ foto de cifras, quién aprobó y la
            # fecha de aprobación; remitido ⇒ fecha y número de oficio, y no se remite antes de aprobarse.
            models.CheckConstraint(
                condition=models.Q(estado="borrador")
                | models.Q(cifras__isnull=False, aprobado_por__isnull=False, aprobado_en__isnull=False,
                           fecha_aprobacion__isnull=False),
                name="reporte_aprobado_con_foto_y_aprobador",
                violation_error_message="Un reporte aprobado guarda la foto de sus cifras, quién lo aprobó y la fecha de aprobación.",
            ),
            models.CheckConstraint(
                condition=~models.Q(estado="remitido") | (models.Q(fecha_remision__isnull=False) & ~models.Q(numero_oficio="")),
                name="reporte_remitido_con_fecha_y_oficio",
                violation_error_message="Un reporte remitido lleva la fecha y el número de oficio.",
            ),
            models.CheckConstraint(
                condition=models.Q(fecha_remision__isnull=True) | models.Q(fecha_aprobacion__isnull=True)
                | models.Q(fecha_remision__gte=models.F("fecha_aprobacion")),
                name="reporte_remitido_despues_de_aprobado",
                violation_error_message="La fecha de remisión no puede ser anterior a la de aprobación.",
            ),
        ]

    def __str__(self):
        return f"Reporte {nombre_mes(self.desde)} – {nombre_mes(self.hasta)} ({self.get_estado_display()})"


class ReporteComponente(models.Model):
    """Lo narrativo de un componente en un reporte: logros, dificultades y medidas correctivas."""

    reporte = models.ForeignKey(Reporte, on_delete=models.CASCADE, related_name="componentes", verbose_name="reporte")
    componente = models.ForeignKey(Componente, on_delete=models.PROTECT, related_name="+", verbose_name="componente")
    logros = models.TextField("logros", blank=True, max_length=LARGO_TEXTO_REPORTE,
                              validators=[validador_de_largo(LARGO_TEXTO_REPORTE), MaximoDeLineas(LINEAS_TEXTO_REPORTE)])
    dificultades = models.TextField("dificultades", blank=True, max_length=LARGO_TEXTO_REPORTE,
                                    validators=[validador_de_largo(LARGO_TEXTO_REPORTE), MaximoDeLineas(LINEAS_TEXTO_REPORTE)])
    medidas_correctivas = models.TextField("medidas correctivas", blank=True, max_length=LARGO_TEXTO_REPORTE,
                                           validators=[validador_de_largo(LARGO_TEXTO_REPORTE), MaximoDeLineas(LINEAS_TEXTO_REPORTE)])
    # «Sin información» explícito: el motivo por el que un apartado queda sin texto. Aprobar exige en
    # cada apartado su texto o este motivo; nunca ambos.
    logros_sin_informacion = models.CharField(
        "logros: motivo de «sin información»", max_length=LARGO_MOTIVO_SIN_INFORMACION, blank=True,
        validators=[validador_de_largo(LARGO_MOTIVO_SIN_INFORMACION)],
    )
    dificultades_sin_informacion = models.CharField(
        "dificultades: motivo de «sin información»", max_length=LARGO_MOTIVO_SIN_INFORMACION, blank=True,
        validators=[validador_de_largo(LARGO_MOTIVO_SIN_INFORMACION)],
    )
    medidas_correctivas_sin_informacion = models.CharField(
        "medidas correctivas: motivo de «sin información»", max_length=LARGO_MOTIVO_SIN_INFORMACION, blank=True,
        validators=[validador_de_largo(LARGO_MOTIVO_SIN_INFORMACION)],
    )
    # Bloqueo optimista: dos editores no se pisan los textos sin saberlo.
    version = models.PositiveIntegerField("versión", default=1)
    history = HistoricalRecords()

    objects = del_plan_por("reporte__plan").as_manager()

    class Meta:
        ordering = ["componente__numero"]
        verbose_name = "texto por componente"
        verbose_name_plural = "textos por componente"
        constraints = [
            models.UniqueConstraint(fields=["reporte", "componente"], name="reporte_componente_unico"),
            *(restriccion_de_largo(campo, LARGO_TEXTO_REPORTE, f"reporte_{campo}_acotado")
              for campo in ("logros", "dificultades", "medidas_correctivas")),
            *(restriccion_de_largo(f"{campo}_sin_informacion", LARGO_MOTIVO_SIN_INFORMACION,
                                   f"reporte_{campo}_sin_informacion_acotado")
              for campo in ("logros", "dificultades", "medidas_correctivas")),
        ]

    def __str__(self):
        return f"{self.reporte} · componente {self.componente.numero}"

    def clean(self):
        for campo in ("logros", "dificultades", "medidas_correctivas"):
            if getattr(self, campo).strip() and getattr(self, f"{campo}_sin_informacion").strip():
                raise ValidationError({f"{campo}_sin_informacion": "Un apartado con texto no puede marcarse "
                                                                   "«sin información»: deje solo uno de los dos."})
