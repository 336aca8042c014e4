"""El cargo de cada usuario, en su ficha del admin (lo firma bajo su nombre al aprobar un reporte)."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from cronograma.reportes.firma import PerfilDeUsuario


class CargoEnLinea(admin.StackedInline):
    model = PerfilDeUsuario
    can_delete = False
    fields = ("cargo",)
    verbose_name_plural = "Cargo (para la firma del reporte semestral)"


Usuario = get_user_model()
_base = type(admin.site._registry[Usuario]) if admin.site.is_registered(Usuario) else UserAdmin


class UsuarioConCargoAdmin(_base):
    inlines = (*getattr(_base, "inlines", ()), CargoEnLinea)


if admin.site.is_registered(Usuario):
    admin.site.unregister(Usuario)
admin.site.register(Usuario, UsuarioConCargoAdmin)
