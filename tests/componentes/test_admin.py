"""El admin: edición del catálogo con historia que nombra al usuario; búsqueda por código."""

import pytest
from django.urls import reverse

from componentes.models import Actividad
from tests.factories import crear_actividad, crear_componente, crear_plan, crear_subactividad, crear_usuario

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrador(client):
    usuario = crear_usuario("jefa", is_staff=True, is_superuser=True)
    client.force_login(usuario)
    return usuario


def test_editar_actividad_en_el_admin_deja_historia_con_el_usuario(client, administrador):
    actividad = crear_actividad(crear_componente(crear_plan(), 1), 1, unidades=("SDLGAT",), nombre="Antes")
    url = reverse("admin:componentes_actividad_change", args=[actividad.pk])
    respuesta = client.post(url, {
        "componente": actividad.componente_id, "numero": 1, "nombre": "Después",
        "responsables": [r.pk for r in actividad.responsables.all()], "peso": "1",
        "subactividades-TOTAL_FORMS": "0", "subactividades-INITIAL_FORMS": "0",
    })
    assert respuesta.status_code == 302, respuesta.content.decode()[:2000]
    ultima = Actividad.history.filter(id=actividad.pk).latest("history_date")
    assert ultima.nombre == "Después"
    assert ultima.history_user == administrador
    historia = client.get(reverse("admin:componentes_actividad_history", args=[actividad.pk]))
    assert "jefa" in historia.content.decode()


def test_busqueda_por_codigo_y_orden_natural(client, administrador):
    componente = crear_componente(crear_plan(), 3)
    for numero in (1, 9, 10, 2):
        actividad = crear_actividad(componente, numero)
    crear_subactividad(actividad, 1)
    lista = client.get(reverse("admin:componentes_actividad_changelist"))
    texto = lista.content.decode()
    assert texto.index("Actividad 3.9") < texto.index("Actividad 3.10")
    assert texto.index("Actividad 3.2") < texto.index("Actividad 3.9")
    buscada = client.get(reverse("admin:componentes_actividad_changelist"), {"q": "3.10"}).content.decode()
    assert "Actividad 3.10" in buscada and "Actividad 3.1<" not in buscada and "Actividad 3.9" not in buscada


def test_personal_de_unidad_no_entra_al_admin(client):
    client.force_login(crear_usuario("sdlgat", unidades=("SDLGAT",)))
    respuesta = client.get(reverse("admin:componentes_actividad_changelist"))
    assert respuesta.status_code == 302 and "/admin/login/" in respuesta["Location"]
