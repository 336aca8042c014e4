"""El catálogo en el admin: edición completa, búsqueda por código, historia e importación por código."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from import_export.admin import ImportExportModelAdmin
from componentes.historia import HistoriaAdmin

from componentes.codigos import descomponer
from componentes.models import Actividad, Componente, Plan, Responsable, Subactividad
from componentes.recursos import ActividadResource, ComponenteResource, ResponsableResource, SubactividadResource

ORDEN_ACTIVIDAD = ("componente__plan", "componente__numero", "numero")
ORDEN_SUBACTIVIDAD = ("actividad__componente__plan", "actividad__componente__numero", "actividad__numero", "numero")


class CatalogoAdmin(ImportExportModelAdmin, HistoriaAdmin):
    """Importación todo-o-nada: un archivo con filas inválidas no guarda ninguna."""

    def get_import_data_kwargs(self, **kwargs):
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}


def filtro_por_codigo(queryset, termino: str, *prefijos: str):
    """Si el término es un código ("3.10" o "3.10.2"), filtra por sus números; si no, None."""
    try:
        numeros = descomponer(termino)
    except ValidationError:
        return None
    if len(numeros) != len(prefijos):
        return None
    return queryset.filter(**{f"{prefijo}numero": n for prefijo, n in zip(prefijos, numeros)})


class FilaPorCodigoAdmin(CatalogoAdmin):
    """Actividades y subactividades: se buscan por código ("3.10") y se listan con sus unidades."""

    prefijos_codigo: tuple[str, ...] = ()  # el camino hasta cada número del código

    def get_search_results(self, request, queryset, search_term):
        por_codigo = filtro_por_codigo(queryset, search_term, *self.prefijos_codigo)
        if por_codigo is not None:
            return por_codigo, False
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description="código", ordering="numero")
    def codigo(self, obj):
        return obj.codigo

    @admin.display(description="responsables")
    def siglas(self, obj):
        return " / ".join(r.sigla for r in obj.responsables_efectivos())


@admin.register(Responsable)
class ResponsableAdmin(CatalogoAdmin):
    resource_classes = [ResponsableResource]
    list_display = ("sigla", "nombre", "orden")
    search_fields = ("sigla", "nombre", "usuarios__username")
    filter_horizontal = ("usuarios",)


class ComponenteInline(admin.TabularInline):
    model = Componente
    fields = ("numero", "nombre", "peso")
    extra = 0
    ordering = ("numero",)


@admin.register(Plan)
class PlanAdmin(HistoriaAdmin):
    list_display = ("__str__", "entidad", "version", "mes_inicio", "mes_fin", "vigente", "archivado")
    list_filter = ("vigente", "archivado")
    actions = ["marcar_como_vigente"]
    search_fields = ("entidad", "servicio", "objetivo")
    inlines = [ComponenteInline]
    fieldsets = [
        ("Cabecera del Anexo", {"fields": ["entidad", "objetivo", "servicio", "caracter", "alcance", "version", "fecha", "frecuencia"]}),
        ("Periodo", {"fields": ["mes_inicio", "mes_fin", "vigente", "archivado", "aviso"]}),
    ]

    @admin.action(description="Marcar como vigente (y dejar de serlo el anterior)")
    def marcar_como_vigente(self, request, queryset):
        from componentes.planes import marcar_vigente

        if queryset.count() != 1:
            self.message_user(request, "Elija un solo plan: solo uno puede ser el vigente.", level="error")
            return
        try:
            plan = marcar_vigente(plan=queryset.get(), usuario=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), level="error")
        else:
            self.message_user(request, f"«{plan}» es ahora el plan vigente.")


@admin.register(Componente)
class ComponenteAdmin(CatalogoAdmin):
    resource_classes = [ComponenteResource]
    list_display = ("numero", "nombre", "plan", "peso")
    list_display_links = ("numero", "nombre")
    list_filter = ("plan",)
    search_fields = ("nombre",)
    ordering = ("plan", "numero")
    fields = ("plan", "numero", "nombre", "peso")


class SubactividadInline(admin.TabularInline):
    model = Subactividad
    fields = ("numero", "nombre", "responsables", "peso")
    extra = 0
    ordering = ("numero",)


@admin.register(Actividad)
class ActividadAdmin(FilaPorCodigoAdmin):
    resource_classes = [ActividadResource]
    list_display = ("codigo", "nombre", "siglas", "peso")
    list_display_links = ("codigo", "nombre")
    list_filter = ("componente__plan", "componente", "responsables")
    search_fields = ("nombre",)
    ordering = ORDEN_ACTIVIDAD
    fields = ("componente", "numero", "nombre", "responsables", "peso")
    filter_horizontal = ("responsables",)
    inlines = [SubactividadInline]
    list_select_related = ("componente",)
    prefijos_codigo = ("componente__", "")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("responsables", "subactividades__responsables")



@admin.register(Subactividad)
class SubactividadAdmin(FilaPorCodigoAdmin):
    resource_classes = [SubactividadResource]
    list_display = ("codigo", "nombre", "siglas", "peso")
    list_display_links = ("codigo", "nombre")
    list_filter = ("actividad__componente__plan", "actividad__componente", "responsables")
    search_fields = ("nombre",)
    ordering = ORDEN_SUBACTIVIDAD
    fields = ("actividad", "numero", "nombre", "responsables", "peso")
    filter_horizontal = ("responsables",)
    list_select_related = ("actividad__componente",)
    prefijos_codigo = ("actividad__componente__", "actividad__", "")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("responsables", "actividad__responsables")

