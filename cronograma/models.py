"""El tiempo y el avance: meses programados, el libro mensual de avances, evidencias, cierres y reportes.

Cada dato de avance va en una fila hoja (subactividad, o actividad sin subactividades): `actividad`
siempre, `subactividad` cuando la hoja es una subactividad. Como en los índices únicos los NULL son
distintos, la unicidad por hoja y mes se expresa con dos restricciones condicionales.
"""

import uuid
from decimal import Decimal
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from componentes.catalogo import ClaveFila
from componentes.meses import nombre_mes
from componentes.models import Actividad, Componente, Plan, Subactividad
from componentes.restricciones import primer_dia_del_mes
from cronograma.limites import (
    LARGO_COMENTARIO, LARGO_MOTIVO_CIERRE, LARGO_MOTIVO_SIN_INFORMACION, LARGO_TEXTO_REPORTE, LINEAS_COMENTARIO,
    LINEAS_TEXTO_REPORTE,
    MaximoDeLineas, restriccion_de_largo, validador_de_largo,
)
from cronograma.periodo import error_de_mes


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


class DelPlanQuerySet(models.QuerySet):
    """`Modelo.objects.del_plan(plan)`: solo lo del plan (un objeto Plan o su id). `CAMINO_AL_PLAN` dice por
    dónde se llega al plan desde el modelo; es la única vez que se escribe."""

    CAMINO_AL_PLAN = "plan"

    def del_plan(self, plan):
        return self.filter(**{self.CAMINO_AL_PLAN: plan})

    def de_planes(self, planes):
        return self.filter(**{f"{self.CAMINO_AL_PLAN}__in": planes})


def del_plan_por(camino: str) -> type[DelPlanQuerySet]:
    return type(f"DelPlanQuerySet_{camino}", (DelPlanQuerySet,), {"CAMINO_AL_PLAN": camino})


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
        from cronograma.avance import texto_porcentaje  # avance.py importa este módulo

        return f"{texto_porcentaje(self.porcentaje)} en {nombre_mes(self.mes)}"  # «60,0 %», como las páginas


def _ruta_evidencia(instancia: "Evidencia", nombre: str) -> str:
    # Un nombre imposible de adivinar y nunca repetido: el original se guarda aparte.
    extension = PurePosixPath(nombre).suffix.lower()[:10]
    return f"evidencias/{uuid.uuid4().hex}{extension}"


class Evidencia(models.Model):
    """Un medio de verificación (archivo) de un avance mensual."""

    avance = models.ForeignKey(Avance, on_delete=models.PROTECT, related_name="evidencias", verbose_name="avance")
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


# El seguimiento (issue 23): compromisos, revisiones de avances y avisos, en su propio paquete.
from cronograma.seguimiento.models import (  # noqa: E402,F401
    Aviso, AvisoDesactivado, Compromiso, EvidenciaCompromiso, MensajeRevision, Revision,
)
