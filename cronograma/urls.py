from django.urls import path

from cronograma import views, views_anexo, views_mes

urlpatterns = [
    path("", views.inicio, name="inicio"),
    path("cronograma/anexo2.xlsx", views_anexo.descargar_anexo2, name="anexo2_xlsx"),
    path("cronograma/importar/", views_anexo.importar_anexo2, name="importar_anexo2"),
    path("cronograma/importar/confirmar/", views_anexo.confirmar_importacion, name="confirmar_importacion_anexo2"),
]

# Gestión del mes: medios de verificación, cierres, pendientes y tablero de la coordinación.
urlpatterns += [
    path("avances/<int:pk>/evidencias/", views_mes.evidencias_avance, name="evidencias_avance"),
    path("evidencias/<int:pk>/descargar/", views_mes.descargar_evidencia, name="descargar_evidencia"),
    path("evidencias/<int:pk>/retirar/", views_mes.retirar_evidencia_vista, name="retirar_evidencia"),
    path("cierres/", views_mes.cierres, name="cierres"),
    path("pendientes/", views_mes.pendientes, name="pendientes"),
    path("tablero/", views_mes.tablero, name="tablero"),
]
