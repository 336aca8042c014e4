"""Meses programados, avances, cierres y reportes en el admin, con su historia."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from import_export.admin import ImportExportMixin
from simple_history.admin import SimpleHistoryAdmin

from componentes.meses import nombre_mes, primer_dia
from cronograma.mensual import cierres
from cronograma.mensual.cierres import mes_cerrado, validar_mes_abierto_bloqueado
from cronograma.models import Avance, CierreMensual, Evidencia, MesProgramado, Reporte, ReporteComponente
from cronograma.permisos import perfil_de_peticion, puede_importar_anexo
from cronograma.recursos import AvanceResource


class SoloLectura:
    """Se consulta (con su historia) pero no se cambia en el admin: estas escrituras tienen reglas que
    solo aplican las páginas de la aplicación (tipo de archivo por contenido, motivo de reapertura o de
    retiro, reporte congelado desde su aprobación), y el admin las saltaría. Sirve a ModelAdmin e inlines."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SoloLecturaAdmin(SoloLectura, SimpleHistoryAdmin):
    pass


class EnFilaAdmin(SimpleHistoryAdmin):
    list_select_related = ("actividad__componente", "subactividad__actividad__componente")
    list_filter = ("actividad__componente__plan", "actividad__componente", "mes")
    date_hierarchy = "mes"

    @admin.display(description="fila")
    def fila(self, obj):
        return (obj.subactividad or obj.actividad).codigo


def _meses_cerrados_de(programados) -> list[str]:
    """Los meses cerrados entre los de estos meses programados (nombres, para el mensaje)."""
    return sorted({nombre_mes(p.mes) for p in programados if mes_cerrado(p.actividad.componente.plan, p.mes)})


class MesProgramadoForm(forms.ModelForm):
    """Las reglas de la aplicación también en el admin: un mes cerrado no gana ni pierde meses programados."""

    class Meta:
        model = MesProgramado
        fields = ("actividad", "subactividad", "mes")

    def clean(self):
        datos = super().clean()
        actividad, mes = datos.get("actividad"), datos.get("mes")
        meses = {(actividad, mes)} if actividad and mes else set()
        if self.instance.pk:
            meses.add((self.instance.actividad, self.instance.mes))
        for fila, cada_mes in meses:
            if mes_cerrado(fila.componente.plan, primer_dia(cada_mes)):
                raise forms.ValidationError(
                    f"{nombre_mes(cada_mes)} está cerrado: su programación no cambia. La coordinación debe reabrirlo antes."
                )
        return datos


@admin.register(MesProgramado)
class MesProgramadoAdmin(EnFilaAdmin):
    list_display = ("fila", "mes")
    fields = ("actividad", "subactividad", "mes")
    form = MesProgramadoForm

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            # Bajo el candado del mes, por si se cerró mientras el formulario estaba abierto.
            meses = {obj.mes} | ({form.initial.get("mes")} - {None} if change else set())
            for mes in sorted(meses):
                try:
                    validar_mes_abierto_bloqueado(obj.actividad.componente.plan, mes)
                except ValidationError as error:
                    raise PermissionDenied(" ".join(error.messages)) from None
            super().save_model(request, obj, form, change)

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        cerrados = _meses_cerrados_de([obj]) if obj else []
        if cerrados:
            messages.error(request, f"No se borró: {cerrados[0]} está cerrado y su programación no cambia. "
                                    "La coordinación debe reabrirlo antes.")
            return redirect(reverse("admin:cronograma_mesprogramado_change", args=[obj.pk]))
        return super().delete_view(request, object_id, extra_context)

    def delete_model(self, request, obj):
        self.delete_queryset(request, MesProgramado.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            programados = list(queryset.select_related("actividad__componente__plan"))
            planes = {p.actividad.componente.plan_id: p.actividad.componente.plan for p in programados}
            for plan_id, mes in sorted({(p.actividad.componente.plan_id, p.mes) for p in programados}):
                cierres.bloquear_mes(planes[plan_id], mes)  # en orden fijo: dos borrados no se bloquean en cruz
            if _meses_cerrados_de(programados):
                raise PermissionDenied("Un mes cerrado no pierde meses programados.")
            for programado in programados:
                programado.delete()  # uno a uno: cada borrado queda en la historia

    def get_actions(self, request):
        acciones = super().get_actions(request)
        if "delete_selected" in acciones:
            borrar, nombre, descripcion = acciones["delete_selected"]

            def borrar_si_abiertos(modeladmin, peticion, queryset):
                cerrados = _meses_cerrados_de(queryset.select_related("actividad__componente__plan"))
                if cerrados:
                    messages.error(peticion, f"No se borró nada: {', '.join(cerrados)} está(n) cerrado(s) y su "
                                             "programación no cambia. La coordinación debe reabrirlos antes.")
                    return None
                return borrar(modeladmin, peticion, queryset)

            acciones["delete_selected"] = (borrar_si_abiertos, nombre, descripcion)
        return acciones


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
        return format_html('<a href="{}">Descargar</a>', reverse("descargar_evidencia", args=[obj.pk]))


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
