"""Issue 22: cada caso que se coló por una clase entera de entradas hostiles, como prueba que falla sin su
arreglo (un lector por tipo de valor, un escritor de hojas de cálculo, límites de largo)."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.cronograma.reportes.escenario import armar_escenario


def _url(nombre, plan, *args):
    # Con las rutas por plan (issue 21) el plan va en la ruta; hoy, en ?plan=.
    try:
        return reverse(nombre, kwargs={"plan_id": plan.pk, **({"codigo": args[0]} if args else {})})
    except Exception:  # noqa: BLE001 - rutas de antes del issue 21
        return reverse(nombre, args=args)


@pytest.fixture
def escenario(db):
    return armar_escenario()


@pytest.mark.django_db
@pytest.mark.parametrize("mes", ["%s", "%(mes)s", "{0}", "%d%s"])
def test_un_mes_con_formato_en_el_formulario_de_una_fila_no_da_500(client, escenario, mes):
    client.force_login(escenario.coordinador)
    respuesta = client.post(_url("registrar", escenario.plan, "1.1.1"), {"porcentaje": "10", "mes": mes, "version": "0"})
    assert respuesta.status_code == 200
    assert "mes" in respuesta.content.decode().lower()


@pytest.mark.django_db
@pytest.mark.parametrize("nombre", ["grilla", "anexo2_xlsx"])
@pytest.mark.parametrize("valor", ["²", "٣", "３", "+1", "-1", "9" * 30, "%s"])
def test_version_con_cifras_raras_en_la_grilla_y_el_excel(client, escenario, nombre, valor):
    client.force_login(escenario.coordinador)
    respuesta = client.get(_url(nombre, escenario.plan), {"version": valor}, follow=True)
    assert respuesta.status_code == 200
    assert "no tiene una versión aprobada" in respuesta.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("parametro", ["a", "b"])
@pytest.mark.parametrize("valor", ["²", "٣", "３", "9" * 30])
def test_comparar_versiones_con_cifras_raras(client, escenario, parametro, valor):
    client.force_login(escenario.coordinador)
    respuesta = client.get(_url("versiones_comparar", escenario.plan), {parametro: valor})
    assert respuesta.status_code == 200
    assert "no tiene una versión aprobada" in respuesta.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/admin/cronograma/cierremensual/", "/admin/cronograma/avance/",
                                 "/admin/cronograma/mesprogramado/", "/admin/componentes/plan/", "/admin/auth/user/"])
@pytest.mark.parametrize("consulta", ["mes__year=0", "mes__year=²", "mes__month=13", "mes__day=0",
                                      "mes__year=2020&mes__month=0", "mes__gte=0000-01-01", "mes=%s", "mes__year=9999",
                                      "mes__year=9999&mes__month=12", "mes__month=99999999999999999999",
                                      "mes__year__gte=0", "mes__day=٣"])
def test_filtros_de_fecha_del_admin_no_dan_500(client, escenario, admin_user, url, consulta):
    client.force_login(admin_user)
    respuesta = client.get(f"{url}?{consulta.replace('mes', 'date_joined') if 'auth' in url else consulta}")
    assert respuesta.status_code in (200, 302)


@pytest.mark.django_db
@pytest.mark.parametrize("texto", ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_la_matriz_escribe_como_texto_lo_que_parece_formula(client, escenario, texto):
    from componentes.models import Actividad, Plan

    Plan.objects.filter(pk=escenario.plan.pk).update(servicio=texto)
    Actividad.objects.filter(componente__plan=escenario.plan, numero=1, componente__numero=2).update(nombre=texto)
    client.force_login(escenario.coordinador)
    respuesta = client.get(_url("matriz_xlsx", escenario.plan))
    assert respuesta.status_code == 200
    libro = load_workbook(BytesIO(respuesta.content))
    celdas = [c for fila in libro.active.iter_rows() for c in fila if isinstance(c.value, str) and texto in c.value]
    assert len(celdas) >= 2
    assert all(c.data_type == "s" for c in celdas)


@pytest.mark.django_db
def test_la_exportacion_xlsx_del_admin_escribe_como_texto_lo_que_parece_formula(client, admin_user):
    from componentes.models import Responsable

    peligrosos = ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(1)", "\tcmd", "\r=1", "a\x01b"]
    for numero, texto in enumerate(peligrosos):
        Responsable.objects.create(sigla=f"U{numero}", nombre=texto, orden=numero)
    client.force_login(admin_user)
    formato = next(i for i, f in enumerate(__import__("django.conf").conf.settings.EXPORT_FORMATS) if f.__name__.startswith("XLSX"))
    respuesta = client.post("/admin/componentes/responsable/export/", {
        "format": str(formato), "resource": "0",
        "responsableresource_sigla": "on", "responsableresource_nombre": "on", "responsableresource_orden": "on",
    })
    assert respuesta.status_code == 200, respuesta.content[:300]
    pestana = load_workbook(BytesIO(respuesta.content)).active
    nombres = {fila[0].value: fila[1] for fila in pestana.iter_rows(min_row=2)}
    for numero, texto in enumerate(peligrosos[:-1]):
        assert nombres[f"U{numero}"].value == texto  # el texto intacto (sin quitarle el «=»)
        assert nombres[f"U{numero}"].data_type == "s"
    assert nombres["U6"].value == "a\ufffdb"


# --- Sustento de una versión: acotado en la base, el modelo, el formulario y la orden ---------------

def _borrador(escenario):
    from cronograma.reprogramacion.versiones import crear_borrador

    return crear_borrador(plan=escenario.plan, usuario=escenario.coordinador)


SUSTENTOS_MALOS = [
    pytest.param("x" * 2001, "2000 caracteres", id="largo"),
    pytest.param("x" * 10**6, "2000 caracteres", id="un-millon"),
    pytest.param("a\n" * 20 + "a", "20 líneas", id="lineas"),
    pytest.param("Cambio \u202etxt.exe", "U+202E", id="bidi-rlo"),
    pytest.param("Cambio \u2066x\u2069", "U+2066", id="bidi-aislado"),
    pytest.param("Cambio \x07", "U+0007", id="control"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("motivo, mensaje", SUSTENTOS_MALOS)
def test_un_sustento_sin_limite_o_con_controles_no_se_aprueba(escenario, motivo, mensaje):
    from datetime import date

    from django.core.exceptions import ValidationError

    from cronograma.models import VersionPlan
    from cronograma.reprogramacion.versiones import aprobar_version

    version = _borrador(escenario)
    with pytest.raises(ValidationError) as error:
        aprobar_version(version=version, motivo=motivo, vigente_desde=date(2021, 1, 1), usuario=escenario.coordinador)
    assert mensaje in " ".join(error.value.messages)
    assert not VersionPlan.objects.filter(plan=escenario.plan, estado="aprobada", numero=version.numero).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("motivo, mensaje", SUSTENTOS_MALOS[:4])
def test_el_formulario_de_aprobacion_rechaza_el_sustento_diciendo_el_limite(motivo, mensaje):
    from cronograma.reprogramacion.forms import AprobarVersionForm

    form = AprobarVersionForm({"motivo": motivo, "vigente_desde": "2021-01"})
    assert not form.is_valid()
    assert mensaje in " ".join(form.errors["motivo"])


@pytest.mark.django_db(transaction=True)
def test_la_base_rechaza_un_sustento_largo_aunque_se_salte_el_modelo(escenario):
    from django.db import DataError, IntegrityError

    from cronograma.models import VersionPlan

    version = _borrador(escenario)
    with pytest.raises((IntegrityError, DataError)):
        VersionPlan.objects.filter(pk=version.pk).update(motivo="x" * 2001)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("modelo, campo, limite", [
    ("Plan", "servicio", 200), ("Componente", "nombre", 500), ("Actividad", "nombre", 500), ("Subactividad", "nombre", 500),
])
def test_la_base_acota_los_nombres_aunque_se_salte_el_modelo(escenario, modelo, campo, limite):
    """SQLite no respeta el largo de un VARCHAR: el CHECK lo hace cumplir en toda base."""
    from django.apps import apps
    from django.db import DataError, IntegrityError

    clase = apps.get_model("componentes", modelo)
    fila = clase.objects.order_by("pk").first()
    with pytest.raises((IntegrityError, DataError)):
        clase.objects.filter(pk=fila.pk).update(**{campo: "x" * (limite + 1)})
