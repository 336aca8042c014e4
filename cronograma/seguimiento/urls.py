"""Direcciones del seguimiento: las del plan bajo planes/<int:plan_id>/ (contrato del issue 21) y /avisos/."""

from functools import wraps

from django.urls import include, path

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
    path("planes/<int:plan_id>/", include(urlpatterns_del_plan)),
    path("avisos/", views.avisos_lista, name="avisos"),
    path("avisos/preferencias/", views.avisos_preferencias, name="avisos_preferencias"),
    path("avisos/<int:aviso_id>/", views.aviso_abrir, name="aviso_abrir"),
]


# Provisional, hasta que el issue 21 reemplace PlanDeLaDireccionMiddleware (que quita /planes/<id>/ de la
# ruta antes de resolverla): las mismas vistas sin el prefijo, con el plan que dejó el middleware.
def _con_plan_de_la_direccion(vista):
    @wraps(vista)
    def envoltura(request, *args, **kwargs):
        from componentes.planes import plan_nombrado

        return vista(request, *args, plan_id=plan_nombrado(), **kwargs)

    return envoltura


urlpatterns += [path(str(p.pattern), _con_plan_de_la_direccion(p.callback)) for p in urlpatterns_del_plan]
