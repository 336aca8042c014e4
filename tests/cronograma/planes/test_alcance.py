"""El plan es parte de la dirección (issue 21): /planes/<id>/…, `request.plan`, y nada más lo cambia.

- Un plan que no existe: 404 con el motivo en castellano.
- Un objeto de otro plan (reporte, versión, avance, evidencia) bajo la dirección del plan A: 404.
- `?plan=B` o un POST `plan=B` en las páginas de versiones del plan A no cambian nada: rige la dirección.
- Las direcciones de antes (sin plan) redirigen (302) a la misma página del plan vigente, con su consulta;
  sin ningún plan, la página «sin plan».
"""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, reverse

from componentes.models import Plan
from cronograma.mensual.evidencias import adjuntar_evidencia
from cronograma.models import Avance, VersionPlan
from cronograma.planes.alcance import con_plan
from cronograma.reportes.flujo import crear_reporte
from cronograma.reprogramacion.versiones import crear_borrador
from cronograma.urls import urlpatterns_del_plan
from tests.cronograma.planes.escenario import ENE, NOV, dos_planes  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_toda_pagina_del_plan_pasa_por_con_plan():
    """Una vista nueva en urlpatterns_del_plan sin @con_plan recibiría `plan_id` sin comprobar: aquí falla."""
    sin = [p.name for p in urlpatterns_del_plan if isinstance(p, URLPattern) and not getattr(p.callback, "con_plan", False)]
    assert sin == []
    assert len(urlpatterns_del_plan) >= 30


def test_un_plan_que_no_existe_es_un_404_en_castellano(client, dos_planes):
    client.force_login(dos_planes.coordinador)
    for ruta in ("cronograma/", "reportes/", "cronograma/versiones/", "cierres/"):
        respuesta = client.get(f"/planes/999999/{ruta}")
        assert respuesta.status_code == 404, ruta
        assert "No existe el plan 999999" in respuesta.content.decode(), ruta


def test_la_pagina_muestra_el_plan_de_la_direccion_y_no_el_vigente(client, dos_planes):
    client.force_login(dos_planes.coordinador)
    pagina = client.get(f"/planes/{dos_planes.b.pk}/cronograma/fila/1.1.2/").content.decode()
    assert "NOMBRE-B-1.1.2" in pagina and "NOMBRE-A-" not in pagina
    # Los enlaces de la página nombran el plan B: la navegación y el regreso a la grilla.
    assert f'href="/planes/{dos_planes.b.pk}/cronograma/"' in pagina
    assert 'href="/cronograma/"' not in pagina


def _avance_y_evidencia(plan, usuario):
    avance = Avance.objects.del_plan(plan).get(subactividad__numero=2, actividad__numero=1)
    evidencia = adjuntar_evidencia(avance=avance, archivo=SimpleUploadedFile("acta.pdf", PDF, "application/pdf"),
                                   usuario=usuario)
    return avance, evidencia


def test_un_objeto_de_otro_plan_bajo_la_direccion_de_a_es_un_404(client, dos_planes, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    a, b = dos_planes.a, dos_planes.b
    client.force_login(dos_planes.coordinador)
    reporte_b = crear_reporte(plan=b, desde=ENE, hasta=date(2021, 6, 1), usuario=dos_planes.coordinador)
    drtpelm = dos_planes.coordinador  # la coordinación puede adjuntar en cualquier fila
    avance_b, evidencia_b = _avance_y_evidencia(b, drtpelm)
    version_b = crear_borrador(plan=b, usuario=dos_planes.coordinador)
    assert not VersionPlan.objects.del_plan(a).filter(numero=version_b.numero).exists()

    ajenas = [
        f"reportes/{reporte_b.pk}/", f"reportes/{reporte_b.pk}/pdf/", f"reportes/{reporte_b.pk}/xlsx/",
        f"reportes/{reporte_b.pk}/editar/", f"avances/{avance_b.pk}/evidencias/",
        f"evidencias/{evidencia_b.pk}/descargar/", f"cronograma/versiones/{version_b.numero}/",
        f"cronograma/versiones/{version_b.numero}/editar/",
    ]
    for ruta in ajenas:
        respuesta = client.get(f"/planes/{a.pk}/{ruta}")
        assert respuesta.status_code == 404, ruta
    # Ni escribir: retirar la evidencia de B o aprobar/descartar la versión de B desde la dirección de A.
    assert client.post(f"/planes/{a.pk}/evidencias/{evidencia_b.pk}/retirar/", {"motivo": "x"}).status_code == 404
    assert client.post(f"/planes/{a.pk}/cronograma/versiones/{version_b.numero}/descartar/").status_code == 404
    assert VersionPlan.objects.filter(pk=version_b.pk).exists()
    # Bajo su propio plan, los mismos objetos sí se ven.
    for ruta in ajenas:
        assert client.get(f"/planes/{b.pk}/{ruta}").status_code == 200, ruta


def test_el_plan_de_la_consulta_o_del_post_no_cambia_el_de_la_direccion(client, dos_planes):
    a, b = dos_planes.a, dos_planes.b
    client.force_login(dos_planes.coordinador)
    borrador_b = crear_borrador(plan=b, usuario=dos_planes.coordinador)
    pagina = client.get(f"/planes/{a.pk}/cronograma/versiones/?plan={b.pk}").content.decode()
    assert f'data-plan-id="{a.pk}"' in pagina and "Hay un borrador abierto" not in pagina
    assert client.get(f"/planes/{a.pk}/cronograma/versiones/{borrador_b.numero}/?plan={b.pk}").status_code == 404
    # Crear un borrador «con plan=B» desde la dirección de A crea el de A.
    respuesta = client.post(f"/planes/{a.pk}/cronograma/versiones/nueva/", {"plan": str(b.pk)})
    assert respuesta.status_code == 302
    assert VersionPlan.objects.del_plan(a).filter(estado=VersionPlan.Estado.BORRADOR).count() == 1
    assert VersionPlan.objects.del_plan(b).filter(estado=VersionPlan.Estado.BORRADOR).count() == 1
    assert respuesta["Location"].startswith(f"/planes/{a.pk}/cronograma/versiones/")


@pytest.mark.parametrize("vieja, nueva", [
    ("/cronograma/", "cronograma/"),
    ("/cronograma/?mes=2020-11&componente=1", "cronograma/?mes=2020-11&componente=1"),
    ("/cronograma/fila/1.1.1/?mes=2020-11", "cronograma/fila/1.1.1/?mes=2020-11"),
    ("/cronograma/versiones/", "cronograma/versiones/"),
    ("/cronograma/versiones/comparar/?a=1", "cronograma/versiones/comparar/?a=1"),
    ("/cronograma/anexo2.xlsx?mes=2020-11", "cronograma/anexo2.xlsx?mes=2020-11"),
    ("/reportes/", "reportes/"),
    ("/cierres/", "cierres/"),
    ("/tablero/", "tablero/"),
    ("/matriz/", "matriz/"),
])
def test_una_direccion_de_antes_redirige_al_plan_vigente(client, dos_planes, vieja, nueva):
    client.force_login(dos_planes.coordinador)
    respuesta = client.get(vieja)
    assert respuesta.status_code == 302
    assert respuesta["Location"] == f"/planes/{dos_planes.a.pk}/{nueva}"
    assert client.get(respuesta["Location"]).status_code == 200


def test_la_direccion_de_antes_de_un_objeto_lleva_al_plan_del_objeto(client, dos_planes):
    client.force_login(dos_planes.coordinador)
    reporte_b = crear_reporte(plan=dos_planes.b, desde=ENE, hasta=date(2021, 6, 1), usuario=dos_planes.coordinador)
    respuesta = client.get(f"/reportes/{reporte_b.pk}/")
    assert respuesta.status_code == 302 and respuesta["Location"] == f"/planes/{dos_planes.b.pk}/reportes/{reporte_b.pk}/"


def test_sin_ningun_plan_la_direccion_de_antes_muestra_la_pagina_sin_plan(client, db):
    from tests.factories import crear_usuario

    client.force_login(crear_usuario("ogpp", unidades=("OGPP",)))
    assert not Plan.objects.exists()
    respuesta = client.get("/cronograma/")
    assert respuesta.status_code == 200 and "Aún no hay un plan cargado" in respuesta.content.decode()


def test_mis_actividades_y_pendientes_sin_plan_reunen_los_planes_abiertos(client, dos_planes):
    client.force_login(dos_planes.coordinador)
    for ruta in ("/mis-actividades/", "/pendientes/"):
        pagina = client.get(ruta).content.decode()
        assert f'data-plan-id="{dos_planes.a.pk}"' in pagina and f'data-plan-id="{dos_planes.b.pk}"' in pagina, ruta
    solo_b = client.get(f"/planes/{dos_planes.b.pk}/mis-actividades/").content.decode()
    assert "NOMBRE-B-" in solo_b and "NOMBRE-A-" not in solo_b


def test_reverse_de_una_pagina_del_plan_pide_el_plan():
    assert reverse("grilla", kwargs={"plan_id": 7}) == "/planes/7/cronograma/"
    assert reverse("fila", args=[7, "1.1.1"]) == "/planes/7/cronograma/fila/1.1.1/"
    assert reverse("mis_actividades") == "/mis-actividades/"
    assert reverse("mis_actividades", args=[7]) == "/planes/7/mis-actividades/"


def test_con_plan_deja_el_plan_en_la_peticion(rf, dos_planes):
    vistos = []

    @con_plan
    def vista(request):
        vistos.append(request.plan)
        return None

    vista(rf.get("/"), plan_id=dos_planes.b.pk)
    assert vistos == [dos_planes.b]


def test_del_plan_filtra_cada_gestor(dos_planes):
    from componentes.models import Actividad, Componente, Subactividad
    from cronograma.models import CierreMensual, Evidencia, MesProgramado, Reporte

    a, b = dos_planes.a, dos_planes.b
    assert {av.actividad.componente.plan_id for av in Avance.objects.del_plan(b)} == {b.pk}
    assert {m.actividad.componente.plan_id for m in MesProgramado.objects.del_plan(a)} == {a.pk}
    assert Componente.objects.del_plan(a).count() == 2 and Actividad.objects.del_plan(b).count() == 2
    assert Subactividad.objects.del_plan(a).count() == 2
    assert not Evidencia.objects.del_plan(a).exists() and not CierreMensual.objects.del_plan(a).exists()
    assert not Reporte.objects.del_plan(b).exists()
    assert Avance.objects.del_plan(a.pk).count() == Avance.objects.del_plan(a).count() == 1
    assert NOV in set(MesProgramado.objects.del_plan(a).values_list("mes", flat=True))
