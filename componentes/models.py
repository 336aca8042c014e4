"""El catálogo de un plan: componentes → actividades → subactividades, y sus unidades responsables.

Los códigos ("3.10.2") no se guardan: se derivan de los números de cada nivel, únicos dentro de su
padre. Así un prefijo equivocado es imposible y el orden natural (3.9 antes que 3.10) sale de ordenar
por números.
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from componentes.meses import meses_entre, nombre_mes
from componentes.restricciones import primer_dia_del_mes

PESO_POR_DEFECTO = Decimal("1")
MAX_MESES_PLAN = 36


def atributo_precargado(relacion: str) -> str:
    """Dónde deja `Prefetch(relacion, to_attr=…)` la lista ya cargada (ver componentes.catalogo)."""
    return f"{relacion}_precargados"


def cargados(objeto, relacion: str) -> list:
    """`objeto.<relacion>.all()` como lista, sin crear el manager de la relación si ya se trajo: de un
    Prefetch con to_attr=atributo_precargado(relacion), o de un prefetch_related común. Crear el manager
    cuesta decenas de µs y el catálogo de un plan de 7.000 filas lo pediría miles de veces."""
    lista = getattr(objeto, atributo_precargado(relacion), None)
    if lista is not None:
        return list(lista)
    precargados = getattr(objeto, "_prefetched_objects_cache", {}).get(relacion)
    return list(precargados) if precargados is not None else list(getattr(objeto, relacion).all())


def _campo_peso():
    return models.DecimalField(
        "peso",
        max_digits=6,
        decimal_places=2,
        default=PESO_POR_DEFECTO,
        validators=[MinValueValidator(Decimal("0"))],
        help_text="Peso en el promedio del nivel superior (1 = todos iguales).",
    )


class Responsable(models.Model):
    """Una unidad orgánica (o el Equipo de Trabajo) que responde por filas del plan."""

    sigla = models.CharField("sigla", max_length=40, unique=True)
    nombre = models.CharField("nombre", max_length=200)
    orden = models.PositiveSmallIntegerField(
        "orden", default=100, help_text="Posición al listar las unidades de una fila (SDLGAT antes que DRTPELM)."
    )
    usuarios = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name="usuarios",
        related_name="responsables",
        blank=True,
        help_text="Personas que registran avance en nombre de esta unidad.",
    )
    history = HistoricalRecords(m2m_fields=[usuarios])

    class Meta:
        ordering = ["orden", "sigla"]
        verbose_name = "responsable"
        verbose_name_plural = "responsables"

    def __str__(self):
        return self.sigla


class DelPlanQuerySet(models.QuerySet):
    """`Modelo.objects.del_plan(plan)`: solo lo de ese plan (objeto Plan o id). Lo usan el catálogo y los
modelos de cronograma (`del_plan_por`)."""

    CAMINO_AL_PLAN = "plan"

    def del_plan(self, plan):
        return self.filter(**{self.CAMINO_AL_PLAN: plan})

    def de_planes(self, planes):
        return self.filter(**{f"{self.CAMINO_AL_PLAN}__in": planes})


def del_plan_por(camino: str) -> type[DelPlanQuerySet]:
    """Un QuerySet con `del_plan(plan)` que llega al plan por `camino` (p. ej. "actividad__componente__plan"):
    el camino se escribe una sola vez, en el gestor del modelo (`objects = del_plan_por(…).as_manager()`)."""
    return type(f"DelPlanQuerySet_{camino}", (DelPlanQuerySet,), {"CAMINO_AL_PLAN": camino})


class ComponenteQuerySet(DelPlanQuerySet):
    CAMINO_AL_PLAN = "plan"


class ActividadQuerySet(DelPlanQuerySet):
    CAMINO_AL_PLAN = "componente__plan"


class SubactividadQuerySet(DelPlanQuerySet):
    CAMINO_AL_PLAN = "actividad__componente__plan"


class PlanQuerySet(models.QuerySet):
    def abiertos(self):
        """Los planes en curso (no archivados), el vigente primero y luego por periodo."""
        return self.filter(archivado=False).order_by("-vigente", "mes_inicio", "id")

    def vigente(self):
        """El plan en curso: el marcado como vigente o, si ninguno lo está, el más reciente."""
        return self.order_by("-vigente", "-mes_inicio", "-id").first()


class Plan(models.Model):
    """La cabecera del Anexo N° 2: qué se implementa, dónde, y en qué meses."""

    entidad = models.CharField("entidad", max_length=200)
    objetivo = models.CharField("objetivo del anexo", max_length=500)
    servicio = models.CharField("servicio", max_length=200)
    caracter = models.CharField("carácter", max_length=100, default="OBLIGATORIO")
    alcance = models.CharField("alcance", max_length=200)
    version = models.CharField("versión", max_length=20)
    fecha = models.CharField("fecha", max_length=40, help_text='Tal como figura en el documento, p. ej. "Nov-20".')
    frecuencia = models.CharField("frecuencia de la medición", max_length=40, default="MENSUAL")
    mes_inicio = models.DateField("primer mes", help_text="Primer día del primer mes del cronograma.")
    mes_fin = models.DateField("último mes", help_text="Primer día del último mes del cronograma.")
    aviso = models.CharField(
        "aviso",
        max_length=300,
        blank=True,
        help_text="Texto que la grilla muestra destacado, p. ej. si la programación es ilustrativa.",
    )
    vigente = models.BooleanField(
        "vigente", default=False, help_text="El plan que muestran la grilla y los reportes por defecto."
    )
    archivado = models.BooleanField(
        "archivado",
        default=False,
        help_text="Un plan terminado: de solo lectura, fuera del selector de planes, aún accesible por su dirección.",
    )
    history = HistoricalRecords()

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-mes_inicio", "id"]
        verbose_name = "plan"
        verbose_name_plural = "planes"
        constraints = [
            models.CheckConstraint(condition=models.Q(mes_fin__gte=models.F("mes_inicio")), name="plan_periodo_ordenado"),
            primer_dia_del_mes("mes_inicio", "plan_mes_inicio_primer_dia"),
            primer_dia_del_mes("mes_fin", "plan_mes_fin_primer_dia"),
            models.UniqueConstraint(
                fields=["vigente"],
                condition=models.Q(vigente=True),
                name="un_solo_plan_vigente",
                violation_error_message=(
                    "Ya hay otro plan vigente: solo uno puede serlo. Use la acción «Marcar como vigente» de la "
                    "lista de planes, que cambia el vigente de una vez."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.servicio} ({nombre_mes(self.mes_inicio)} – {nombre_mes(self.mes_fin)}), v{self.version}"

    def clean(self):
        for campo in ("mes_inicio", "mes_fin"):
            valor = getattr(self, campo)
            if valor and valor.day != 1:
                setattr(self, campo, valor.replace(day=1))
        if self.mes_inicio and self.mes_fin and self.mes_fin < self.mes_inicio:
            raise ValidationError({"mes_fin": "El último mes no puede ser anterior al primero."})
        if self.mes_inicio and self.mes_fin and len(meses_entre(self.mes_inicio, self.mes_fin)) > MAX_MESES_PLAN:
            raise ValidationError({"mes_fin": f"Un plan dura de 1 a {MAX_MESES_PLAN} meses."})
        if self.archivado and self.vigente:
            raise ValidationError({"archivado": "El plan vigente no se puede archivar: marque antes otro como vigente."})

    def meses(self) -> list[date]:
        """Los meses del cronograma, en orden, como el primer día de cada mes."""
        return meses_entre(self.mes_inicio, self.mes_fin)

    def contiene_mes(self, mes: date) -> bool:
        return self.mes_inicio <= mes <= self.mes_fin


class Componente(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="componentes", verbose_name="plan")
    numero = models.PositiveSmallIntegerField("número", validators=[MinValueValidator(1)])
    nombre = models.CharField("nombre", max_length=500)
    peso = _campo_peso()
    history = HistoricalRecords()

    objects = ComponenteQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "numero"]
        verbose_name = "componente"
        verbose_name_plural = "componentes"
        constraints = [
            models.UniqueConstraint(fields=["plan", "numero"], name="componente_numero_unico_en_plan"),
        ]

    def __str__(self):
        return f"Componente {self.numero}: {self.nombre}"

    @property
    def codigo(self) -> str:
        return str(self.numero)


class Actividad(models.Model):
    componente = models.ForeignKey(
        Componente, on_delete=models.CASCADE, related_name="actividades", verbose_name="componente"
    )
    numero = models.PositiveSmallIntegerField("número", validators=[MinValueValidator(1)])
    nombre = models.CharField("nombre", max_length=500)
    responsables = models.ManyToManyField(Responsable, blank=True, related_name="actividades", verbose_name="responsables")
    peso = _campo_peso()
    history = HistoricalRecords(m2m_fields=[responsables])

    objects = ActividadQuerySet.as_manager()

    class Meta:
        ordering = ["componente__plan", "componente__numero", "numero"]
        verbose_name = "actividad"
        verbose_name_plural = "actividades"
        constraints = [
            models.UniqueConstraint(fields=["componente", "numero"], name="actividad_numero_unico_en_componente"),
        ]

    def __str__(self):
        return f"{self.codigo} {self.nombre}"

    @property
    def codigo(self) -> str:
        return f"{self.componente.numero}.{self.numero}"

    def responsables_efectivos(self) -> list[Responsable]:
        """Sus unidades; si el documento no le asigna ninguna, las de sus subactividades.

        Lee con `cargados` lo que el catálogo (o un prefetch_related) ya trajo: sin consultas ni managers.
        """
        propias = cargados(self, "responsables")
        if propias:
            return propias
        unidas = {r.sigla: r for sub in cargados(self, "subactividades") for r in cargados(sub, "responsables")}
        return sorted(unidas.values(), key=lambda r: (r.orden, r.sigla))


class Subactividad(models.Model):
    actividad = models.ForeignKey(
        Actividad, on_delete=models.CASCADE, related_name="subactividades", verbose_name="actividad"
    )
    numero = models.PositiveSmallIntegerField("número", validators=[MinValueValidator(1)])
    nombre = models.CharField("nombre", max_length=500)
    responsables = models.ManyToManyField(
        Responsable, blank=True, related_name="subactividades", verbose_name="responsables"
    )
    peso = _campo_peso()
    history = HistoricalRecords(m2m_fields=[responsables])

    objects = SubactividadQuerySet.as_manager()

    class Meta:
        ordering = ["actividad__componente__plan", "actividad__componente__numero", "actividad__numero", "numero"]
        verbose_name = "subactividad"
        verbose_name_plural = "subactividades"
        constraints = [
            models.UniqueConstraint(fields=["actividad", "numero"], name="subactividad_numero_unico_en_actividad"),
        ]

    def __str__(self):
        return f"{self.codigo} {self.nombre}"

    def clean(self):
        """Una subactividad nueva (o movida) no puede caer bajo una actividad con avance propio: ver
        componentes/reglas.py."""
        super().clean()
        if not self.actividad_id:
            return
        anterior = type(self).objects.filter(pk=self.pk).values_list("actividad_id", flat=True).first() if self.pk else None
        if anterior != self.actividad_id:
            from componentes.reglas import objeciones_a_subactividad

            motivos = objeciones_a_subactividad(self.actividad)
            if motivos:
                raise ValidationError({"actividad": motivos})

    @property
    def codigo(self) -> str:
        return f"{self.actividad.codigo}.{self.numero}"

    def responsables_efectivos(self) -> list[Responsable]:
        """Sus unidades; si el documento no le asigna ninguna, las de su actividad."""
        return cargados(self, "responsables") or cargados(self.actividad, "responsables")
