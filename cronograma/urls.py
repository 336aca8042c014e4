"""Direcciones del sitio.

Las páginas de un plan viven bajo /planes/<int:plan_id>/… (`urlpatterns_del_plan`, incluidas una vez con ese
prefijo): cada vista lleva `@con_plan` (cronograma.planes.alcance) y toma el plan de `request.plan`. Un
paquete nuevo agrega sus páginas del plan a `urlpatterns_del_plan` (con un `include()` de su propio urls.py);
las páginas globales (la portada, la lista de planes, «Mis actividades» y pendientes de todos los planes
abiertos) quedan sin prefijo. Las direcciones de antes, sin plan, redirigen a la misma página del plan vigente.
"""

from django.urls import include, path

from cronograma import views
from cronograma.anexo import views as views_anexo
from cronograma.mensual import views as views_mes
from cronograma.mensual import views_hoja
from cronograma.planes import views as views_planes
from cronograma.planes.alcance import al_plan_vigente
from cronograma.permisos import acceso, cualquier_usuario
from cronograma.reportes import views as views_reportes
from cronograma.reprogramacion import views as views_versiones
from cronograma.seguimiento import urls as urls_seguimiento

# --- Las páginas de un plan: /planes/<plan_id>/… -----------------------------------------------------------

urlpatterns_del_plan = [
    path("", views.inicio_del_plan, name="inicio_del_plan"),
    path("mis-actividades/", views_hoja.mis_actividades_del_plan, name="mis_actividades"),
    path("mis-actividades/guardar/", views_hoja.guardar_hoja_del_plan, name="guardar_hoja"),
    path("cronograma/", views.grilla, name="grilla"),
    path("cronograma/fila/<str:codigo>/", views.fila, name="fila"),
    path("cronograma/fila/<str:codigo>/formulario/", views.formulario_celda, name="formulario_celda"),
    path("cronograma/fila/<str:codigo>/registrar/", views.registrar, name="registrar"),
    # Excel del Anexo N° 2.
    path("cronograma/anexo2.xlsx", views_anexo.descargar_anexo2, name="anexo2_xlsx"),
    path("cronograma/importar/", views_anexo.importar_anexo2, name="importar_anexo2"),
    path("cronograma/importar/confirmar/", views_anexo.confirmar_importacion, name="confirmar_importacion_anexo2"),
    # Gestión del mes: medios de verificación, cierres, pendientes y tablero de la coordinación.
    path("avances/<int:pk>/evidencias/", views_mes.evidencias_avance, name="evidencias_avance"),
    path("evidencias/<int:pk>/descargar/", views_mes.descargar_evidencia, name="descargar_evidencia"),
    path("evidencias/<int:pk>/retirar/", views_mes.retirar_evidencia_vista, name="retirar_evidencia"),
    path("cierres/", views_mes.cierres, name="cierres"),
    path("pendientes/", views_mes.pendientes_del_plan, name="pendientes"),
    path("tablero/", views_mes.tablero, name="tablero"),
    # Reporte semestral para la SGP.
    path("reportes/", views_reportes.reportes, name="reportes"),
    path("reportes/nuevo/", views_reportes.reporte_nuevo, name="reporte_nuevo"),
    path("reportes/<int:pk>/", views_reportes.reporte_detalle, name="reporte_detalle"),
    path("reportes/<int:pk>/editar/", views_reportes.reporte_editar, name="reporte_editar"),
    path("reportes/<int:pk>/aprobar/", views_reportes.reporte_aprobar, name="reporte_aprobar"),
    path("reportes/<int:pk>/remision/", views_reportes.reporte_remision, name="reporte_remision"),
    path("reportes/<int:pk>/pdf/", views_reportes.reporte_pdf, name="reporte_pdf"),
    path("reportes/<int:pk>/xlsx/", views_reportes.reporte_xlsx, name="reporte_xlsx"),
    path("reportes/<int:pk>/docx/", views_reportes.reporte_docx, name="reporte_docx"),
    # El plan mismo: archivar, marcar como vigente, matriz de responsabilidades.
    path("archivar-plan/", views_planes.archivar, name="archivar_plan"),
    path("marcar-vigente/", views_planes.vigente, name="marcar_vigente"),
    path("matriz/", views_planes.matriz, name="matriz"),
    path("matriz.xlsx", views_planes.matriz_xlsx, name="matriz_xlsx"),
    # Reprogramación: versiones del plan.
    path("cronograma/versiones/", views_versiones.versiones, name="versiones"),
    path("cronograma/versiones/nueva/", views_versiones.version_nueva, name="version_nueva"),
    path("cronograma/versiones/importar/", views_versiones.version_importar, name="version_importar"),
    path("cronograma/versiones/comparar/", views_versiones.versiones_comparar, name="versiones_comparar"),
    path("cronograma/versiones/<int:numero>/", views_versiones.version_detalle, name="version_detalle"),
    path("cronograma/versiones/<int:numero>/editar/", views_versiones.version_editar, name="version_editar"),
    path("cronograma/versiones/<int:numero>/fila-nueva/", views_versiones.version_fila_nueva, name="version_fila_nueva"),
    path("cronograma/versiones/<int:numero>/aprobar/", views_versiones.version_aprobar, name="version_aprobar"),
    path("cronograma/versiones/<int:numero>/descartar/", views_versiones.version_descartar, name="version_descartar"),
]

# El seguimiento (issue 23): compromisos, revisión de avances y tablero de la unidad.
urlpatterns_del_plan += urls_seguimiento.urlpatterns_del_plan

# --- Páginas globales ---------------------------------------------------------------------------------------

urlpatterns = [
    path("", views.inicio, name="inicio"),
    # «Mis actividades» y pendientes sin plan: los de todos los planes abiertos, agrupados por plan.
    path("mis-actividades/", views_hoja.mis_actividades, name="mis_actividades"),
    path("mis-actividades/guardar/", views_hoja.guardar_hoja, name="guardar_hoja"),
    path("pendientes/", views_mes.pendientes, name="pendientes"),
    path("planes/", views_planes.planes, name="planes"),
    path("planes/nuevo/", views_planes.plan_desde_libro, name="plan_desde_libro"),
    path("planes/nuevo/confirmar/", views_planes.confirmar_plan_desde_libro, name="confirmar_plan_desde_libro"),
    path("planes/copiar/", views_planes.copiar, name="copiar_plan"),
    path("planes/<int:plan_id>/", include(urlpatterns_del_plan)),
]

# --- Las direcciones de antes (sin plan): redirigen a la misma página del plan vigente -------------------------

_redirigir = acceso(cualquier_usuario)(al_plan_vigente)
_GLOBALES = {"inicio_del_plan", "mis_actividades", "guardar_hoja", "pendientes"}  # sin plan siguen siendo páginas (de todos los planes)

urlpatterns += [
    path(str(patron.pattern), _redirigir, {"nombre": patron.name})
    for patron in urlpatterns_del_plan
    if patron.name not in _GLOBALES
]
