"""send_reminders: a cada unidad con pendientes, un correo con sus filas; resumen por unidad."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.cronograma.mensual.escenario import mes_chico  # noqa: F401 (fixture)
from tests.factories import crear_plan, crear_usuario

pytestmark = pytest.mark.django_db


def _enviar(*argumentos) -> str:
    salida = StringIO()
    call_command("send_reminders", *argumentos, stdout=salida)
    return salida.getvalue()


def test_correos_por_unidad_con_sus_filas(mes_chico, mailoutbox):
    crear_usuario("sdlgat2", unidades=("SDLGAT",), email="sdlgat2@example.org")
    crear_usuario("sdlgat_sin_correo", unidades=("SDLGAT",))
    crear_usuario("sdlgat_de_baja", unidades=("SDLGAT",), email="baja@example.org", is_active=False)
    salida = _enviar("--mes", "2020-11")

    por_asunto = {m.subject: m for m in mailoutbox}
    assert set(por_asunto) == {
        "Recordatorio: avance de Noviembre 2020 pendiente (SDLGAT)",
        "Recordatorio: avance de Noviembre 2020 pendiente (DRTPELM)",
    }  # OGRH no tiene usuarios con correo; OGPP no tiene pendientes
    sdlgat = por_asunto["Recordatorio: avance de Noviembre 2020 pendiente (SDLGAT)"]
    assert sorted(sdlgat.to) == ["sdlgat1@example.org", "sdlgat2@example.org"]
    assert "- 1.1.1 Subactividad 1.1.1" in sdlgat.body and "- 1.1.3 Subactividad 1.1.3" in sdlgat.body
    assert "1.1.2" not in sdlgat.body and "Estimado equipo de SDLGAT" in sdlgat.body
    drtpelm = por_asunto["Recordatorio: avance de Noviembre 2020 pendiente (DRTPELM)"]
    assert drtpelm.to == ["drtpelm1@example.org"] and "- 1.1.3 Subactividad 1.1.3" in drtpelm.body
    assert "1.1.1" not in drtpelm.body

    assert "SDLGAT: 2 filas pendientes; recordatorio a sdlgat1@example.org, sdlgat2@example.org." in salida
    assert "DRTPELM: 1 fila pendiente; recordatorio a drtpelm1@example.org." in salida
    assert "OGRH: 1 fila pendiente; sin usuarios con correo: no se envió recordatorio." in salida
    assert "OGPP" not in salida
    assert "3 unidad(es) con pendientes, 2 correo(s) enviado(s)" in salida


def test_plan_elegido_y_mes_sin_pendientes(mes_chico, mailoutbox):
    otro = crear_plan(vigente=False)  # un plan sin filas: nada pendiente
    salida = _enviar("--mes", "2020-11", "--plan", str(otro.pk))
    assert mailoutbox == [] and "0 unidad(es) con pendientes, 0 correo(s)" in salida


@pytest.mark.parametrize("argumentos, mensaje", [
    (["--mes", "noviembre"], "no es un mes válido"),
    (["--mes", "2022-01"], "está fuera del plan"),
    (["--mes", "2020-11", "--plan", "999"], "No existe el plan «999»"),
])
def test_errores_en_castellano(mes_chico, mailoutbox, argumentos, mensaje):
    with pytest.raises(CommandError, match=mensaje):
        _enviar(*argumentos)
    assert mailoutbox == []
