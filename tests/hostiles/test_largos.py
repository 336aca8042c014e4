"""Punto 3 del issue 15: todo texto libre tiene un límite de largo (y de líneas) en la base, en el modelo y
en el formulario, con un mensaje que dice el límite; el PDF del reporte tarda un tiempo acotado."""

import time
from datetime import date

import pytest
from django.db import DataError, IntegrityError, transaction
from django.urls import reverse

from cronograma.limites import (
    LARGO_COMENTARIO, LARGO_MOTIVO_CIERRE, LARGO_MOTIVO_SIN_INFORMACION, LARGO_TEXTO_REPORTE, LINEAS_COMENTARIO,
    LINEAS_TEXTO_REPORTE,
)
from cronograma.mensual.cierres import cerrar_mes
from cronograma.models import Avance, CierreMensual, ReporteComponente
from cronograma.reportes import flujo
from cronograma.reportes.datos import TextosComponente, datos_del_reporte
from cronograma.reportes.salidas import pdf_del_reporte
from tests.cronograma.reportes.escenario import armar_escenario, borrador

NOV = date(2020, 11, 1)


def _foto():
    return (
        list(Avance.objects.values_list("id", "porcentaje", "comentario", "version")),
        list(ReporteComponente.objects.values_list("id", "logros", "dificultades", "medidas_correctivas")),
        list(CierreMensual.objects.values_list("id", "cerrado", "motivo")),
        Avance.history.count(), ReporteComponente.history.count(), CierreMensual.history.count(),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("comentario, limite", [
    ("x" * (LARGO_COMENTARIO + 1), f"{LARGO_COMENTARIO} caracteres"),
    ("a\n" * LINEAS_COMENTARIO + "a", f"{LINEAS_COMENTARIO} líneas"),
])
def test_un_comentario_demasiado_largo_se_rechaza_diciendo_el_limite(client, comentario, limite):
    escenario = armar_escenario()
    client.force_login(escenario.personal)
    antes = _foto()
    respuesta = client.post(reverse("registrar", args=[escenario.plan.pk, "1.1.1"]),
                            {"porcentaje": "100", "comentario": comentario, "mes": "2020-11", "version": "1"})
    assert respuesta.status_code == 200
    assert limite in respuesta.content.decode()
    assert _foto() == antes


@pytest.mark.django_db
@pytest.mark.parametrize("texto, limite", [
    ("x" * (LARGO_TEXTO_REPORTE + 1), f"{LARGO_TEXTO_REPORTE} caracteres"),
    ("a\n" * LINEAS_TEXTO_REPORTE + "a", f"{LINEAS_TEXTO_REPORTE} líneas"),
])
def test_un_texto_del_reporte_demasiado_largo_se_rechaza_diciendo_el_limite(client, texto, limite):
    escenario = armar_escenario()
    reporte = borrador(escenario)
    componente = escenario.plan.componentes.order_by("numero").first()
    client.force_login(escenario.coordinador)
    antes = _foto()
    respuesta = client.post(reverse("reporte_editar", args=[escenario.plan.pk, reporte.pk]), {f"c{componente.pk}-logros": texto})
    assert respuesta.status_code == 200
    assert limite in respuesta.content.decode()
    assert _foto() == antes


@pytest.mark.django_db
def test_el_motivo_de_reapertura_tiene_limite(client):
    escenario = armar_escenario()
    cerrar_mes(plan=escenario.plan, mes=NOV, usuario=escenario.coordinador)
    client.force_login(escenario.coordinador)
    antes = _foto()
    respuesta = client.post(reverse("cierres", args=[escenario.plan.pk]), {"mes": "2020-11-01", "accion": "reabrir", "motivo": "m" * (LARGO_MOTIVO_CIERRE + 1)})
    assert respuesta.status_code < 500
    assert _foto() == antes
    assert CierreMensual.objects.get(plan=escenario.plan, mes=NOV).cerrado


@pytest.mark.django_db
def test_la_base_rechaza_un_texto_largo_aunque_se_salte_el_formulario():
    escenario = armar_escenario()
    avance = Avance.objects.order_by("pk").first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Avance.objects.filter(pk=avance.pk).update(comentario="x" * (LARGO_COMENTARIO + 1))
    reporte = borrador(escenario)
    texto = ReporteComponente.objects.filter(reporte=reporte).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        ReporteComponente.objects.filter(pk=texto.pk).update(logros="x" * (LARGO_TEXTO_REPORTE + 1))
    # El motivo de «sin información» (issue 17): CHECK en SQLite, VARCHAR(300) en PostgreSQL.
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        ReporteComponente.objects.filter(pk=texto.pk).update(
            logros="", logros_sin_informacion="x" * (LARGO_MOTIVO_SIN_INFORMACION + 1))


@pytest.mark.django_db
def test_el_motivo_de_sin_informacion_demasiado_largo_se_rechaza_diciendo_el_limite(client):
    escenario = armar_escenario()
    reporte = borrador(escenario)
    componente = escenario.plan.componentes.order_by("numero").first()
    client.force_login(escenario.coordinador)
    antes = _foto()
    respuesta = client.post(reverse("reporte_editar", args=[escenario.plan.pk, reporte.pk]), {
        f"c{componente.pk}-logros_marca": "on",
        f"c{componente.pk}-logros_motivo": "m" * (LARGO_MOTIVO_SIN_INFORMACION + 1),
    })
    assert respuesta.status_code == 200
    assert f"{LARGO_MOTIVO_SIN_INFORMACION} caracteres" in respuesta.content.decode()
    assert _foto() == antes


def _texto(largo: int, lineas: int) -> str:
    linea = "palabra " * (largo // lineas // 8)
    return "\n".join([linea.strip()] * lineas)[:largo]


def _medir(reporte) -> float:
    inicio = time.perf_counter()
    pdf_del_reporte(datos_del_reporte(reporte))
    return time.perf_counter() - inicio


@pytest.mark.django_db
def test_el_pdf_del_reporte_tarda_un_tiempo_acotado_con_los_textos_mas_largos_permitidos():
    """Antes, 5.000 saltos de línea en los textos y comentarios llevaban el PDF de 0,8 s a 68 s. Con los
    límites, el peor texto admitido (todas las líneas, todos los caracteres, o una sola palabra) queda
    en pocos segundos."""
    escenario = armar_escenario()
    reporte = borrador(escenario)
    base = _medir(reporte)
    tiempos = {}
    casos = {
        "líneas": (_texto(LARGO_TEXTO_REPORTE, LINEAS_TEXTO_REPORTE), _texto(LARGO_COMENTARIO, LINEAS_COMENTARIO)),
        "sin espacios": ("x" * LARGO_TEXTO_REPORTE, "y" * LARGO_COMENTARIO),
    }
    for nombre, (texto, comentario) in casos.items():
        textos = {c.id: TextosComponente(texto, texto, texto) for c in escenario.plan.componentes.all()}
        flujo.editar_textos(reporte=reporte, usuario=escenario.coordinador, textos=textos)
        for avance in Avance.objects.all():
            avance.comentario = comentario
            avance.full_clean()
            avance.save()
        tiempos[nombre] = _medir(reporte)
    print(f"\nPDF del reporte: vacío {base:.2f} s; con los textos más largos admitidos {tiempos}")
    assert max(tiempos.values()) < 20
