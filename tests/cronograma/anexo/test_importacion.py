"""Importar el Anexo N° 2: cambios campo por campo, todo o nada, y libros malos que no cambian nada."""

import io
import zipfile
from decimal import Decimal

import pytest

from componentes.models import Plan
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import Workbook
from openpyxl.styles import PatternFill

from cronograma.anexo.lectura import MAX_DESCOMPRIMIDO_MB
from componentes.models import Actividad, Componente, Subactividad
from cronograma.anexo import subidas
from cronograma.anexo.excel import aplicar_cambios, exportar_anexo2, leer_anexo2
from cronograma.anexo.lectura import LibroInvalido
from cronograma.models import Avance, MesProgramado
from tests.cronograma.anexo.libros import (
    DIC, ENE, NOV, abrir, crear_plan_pequeno, crear_unidades, fila_de, foto_de_la_base, guardar,
    libro_retocado,
)
from tests.factories import crear_plan, crear_usuario

pytestmark = pytest.mark.django_db

AZUL = PatternFill("solid", fgColor="9DC3E6")
SIN_RELLENO = PatternFill(fill_type=None)


@pytest.fixture
def plan():
    return crear_plan_pequeno()


@pytest.fixture
def coordinador():
    return crear_usuario("ogpp", unidades=("OGPP",))


@pytest.fixture(autouse=True)
def _subidas_en_tmp(tmp_path, monkeypatch):
    monkeypatch.setattr(subidas, "DIRECTORIO", tmp_path / "subidas")


def _retoques(pestana):
    """Cambia nombre, unidades, meses y % de filas existentes y agrega una subactividad 1.1.3."""
    f111, f112, f71 = fila_de(pestana, "1.1.1"), fila_de(pestana, "1.1.2"), fila_de(pestana, "7.1")
    pestana.cell(f111, 2).value = "Determinar el objetivo de la medición"
    pestana.cell(f112, 3).value = "SDLGAT/DRTPELM"
    pestana.cell(f112, 8).fill = AZUL  # febrero
    pestana.cell(f112, 7).fill = SIN_RELLENO  # enero
    pestana.cell(f71, 10).value = 60
    pestana.insert_rows(f112 + 1)
    for columna, valor in ((1, "1.1.3"), (2, "Nueva subactividad"), (3, "OGPP")):
        pestana.cell(f112 + 1, columna).value = valor
    pestana.cell(f112 + 1, 4).fill = AZUL


def test_vista_previa_campo_por_campo_sin_tocar_la_base(plan):
    datos = libro_retocado(plan, DIC, _retoques)
    antes = foto_de_la_base()
    cambios = leer_anexo2(datos, plan, nombre_archivo="anexo.xlsx")
    assert cambios.valido, [str(e) for e in cambios.errores]
    por_codigo = {f.codigo: {c.campo: (c.antes, c.despues) for c in f.aplicables} for f in cambios.a_cambiar}
    assert por_codigo["1.1.1"] == {"nombre": ("Determinar el objetivo", "Determinar el objetivo de la medición")}
    assert por_codigo["1.1.2"] == {"responsables": ("SDLGAT", "SDLGAT / DRTPELM")}
    assert por_codigo["7.1"] == {"% avance a Diciembre 2020": ("25,5 %", "60,0 %")}  # como en las páginas
    # El plan ya está en curso: mover meses o agregar filas es reprogramar (issue 12). Se muestran rechazados,
    # con el camino (una versión nueva), y no se aplican.
    assert cambios.a_crear == [] and cambios.pide_una_version
    rechazados = {f.codigo: {c.campo: (c.antes, c.despues) for c in f.rechazados} for f in cambios.rechazados}
    assert rechazados["1.1.2"] == {"meses programados": ("Enero 2021", "Febrero 2021")}
    assert rechazados["1.1.3"]["nombre"] == ("", "Nueva subactividad")
    assert all("versión" in c.rechazo for f in cambios.rechazados for c in f.rechazados)
    assert "1.1.3" not in [f.codigo for f in cambios.sin_cambios]
    # Como borrador de una versión nueva, el mismo libro sí propone la fila y los meses.
    como_version = leer_anexo2(datos, plan, nombre_archivo="anexo.xlsx", como_version=True)
    assert [f.codigo for f in como_version.a_crear] == ["1.1.3"] and not como_version.rechazados
    assert foto_de_la_base() == antes


def _cifras_a_cada_corte(plan):
    from cronograma.avance import Seguimiento

    seguimiento = Seguimiento(plan)
    return {mes: (resultado.plan, dict(resultado.por_hoja))
            for mes in plan.meses() for resultado in [seguimiento.al_corte(mes)]}


def test_aplicar_cambia_todo_con_historia_del_importador_y_la_reimportacion_no_cambia_nada(plan, coordinador):
    cifras_antes = _cifras_a_cada_corte(plan)
    cambios = leer_anexo2(libro_retocado(plan, DIC, _retoques), plan, nombre_archivo="anexo.xlsx")
    aplicar_cambios(cambios, coordinador)
    sub = Subactividad.objects.get(actividad__componente__plan=plan, actividad__numero=1, numero=1)
    assert sub.nombre == "Determinar el objetivo de la medición"
    assert sub.history.latest().history_user == coordinador
    assert not Subactividad.objects.filter(actividad__numero=1, numero=3).exists()  # fila nueva: rechazada
    s112 = Subactividad.objects.get(actividad__numero=1, numero=2)
    assert sorted(r.sigla for r in s112.responsables.all()) == ["DRTPELM", "SDLGAT"]
    assert list(MesProgramado.objects.filter(subactividad=s112).values_list("mes", flat=True)) == [ENE]  # intacto
    assert not MesProgramado.history.filter(history_user=coordinador).exists()
    # Las cifras de los cortes anteriores a Diciembre (el mes del % importado) no se movieron (issue 12).
    cifras_despues = _cifras_a_cada_corte(plan)
    assert all(cifras_despues[mes] == cifras_antes[mes] for mes in cifras_antes if mes < DIC)
    registro = Avance.objects.get(actividad__componente__numero=7, mes=DIC)
    assert registro.porcentaje == Decimal("60.0") and registro.registrado_por == coordinador
    assert "anexo.xlsx" in registro.comentario and registro.history.latest().history_user == coordinador
    otra_vez = leer_anexo2(exportar_anexo2(plan, DIC), plan)
    assert otra_vez.valido and not otra_vez.hay_cambios


def test_todo_o_nada_si_una_escritura_falla(plan, coordinador, monkeypatch):
    cambios = leer_anexo2(libro_retocado(plan, DIC, _retoques), plan)
    antes = foto_de_la_base()
    import cronograma.anexo.importacion as importacion

    def falla(**kwargs):
        raise importacion.ValidationError("falla a propósito")

    monkeypatch.setattr(importacion, "registrar_avances_en_bloque", falla)
    with pytest.raises(importacion.ValidationError):
        aplicar_cambios(cambios, coordinador)
    assert foto_de_la_base() == antes


def test_solo_la_coordinacion_aplica(plan):
    from django.core.exceptions import PermissionDenied

    cambios = leer_anexo2(libro_retocado(plan, DIC, _retoques), plan)
    antes = foto_de_la_base()
    with pytest.raises(PermissionDenied):
        aplicar_cambios(cambios, crear_usuario("sdlgat", unidades=("SDLGAT",)))
    assert foto_de_la_base() == antes


def test_libro_del_mtpe_con_codigos_en_el_nombre_y_encabezado_en_dos_filas(coordinador):
    """Sin bloque de cabecera ni Nº lleno; rótulos combinados en vertical; % como fracción con formato 0%."""
    crear_unidades()
    plan = crear_plan()
    libro = Workbook()
    pestana = libro.active
    pestana.title = "Cronograma"
    pestana.append(["N°", "Actividades por componente", "Responsable", 2020, None, None, 2021, None, None, "% Avance"])
    pestana.append([None, None, None, "Octubre", "Noviembre", "Diciembre", "Enero", "Febrero", "Marzo", None])
    pestana.append([None, "COMPONENTE 1: Conocer las necesidades", None])
    pestana.append([None, "1.1 Desarrollar el diseño", "EQUIPO DE TRABAJO"])
    pestana.append([None, "1.1.1 Determinar el objetivo", "SDLGAT/ DRTPELM /OGPP", None, None, None, None, None, None, 0.4])
    pestana.merge_cells("D1:F1")
    pestana.merge_cells("G1:I1")
    pestana["E5"].fill = AZUL
    pestana["F5"].fill = AZUL
    pestana["J5"].number_format = "0%"
    pestana.append([None, "Elaborado por: OGPP"])  # nota al pie: se ignora
    cambios = leer_anexo2(guardar(libro), plan, corte=DIC)
    assert cambios.valido, [str(e) for e in cambios.errores]
    assert [f.codigo for f in cambios.a_crear] == ["1", "1.1", "1.1.1"]
    aplicar_cambios(cambios, coordinador)
    sub = Subactividad.objects.get(actividad__componente__plan=plan)
    assert sub.codigo == "1.1.1" and sub.nombre == "Determinar el objetivo"
    assert [r.sigla for r in sub.responsables.all()] == ["SDLGAT", "DRTPELM", "OGPP"]
    assert set(MesProgramado.objects.values_list("mes", flat=True)) == {NOV, DIC}
    assert Avance.objects.get().porcentaje == Decimal("40.0")
    assert Componente.objects.get(plan=plan).nombre == "Conocer las necesidades"


# --- Libros malos: cada uno con su mensaje, y nada cambia ------------------------------------------------


def _falla_al_leer(plan, datos, fragmento):
    antes = foto_de_la_base()
    with pytest.raises(LibroInvalido) as error:
        leer_anexo2(datos, plan)
    assert fragmento in str(error.value)
    assert foto_de_la_base() == antes
    return str(error.value)


def _error_de_fila(plan, retoque, fragmento, *, codigo_columna=None):
    antes = foto_de_la_base()
    cambios = leer_anexo2(libro_retocado(plan, DIC, retoque), plan)
    mensajes = [str(e) for e in cambios.errores]
    assert any(fragmento in m for m in mensajes), mensajes
    mensaje = next(m for m in mensajes if fragmento in m)
    assert mensaje.startswith("Hoja «Anexo N° 2», fila ")
    if codigo_columna:
        assert f"columna {codigo_columna}" in mensaje
    with pytest.raises(Exception):
        aplicar_cambios(cambios, crear_usuario(unidades=("OGPP",)))
    assert foto_de_la_base() == antes
    return mensaje


def test_no_es_xlsx(plan):
    _falla_al_leer(plan, b"Nro;Actividad\n1.1;algo\n", "no es un libro de Excel (.xlsx)")


def test_xlsx_truncado(plan):
    datos = exportar_anexo2(plan, DIC)
    _falla_al_leer(plan, datos[: len(datos) // 2], "dañado o incompleto")


def test_xlsx_corrupto(plan):
    salida = io.BytesIO()
    with zipfile.ZipFile(salida, "w") as contenedor:
        contenedor.writestr("[Content_Types].xml", "<no-es-xml")
        contenedor.writestr("xl/workbook.xml", "basura")
    _falla_al_leer(plan, salida.getvalue(), "dañado")


def test_zip_que_no_es_libro(plan):
    salida = io.BytesIO()
    with zipfile.ZipFile(salida, "w") as contenedor:
        contenedor.writestr("word/document.xml", "<w/>")
    _falla_al_leer(plan, salida.getvalue(), "no un libro de Excel")


def test_protegido_con_contrasena(plan):
    # Un .xlsx cifrado es un contenedor OLE (CFB) con los flujos EncryptionInfo y EncryptedPackage.
    cabecera = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    directorio = "EncryptionInfo".encode("utf-16-le") + b"\x00" * 98 + "EncryptedPackage".encode("utf-16-le")
    _falla_al_leer(plan, cabecera + directorio + b"\x00" * 2048, "protegido con contraseña")


def test_xls_antiguo(plan):
    _falla_al_leer(plan, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4096, "antiguo (.xls)")


def test_supera_el_tamano_maximo(plan, settings):
    settings.CALIDAD_MAX_ARCHIVO_MB = 1
    _falla_al_leer(plan, b"PK\x03\x04" + b"\x00" * (1024 * 1024 + 10), "supera el tamaño máximo de 1 MB")


def test_zip_que_se_infla_demasiado(plan):
    salida = io.BytesIO()
    with zipfile.ZipFile(salida, "w", compression=zipfile.ZIP_DEFLATED) as contenedor:
        contenedor.writestr("xl/workbook.xml", "<workbook/>")
        with contenedor.open("xl/worksheets/sheet1.xml", "w") as entrada:
            bloque = b"\x00" * (1024 * 1024)
            for _ in range(MAX_DESCOMPRIMIDO_MB + 1):
                entrada.write(bloque)
    assert len(salida.getvalue()) < 1024 * 1024  # pequeño al subirlo
    _falla_al_leer(plan, salida.getvalue(), f"más de {MAX_DESCOMPRIMIDO_MB} MB al descomprimirse")


def test_falta_el_encabezado(plan):
    libro = Workbook()
    libro.active.append(["Código", "Tarea", "Unidad"])
    libro.active.append(["1.1", "Algo", "OGPP"])
    _falla_al_leer(plan, guardar(libro), "No se encontró la fila de encabezado")


def test_unidad_desconocida(plan):
    def retoque(pestana):
        pestana.cell(fila_de(pestana, "1.1.1"), 3).value = "SDLGAT / XYZ"

    mensaje = _error_de_fila(plan, retoque, "Unidad desconocida: XYZ", codigo_columna="C (RESPONSABLE)")
    assert "fila 18" in mensaje


def test_codigo_repetido(plan):
    def retoque(pestana):
        pestana.cell(fila_de(pestana, "1.1.2"), 1).value = "1.1.1"

    _error_de_fila(plan, retoque, "El código 1.1.1 está repetido: ya aparece en la fila 18", codigo_columna="A (Nº)")


def test_codigo_mal_formado(plan):
    def retoque(pestana):
        pestana.cell(fila_de(pestana, "1.1.2"), 1).value = "1.1.b"

    _error_de_fila(plan, retoque, "«1.1.b» no es un código válido", codigo_columna="A (Nº)")


def test_codigo_guardado_como_numero(plan):
    def retoque(pestana):
        pestana.cell(fila_de(pestana, "1.10"), 1).value = 1.1

    _error_de_fila(plan, retoque, "está guardado como número y es ambiguo", codigo_columna="A (Nº)")


def test_codigo_sin_su_fila_superior(plan):
    def retoque(pestana):
        pestana.cell(fila_de(pestana, "1.10.1"), 1).value = "1.5.1"

    _error_de_fila(plan, retoque, "no tiene su fila superior 1.5", codigo_columna="A (Nº)")


@pytest.mark.parametrize("valor, fragmento", [
    ("45 %", "es texto"),
    (-5, "fuera de rango"),
    (120, "fuera de rango"),
    ("=50+10", "tiene una fórmula"),
])
def test_porcentaje_invalido(plan, valor, fragmento):
    def retoque(pestana):
        pestana.cell(fila_de(pestana, "7.1"), 10).value = valor

    _error_de_fila(plan, retoque, fragmento, codigo_columna="J (% AVANCE)")


def test_mes_fuera_del_plan(plan):
    def retoque(pestana):
        fila_anios = next(f for f in range(1, 30) if pestana.cell(f, 1).value == "Nº")  # Nº combinada sobre las dos filas
        pestana.cell(fila_anios, 7).value = 2022

    _error_de_fila(plan, retoque, "Enero 2022 está fuera del plan")


# --- Órdenes de administración -------------------------------------------------------------------------


def test_orden_exporta_y_se_lee_de_vuelta(plan, tmp_path):
    salida = tmp_path / "anexo.xlsx"
    call_command("export_anexo2", "--output", str(salida), "--mes", "2020-11", stdout=io.StringIO())
    pestana = abrir(salida.read_bytes()).active
    assert pestana.cell(fila_de(pestana, "1.1.1"), 10).value == 40  # el acumulado a noviembre
    call_command("export_anexo2", "--output", str(salida), "--plan", str(plan.pk), stdout=io.StringIO())
    pestana = abrir(salida.read_bytes()).active
    assert any(pestana.cell(f, 3).value == "Marzo 2021" for f in range(2, 15))  # corte por defecto: último mes


def test_orden_de_importacion_falla_con_los_mensajes_y_no_cambia_nada(plan, tmp_path):
    archivo = tmp_path / "malo.xlsx"
    archivo.write_bytes(libro_retocado(plan, DIC, lambda h: setattr(h.cell(fila_de(h, "7.1"), 10), "value", 150)))
    antes, errores = foto_de_la_base(), io.StringIO()
    with pytest.raises(CommandError, match="1 errores"):
        call_command("import_anexo2", str(archivo), "--usuario", "ogpp", stderr=errores, stdout=io.StringIO())
    assert "fuera de rango" in errores.getvalue() and "columna J" in errores.getvalue()
    assert foto_de_la_base() == antes
    archivo.write_bytes(b"no soy excel")
    with pytest.raises(CommandError, match="no es un libro de Excel"):
        call_command("import_anexo2", str(archivo))


def test_orden_de_importacion_simula_y_aplica(plan, coordinador, tmp_path):
    archivo = tmp_path / "anexo.xlsx"
    archivo.write_bytes(libro_retocado(plan, DIC, _retoques))
    antes, salida = foto_de_la_base(), io.StringIO()
    call_command("import_anexo2", str(archivo), "--dry-run", stdout=salida)
    assert "0 filas por crear, 3 por cambiar" in salida.getvalue() and "Simulación" in salida.getvalue()
    assert "meses programados: Enero 2021 → Febrero 2021 (en un plan ya en curso" in salida.getvalue()
    assert "no se aplica" in salida.getvalue()
    assert foto_de_la_base() == antes
    with pytest.raises(CommandError, match="--usuario"):
        call_command("import_anexo2", str(archivo), stdout=io.StringIO())
    assert foto_de_la_base() == antes
    call_command("import_anexo2", str(archivo), "--usuario", "ogpp", stdout=io.StringIO())
    assert Subactividad.objects.filter(nombre="Determinar el objetivo de la medición").exists()
    assert not Subactividad.objects.filter(nombre="Nueva subactividad").exists()
    salida = io.StringIO()
    call_command("import_anexo2", str(archivo), stdout=salida)
    assert "0 filas por crear, 0 por cambiar" in salida.getvalue()


# --- Página de importación -----------------------------------------------------------------------------


def _subir(client, datos, nombre="anexo.xlsx"):
    archivo = io.BytesIO(datos)
    archivo.name = nombre
    # El libro se sube al plan vigente (el único de estas pruebas), por su dirección /planes/<id>/.
    return client.post(reverse("importar_anexo2", args=[Plan.objects.vigente().pk]), {"archivo": archivo, "mes": ""})


def test_personal_de_unidad_no_puede_importar(client, plan):
    client.force_login(crear_usuario("sdlgat", unidades=("SDLGAT",)))
    antes = foto_de_la_base()
    assert client.get(reverse("importar_anexo2", args=[plan.pk])).status_code == 403
    assert _subir(client, libro_retocado(plan, DIC, _retoques)).status_code == 403
    assert client.post(reverse("confirmar_importacion_anexo2", args=[plan.pk]), {"token": "x" * 32}).status_code == 403
    assert foto_de_la_base() == antes


def test_vista_previa_y_confirmacion(client, plan, coordinador):
    client.force_login(coordinador)
    assert client.get(reverse("importar_anexo2", args=[plan.pk])).status_code == 200
    antes = foto_de_la_base()
    respuesta = _subir(client, libro_retocado(plan, DIC, _retoques))
    texto = respuesta.content.decode()
    assert respuesta.status_code == 200 and "0 filas por crear, 3 por cambiar" in texto
    assert "Determinar el objetivo de la medición" in texto and "Confirmar e importar" in texto
    assert "Cambios rechazados" in texto and "Importar un libro como borrador" in texto
    assert foto_de_la_base() == antes
    token = respuesta.context["token"]
    # un token ajeno no aplica nada
    client.post(reverse("confirmar_importacion_anexo2", args=[plan.pk]), {"token": "A" * 32})
    assert foto_de_la_base() == antes
    final = client.post(reverse("confirmar_importacion_anexo2", args=[plan.pk]), {"token": token}, follow=True)
    assert "Anexo N° 2 importado" in final.content.decode()
    assert Subactividad.objects.get(nombre="Determinar el objetivo de la medición").history.latest().history_user == coordinador
    assert not list(subidas.DIRECTORIO.glob("*.xlsx"))  # el temporal se borra al aplicar
    # confirmar otra vez no vuelve a aplicar
    repetida = client.post(reverse("confirmar_importacion_anexo2", args=[plan.pk]), {"token": token}, follow=True)
    assert "venció o ya se aplicó" in repetida.content.decode()


def test_la_vista_previa_muestra_los_errores_y_no_ofrece_confirmar(client, plan, coordinador):
    client.force_login(coordinador)
    datos = libro_retocado(plan, DIC, lambda h: setattr(h.cell(fila_de(h, "1.1.1"), 3), "value", "XYZ"))
    texto = _subir(client, datos).content.decode()
    assert "Unidad desconocida: XYZ" in texto and "fila 18" in texto and "Confirmar e importar" not in texto
    texto = _subir(client, b"hola").content.decode()
    assert "no es un libro de Excel" in texto


def test_si_el_plan_cambio_desde_la_vista_previa_no_aplica(client, plan, coordinador):
    client.force_login(coordinador)
    token = _subir(client, libro_retocado(plan, DIC, _retoques)).context["token"]
    sub = Subactividad.objects.get(actividad__numero=1, numero=1)
    sub.nombre = "Cambiado por otra persona"
    sub.save()
    respuesta = client.post(reverse("confirmar_importacion_anexo2", args=[plan.pk]), {"token": token})
    assert "El plan cambió desde la vista previa" in respuesta.content.decode()
    assert not Subactividad.objects.filter(nombre="Nueva subactividad").exists()
    assert Actividad.objects.count() == 3
