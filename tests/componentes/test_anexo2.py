"""La carga del Anexo N° 2: lo que dice catalogo.json, en orden natural, e idempotente."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from componentes.anexo2 import RUTA_CATALOGO
from componentes.catalogo import Catalogo
from componentes.models import Actividad, Componente, Plan, Responsable, Subactividad

pytestmark = pytest.mark.django_db


def _filas_del_documento():
    datos = json.loads(RUTA_CATALOGO.read_text(encoding="utf-8"))
    filas = {}
    for c in datos["componentes"]:
        for a in c["actividades"]:
            filas[a["codigo"]] = (a["nombre"], a["responsables"])
            for s in a.get("subactividades", []):
                filas[s["codigo"]] = (s["nombre"], s["responsables"])
    return datos, filas


def test_carga_cuenta_componentes_actividades_subactividades_y_hojas(anexo2):
    catalogo = Catalogo(anexo2)
    assert Componente.objects.filter(plan=anexo2).count() == 7
    assert Actividad.objects.filter(componente__plan=anexo2).count() == 33
    assert Subactividad.objects.filter(actividad__componente__plan=anexo2).count() == 65
    assert len(catalogo.hojas) == 70
    assert Responsable.objects.count() == 9


def test_cada_fila_tiene_codigo_nombre_y_unidades_del_documento(anexo2):
    _, filas = _filas_del_documento()
    cargadas = {}
    for actividad in Actividad.objects.filter(componente__plan=anexo2).prefetch_related("responsables"):
        cargadas[actividad.codigo] = (actividad.nombre, sorted(r.sigla for r in actividad.responsables.all()))
    for sub in Subactividad.objects.filter(actividad__componente__plan=anexo2).prefetch_related("responsables"):
        cargadas[sub.codigo] = (sub.nombre, sorted(r.sigla for r in sub.responsables.all()))
    esperadas = {codigo: (nombre, sorted(unidades)) for codigo, (nombre, unidades) in filas.items()}
    assert cargadas == esperadas


def test_cabecera_del_plan(anexo2):
    datos, _ = _filas_del_documento()
    assert anexo2.objetivo == datos["objetivo_del_anexo"]
    assert (anexo2.caracter, anexo2.alcance, anexo2.version, anexo2.fecha, anexo2.frecuencia) == (
        "OBLIGATORIO", "LIMA METROPOLITANA", "2", "Nov-20", "MENSUAL"
    )
    assert [m.isoformat()[:7] for m in anexo2.meses()] == datos["meses"]
    assert Plan.objects.vigente() == anexo2


def test_orden_natural_pone_3_10_despues_de_3_9(anexo2):
    codigos = [hoja.codigo for hoja in Catalogo(anexo2).hojas]
    assert codigos.index("3.9.1") < codigos.index("3.10.1")
    assert codigos.index("3.10.1") < codigos.index("4.1.1")
    assert codigos[:3] == ["1.1.1", "1.1.2", "1.1.3"]
    assert codigos[-5:] == ["7.1", "7.2", "7.3", "7.4", "7.5"]
    actividades = [a.codigo for a in Actividad.objects.filter(componente__plan=anexo2)]
    assert actividades.index("3.9") + 1 == actividades.index("3.10")


def test_filas_sin_unidades_heredan_como_dice_el_documento(anexo2):
    catalogo = Catalogo(anexo2)
    assert catalogo.hojas_por_codigo["5.2.1"].siglas == "OGPP / SG"
    actividad_3_1 = next(a for a in catalogo.actividades() if a.codigo == "3.1")
    propias = {r.sigla for s in actividad_3_1.subactividades.all() for r in s.responsables.all()}
    assert {r.sigla for r in actividad_3_1.responsables_efectivos()} == propias
    assert propias  # el documento sí da unidades a sus subactividades


def test_segunda_carga_no_cambia_nada_y_lo_dice(anexo2):
    antes = (Actividad.history.count(), Subactividad.history.count(), Componente.history.count())
    salida = StringIO()
    call_command("load_anexo2", stdout=salida)
    assert "Nada que cambiar" in salida.getvalue()
    assert (Actividad.history.count(), Subactividad.history.count(), Componente.history.count()) == antes
    assert Plan.objects.count() == 1


def test_demo_se_niega_sin_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_anexo2", "--demo", stdout=StringIO())
    assert not Plan.objects.exists()


def test_demo_crea_usuarios_por_unidad_y_programacion_ilustrativa(db, settings):
    from django.contrib.auth import get_user_model

    from cronograma.models import Avance, MesProgramado

    settings.DEBUG = True
    call_command("load_anexo2", "--demo", stdout=StringIO())
    usuarios = get_user_model().objects
    for nombre in ["sdlgat", "drtpelm", "ogpp", "ogrh", "ocii", "dgt", "oom", "sg", "equipo"]:
        usuario = usuarios.get(username=nombre)
        assert usuario.email == f"{nombre}@example.org"
        assert usuario.check_password("calidad-demo")
        assert usuario.responsables.count() == 1
    assert usuarios.get(username="equipo").responsables.get().sigla == "EQUIPO DE TRABAJO"
    assert usuarios.get(username="admin").is_superuser
    assert "ILUSTRATIVA" in Plan.objects.get().aviso
    assert MesProgramado.objects.exists()
    meses = set(Avance.objects.values_list("mes", flat=True))
    assert meses and max(meses).isoformat() <= "2020-12-01"
    antes = Avance.history.count()
    call_command("load_anexo2", "--demo", stdout=StringIO())
    assert Avance.history.count() == antes


def test_unidades_de_una_fila_en_el_orden_del_documento(anexo2):
    hojas = Catalogo(anexo2).hojas_por_codigo
    assert hojas["1.1.1"].siglas == "SDLGAT / DRTPELM"
    assert hojas["1.3.1"].siglas == "SDLGAT / DRTPELM / OGPP"


def test_la_copia_compartida_del_anexo_trae_su_historia(anexo2):
    """tests/conftest.py carga el anexo una vez y lo copia: la copia trae también la historia de la carga."""
    for modelo, total in ((Actividad, 33), (Subactividad, 65)):
        ids = set(modelo.objects.values_list("id", flat=True))
        assert len(ids) == total and set(modelo.history.values_list("id", flat=True)) == ids
    assert all(a.responsables.exists() or a.subactividades.exists() for a in Actividad.objects.all())
