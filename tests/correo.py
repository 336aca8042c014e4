"""Un servidor SMTP real (aiosmtpd) en 127.0.0.1, en un puerto libre, para las pruebas de los avisos:
el backend SMTP de Django le habla por la red y la prueba lee lo que llegó."""

import email
import socket
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.policy import default as politica

from aiosmtpd.controller import Controller


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


@contextmanager
def servidor_smtp(settings):
    buzon = Buzon()
    puerto = puerto_libre()
    servidor = Controller(buzon, hostname="127.0.0.1", port=puerto)
    servidor.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", puerto, False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    settings.DEFAULT_FROM_EMAIL = "calidad@trabajo.gob.pe"
    try:
        yield buzon
    finally:
        servidor.stop()
