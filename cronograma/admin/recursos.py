"""Avances mensuales en el admin (django-import-export): plan, código, mes, % y comentario.

Cada fila se identifica por el código de la fila hoja y el mes ("1.1.3", "2021-03") dentro del plan
(columna `plan`: su id; vacía = el plan vigente), nunca por el id del avance. Es una carga masiva de la
coordinación que escribe por la misma vía que la grilla (`registro.registrar_avance`): permiso, mes del
plan ya empezado y abierto, % de 0 a 100 con un decimal, regla del comentario, versión e historia con
quien importa.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from import_export import fields, resources

from componentes.catalogo import Catalogo, Hoja
from componentes.meses import clave_mes
from componentes.models import Plan
from componentes.planes import SinPlan, plan_pedido
from cronograma.avance import validar_porcentaje
from cronograma.models import Avance
from cronograma.periodo import leer_mes_del_plan
from cronograma.registro import registrar_avance


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
        try:
            return plan_pedido(str(row.get("plan") or "").strip() or None)
        except (SinPlan, Http404) as error:
            raise ValidationError({"plan": str(error)}) from None

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
        mes = leer_mes_del_plan(plan, row.get("mes"))
        existente = Avance.objects.filter(**hoja.clave.filtro, mes=mes).first()
        return (existente, False) if existente else (Avance(**hoja.clave.filtro, mes=mes), True)

    def import_instance(self, instance, row, **kwargs):
        try:
            row["porcentaje"] = validar_porcentaje(row.get("porcentaje"))  # acepta "35,5" como en la grilla
        except ValidationError as error:
            raise ValidationError({"porcentaje": error.message_dict["porcentaje"]}) from None
        super().import_instance(instance, row, **kwargs)
        instance.comentario = (instance.comentario or "").strip()

    def do_instance_save(self, instance, is_create):
        raise NotImplementedError("Los avances se guardan con registrar_avance (ver save_instance).")

    def save_instance(self, instance, is_create, row, **kwargs):
        """Escribe por la vía única del avance; un rechazo de sus reglas es un error de la fila."""
        # Una vista previa sin transacción de import-export igual pasa por todas las reglas, pero se deshace.
        solo_probar = self._is_dry_run(kwargs) and not self._is_using_transactions(kwargs)
        try:
            with transaction.atomic():
                guardado = registrar_avance(
                    hoja=self._hoja(self._plan(row), row), mes=instance.mes, porcentaje=instance.porcentaje,
                    comentario=instance.comentario, usuario=kwargs.get("user"),
                )
                transaction.set_rollback(solo_probar)
        except PermissionDenied as error:
            raise ValidationError({"codigo": str(error)}) from None
        instance.pk, instance.version = guardado.pk, guardado.version
