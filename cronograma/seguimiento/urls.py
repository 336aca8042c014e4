"""Direcciones del seguimiento: las de un plan (`urlpatterns_del_plan`, que cronograma/urls.py agrega a las
suyas bajo /planes/<int:plan_id>/) y /avisos/ (de cada persona, sin plan)."""

from django.urls import path

from cronograma.seguimiento import views

urlpatterns_del_plan = [
    path("compromisos/", views.compromisos_lista, name="compromisos"),
    path("compromisos.xlsx", views.compromisos_xlsx, name="compromisos_xlsx"),
    path("compromisos/desde-reporte/<int:reporte_id>/", views.compromisos_desde_reporte, name="compromisos_desde_reporte"),
    path("compromisos/<int:compromiso_id>/", views.compromiso_detalle, name="compromiso"),
    path("compromisos/<int:compromiso_id>/evidencias/", views.compromiso_evidencia, name="compromiso_evidencia"),
    path("compromisos/<int:compromiso_id>/evidencias/<int:evidencia_id>/", views.compromiso_evidencia_descargar,
         name="compromiso_evidencia_descargar"),
    path("avances/<int:avance_id>/revision/", views.revision_avance, name="revision_avance"),
    path("tablero/unidad/", views.tablero_unidad, name="tablero_unidad"),
]

urlpatterns = [
    path("avisos/", views.avisos_lista, name="avisos"),
    path("avisos/preferencias/", views.avisos_preferencias, name="avisos_preferencias"),
    path("avisos/<int:aviso_id>/", views.aviso_abrir, name="aviso_abrir"),
]
