"""Un plan archivado es de solo lectura (toda escritura se rechaza con un mensaje), sale del selector y
sigue accesible por su dirección. El vigente se cambia sin mostrar el nombre crudo de la restricción."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from componentes.models import Plan
from componentes.planes import PlanArchivado, archivar_plan, marcar_vigente
from cronograma.mensual.cierres import cerrar_mes
from cronograma.models import Avance
from cronograma.registro import registrar_avance
from cronograma.reportes.flujo import crear_reporte
from tests.cronograma.planes.escenario import ENE, dos_planes  # noqa: F401 (fixture)
from tests.factories import crear_plan, hoja

pytestmark = pytest.mark.django_db


def test_plan_archivado_de_solo_lectura(client, dos_planes):
    b = dos_planes.b
    archivar_plan(plan=b, usuario=dos_planes.coordinador)
    with pytest.raises(PlanArchivado, match="archivado"):
        registrar_avance(hoja=hoja(b, "1.1.1"), mes=ENE, porcentaje=10, usuario=dos_planes.coordinador)
    with pytest.raises(ValidationError, match="archivado"):
        cerrar_mes(plan=b, mes=ENE, usuario=dos_planes.coordinador)
    with pytest.raises(ValidationError, match="archivado"):
        crear_reporte(plan=b, desde=ENE, hasta=date(2021, 6, 1), usuario=dos_planes.coordinador)
    client.force_login(dos_planes.coordinador)
    antes = Avance.objects.count()
    respuesta = client.post(f"/planes/{b.pk}/cronograma/fila/1.1.1/registrar/",
                            {"mes": "2021-01", "porcentaje": "10", "comentario": "x", "version": "0"})
    assert "archivado" in respuesta.content.decode() and Avance.objects.count() == antes
    pagina = client.get(f"/planes/{b.pk}/cronograma/").content.decode()  # accesible por su dirección
    assert "Archivado: solo lectura" in pagina and "/formulario/" not in pagina
    vigente = client.get(f"/planes/{dos_planes.a.pk}/cronograma/")
    assert all(plan.pk != b.pk for plan, _ in vigente.context["planes"].otros)  # fuera del selector
    assert f"/planes/{b.pk}/" not in vigente.content.decode()


def test_el_vigente_no_se_archiva(dos_planes):
    with pytest.raises(ValidationError, match="no se puede archivar"):
        archivar_plan(plan=dos_planes.a, usuario=dos_planes.coordinador)
    assert not Plan.objects.get(pk=dos_planes.a.pk).archivado


def test_dos_vigentes_dan_un_mensaje_en_castellano(db):
    crear_plan()
    otro = crear_plan(vigente=False, servicio="Otro")
    otro.vigente = True
    with pytest.raises(ValidationError) as error:
        otro.full_clean()  # lo que hace el admin al guardar
    texto = " ".join(error.value.messages)
    assert "Ya hay otro plan vigente" in texto and "un_solo_plan_vigente" not in texto


def test_marcar_vigente_cambia_el_vigente_de_una_vez(client, dos_planes):
    marcar_vigente(plan=dos_planes.b, usuario=dos_planes.coordinador)
    assert list(Plan.objects.filter(vigente=True)) == [dos_planes.b]
    client.force_login(dos_planes.coordinador)
    vieja = client.get("/cronograma/")  # las direcciones de antes siguen al vigente
    assert vieja.status_code == 302 and vieja["Location"] == f"/planes/{dos_planes.b.pk}/cronograma/"
    assert "NOMBRE-B-1.1.1" in client.get(vieja["Location"]).content.decode()
    respuesta = client.post(f"/planes/{dos_planes.a.pk}/marcar-vigente/")
    assert respuesta.status_code == 302 and Plan.objects.get(vigente=True) == dos_planes.a
