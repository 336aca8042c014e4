"""Los datos del seguimiento (issue 23): compromisos, observaciones de avances y avisos.

Se registran en la aplicación cronograma (app_label) con una línea en cronograma/models.py; nombran el avance
y el reporte como "cronograma.Avance" y "cronograma.Reporte" (sin importar el núcleo: sin ciclo).
Lo que se deduce (un compromiso *vencido*, una observación *abierta*) no se guarda: lo calculan
compromisos.py y observaciones.py con la fecha de hoy.
"""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from componentes.models import Componente, Plan, Responsable
from componentes.restricciones import primer_dia_del_mes
from cronograma.limites import (
    LARGO_MENSAJE_OBSERVACION, LARGO_NOTAS_COMPROMISO, LARGO_TEXTO_COMPROMISO, LINEAS_SEGUIMIENTO, MaximoDeLineas,
    restriccion_de_largo, validador_de_largo,
)


class CompromisoQuerySet(models.QuerySet):
    def del_plan(self, plan):
        return self.filter(plan=plan)

    def abiertos(self):
        return self.filter(estado__in=Compromiso.ABIERTOS)

    def para_la_lista(self):
        """La forma de la página de compromisos y su exportación: unidades y origen sin consultas por fila."""
        return self.select_related("reporte", "componente").prefetch_related("responsables").order_by("mes_limite", "id")


class Compromiso(models.Model):
    """Un compromiso de la matriz de compromisos: una medida correctiva con dueño, plazo y estado."""

    class Estado(models.TextChoices):
        PENDIENTE = "pendiente", "Pendiente"
        EN_PROCESO = "en_proceso", "En proceso"
        CUMPLIDO = "cumplido", "Cumplido"
        NO_CUMPLIDO = "no_cumplido", "No cumplido"

    ABIERTOS = (Estado.PENDIENTE, Estado.EN_PROCESO)

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="compromisos", verbose_name="plan")
    reporte = models.ForeignKey("cronograma.Reporte", on_delete=models.PROTECT, related_name="compromisos",
                                verbose_name="reporte de origen")
    componente = models.ForeignKey(Componente, on_delete=models.PROTECT, related_name="+", null=True, blank=True,
                                   verbose_name="componente")
    texto = models.TextField("compromiso", max_length=LARGO_TEXTO_COMPROMISO,
                             validators=[validador_de_largo(LARGO_TEXTO_COMPROMISO), MaximoDeLineas(LINEAS_SEGUIMIENTO)])
    responsables = models.ManyToManyField(Responsable, related_name="compromisos", verbose_name="unidades responsables")
    mes_limite = models.DateField("mes límite", help_text="Primer día del mes en que debe cumplirse.")
    estado = models.CharField("estado", max_length=20, choices=Estado.choices, default=Estado.PENDIENTE)
    # La fecha en que se alcanzó cada estado (la historia guarda además quién y cuándo exactamente).
    fecha_pendiente = models.DateField("pendiente desde", null=True, blank=True)
    fecha_en_proceso = models.DateField("en proceso desde", null=True, blank=True)
    fecha_cumplido = models.DateField("cumplido el", null=True, blank=True)
    fecha_no_cumplido = models.DateField("no cumplido el", null=True, blank=True)
    notas = models.TextField("notas", blank=True, max_length=LARGO_NOTAS_COMPROMISO,
                             validators=[validador_de_largo(LARGO_NOTAS_COMPROMISO), MaximoDeLineas(LINEAS_SEGUIMIENTO)])
    creado_por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="creado por")
    creado_en = models.DateTimeField("creado el", auto_now_add=True)
    # Bloqueo optimista (como Avance.version y ReporteComponente.version): cada guardado la incrementa.
    version = models.PositiveIntegerField("versión", default=1)
    history = HistoricalRecords(m2m_fields=[responsables])

    objects = CompromisoQuerySet.as_manager()

    class Meta:
        ordering = ["mes_limite", "id"]
        verbose_name = "compromiso"
        verbose_name_plural = "compromisos"
        constraints = [
            primer_dia_del_mes("mes_limite", "compromiso_mes_limite_primer_dia"),
            restriccion_de_largo("texto", LARGO_TEXTO_COMPROMISO, "compromiso_texto_acotado"),
            restriccion_de_largo("notas", LARGO_NOTAS_COMPROMISO, "compromiso_notas_acotadas"),
            models.CheckConstraint(condition=~models.Q(texto=""), name="compromiso_con_texto"),
            # Cumplido y no cumplido llevan la fecha en que se decidió.
            models.CheckConstraint(
                condition=~models.Q(estado="cumplido") | models.Q(fecha_cumplido__isnull=False),
                name="compromiso_cumplido_con_fecha",
            ),
            models.CheckConstraint(
                condition=~models.Q(estado="no_cumplido") | models.Q(fecha_no_cumplido__isnull=False),
                name="compromiso_no_cumplido_con_fecha",
            ),
        ]

    def __str__(self):
        return f"Compromiso {self.pk}: {self.texto[:60]}"

    @property
    def abierto(self) -> bool:
        return self.estado in self.ABIERTOS

    def fecha_del_estado(self, estado: str | None = None):
        return getattr(self, f"fecha_{estado or self.estado}")


def _ruta_evidencia_compromiso(instancia, nombre: str) -> str:
    extension = PurePosixPath(nombre).suffix.lower()[:10]
    return f"evidencias/compromisos/{uuid.uuid4().hex}{extension}"


class EvidenciaCompromiso(models.Model):
    """Un medio de verificación de un compromiso (mismas comprobaciones que las evidencias del avance)."""

    compromiso = models.ForeignKey(Compromiso, on_delete=models.PROTECT, related_name="evidencias",
                                   verbose_name="compromiso")
    archivo = models.FileField("archivo", upload_to=_ruta_evidencia_compromiso, max_length=200)
    nombre_original = models.CharField("nombre del archivo", max_length=255)
    tipo = models.CharField("tipo de contenido", max_length=100)
    tamano = models.PositiveBigIntegerField("tamaño (bytes)")
    subido_por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                                   verbose_name="subido por")
    subido_en = models.DateTimeField("subido el", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["subido_en", "id"]
        verbose_name = "medio de verificación de un compromiso"
        verbose_name_plural = "medios de verificación de compromisos"

    def __str__(self):
        return self.nombre_original


class Revision(models.Model):
    """La revisión que la coordinación hace del avance de un mes: observado, respondido o conforme.

    El hilo (observación, respuestas, correcciones, conformidad) está en `MensajeRevision`.
    """

    class Estado(models.TextChoices):
        OBSERVADO = "observado", "Observado"
        RESPONDIDO = "respondido", "Respondido por la unidad"
        CONFORME = "conforme", "Conforme"

    ABIERTAS = (Estado.OBSERVADO, Estado.RESPONDIDO)

    avance = models.OneToOneField("cronograma.Avance", on_delete=models.CASCADE, related_name="revision", verbose_name="avance")
    estado = models.CharField("estado", max_length=20, choices=Estado.choices)
    actualizada_en = models.DateTimeField("actualizada el", auto_now=True)
    version = models.PositiveIntegerField("versión", default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "revisión de un avance"
        verbose_name_plural = "revisiones de avances"
        indexes = [models.Index(fields=["estado"], name="revision_estado")]

    def __str__(self):
        return f"{self.avance} · {self.get_estado_display()}"

    @property
    def abierta(self) -> bool:
        return self.estado in self.ABIERTAS


class MensajeRevision(models.Model):
    """Un mensaje del hilo de una revisión: quién dijo qué y cuándo."""

    class Tipo(models.TextChoices):
        OBSERVACION = "observacion", "Observación"
        RESPUESTA = "respuesta", "Respuesta"
        CORRECCION = "correccion", "Corrección del valor"
        CONFORME = "conforme", "Conforme"

    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="mensajes", verbose_name="revisión")
    tipo = models.CharField("tipo", max_length=20, choices=Tipo.choices)
    texto = models.TextField("texto", blank=True, max_length=LARGO_MENSAJE_OBSERVACION,
                             validators=[validador_de_largo(LARGO_MENSAJE_OBSERVACION), MaximoDeLineas(LINEAS_SEGUIMIENTO)])
    autor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                              verbose_name="autor")
    creado_en = models.DateTimeField("fecha", auto_now_add=True)

    class Meta:
        ordering = ["creado_en", "id"]
        verbose_name = "mensaje de una revisión"
        verbose_name_plural = "mensajes de revisiones"
        constraints = [
            restriccion_de_largo("texto", LARGO_MENSAJE_OBSERVACION, "mensaje_revision_acotado"),
            # Observar y responder exigen un texto; una corrección o la conformidad pueden ir solas.
            models.CheckConstraint(
                condition=~models.Q(tipo__in=["observacion", "respuesta"]) | ~models.Q(texto=""),
                name="mensaje_revision_con_texto",
            ),
        ]

    def __str__(self):
        return f"{self.get_tipo_display()} ({self.creado_en:%d/%m/%Y})"


class Aviso(models.Model):
    """Un aviso para una persona: en su página /avisos/ y, si no lo desactivó, por correo.

    `evento` identifica lo que se avisa (p. ej. «observacion:15»): una persona recibe un solo aviso por
    evento (restricción única), así una orden repetida o un reintento no duplican nada.
    """

    class Tipo(models.TextChoices):
        OBSERVACION = "observacion", "Un avance mío fue observado"
        RESPUESTA = "respuesta", "Respondieron una observación"
        COMPROMISO_POR_VENCER = "compromiso_por_vencer", "Un compromiso mío vence pronto"
        COMPROMISO_VENCIDO = "compromiso_vencido", "Un compromiso mío está vencido"
        MES_POR_CERRAR = "mes_por_cerrar", "El mes cierra pronto y tengo filas pendientes"
        VERSION_APROBADA = "version_aprobada", "Una versión aprobada cambió mis filas"
        REPORTE_APROBADO = "reporte_aprobado", "Se aprobó un reporte semestral"

    usuario = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="avisos",
                                verbose_name="persona")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+", null=True, blank=True,
                             verbose_name="plan")
    tipo = models.CharField("tipo", max_length=30, choices=Tipo.choices)
    evento = models.CharField("evento", max_length=120)
    texto = models.CharField("texto", max_length=300)
    enlace = models.CharField("enlace", max_length=300)
    creado_en = models.DateTimeField("creado el", auto_now_add=True)
    leido_en = models.DateTimeField("leído el", null=True, blank=True)
    correo_enviado_en = models.DateTimeField("correo enviado el", null=True, blank=True)
    correo_error = models.CharField("error del correo", max_length=300, blank=True)

    class Meta:
        ordering = ["-creado_en", "-id"]
        verbose_name = "aviso"
        verbose_name_plural = "avisos"
        constraints = [models.UniqueConstraint(fields=["usuario", "evento"], name="aviso_unico_por_evento_y_persona")]
        indexes = [models.Index(fields=["usuario", "leido_en"], name="aviso_no_leidos")]

    def __str__(self):
        return self.texto


class AvisoDesactivado(models.Model):
    """Un tipo de aviso que una persona no quiere recibir por correo (sigue en su página de avisos)."""

    usuario = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                                verbose_name="persona")
    tipo = models.CharField("tipo", max_length=30, choices=Aviso.Tipo.choices)

    class Meta:
        verbose_name = "aviso desactivado"
        verbose_name_plural = "avisos desactivados"
        constraints = [models.UniqueConstraint(fields=["usuario", "tipo"], name="aviso_desactivado_unico")]

    def __str__(self):
        return f"{self.usuario} · {self.get_tipo_display()}"
