"""Avances mensuales en el admin (django-import-export): plan, código, mes, % y comentario.

Cada fila se identifica por el código de la fila hoja y el mes ("1.1.3", "2021-03") dentro del plan
(columna `plan`: su id; vacía = el plan vigente), nunca por el id del avance. Es una carga masiva de la
coordinación: se validan el código, el mes (dentro del plan y no futuro) y el % (0–100, un decimal);
la regla del comentario de la grilla no se exige. Cada guardado escribe historia con quien importa.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from import_export import fields, resources

from componentes.catalogo import Catalogo, Hoja
from componentes.meses import MesInvalido, clave_mes, leer_mes
from componentes.models import Plan
from cronograma.models import Avance
from cronograma.mensual.cierres import validar_mes_abierto, validar_mes_abierto_bloqueado
from cronograma.registro import filtro_de, validar_mes, validar_porcentaje


class AvanceResource(resources.ModelResource):
    plan = fields.Field(column_name="plan", readonly=True)
    codigo = fields.Field(column_name="codigo", readonly=True)
    mes = fields.Field(column_name="mes", readonly=True)
    porcentaje = fields.Field(column_name="porcentaje", attribute="porcentaje")
    comentario = fields.Field(column_name="comentario", attribute="comentario")

    class Meta:
        model = Avance
        fields = ("plan", "codigo", "mes", "porcentaje", "comentario")
        export_order = ("plan", "codigo", "mes", "porcentaje", "comentario")
        import_id_fields = ()
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_bulk = False  # el modo masivo no escribe historia

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._catalogos: dict[int, Catalogo] = {}

    def get_queryset(self):
        return Avance.objects.select_related(
            "actividad__componente", "subactividad__actividad__componente"
        ).order_by("actividad__componente__plan", "actividad__componente__numero", "actividad__numero",
                   "subactividad__numero", "mes")

    def dehydrate_plan(self, avance):
        return avance.actividad.componente.plan_id

    def dehydrate_codigo(self, avance):
        return (avance.subactividad or avance.actividad).codigo

    def dehydrate_mes(self, avance):
        return clave_mes(avance.mes)

    def _plan(self, row) -> Plan:
        texto = str(row.get("plan") or "").strip()
        plan = Plan.objects.filter(pk=int(texto)).first() if texto.isascii() and texto.isdigit() and len(texto) < 10 else (None if texto else Plan.objects.vigente())
        if plan is None:
            raise ValidationError({"plan": f"No existe el plan «{texto}»." if texto else "No hay ningún plan cargado."})
        return plan

    def _hoja(self, plan: Plan, row) -> Hoja:
        if plan.pk not in self._catalogos:
            self._catalogos[plan.pk] = Catalogo(plan)
        codigo = str(row.get("codigo") or "").strip()
        hoja = self._catalogos[plan.pk].hojas_por_codigo.get(codigo)
        if hoja is None:
            raise ValidationError({"codigo": f"«{codigo}» no es una fila hoja del plan (una subactividad, o una actividad sin subactividades)."})
        return hoja

    def get_or_init_instance(self, instance_loader, row):
        plan = self._plan(row)
        hoja = self._hoja(plan, row)
        try:
            mes = leer_mes(row.get("mes"))
        except MesInvalido as error:
            raise ValidationError({"mes": str(error)}) from None
        validar_mes(plan, mes)
        validar_mes_abierto(plan, mes)  # un mes cerrado tampoco cambia por carga masiva
        existente = Avance.objects.filter(**filtro_de(hoja), mes=mes).first()
        return (existente, False) if existente else (Avance(**filtro_de(hoja), mes=mes), True)

    def import_instance(self, instance, row, **kwargs):
        try:
            row["porcentaje"] = validar_porcentaje(row.get("porcentaje"))  # acepta "35,5" como en la grilla
        except ValidationError as error:
            raise ValidationError({"porcentaje": error.message_dict["porcentaje"]}) from None
        super().import_instance(instance, row, **kwargs)
        instance.comentario = (instance.comentario or "").strip()

    def before_save_instance(self, instance, row, **kwargs):
        usuario = kwargs.get("user")
        # De nuevo, justo antes de escribir y bajo el candado del mes: un cierre simultáneo gana o espera.
        plan = instance.actividad.componente.plan
        if transaction.get_connection().in_atomic_block:
            validar_mes_abierto_bloqueado(plan, instance.mes)
        else:
            validar_mes_abierto(plan, instance.mes)
        if instance.pk:
            instance.version += 1  # el bloqueo optimista de la grilla ve que cambió
        instance.registrado_por = usuario
        instance._history_user = usuario
