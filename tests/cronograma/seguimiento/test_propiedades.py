"""Propiedad de los avisos de plazo (Hypothesis): corra `enviar_avisos` los días que sea, en el orden que
sea, cada persona recibe a lo más un aviso por evento; «por vencer» solo en los 7 días antes del fin del mes
límite, «vencido» solo después; nada mientras el compromiso está cumplido; nada si el plan está archivado."""

from datetime import date, timedelta

import pytest
from django.db import transaction
from hypothesis import given, strategies as st

from componentes.models import Responsable
from cronograma.seguimiento import compromisos
from cronograma.seguimiento.avisos import generar_avisos_programados
from cronograma.seguimiento.models import Aviso
from tests.cronograma.reprogramacion.test_propiedades import PROPIEDAD_CON_PLANES

from .escenario import armar_mundo

pytestmark = pytest.mark.django_db

LIMITE = date(2021, 6, 1)  # el compromiso vence al terminar junio de 2021
FIN = date(2021, 7, 1)
dias = st.lists(st.dates(min_value=date(2021, 5, 1), max_value=date(2021, 9, 30)), min_size=1, max_size=8)


@PROPIEDAD_CON_PLANES
@given(dias=dias, cumplido_el=st.none() | st.integers(0, 7), archivado=st.booleans())
def test_avisos_de_plazo_una_vez_y_a_tiempo(dias, cumplido_el, archivado):
    with transaction.atomic():
        mundo = armar_mundo()
        compromiso = compromisos.crear_compromiso(
            reporte=mundo.reporte, texto="Capacitar", mes_limite=LIMITE, usuario=mundo.coordinacion,
            responsables=Responsable.objects.filter(sigla="SDLGAT"))
        if archivado:
            mundo.plan.vigente, mundo.plan.archivado = False, True
            mundo.plan.save()
        for numero, dia in enumerate(dias):
            if cumplido_el == numero and not archivado:
                compromisos.actualizar_compromiso(compromiso=compromiso, usuario=mundo.coordinacion, version=None,
                                                  estado="cumplido")
            generar_avisos_programados(hoy=dia)
        avisos = list(Aviso.objects.filter(tipo__startswith="compromiso").values_list("usuario_id", "tipo", "evento"))
        assert len(avisos) == len(set(avisos))  # uno por evento y persona
        assert {usuario for usuario, _, _ in avisos} <= {mundo.sdlgat.pk}
        if archivado:
            assert avisos == []
        abiertos_hasta = len(dias) if cumplido_el is None else cumplido_el
        tipos = {tipo for _, tipo, _ in avisos}
        vistos = dias[:abiertos_hasta]
        assert ("compromiso_por_vencer" in tipos) == (not archivado and any(FIN - timedelta(days=7) <= d < FIN for d in vistos))
        assert ("compromiso_vencido" in tipos) == (not archivado and any(d >= FIN for d in vistos))
        transaction.set_rollback(True)
