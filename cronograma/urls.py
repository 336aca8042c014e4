from django.urls import path

from cronograma import views, views_anexo

urlpatterns = [
    path("", views.inicio, name="inicio"),
    path("cronograma/anexo2.xlsx", views_anexo.descargar_anexo2, name="anexo2_xlsx"),
    path("cronograma/importar/", views_anexo.importar_anexo2, name="importar_anexo2"),
    path("cronograma/importar/confirmar/", views_anexo.confirmar_importacion, name="confirmar_importacion_anexo2"),
]
