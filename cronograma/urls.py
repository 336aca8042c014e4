from django.urls import path

from cronograma import views

urlpatterns = [
    path("", views.inicio, name="inicio"),
    path("mis-actividades/", views.mis_actividades, name="mis_actividades"),
    path("cronograma/", views.grilla, name="grilla"),
    path("cronograma/fila/<str:codigo>/", views.fila, name="fila"),
    path("cronograma/fila/<str:codigo>/formulario/", views.formulario_celda, name="formulario_celda"),
    path("cronograma/fila/<str:codigo>/registrar/", views.registrar, name="registrar"),
]
