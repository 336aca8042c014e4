"""El cargo de cada usuario: lo que firma el reporte semestral bajo su nombre.

El usuario de Django tiene nombre y apellidos, no el cargo («Jefa de la Oficina General de Planeamiento y
Presupuesto»); este perfil lo agrega sin cambiar el modelo de usuario. El modelo vive aquí y
`cronograma/models.py` lo importa (así Django lo registra en la app).
"""

from django.conf import settings
from django.db import models


class PerfilDeUsuario(models.Model):
    usuario = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="perfil_firma",
                                   verbose_name="usuario")
    cargo = models.CharField("cargo", max_length=200, blank=True,
                             help_text="Como se escribe bajo la firma del reporte semestral.")

    class Meta:
        app_label = "cronograma"
        verbose_name = "cargo del usuario"
        verbose_name_plural = "cargos de los usuarios"

    def __str__(self):
        return f"{self.usuario.get_username()}: {self.cargo or '—'}"


def firma_de(usuario) -> tuple[str, str]:
    """(nombre, cargo) de quien aprueba, de su perfil; vacíos si faltan. Una consulta a lo más."""
    if usuario is None or not getattr(usuario, "pk", None):
        return "", ""
    perfil = PerfilDeUsuario.objects.filter(usuario=usuario).first()
    return usuario.get_full_name().strip(), (perfil.cargo.strip() if perfil else "")
