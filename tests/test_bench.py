"""El banco de rendimiento (bench/) corre en pequeño: así no se pudre entre una medición y otra."""

import json

import pytest

from bench.datos import coordinador, forma_para
from bench.informe import maquina, tabla
from bench.medir import medir_tamano
from componentes.catalogo import Catalogo
from componentes.models import Plan
from cronograma.models import Avance, MesProgramado

CLAVES = {"grid_s", "grid_queries", "export_s", "export_ratio", "import_s", "report_s",
          "import_dry_run_s", "report_pdf_s", "baseline_openpyxl_s", "months", "repetitions", "version_approve_s"}


@pytest.fixture
def resultados(db):
    usuario = coordinador()
    return {str(filas): medir_tamano(filas, 6, usuario=usuario, repeticiones=1, aviso=lambda _: None)
            for filas in (14, 28)}


def test_forma_exacta_de_los_planes():
    assert forma_para(70).filas == 70 and forma_para(700).filas == 700 and forma_para(7000).filas == 7000
    with pytest.raises(ValueError):
        forma_para(71)


def test_el_banco_mide_todo_con_consultas_fijas_e_historia(resultados):
    documento = json.loads(json.dumps({"machine": maquina(), "sizes": resultados}))
    assert set(documento["machine"]) >= {"cpu", "cores", "memory_gb", "python", "django", "database", "date"}
    for tamano in documento["sizes"].values():
        assert CLAVES <= set(tamano)
        assert all(tamano[c] > 0 for c in ("export_s", "export_ratio", "import_s", "report_s", "report_pdf_s", "version_approve_s"))
        assert tamano["version_rows_moved"] > 0  # la versión aprobada movió filas de verdad
        assert tamano["import_rows_changed"] > 0  # la aplicación hizo trabajo de verdad
    pequeno, doble = documento["sizes"]["14"], documento["sizes"]["28"]
    assert pequeno["grid_queries"] == doble["grid_queries"]
    assert pequeno["report_queries"] == doble["report_queries"]
    assert "| 28 |" in tabla(documento["sizes"])


def test_los_planes_del_banco_tienen_programacion_avance_e_historia(db):
    from bench.datos import crear_plan_bench

    usuario = coordinador()
    plan = crear_plan_bench(14, 6, usuario=usuario)
    assert len(Catalogo(plan).hojas) == 14
    avances = Avance.objects.filter(actividad__componente__plan=plan)
    assert avances.values("mes").distinct().count() > 1
    assert MesProgramado.objects.filter(actividad__componente__plan=plan).count() >= 14
    assert Plan.history.filter(id=plan.id).get().history_user == usuario
    assert Avance.history.filter(id=avances.first().id).get().history_user == usuario


def test_el_banco_mide_varios_planes_con_consultas_fijas(db):
    """Issue 13: Mis actividades de una unidad y la vista general, con 1 y con 3 planes abiertos."""
    from bench.varios_planes import medir_varios_planes

    usuario = coordinador()
    uno = medir_varios_planes(usuario=usuario, planes=1, filas=14, meses=6, repeticiones=1, aviso=lambda _: None)
    tres = medir_varios_planes(usuario=usuario, planes=3, filas=14, meses=6, repeticiones=1, aviso=lambda _: None)
    assert tres["open_plans"] == 3 and tres["my_activities_s"] > 0 and tres["overview_s"] > 0
    assert (uno["my_activities_queries"], uno["overview_queries"]) == (tres["my_activities_queries"], tres["overview_queries"])


@pytest.mark.parametrize("opciones", [
    ["--tamanos", "7000"], ["--tamanos", "71x6"], ["--tamanos", "70x6,axb"], ["--tamanos", "70x1"],
    ["--medir", "grilla,foo"], ["--repeticiones", "0"], ["--repeticiones", "tres"],
    ["--varios-planes", "3"], ["--varios-planes", "3x71x6"], ["--varios-planes", "0x70x6"],
    ["--salida", "/no-existe/carpeta/results.json"], ["--database-url", "mysql://x/y"], ["--foo"], ["--tamanos"],
])
def test_el_banco_rechaza_opciones_mal_formadas_con_un_mensaje(opciones, capsys):
    """Una opción mal formada termina con el uso y un mensaje en castellano (código 2), nunca con una traza."""
    from bench.__main__ import argumentos

    with pytest.raises(SystemExit) as salida:
        argumentos(opciones)
    assert salida.value.code == 2
    error = capsys.readouterr().err
    assert "error:" in error and "Traceback" not in error
    assert not any(ingles in error for ingles in ("invalid", "unrecognized", "expected one", "required")), error


def test_el_perfil_rechaza_un_tamano_mal_formado(capsys):
    from bench.perfil import main

    with pytest.raises(SystemExit) as salida:
        main(["fila", "--tamano", "7000"])
    assert salida.value.code == 2 and "FILASxMESES" in capsys.readouterr().err


@pytest.mark.parametrize("opciones", [
    ["--usuarios", "0"], ["--usuarios", "veinte"], ["--segundos", "nan"], ["--segundos", "601"], ["--workers", "0"],
    ["--hilos", "-1"], ["--tramos", "11"], ["--base", "mysql://x/y"], ["--base", "postgres://host"],
    ["--salida", "/no-existe/carpeta/load.json"], ["--bar"],
])
def test_la_prueba_de_carga_rechaza_opciones_mal_formadas_antes_de_empezar(opciones, capsys):
    """Antes de crear la base o arrancar gunicorn: un mensaje en castellano, código 2, sin traza."""
    from bench.load import leer_argumentos

    with pytest.raises(SystemExit) as salida:
        leer_argumentos(opciones)
    error = capsys.readouterr().err
    assert salida.value.code == 2 and "error:" in error and "Traceback" not in error
    assert not any(ingles in error for ingles in ("invalid", "unrecognized", "expected one")), error


def test_el_perfil_rechaza_una_operacion_desconocida_en_castellano(capsys):
    from bench.perfil import main

    with pytest.raises(SystemExit) as salida:
        main(["pdff"])
    error = capsys.readouterr().err
    assert salida.value.code == 2 and "«pdff» no es una de:" in error and "invalid choice" not in error


def test_las_opciones_bien_formadas_se_leen(tmp_path):
    from bench.__main__ import argumentos
    from bench.load import leer_argumentos

    args = argumentos(["--tamanos", "70x6", "--varios-planes", "2x70x6", "--salida", str(tmp_path / "r.json")])
    assert args.tamanos == [(70, 6)] and args.varios_planes == (2, 70, 6) and args.salida == tmp_path / "r.json"
    assert argumentos(["--varios-planes", "0"]).varios_planes is None
    carga = leer_argumentos(["--usuarios", "5", "--segundos", "2,5", "--base", "sqlite"])
    assert (carga.usuarios, carga.segundos, carga.base) == (5, 2.5, "sqlite")
