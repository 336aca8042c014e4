"""Una cuenta de revisión (grupo «Revisores») es de solo lectura en todo el sitio, también en el admin,
aunque además sea is_staff o superusuario: lee todo, no cambia nada (ni por el admin, ni por import-export)."""

import pytest
from django.contrib.auth.models import Group

from componentes.models import Responsable, Subactividad
from cronograma.permisos import GRUPO_REVISORES
from tests.factories import crear_actividad, crear_componente, crear_plan, crear_subactividad, crear_usuario

pytestmark = pytest.mark.django_db


@pytest.fixture
def sub():
    actividad = crear_actividad(crear_componente(crear_plan(), 1), 1, unidades=("SDLGAT",))
    return crear_subactividad(actividad, 1, nombre="Nombre original", unidades=("SDLGAT",))


def _revisor(**campos):
    usuario = crear_usuario("revisora", **campos)
    usuario.groups.add(Group.objects.get_or_create(name=GRUPO_REVISORES)[0])
    return usuario


def _datos_de_cambio(client, url: str) -> dict:
    """Lo que enviaría el formulario de cambio del admin, con el nombre cambiado."""
    formulario = client.get(url).context["adminform"].form
    datos = {nombre: valor for nombre, valor in formulario.initial.items() if valor is not None}
    datos["responsables"] = [r.pk for r in formulario.initial.get("responsables", [])]
    datos["nombre"] = "Cambiado por el revisor"
    return datos


@pytest.mark.parametrize("campos", [{"is_staff": True, "is_superuser": True}, {"is_staff": True}])
def test_el_revisor_lee_el_admin_pero_no_cambia_nada(client, sub, campos):
    revisora = _revisor(**campos)
    if not campos.get("is_superuser"):
        from django.contrib.auth.models import Permission

        revisora.user_permissions.add(*Permission.objects.filter(content_type__app_label="componentes"))
    client.force_login(revisora)
    url = f"/admin/componentes/subactividad/{sub.pk}/change/"
    assert client.get(url).status_code == 200
    datos = _datos_de_cambio(client, url)
    respuesta = client.post(url, datos)
    assert respuesta.status_code == 403 and "solo lectura" in respuesta.content.decode()
    assert Subactividad.objects.get(pk=sub.pk).nombre == "Nombre original"
    antes = Responsable.objects.count()
    assert client.post("/admin/componentes/responsable/add/", {"sigla": "NUEVA", "nombre": "Nueva", "orden": 9}).status_code == 403
    assert client.post(f"/admin/componentes/subactividad/{sub.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Responsable.objects.count() == antes and Subactividad.objects.filter(pk=sub.pk).exists()
    # Su propia sesión sí: cerrar sesión en el admin.
    assert client.post("/admin/logout/").status_code in (200, 302)


def test_un_superusuario_que_no_es_revisor_sigue_editando(client, sub):
    client.force_login(crear_usuario("admin", is_staff=True, is_superuser=True))
    url = f"/admin/componentes/subactividad/{sub.pk}/change/"
    respuesta = client.post(url, _datos_de_cambio(client, url))
    assert respuesta.status_code == 302, respuesta.content.decode()[:2000]
    assert Subactividad.objects.get(pk=sub.pk).nombre == "Cambiado por el revisor"


def test_el_revisor_cambia_su_propia_contrasena(client):
    revisora = _revisor()
    revisora.set_password("una-clave-vieja-larga")
    revisora.save()
    client.force_login(revisora)
    respuesta = client.post("/cuentas/password_change/", {"old_password": "una-clave-vieja-larga",
                                                          "new_password1": "Otra-Clave-Nueva-2026", "new_password2": "Otra-Clave-Nueva-2026"})
    assert respuesta.status_code == 302
