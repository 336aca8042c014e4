"""Cuentas: el cambio de contraseña cuenta sus fallos para el bloqueo, y no hay restablecimiento por correo.

- Cambio de contraseña: Django comprueba la contraseña actual con `user.check_password()`, que django-axes
  no ve; así, quien se sentara ante una sesión abierta podía probar contraseñas sin límite. Aquí la
  contraseña actual se comprueba con `authenticate()` (con la petición), de modo que cada fallo cuenta
  para el mismo bloqueo que el inicio de sesión (usuario + IP) y, bloqueado, se ve la página de bloqueo.
- Restablecimiento de contraseña: APAGADO. Las cuentas son del personal del MTPE y las administra la
  coordinación o un administrador (`python manage.py changepassword USUARIO`, o el admin); sin un
  servidor de correo configurado el restablecimiento no llegaría a nadie, y abierto solo serviría para
  enumerar correos o inundar buzones. Sus URL no existen (404).
"""

from django.contrib.auth import authenticate, views
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.urls import path

from cronograma.permisos import acceso, cualquier_usuario


class CambioDeClaveVigilado(PasswordChangeForm):
    def __init__(self, user, *args, request=None, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self):
        clave = self.cleaned_data["old_password"]
        if self.request is None or authenticate(self.request, username=self.user.get_username(), password=clave) is None:
            raise ValidationError(self.error_messages["password_incorrect"], code="password_incorrect")
        return clave


class CambioDeClave(views.PasswordChangeView):
    form_class = CambioDeClaveVigilado
    # Con el aspecto del sitio; la del admin (registration/password_change_form.html) queda para el admin.
    template_name = "registration/cambio_de_clave.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


# Las URL de cuentas: las de django.contrib.auth.urls salvo el restablecimiento de contraseña.
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password_change/", acceso(cualquier_usuario)(CambioDeClave.as_view()), name="password_change"),
    path("password_change/done/", views.PasswordChangeDoneView.as_view(template_name="registration/clave_cambiada.html"),
         name="password_change_done"),
]
