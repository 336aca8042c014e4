"""Escenario del seguimiento y un servidor SMTP real (aiosmtpd) en 127.0.0.1, en un puerto libre."""

import email
import socket
from dataclasses import dataclass, field
from datetime import date
from email.policy import default as politica

import pytest
from aiosmtpd.controller import Controller

from cronograma.reportes import flujo
from tests.cronograma.planes.escenario import crear_revisor
from tests.factories import (
    crear_actividad, crear_componente, crear_plan, crear_subactividad, crear_usuario, programar, registrar,
)

OCT, NOV, DIC = date(2020, 10, 1), date(2020, 11, 1), date(2020, 12, 1)


@dataclass
class Buzon:
    """Lo que recibió el servidor SMTP de la prueba."""

    mensajes: list = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):
        self.mensajes.append(envelope)
        return "250 Recibido"

    def leidos(self) -> list[dict]:
        leidos = []
        for sobre in self.mensajes:
            mensaje = email.message_from_bytes(sobre.content, policy=politica)
            leidos.append({"para": sobre.rcpt_tos, "asunto": str(mensaje["Subject"]),
                           "cuerpo": mensaje.get_body().get_content()})
        return leidos


def puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """Un servidor SMTP de verdad: el backend SMTP de Django le habla por la red y la prueba lee el buzón."""
    buzon = Buzon()
    puerto = puerto_libre()
    servidor = Controller(buzon, hostname="127.0.0.1", port=puerto)
    servidor.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", puerto, False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    settings.DEFAULT_FROM_EMAIL = "calidad@trabajo.gob.pe"
    yield buzon
    servidor.stop()


@pytest.fixture
def smtp_caido(settings):
    """Un servidor de correo que no responde: nadie escucha en ese puerto."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", puerto_libre(), False
    settings.EMAIL_TIMEOUT = 2


@dataclass
class Mundo:
    plan: object
    reporte: object
    coordinacion: object
    sdlgat: object
    drtpelm: object
    revisor: object
    avance: object  # 1.1.1 (SDLGAT), noviembre
    avance_ajeno: object  # 1.2 (DRTPELM), noviembre


@pytest.fixture
def mundo(db) -> Mundo:
    plan = crear_plan()
    componente = crear_componente(plan, 1)
    actividad = crear_actividad(componente, 1, unidades=("SDLGAT",))
    crear_subactividad(actividad, 1, unidades=("SDLGAT",))
    crear_actividad(componente, 2, unidades=("DRTPELM",))
    programar(plan, "1.1.1", OCT, NOV)
    programar(plan, "1.2", NOV, DIC)
    coordinacion = crear_usuario("coordinacion", unidades=("OGPP",), email="ogpp@trabajo.gob.pe")
    sdlgat = crear_usuario("ana_sdlgat", unidades=("SDLGAT",), email="ana@trabajo.gob.pe")
    drtpelm = crear_usuario("beto_drtpelm", unidades=("DRTPELM",), email="beto@trabajo.gob.pe")
    avance = registrar(plan, "1.1.1", NOV, 90, "Taller realizado", usuario=sdlgat)
    ajeno = registrar(plan, "1.2", NOV, 50, "En curso", usuario=drtpelm)
    reporte = flujo.crear_reporte(plan=plan, desde=OCT, hasta=DIC, usuario=coordinacion)
    textos = reporte.componentes.get()
    textos.medidas_correctivas = "- Reforzar la difusión del servicio\n- Capacitar a los conciliadores"
    textos.save()
    return Mundo(plan, reporte, coordinacion, sdlgat, drtpelm, crear_revisor(), avance, ajeno)
