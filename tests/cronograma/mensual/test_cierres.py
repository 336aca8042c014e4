"""Cierre mensual: la coordinación cierra y reabre; un mes cerrado no admite escrituras."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cronograma.mensual.cierres import cerrar_mes, mes_cerrado, reabrir_mes
from cronograma.models import Avance, CierreMensual
from cronograma.registro import registrar_avance
from tests.cronograma.mensual.escenario import NOV, OCT, mes_chico  # noqa: F401 (fixture)
from tests.factories import hoja

pytestmark = pytest.mark.django_db


def test_cerrar_y_reabrir_queda_en_la_historia_con_motivo(mes_chico):
    plan, ogpp = mes_chico.plan, mes_chico.coordinador
    cerrar_mes(plan=plan, mes=NOV, usuario=ogpp)
    assert mes_cerrado(plan, NOV) and not mes_cerrado(plan, OCT)
    cerrar_mes(plan=plan, mes=NOV, usuario=ogpp)  # ya cerrado: no escribe otra fila de historia
    reabrir_mes(plan=plan, mes=NOV, usuario=ogpp, motivo="DRTPELM corrige el dato de 1.1.2")
    assert not mes_cerrado(plan, NOV)
    historia = list(CierreMensual.objects.get(plan=plan, mes=NOV).history.order_by("history_date"))
    assert [h.cerrado for h in historia] == [True, False]
    assert historia[-1].motivo == "DRTPELM corrige el dato de 1.1.2"
    assert historia[-1].history_user == ogpp


def test_reabrir_exige_motivo_y_un_mes_cerrado(mes_chico):
    plan, ogpp = mes_chico.plan, mes_chico.coordinador
    cerrar_mes(plan=plan, mes=NOV, usuario=ogpp)
    with pytest.raises(ValidationError) as error:
        reabrir_mes(plan=plan, mes=NOV, usuario=ogpp, motivo="   ")
    assert "motivo" in error.value.message_dict
    assert mes_cerrado(plan, NOV)
    with pytest.raises(ValidationError, match="no está cerrado"):
        reabrir_mes(plan=plan, mes=OCT, usuario=ogpp, motivo="x")


def test_solo_la_coordinacion_cierra_y_reabre(mes_chico):
    with pytest.raises(PermissionDenied):
        cerrar_mes(plan=mes_chico.plan, mes=NOV, usuario=mes_chico.sdlgat)
    assert not CierreMensual.objects.exists()
    cerrar_mes(plan=mes_chico.plan, mes=NOV, usuario=mes_chico.coordinador)
    with pytest.raises(PermissionDenied):
        reabrir_mes(plan=mes_chico.plan, mes=NOV, usuario=mes_chico.drtpelm, motivo="quiero corregir")
    assert mes_cerrado(mes_chico.plan, NOV)


def test_no_se_cierra_un_mes_fuera_del_plan(mes_chico):
    from datetime import date

    with pytest.raises(ValidationError, match="está fuera del plan"):
        cerrar_mes(plan=mes_chico.plan, mes=date(2021, 6, 1), usuario=mes_chico.coordinador)
    assert not CierreMensual.objects.exists()


@pytest.mark.parametrize("quien", ["drtpelm", "coordinador"])
def test_un_mes_cerrado_rechaza_registrar_avance(mes_chico, quien):
    """Solo lectura para la unidad; la coordinación también debe reabrir antes (queda el motivo)."""
    plan = mes_chico.plan
    cerrar_mes(plan=plan, mes=NOV, usuario=mes_chico.coordinador)
    fila = hoja(plan, "1.1.2")
    with pytest.raises(ValidationError) as error:
        registrar_avance(hoja=fila, mes=NOV, porcentaje="80", usuario=getattr(mes_chico, quien), version_base=1)
    assert "está cerrado" in error.value.message_dict["mes"][0]
    assert Avance.objects.get(pk=mes_chico.avance_nov.pk).porcentaje == 50
    # Otro mes sigue abierto.
    registrar_avance(hoja=fila, mes=OCT, porcentaje="20", usuario=mes_chico.drtpelm, version_base=0)


def test_tras_reabrir_la_unidad_vuelve_a_registrar(mes_chico):
    plan = mes_chico.plan
    cerrar_mes(plan=plan, mes=NOV, usuario=mes_chico.coordinador)
    reabrir_mes(plan=plan, mes=NOV, usuario=mes_chico.coordinador, motivo="Corrección de DRTPELM")
    registrar_avance(hoja=hoja(plan, "1.1.2"), mes=NOV, porcentaje="80", comentario="Falta el informe final.",
                     usuario=mes_chico.drtpelm, version_base=1)
    assert Avance.objects.get(pk=mes_chico.avance_nov.pk).porcentaje == 80


# La página /cierres/


def test_pagina_de_cierres_solo_para_la_coordinacion(client, mes_chico):
    client.force_login(mes_chico.sdlgat)
    assert client.get(f"/planes/{mes_chico.plan.pk}/cierres/").status_code == 403
    respuesta = client.post(f"/planes/{mes_chico.plan.pk}/cierres/", {"mes": "2020-11-01", "accion": "cerrar"})
    assert respuesta.status_code == 403
    assert not CierreMensual.objects.exists()


def test_la_coordinacion_cierra_y_reabre_desde_la_pagina(client, mes_chico):
    client.force_login(mes_chico.coordinador)
    pagina = client.get(f"/planes/{mes_chico.plan.pk}/cierres/").content.decode()
    assert "Cerrar Noviembre 2020" in pagina
    client.post(f"/planes/{mes_chico.plan.pk}/cierres/", {"mes": "2020-11-01", "accion": "cerrar"})
    assert mes_cerrado(mes_chico.plan, NOV)
    sin_motivo = client.post(f"/planes/{mes_chico.plan.pk}/cierres/", {"mes": "2020-11-01", "accion": "reabrir", "motivo": ""}, follow=True)
    assert "Indique por qué se reabre el mes." in sin_motivo.content.decode()
    assert mes_cerrado(mes_chico.plan, NOV)
    client.post(f"/planes/{mes_chico.plan.pk}/cierres/", {"mes": "2020-11-01", "accion": "reabrir", "motivo": "Falta evidencia de OGRH"})
    assert not mes_cerrado(mes_chico.plan, NOV)
    assert CierreMensual.objects.get(mes=NOV).history.first().motivo == "Falta evidencia de OGRH"


def test_solicitud_de_cierre_mal_formada_no_cambia_nada(client, mes_chico):
    client.force_login(mes_chico.coordinador)
    respuesta = client.post(f"/planes/{mes_chico.plan.pk}/cierres/", {"mes": "noviembre", "accion": "borrar"}, follow=True)
    assert "Solicitud no válida" in respuesta.content.decode()
    assert not CierreMensual.objects.exists()
