"""El envío por correo de los avisos: después de confirmada la transacción y sin hacer fallar nada.

Un servidor de correo caído nunca deshace ni rompe la acción de la persona: el error se registra en el
log y en el aviso (`correo_error`), y el aviso sigue en su página. Un aviso ya enviado no se reenvía.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils import timezone

from cronograma.seguimiento.models import Aviso, AvisoDesactivado

log = logging.getLogger(__name__)


def asunto_y_cuerpo(aviso: Aviso, *, sitio: str) -> tuple[str, str]:
    asunto = f"[calidad] {aviso.get_tipo_display()}"
    cuerpo = (
        f"{aviso.texto}\n\n"
        f"Para verlo y actuar: {sitio}{aviso.enlace}\n\n"
        "Puede elegir qué avisos recibe por correo en la página «Avisos» de calidad.\n"
        f"Mensaje automático de la coordinación del plan ({settings.CALIDAD_COORDINADOR})."
    )
    return asunto, cuerpo


def enviar(ids: list[int]) -> int:
    """Envía por correo los avisos `ids` aún no enviados de quienes tienen correo y no los desactivaron.
    Devuelve cuántos se enviaron. Nunca lanza por un fallo del servidor de correo."""
    avisos = list(Aviso.objects.filter(pk__in=ids, correo_enviado_en__isnull=True).select_related("usuario"))
    if not avisos:
        return 0
    apagados = set(AvisoDesactivado.objects.filter(usuario__in={a.usuario_id for a in avisos})
                   .values_list("usuario_id", "tipo"))
    avisos = [a for a in avisos
              if a.usuario.email and a.usuario.is_active and (a.usuario_id, a.tipo) not in apagados]
    if not avisos:
        return 0  # nadie a quien escribir: ni se abre la conexión
    sitio = getattr(settings, "CALIDAD_URL_DEL_SITIO", "").rstrip("/")
    enviados = 0
    try:
        conexion = get_connection(fail_silently=False)
        conexion.open()
    except Exception as error:  # noqa: BLE001 — cualquier fallo del servidor se registra y no sube
        _anotar_error(avisos, error)
        return 0
    try:
        for aviso in avisos:
            asunto, cuerpo = asunto_y_cuerpo(aviso, sitio=sitio)
            try:
                EmailMessage(asunto, cuerpo, settings.DEFAULT_FROM_EMAIL, [aviso.usuario.email], connection=conexion).send()
            except Exception as error:  # noqa: BLE001
                _anotar_error([aviso], error)
                continue
            aviso.correo_enviado_en, aviso.correo_error = timezone.now(), ""
            aviso.save(update_fields=["correo_enviado_en", "correo_error"])
            enviados += 1
    finally:
        try:
            conexion.close()
        except Exception:  # noqa: BLE001
            log.warning("No se pudo cerrar la conexión con el servidor de correo.", exc_info=True)
    return enviados


def _anotar_error(avisos: list[Aviso], error: Exception) -> None:
    log.error("No se pudo enviar el correo de %d aviso(s): %s", len(avisos), error)
    texto = f"{type(error).__name__}: {error}"[:300]
    Aviso.objects.filter(pk__in=[a.pk for a in avisos]).update(correo_error=texto)
