"""Avances mensuales por import-export: por código y mes, con historia, todo o nada."""

from decimal import Decimal

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cronograma.models import Avance
from cronograma.admin.recursos import AvanceResource
from tests.cronograma.anexo.libros import DIC, NOV, crear_plan_pequeno
from tests.factories import crear_usuario

pytestmark = pytest.mark.django_db

COLUMNAS = ["plan", "codigo", "mes", "porcentaje", "comentario"]


@pytest.fixture
def plan():
    return crear_plan_pequeno()


def _importar(filas, usuario, *, dry_run=False):
    datos = tablib.Dataset(*filas, headers=COLUMNAS)
    return AvanceResource().import_data(datos, dry_run=dry_run, rollback_on_validation_errors=True, user=usuario)


def _libro():
    return sorted(Avance.objects.values_list("actividad_id", "subactividad_id", "mes", "porcentaje", "comentario"))


def test_exporta_por_codigo_y_mes(plan):
    datos = AvanceResource().export()
    filas = [dict(zip(datos.headers, fila)) for fila in datos]
    assert datos.headers == COLUMNAS
    assert {(f["codigo"], f["mes"], str(f["porcentaje"])) for f in filas} == {
        ("1.1.1", "2020-11", "40.0"), ("1.1.1", "2020-12", "100.0"), ("7.1", "2020-11", "25.5")}
    assert all(f["plan"] == plan.pk for f in filas)


def test_importa_crea_y_cambia_con_historia_del_usuario(plan):
    usuario = crear_usuario("jefa", is_staff=True, is_superuser=True)
    resultado = _importar([
        [plan.pk, "1.1.2", "2021-01", "30", "Primer avance"],
        ["", "7.1", "2020-11", "35,5", "Corrección"],
        [plan.pk, "1.1.1", "2020-12", "100.0", ""],  # sin cambios: no escribe historia
    ], usuario)
    assert not resultado.has_errors() and not resultado.has_validation_errors()
    assert resultado.totals["new"] == 1 and resultado.totals["update"] == 1 and resultado.totals["skip"] == 1
    nuevo = Avance.objects.get(subactividad__numero=2, mes__year=2021)
    assert nuevo.porcentaje == Decimal("30.0") and nuevo.history.get().history_user == usuario
    corregido = Avance.objects.get(actividad__componente__numero=7, mes=NOV)
    assert corregido.porcentaje == Decimal("35.5") and corregido.version == 2
    assert corregido.history.latest().history_user == usuario and corregido.history.count() == 2
    assert Avance.objects.get(subactividad__numero=1, mes=DIC).history.count() == 1


@pytest.mark.parametrize("fila, campo, fragmento", [
    (["", "9.9.9", "2020-11", "10", ""], "codigo", "no es una fila hoja"),
    (["", "1.1", "2020-11", "10", ""], "codigo", "no es una fila hoja"),
    (["", "1.1.1", "2022-01", "10", ""], "mes", "fuera del plan"),
    (["", "1.1.1", "noviembre", "10", ""], "mes", "no es un mes válido"),
    (["", "1.1.1", "2020-11", "140", ""], "porcentaje", "entre 0 y 100"),
    (["", "1.1.1", "2020-11", "diez", ""], "porcentaje", "número entre 0 y 100"),
    (["999", "1.1.1", "2020-11", "10", ""], "plan", "No existe el plan"),
])
def test_una_fila_invalida_no_deja_guardar_ninguna(plan, fila, campo, fragmento):
    antes, historia = _libro(), Avance.history.count()
    resultado = _importar([["", "1.1.2", "2021-01", "30", "válida"], fila], crear_usuario(is_superuser=True))
    assert resultado.has_validation_errors()
    errores = resultado.invalid_rows[0].error_dict
    assert fragmento in " ".join(errores[campo]), errores
    assert _libro() == antes and Avance.history.count() == historia


def test_un_mes_cerrado_no_cambia_por_carga_masiva(plan):
    from cronograma.mensual.cierres import cerrar_mes

    coordinacion = crear_usuario(is_superuser=True)
    cerrar_mes(plan=plan, mes=NOV, usuario=coordinacion)
    antes = _libro()
    resultado = _importar([["", "7.1", "2020-11", "90", "tarde"]], coordinacion)
    assert resultado.has_validation_errors()
    assert "está cerrado" in " ".join(resultado.invalid_rows[0].error_dict["mes"])
    assert _libro() == antes


def test_admin_de_avances_sigue_siendo_de_solo_lectura_e_importa_la_coordinacion(client, plan):
    client.force_login(crear_usuario("jefa", is_staff=True, is_superuser=True))
    avance = Avance.objects.first()
    assert client.get(reverse("admin:cronograma_avance_add")).status_code == 403
    cambio = client.get(reverse("admin:cronograma_avance_change", args=[avance.pk]))
    assert b'name="porcentaje"' not in cambio.content
    pagina = client.get(reverse("admin:cronograma_avance_import"))
    assert pagina.status_code == 200
    archivo = SimpleUploadedFile("avances.csv", b"plan,codigo,mes,porcentaje,comentario\n,1.1.2,2021-01,140,\n")
    formatos = [f for f in pagina.context["form"].fields["format"].choices if "csv" in str(f[1]).lower()]
    respuesta = client.post(reverse("admin:cronograma_avance_import"),
                            {"import_file": archivo, "format": formatos[0][0], "resource": 0})
    assert "entre 0 y 100" in respuesta.content.decode()
    assert not Avance.objects.filter(mes__year=2021).exists()


def test_personal_de_unidad_con_acceso_al_admin_no_importa(client, plan):
    from django.contrib.auth.models import Permission

    usuario = crear_usuario("sdlgat", unidades=("SDLGAT",), is_staff=True)
    usuario.user_permissions.add(*Permission.objects.filter(codename__in=["view_avance", "change_avance"]))
    client.force_login(usuario)
    assert client.get(reverse("admin:cronograma_avance_import")).status_code == 403


@pytest.mark.parametrize("modelo", ["avance", "evidencia", "cierremensual", "reporte"])
def test_el_admin_no_escribe_lo_que_tiene_reglas_propias(client, plan, modelo):
    """Ni un superusuario cambia en el admin avances, evidencias, cierres o reportes: las páginas de la
    aplicación aplican sus reglas (contenido del archivo, motivo, reporte congelado)."""
    from django.apps import apps

    client.force_login(crear_usuario(is_staff=True, is_superuser=True))
    clase = apps.get_model("cronograma", modelo)
    antes = clase.objects.count()
    assert client.get(reverse(f"admin:cronograma_{modelo}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:cronograma_{modelo}_add")).status_code == 403
    assert client.post(reverse(f"admin:cronograma_{modelo}_add"), {}).status_code == 403
    assert clase.objects.count() == antes


def test_el_admin_no_borra_avances(client, plan):
    client.force_login(crear_usuario(is_staff=True, is_superuser=True))
    avance = Avance.objects.first()
    url = reverse("admin:cronograma_avance_delete", args=[avance.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert Avance.objects.filter(pk=avance.pk).exists()


def test_el_admin_no_cambia_un_reporte(client, plan):
    from cronograma.models import Reporte

    from django.utils import timezone

    jefa = crear_usuario(is_staff=True, is_superuser=True)
    reporte = Reporte.objects.create(  # un remitido completo: la base exige foto, aprobador, fechas y oficio
        plan=plan, desde=NOV, hasta=DIC, estado=Reporte.Estado.REMITIDO, numero_oficio="1", cifras={},
        aprobado_por=jefa, aprobado_en=timezone.now(), fecha_aprobacion=timezone.localdate(),
        fecha_remision=timezone.localdate(),
    )
    client.force_login(jefa)
    url = reverse("admin:cronograma_reporte_change", args=[reporte.pk])
    pagina = client.get(url)
    assert pagina.status_code == 200 and 'name="numero_oficio"' not in pagina.content.decode()
    client.post(url, {"numero_oficio": "otro", "estado": "borrador"})
    reporte.refresh_from_db()
    assert (reporte.numero_oficio, reporte.estado) == ("1", Reporte.Estado.REMITIDO)


# --- La misma vía de escritura que la grilla -------------------------------------------------------------

def test_la_importacion_exige_el_comentario_como_la_grilla(plan):
    """7.1 tenía 25,5 % en noviembre: bajarlo sin decir por qué se rechaza, como en la grilla."""
    antes = _libro()
    resultado = _importar([["", "7.1", "2020-11", "20", ""]], crear_usuario(is_superuser=True))
    assert resultado.has_validation_errors()
    assert "explique" in " ".join(resultado.invalid_rows[0].error_dict["comentario"])
    assert _libro() == antes


def test_la_importacion_respeta_el_permiso_de_la_fila(plan):
    """Quien importa registra como cualquier usuario: solo en las filas de su unidad."""
    antes = _libro()
    resultado = _importar([["", "7.1", "2020-12", "30", "de OGPP"]], crear_usuario(unidades=("SDLGAT",)))
    assert resultado.has_validation_errors()
    assert "no es responsable de la fila 7.1" in " ".join(resultado.invalid_rows[0].error_dict["codigo"])
    assert _libro() == antes


def test_la_importacion_sube_la_version_una_vez_por_cambio(plan):
    jefa = crear_usuario(is_superuser=True)
    _importar([["", "7.1", "2020-11", "30", "uno"]], jefa)
    _importar([["", "7.1", "2020-11", "35", "dos"]], jefa)
    avance = Avance.objects.get(actividad__componente__numero=7, mes=NOV)
    assert avance.version == 3 and avance.history.count() == 3


def test_la_vista_previa_sin_transaccion_valida_pero_no_escribe(plan):
    antes, historia = _libro(), Avance.history.count()
    datos = tablib.Dataset(["", "1.1.2", "2021-01", "30", "Primer avance"], headers=COLUMNAS)
    resultado = AvanceResource().import_data(datos, dry_run=True, use_transactions=False,
                                             user=crear_usuario(is_superuser=True))
    assert not resultado.has_errors() and not resultado.has_validation_errors()
    assert _libro() == antes and Avance.history.count() == historia
