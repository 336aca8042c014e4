"""Meses programados, avances, cierres y reportes en el admin, con su historia."""

from django.contrib import admin
from django.contrib.admin.views.main import ERROR_FLAG
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from import_export.admin import ImportExportMixin
from simple_history.admin import SimpleHistoryAdmin

from cronograma.models import Avance, CierreMensual, Evidencia, MesProgramado, Reporte, ReporteComponente, VersionPlan
from cronograma.permisos import perfil_de_peticion, puede_importar_anexo
from cronograma.admin.recursos import AvanceResource


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

    def changelist_view(self, request, extra_context=None):
        # La jerarquía de fechas pasa ?mes__year= a date() sin acotar: un año de 10 cifras da un 500.
        # Como Django con cualquier otro filtro inválido, se vuelve a la lista con «?e=1».
        for clave in ("mes__year", "mes__month", "mes__day"):
            valor = request.GET.get(clave)
            if valor is not None and not (valor.isascii() and valor.isdigit() and len(valor) <= 4):
                return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")
        return super().changelist_view(request, extra_context)

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


from cronograma.seguimiento import admin as _admin_del_seguimiento  # noqa: E402,F401  (issue 23)
