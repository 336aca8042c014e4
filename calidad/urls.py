from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "calidad · administración del catálogo"
admin.site.site_title = "calidad"
admin.site.index_title = "Anexo N° 2 · Cronograma de Actividades"

urlpatterns = [
    path("cuentas/", include("calidad.cuentas")),  # sin restablecimiento de contraseña: ver calidad/cuentas.py
    path("admin/", admin.site.urls),
    path("", include("cronograma.urls")),
    path("", include("cronograma.seguimiento.urls")),  # compromisos, revisiones y avisos (issue 23)
]
