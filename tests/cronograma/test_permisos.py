"""La matriz de permisos: cada rol × fila propia, ajena, heredada y del Equipo de Trabajo, por GET y por POST.

Filas del Anexo N° 2: 1.1.1 (SDLGAT / DRTPELM), 3.3.1 (OGRH), 5.2.1 (sin unidad: hereda OGPP / SG de 5.2),
1.1.6 (EQUIPO DE TRABAJO) y 7.3 (actividad hoja del EQUIPO DE TRABAJO).
"""

from decimal import Decimal

import pytest

from componentes.catalogo import Catalogo
from cronograma.models import Avance
from cronograma.permisos import perfil_de, puede_registrar_avance
from tests.factories import crear_usuario

FILAS = ("1.1.1", "3.3.1", "5.2.1", "1.1.6", "7.3")

# rol → (cómo se crea, filas en que puede registrar)
ROLES = {
    "sdlgat": ({"unidades": ("SDLGAT",)}, {"1.1.1"}),
    "ocii": ({"unidades": ("OCII",)}, set()),  # personal de otra unidad
    "ogrh": ({"unidades": ("OGRH",)}, {"3.3.1"}),
    "sg": ({"unidades": ("SG",)}, {"5.2.1"}),  # fila heredada de su actividad
    "equipo": ({"unidades": ("EQUIPO DE TRABAJO",)}, {"1.1.6", "7.3"}),  # 1.1 es del Equipo, pero 1.1.1 no
    "ogpp": ({"unidades": ("OGPP",)}, set(FILAS)),  # coordinación
    "admin": ({"is_superuser": True, "is_staff": True}, set(FILAS)),
    "sin_unidad": ({}, set()),
    "inactivo": ({"unidades": ("SDLGAT",), "is_active": False}, set()),
}


def _usuario(rol):
    return crear_usuario(rol, **ROLES[rol][0])


def _post(fila, mes="2021-03", porcentaje="55"):
    return {"porcentaje": porcentaje, "comentario": "prueba de permisos", "mes": mes, "version": "0", "siguiente": "/cronograma/"}


def _estado_db():
    return list(Avance.objects.values_list("id", "porcentaje", "version")), Avance.history.count()


ACTIVOS = [rol for rol in ROLES if rol != "inactivo"]


def _permitido(rol, fila) -> bool:
    return fila in ROLES[rol][1]


@pytest.mark.parametrize("rol", ROLES)
def test_permisos_decide_la_matriz(anexo2, rol):
    perfil = perfil_de(_usuario(rol))
    hojas = Catalogo(anexo2).hojas_por_codigo
    assert {fila for fila in FILAS if puede_registrar_avance(perfil, hojas[fila])} == ROLES[rol][1]


@pytest.mark.parametrize("rol", ACTIVOS)
def test_formulario_solo_en_las_filas_propias(client, anexo2, rol):
    client.force_login(_usuario(rol))
    grilla = client.get(f"/planes/{anexo2.pk}/cronograma/").content.decode()
    mis = client.get("/mis-actividades/?unidad=todas").content.decode()
    for fila in FILAS:
        permitido = _permitido(rol, fila)
        pagina = client.get(f"/planes/{anexo2.pk}/cronograma/fila/{fila}/").content.decode()
        assert ('name="porcentaje"' in pagina) is permitido, fila
        assert (f"/planes/{anexo2.pk}/cronograma/fila/{fila}/formulario/" in grilla) is permitido, fila
        celda = client.get(f"/planes/{anexo2.pk}/cronograma/fila/{fila}/formulario/?mes=2021-03", HTTP_HX_REQUEST="true")
        assert celda.status_code == (200 if permitido else 403), fila
        assert (f'data-codigo="{fila}"' in mis) is permitido, fila


@pytest.mark.parametrize("rol", ACTIVOS)
def test_post_fabricado(client, anexo2, rol):
    client.force_login(_usuario(rol))
    hojas = Catalogo(anexo2).hojas_por_codigo
    for fila in FILAS:
        antes = _estado_db()
        respuesta = client.post(f"/planes/{anexo2.pk}/cronograma/fila/{fila}/registrar/", _post(fila))
        hoja = hojas[fila]
        guardado = Avance.objects.filter(actividad_id=hoja.clave.actividad_id, subactividad_id=hoja.clave.subactividad_id)
        if _permitido(rol, fila):
            assert respuesta.status_code == 302, fila
            assert guardado.get().porcentaje == Decimal("55"), fila
        else:
            assert respuesta.status_code == 403, fila
            assert _estado_db() == antes, fila


def test_usuario_inactivo_no_entra_ni_escribe(client, anexo2):
    client.force_login(_usuario("inactivo"))  # una sesión previa a la desactivación: se descarta
    assert client.get(f"/planes/{anexo2.pk}/cronograma/fila/1.1.1/").status_code == 302
    antes = _estado_db()
    assert client.post(f"/planes/{anexo2.pk}/cronograma/fila/1.1.1/registrar/", _post("1.1.1")).status_code == 302
    assert _estado_db() == antes


def test_post_fabricado_con_htmx_tambien_es_rechazado(client, anexo2):
    client.force_login(_usuario("sdlgat"))
    antes = _estado_db()
    respuesta = client.post(f"/planes/{anexo2.pk}/cronograma/fila/3.3.1/registrar/", _post("3.3.1"), HTTP_HX_REQUEST="true")
    assert respuesta.status_code == 403
    assert _estado_db() == antes


def test_registro_vuelve_a_revisar_el_permiso(anexo2):
    """Aunque una vista olvidara preguntar, la escritura misma se niega."""
    from django.core.exceptions import PermissionDenied

    from componentes.meses import leer_mes
    from cronograma.registro import registrar_avance

    hoja = Catalogo(anexo2).hojas_por_codigo["3.3.1"]
    with pytest.raises(PermissionDenied):
        registrar_avance(hoja=hoja, mes=leer_mes("2021-03"), porcentaje="10", usuario=_usuario("sdlgat"))
    assert not Avance.objects.exists()


# --- Celdas y navegación: booleanos calculados en permisos.py ------------------------------------------------

def test_puede_escribir_celda_exige_unidad_mes_empezado_y_abierto(anexo2):
    from datetime import date
    from unittest.mock import patch

    from cronograma.permisos import puede_escribir_celda

    hoja = Catalogo(anexo2).hojas_por_codigo["1.1.1"]  # de SDLGAT
    propia, ajena = perfil_de(crear_usuario(unidades=("SDLGAT",))), perfil_de(crear_usuario(unidades=("OGRH",)))
    nov, dic, ene = date(2020, 11, 1), date(2020, 12, 1), date(2021, 1, 1)
    with patch("cronograma.ciclo.timezone.localdate", return_value=date(2020, 12, 10)):
        assert puede_escribir_celda(propia, hoja, nov, cerrados=set())
        assert not puede_escribir_celda(propia, hoja, nov, cerrados={nov})  # cerrado
        assert puede_escribir_celda(propia, hoja, dic, cerrados={nov})
        assert not puede_escribir_celda(propia, hoja, ene, cerrados=set())  # aún no empieza
        assert not puede_escribir_celda(ajena, hoja, nov, cerrados=set())  # otra unidad


@pytest.mark.parametrize("unidades, ve_coordinacion", [(("OGPP",), True), (("SDLGAT",), False)])
def test_la_navegacion_muestra_lo_que_permisos_permite(client, anexo2, unidades, ve_coordinacion):
    client.force_login(crear_usuario(unidades=unidades))
    pagina = client.get("/mis-actividades/").content.decode()
    for enlace in (f'href="/planes/{anexo2.pk}/tablero/"', f'href="/planes/{anexo2.pk}/cierres/"',
                   f'href="/planes/{anexo2.pk}/cronograma/importar/"'):
        assert (enlace in pagina) is ve_coordinacion


@pytest.mark.parametrize("rol", [*ROLES, "revisor"])
def test_escritura_del_mes_es_puede_escribir_celda_con_el_mes_fijo(anexo2, rol):
    """La grilla pregunta por fila con `escritura_del_mes` (el mes se mira una vez): mismas respuestas que
    `puede_escribir_celda` en toda fila, mes empezado o no, abierto o cerrado."""
    from datetime import date
    from unittest.mock import patch


    from cronograma.permisos import escritura_del_mes, puede_escribir_celda

    perfil = _perfil_de_rol(rol)
    hojas = Catalogo(anexo2).hojas
    nov, dic, ene = date(2020, 11, 1), date(2020, 12, 1), date(2021, 1, 1)
    escribibles = set()
    with patch("cronograma.ciclo.timezone.localdate", return_value=date(2020, 12, 10)):
        for mes in (nov, dic, ene):
            for cerrados in (set(), {nov}, {dic}):
                pregunta = escritura_del_mes(perfil, mes, cerrados)
                del_plan = escritura_del_mes(perfil, mes, cerrados, plan=anexo2)  # la hoja del mes (issue 24)
                esperado = [puede_escribir_celda(perfil, hoja, mes, cerrados) for hoja in hojas]
                assert [pregunta(hoja) for hoja in hojas] == esperado, (mes, cerrados)
                assert [del_plan(hoja) for hoja in hojas] == esperado, (mes, cerrados)
                escribibles |= {(hoja.codigo, mes) for hoja, si in zip(hojas, esperado) if si}
    permitidas = ROLES[rol][1] if rol in ROLES else set()
    assert {(fila, mes) for fila, mes in escribibles if fila in FILAS} == {(f, m) for f in permitidas for m in (nov, dic)}


def _perfil_de_rol(rol: str):
    """El perfil de un rol de la matriz, o de un revisor: de una unidad y superusuario, pero de solo lectura."""
    from django.contrib.auth.models import Group

    if rol != "revisor":
        return perfil_de(_usuario(rol))
    usuario = crear_usuario(rol, unidades=("OGPP",), is_superuser=True)
    usuario.groups.add(Group.objects.get_or_create(name="Revisores")[0])
    return perfil_de(usuario)


@pytest.mark.parametrize("rol", [*ROLES, "revisor"])
def test_las_filas_editables_y_las_unidades_a_leer_son_las_de_la_matriz(anexo2, rol):
    """La hoja del mes decide sus filas con `hojas_editables` y lee solo las de `unidades_donde_registra`
    (issue 24): las mismas filas que `puede_registrar_avance`, fila por fila, en cada rol."""
    from cronograma.permisos import hojas_editables, unidades_donde_registra

    perfil = _perfil_de_rol(rol)
    hojas = Catalogo(anexo2).hojas
    permitidas = [hoja for hoja in hojas if puede_registrar_avance(perfil, hoja)]
    assert hojas_editables(perfil, hojas) == permitidas
    unidades = unidades_donde_registra(perfil)
    a_leer = hojas if unidades is None else [h for h in hojas if any(r.sigla in unidades for r in h.responsables)]
    assert a_leer == permitidas
    assert {h.codigo for h in permitidas if h.codigo in FILAS} == (ROLES[rol][1] if rol in ROLES else set())
