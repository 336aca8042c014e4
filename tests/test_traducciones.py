"""Castellano en todo (issue 14): catálogo propio para simple-history e import-export, «Setiembre»."""

from datetime import date

import pytest

from componentes.meses import abreviatura_mes, nombre_mes
from tests.factories import crear_usuario, registrar


def test_setiembre_como_se_escribe_en_el_peru():
    assert nombre_mes(date(2020, 9, 1)) == "Setiembre 2020"
    assert abreviatura_mes(date(2020, 9, 1)) == "Set 20"


@pytest.mark.django_db
def test_la_historia_del_admin_en_castellano(client, anexo2):
    """simple-history no trae catálogo en castellano: lo pone locale/es (compilado por `make`)."""
    avance = registrar(anexo2, "1.1.1", date(2020, 10, 1), 50)
    client.force_login(crear_usuario(is_superuser=True, is_staff=True))
    pagina = client.get(f"/admin/cronograma/avance/{avance.pk}/history/").content.decode()
    for texto in ("Fecha y hora", "Modificado por", "Motivo del cambio", "Ver historia: 50,0 % en Octubre 2020"):
        assert texto in pagina, texto
    for texto in ("Date/time", "Changed by", "Change reason", "Choose a date"):
        assert texto not in pagina, texto


@pytest.mark.django_db
def test_la_exportacion_del_admin_en_castellano(client, anexo2):
    client.force_login(crear_usuario(is_superuser=True, is_staff=True))
    pagina = client.get("/admin/componentes/actividad/export/").content.decode()
    assert "Se exportarán los siguientes campos" in pagina
    assert "This exporter will export" not in pagina and "Select all" not in pagina
