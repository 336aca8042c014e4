"""Punto 7 del issue 15: cerrar un mes y escribir en él se serializan (candado del mes + comprobación
dentro de la transacción de la escritura). Se fuerza el entrelazado con dos hilos, cada uno con su propia
conexión a PostgreSQL (en SQLite, select_for_update y los candados no existen: la prueba se omite).
"""

import threading
import time
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from cronograma.mensual import cierres
from cronograma.mensual.cierres import cerrar_mes, mes_cerrado
from cronograma.models import Avance, CierreMensual
from cronograma.registro import registrar_avance
from tests.cronograma.reportes.escenario import DIC, armar_escenario
from tests.factories import hoja

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="el entrelazado real necesita PostgreSQL"),
]
ESPERA = 10  # segundos máximos de cada espera: si algo se cuelga, la prueba falla en vez de colgarse


class Hilo(threading.Thread):
    """Corre `funcion` con su propia conexión y guarda su resultado o su excepción."""

    def __init__(self, funcion):
        super().__init__(daemon=True)
        self.funcion, self.resultado, self.error = funcion, None, None

    def run(self):
        try:
            self.resultado = self.funcion()
        except Exception as error:  # noqa: BLE001 - se examina en la prueba
            self.error = error
        finally:
            connections.close_all()


def _foto_de_la_celda(plan, codigo, mes):
    fila = hoja(plan, codigo)
    filtro = {"actividad_id": fila.clave.actividad_id, "subactividad_id": fila.clave.subactividad_id, "mes": mes}
    return list(Avance.objects.filter(**filtro).values_list("porcentaje", "comentario", "version")), Avance.history.filter(**filtro).count()


def test_un_cierre_en_curso_hace_esperar_a_la_escritura_y_esta_ve_el_mes_cerrado(monkeypatch):
    escenario = armar_escenario()
    plan = escenario.plan
    antes = _foto_de_la_celda(plan, "1.1.2", DIC)
    cerrado_sin_confirmar, seguir = threading.Event(), threading.Event()
    guardar_original = cierres._guardar

    def guardar_y_esperar(cierre, usuario):
        resultado = guardar_original(cierre, usuario)
        cerrado_sin_confirmar.set()  # el cierre está escrito pero su transacción sigue abierta
        assert seguir.wait(ESPERA)
        return resultado

    monkeypatch.setattr(cierres, "_guardar", guardar_y_esperar)
    cierre = Hilo(lambda: cerrar_mes(plan=plan, mes=DIC, usuario=escenario.coordinador))
    cierre.start()
    assert cerrado_sin_confirmar.wait(ESPERA)

    escritura = Hilo(lambda: registrar_avance(hoja=hoja(plan, "1.1.2"), mes=DIC, porcentaje="90",
                                              comentario="después del cierre", usuario=escenario.equipo, version_base=1))
    escritura.start()
    time.sleep(1)
    assert escritura.is_alive(), "la escritura no esperó al cierre: comprobó el mes fuera del candado"
    seguir.set()
    cierre.join(ESPERA)
    escritura.join(ESPERA)
    assert cierre.error is None and not escritura.is_alive()
    assert isinstance(escritura.error, ValidationError) and "está cerrado" in " ".join(escritura.error.messages)
    assert mes_cerrado(plan, DIC)
    assert _foto_de_la_celda(plan, "1.1.2", DIC) == antes


def test_una_escritura_en_curso_hace_esperar_al_cierre(monkeypatch):
    escenario = armar_escenario()
    plan = escenario.plan
    escrito_sin_confirmar, seguir = threading.Event(), threading.Event()
    guardar_original = Avance.save

    def guardar_y_esperar(self, *args, **kwargs):
        guardar_original(self, *args, **kwargs)
        escrito_sin_confirmar.set()
        assert seguir.wait(ESPERA)

    monkeypatch.setattr(Avance, "save", guardar_y_esperar)
    escritura = Hilo(lambda: registrar_avance(hoja=hoja(plan, "1.1.2"), mes=DIC, porcentaje="90",
                                              comentario="antes del cierre", usuario=escenario.equipo, version_base=1))
    escritura.start()
    assert escrito_sin_confirmar.wait(ESPERA)
    cierre = Hilo(lambda: cerrar_mes(plan=plan, mes=DIC, usuario=escenario.coordinador))
    cierre.start()
    time.sleep(1)
    assert cierre.is_alive(), "el cierre no esperó a la escritura en curso"
    seguir.set()
    escritura.join(ESPERA)
    cierre.join(ESPERA)
    assert escritura.error is None and cierre.error is None
    # La escritura entró antes del cierre: el mes cerrado la incluye, y su historia es anterior al cierre.
    registro = Avance.objects.get(subactividad=hoja(plan, "1.1.2").subactividad, mes=DIC)
    assert registro.porcentaje == Decimal("90")
    cerrado_en = CierreMensual.history.filter(plan=plan, mes=DIC).latest("history_date").history_date
    assert registro.history.latest("history_date").history_date < cerrado_en


def test_bloquear_mes_fuera_de_una_transaccion_es_un_error_de_programacion():
    escenario = armar_escenario()
    with pytest.raises(RuntimeError):
        cierres.bloquear_mes(escenario.plan, date(2020, 12, 1))
