"""La hoja del mes dibuja sin Django los campos de una fila en blanco (issue 24): deben ser exactamente los
que Django dibujaría, con y sin registro del mes, con comentarios que hay que escapar y con varios planes."""

from datetime import date

import pytest

from componentes.anexo2 import cargar_anexo2
from cronograma.avance import avance_del_plan
from cronograma.mensual.hoja import armar_hoja_del_mes
from cronograma.permisos import perfil_de
from cronograma.templatetags.hoja_del_mes import _campos_de_django, _campos_en_blanco
from tests.factories import crear_usuario, programar, registrar

MAR = date(2021, 3, 1)


@pytest.mark.parametrize("prefijo", ["", "p7-"])
def test_los_campos_en_blanco_son_los_de_django(db, prefijo):
    plan = cargar_anexo2().plan
    programar(plan, "1.1.1", MAR)
    registrar(plan, "1.1.3", MAR, "70.5", comentario='Dijo "sí" <b>& más</b>\nsegunda línea')
    registrar(plan, "1.1.4", MAR, 100)
    usuario = crear_usuario(unidades=("SDLGAT",))
    hoja = armar_hoja_del_mes(avance_del_plan(plan, corte=MAR), perfil_de(usuario), prefijo=prefijo)
    filas = [fila for fila in hoja.filas if fila.con_formulario]
    assert {"1.1.1", "1.1.3", "1.1.4"} <= {fila.hoja.codigo for fila in filas}
    for fila in filas:
        assert fila.formulario_en_blanco
        rapido = _campos_en_blanco(fila, hoja)
        assert rapido == _campos_de_django(fila), fila.hoja.codigo  # `formulario` arma el de Django
        assert f'id="{fila.id_porcentaje}"' in rapido
    assert 'value="70,5"' in _campos_en_blanco(hoja.fila(f"{prefijo}1.1.3"), hoja)
