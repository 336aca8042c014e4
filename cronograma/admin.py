"""Meses programados, avances, cierres y reportes en el admin, con su historia."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cronograma.models import Avance, CierreMensual, Evidencia, MesProgramado, Reporte, ReporteComponente


class EnFilaAdmin(SimpleHistoryAdmin):
    list_select_related = ("actividad__componente", "subactividad__actividad__componente")
    list_filter = ("actividad__componente__plan", "actividad__componente", "mes")
    date_hierarchy = "mes"

    @admin.display(description="fila")
    def fila(self, obj):
        return (obj.subactividad or obj.actividad).codigo


@admin.register(MesProgramado)
class MesProgramadoAdmin(EnFilaAdmin):
    list_display = ("fila", "mes")
    fields = ("actividad", "subactividad", "mes")


@admin.register(Avance)
class AvanceAdmin(EnFilaAdmin):
    """De solo lectura: el avance se registra desde la aplicación, que aplica permisos y reglas."""

    list_display = ("fila", "mes", "porcentaje", "registrado_por", "actualizado")
    readonly_fields = ("actividad", "subactividad", "mes", "porcentaje", "comentario", "version", "registrado_por", "actualizado")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Evidencia)
class EvidenciaAdmin(SimpleHistoryAdmin):
    list_display = ("nombre_original", "avance", "subido_por", "subido_en")
    readonly_fields = ("avance", "archivo", "nombre_original", "tipo", "tamano", "subido_por", "subido_en")


@admin.register(CierreMensual)
class CierreMensualAdmin(SimpleHistoryAdmin):
    list_display = ("plan", "mes", "cerrado")
    list_filter = ("plan", "cerrado")


class ReporteComponenteInline(admin.StackedInline):
    model = ReporteComponente
    extra = 0


@admin.register(Reporte)
class ReporteAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "plan", "estado", "fecha_remision", "numero_oficio")
    list_filter = ("plan", "estado")
    inlines = [ReporteComponenteInline]
