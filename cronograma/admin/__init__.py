"""Meses programados, avances, cierres y reportes en el admin, con su historia."""

from django import forms
from django.contrib import admin
from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html
from import_export.admin import ImportExportMixin

from componentes.historia import HistoriaAdmin, SoloLectura, SoloLecturaAdmin
from componentes import admin as admin_componentes  # registra antes los originales (ver el final)
from componentes.models import Actividad, Componente, Plan, Subactividad
from cronograma import ciclo
from cronograma.models import Avance, CierreMensual, Evidencia, MesProgramado, Reporte, ReporteComponente, VersionPlan
from cronograma.permisos import perfil_de_peticion, puede_importar_anexo
from cronograma.admin.recursos import AvanceResource


class EnFilaAdmin(HistoriaAdmin):
    list_select_related = ("actividad__componente", "subactividad__actividad__componente")
    list_filter = ("actividad__componente__plan", "actividad__componente", "mes")
    date_hierarchy = "mes"  # sus ?mes__year= los revisa calidad.filtros_del_admin

    @admin.display(description="fila")
    def fila(self, obj):
        return (obj.subactividad or obj.actividad).codigo


@admin.register(MesProgramado)
class MesProgramadoAdmin(EnFilaAdmin, SoloLecturaAdmin):
    """De solo lectura: la programación se cambia con una versión del plan (/cronograma/versiones/), que
    no reescribe los cortes anteriores; cambiarla aquí sí los reescribiría."""

    list_display = ("fila", "version", "mes")
    list_filter = ("version__plan", "version__numero", "mes")
    fields = ("version", "actividad", "subactividad", "mes")


@admin.register(VersionPlan)
class VersionPlanAdmin(SoloLecturaAdmin):
    """De solo lectura: se crean, aprueban y descartan en /cronograma/versiones/."""

    list_display = ("plan", "numero", "estado", "vigente_desde", "aprobada_por", "aprobada_en")
    list_filter = ("plan", "estado")
    fields = ("plan", "numero", "estado", "fecha", "vigente_desde", "mes_fin", "motivo", "creada_por", "aprobada_por",
              "aprobada_en", "cambios")


@admin.register(Avance)
class AvanceAdmin(ImportExportMixin, EnFilaAdmin, SoloLecturaAdmin):
    """De solo lectura: el avance se registra desde la aplicación, que aplica permisos y reglas.

    La coordinación puede además cargar avances en bloque (importar/exportar por código y mes), todo o nada.
    """

    resource_classes = [AvanceResource]

    list_display = ("fila", "mes", "porcentaje", "registrado_por", "actualizado")
    readonly_fields = ("actividad", "subactividad", "mes", "porcentaje", "comentario", "version", "registrado_por", "actualizado")

    def has_import_permission(self, request):
        return super().has_import_permission(request) and puede_importar_anexo(perfil_de_peticion(request))

    def get_import_data_kwargs(self, **kwargs):
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}


@admin.register(Evidencia)
class EvidenciaAdmin(SoloLecturaAdmin):
    list_display = ("nombre_original", "avance", "subido_por", "subido_en")
    fields = ("avance", "descarga", "nombre_original", "tipo", "tamano", "subido_por", "subido_en")
    readonly_fields = fields

    @admin.display(description="archivo")
    def descarga(self, obj):
        # MEDIA_URL no se sirve: el archivo se descarga por la aplicación, con sesión.
        return format_html('<a href="{}">Descargar</a>', reverse("descargar_evidencia", args=[obj.avance.actividad.componente.plan_id, obj.pk]))


@admin.register(CierreMensual)
class CierreMensualAdmin(SoloLecturaAdmin):
    list_display = ("plan", "mes", "cerrado")
    list_filter = ("plan", "cerrado")


class ReporteComponenteInline(SoloLectura, admin.StackedInline):
    model = ReporteComponente
    extra = 0


@admin.register(Reporte)
class ReporteAdmin(SoloLecturaAdmin):
    list_display = ("__str__", "plan", "estado", "fecha_remision", "numero_oficio")
    list_filter = ("plan", "estado")
    inlines = [ReporteComponenteInline]


# --- El catálogo en el admin pregunta al ciclo de vida (issue 21) ----------------------------------
#
# componentes no importa cronograma: aquí se vuelven a registrar sus administradores con las reglas de
# cronograma.ciclo. Las filas de un plan archivado son de solo lectura (ni cambiar ni borrar, tampoco en
# los formularios en línea), y el periodo de un plan no se acorta dejando fuera meses con avance.

def _plan_de(obj):
    if obj is None:
        return None
    if isinstance(obj, Plan):
        return obj
    if isinstance(obj, Componente):
        return obj.plan
    if isinstance(obj, Actividad):
        return obj.componente.plan
    if isinstance(obj, Subactividad):
        return obj.actividad.componente.plan
    return None


def _se_edita(obj) -> bool:
    plan = _plan_de(obj)
    return plan is None or bool(ciclo.puede(ciclo.Accion.EDITAR_PLAN, plan))


class SegunElCiclo:
    """Filas (e inlines) de un plan archivado: de solo lectura en el admin (`ciclo.puede(EDITAR_PLAN)`)."""

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and _se_edita(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and _se_edita(obj)

    def has_add_permission(self, request, obj=None):
        if obj is not None and not _se_edita(obj):
            return False
        # Un inline recibe siempre `obj` (None en la página de alta); un ModelAdmin, solo `request`.
        if isinstance(self, admin.options.InlineModelAdmin):
            return super().has_add_permission(request, obj)
        return super().has_add_permission(request)


class ComponenteInlineSegunElCiclo(SegunElCiclo, admin_componentes.ComponenteInline):
    pass


class SubactividadInlineSegunElCiclo(SegunElCiclo, admin_componentes.SubactividadInline):
    pass


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = "__all__"

    def clean(self):
        datos = super().clean()
        plan = self.instance
        if plan.pk is None:
            return datos
        antes = Plan.objects.get(pk=plan.pk)
        if antes.archivado and datos.get("archivado", True):
            cambiados = [c for c in self.changed_data if c not in ("archivado", "vigente")]
            if cambiados:
                raise forms.ValidationError(ciclo.motivo_archivado(antes) + " Desarchívelo antes de cambiarlo.")
        inicio, fin = datos.get("mes_inicio"), datos.get("mes_fin")
        if inicio and fin and (inicio, fin) != (antes.mes_inicio, antes.mes_fin):
            error = ciclo.error_de_periodo(antes, inicio, fin)
            if error:
                raise forms.ValidationError(error)
        return datos


class PlanAdminSegunElCiclo(admin_componentes.PlanAdmin):
    form = PlanForm
    inlines = [ComponenteInlineSegunElCiclo]

    def save_model(self, request, obj, form, change):
        if change:
            with transaction.atomic():
                # Bajo el candado del plan: un avance registrado mientras se editaba también cuenta.
                Plan.objects.select_for_update().get(pk=obj.pk)
                error = ciclo.error_de_periodo(obj, obj.mes_inicio, obj.mes_fin)
                if error:
                    raise forms.ValidationError(error)  # carrera perdida: nada se guarda
                super().save_model(request, obj, form, change)
            return
        super().save_model(request, obj, form, change)


class ComponenteAdminSegunElCiclo(SegunElCiclo, admin_componentes.ComponenteAdmin):
    pass


class ActividadAdminSegunElCiclo(SegunElCiclo, admin_componentes.ActividadAdmin):
    inlines = [SubactividadInlineSegunElCiclo]


class SubactividadAdminSegunElCiclo(SegunElCiclo, admin_componentes.SubactividadAdmin):
    pass


for _modelo, _administrador in ((Plan, PlanAdminSegunElCiclo), (Componente, ComponenteAdminSegunElCiclo),
                                (Actividad, ActividadAdminSegunElCiclo), (Subactividad, SubactividadAdminSegunElCiclo)):
    admin.site.unregister(_modelo)
    admin.site.register(_modelo, _administrador)


from cronograma.reportes import admin as admin_de_la_firma  # noqa: E402,F401 — el cargo en la ficha del usuario
from cronograma.seguimiento import admin as _admin_del_seguimiento  # noqa: E402,F401  (issue 23)
