"""El seguimiento en el admin: se consulta con su historia; se cambia solo desde las páginas de la aplicación
(que aplican permisos, ciclo de vida, bloqueo optimista y revisión de archivos por contenido).

cronograma/admin lo importa para registrarlo; el «solo lectura» y la historia en castellano son los mismos de
allá (`componentes.historia`), sin importar cronograma.admin (sería un ciclo).
"""

from django.contrib import admin

from componentes.historia import SoloLectura, SoloLecturaAdmin
from cronograma.seguimiento.models import Aviso, Compromiso, EvidenciaCompromiso, MensajeRevision, Revision


@admin.register(Compromiso)
class CompromisoAdmin(SoloLecturaAdmin):
    list_display = ("id", "texto", "plan", "mes_limite", "estado")
    list_filter = ("plan", "estado")
    list_select_related = ("plan",)
    search_fields = ("texto",)


@admin.register(EvidenciaCompromiso)
class EvidenciaCompromisoAdmin(SoloLecturaAdmin):
    list_display = ("nombre_original", "compromiso", "subido_en")


class MensajeRevisionEnLinea(SoloLectura, admin.TabularInline):
    model = MensajeRevision
    fields = ("tipo", "texto", "autor", "creado_en")
    readonly_fields = fields


@admin.register(Revision)
class RevisionAdmin(SoloLecturaAdmin):
    list_display = ("avance", "estado", "actualizada_en")
    list_filter = ("estado",)
    list_select_related = ("avance__actividad__componente", "avance__subactividad")
    inlines = [MensajeRevisionEnLinea]


@admin.register(Aviso)
class AvisoAdmin(SoloLectura, admin.ModelAdmin):
    list_display = ("texto", "usuario", "tipo", "creado_en", "leido_en", "correo_enviado_en", "correo_error")
    list_filter = ("tipo",)
    list_select_related = ("usuario",)
