"""La fase «hoja del mes» de `bench.load` (issue 24): el camino por el que las unidades registran de verdad.

Cada usuario simulado abre su hoja («Mis actividades», un mes de los últimos del plan) una vez y guarda en
su lugar, una por una, cada fila por registrar, como lo hace calidad.js al pulsar «Guardar» o Enter (POST a
/mis-actividades/guardar/ con la cabecera X-Hoja-Del-Mes, que responde JSON con la fila ya dibujada). Si ya
no le queda nada por registrar ese mes, corrige las demás filas de su hoja (el mismo envío). Luego vuelve a
abrir la hoja. Los usuarios de una misma unidad comparten filas: hay conflictos, y cada escritura se anota
para la comprobación de actualizaciones perdidas de bench.load (`comprobar_celdas`).
"""

import json
import re

from bench.load import ACEPTADA, CONFLICTO, ERROR, Escritura, siguiente_porcentaje, valor_del_campo

RUTA_HOJA = "/mis-actividades/"
RUTA_GUARDAR = "/mis-actividades/guardar/"
# Las dos formas del aviso de cronograma.registro.ConflictoDeEdicion (la fila vuelve con él).
_CONFLICTO = re.compile(r"No se guardó: (el registro de este mes cambió|\S.* registró )")
_FILA = re.compile(r'<li class="fila-del-mes[^"]*" id="fila-([^"]+)" data-codigo="([^"]+)"')


def filas_de_la_hoja(html: str) -> tuple[list[str], list[str]]:
    """(por registrar, todas) las claves de las filas con formulario de la hoja, en el orden de la página."""
    inicio = html.find('id="seccion-por-registrar"')
    fin = html.find('id="seccion-', inicio + 1) if inicio >= 0 else -1
    todas, por_registrar = [], []
    for encontrada in _FILA.finditer(html):
        clave = encontrada.group(1)
        if valor_del_campo(html, f"{clave}-version") is None:
            continue  # sin formulario (mes cerrado)
        todas.append(clave)
        if inicio >= 0 and inicio < encontrada.start() and (fin < 0 or encontrada.start() < fin):
            por_registrar.append(clave)
    return por_registrar, todas


def clasificar_json(respuesta, ancla: str) -> str:
    """Aceptada: la fila vuelve con ok; conflicto: vuelve con el aviso de conflicto; lo demás, error."""
    if respuesta.estado not in (200, 400):
        return ERROR
    try:
        fila = json.loads(respuesta.cuerpo)["filas"][ancla]
    except (ValueError, KeyError, TypeError):
        return ERROR
    if fila["ok"]:
        return ACEPTADA
    return CONFLICTO if _CONFLICTO.search(fila["html"]) else ERROR


def registrar_desde_la_hoja(navegador, diario, *, simulado, meses: list[str], azar, numero: int) -> None:
    mes = azar.choice(meses)
    respuesta = navegador.pedir("GET", f"{RUTA_HOJA}?mes={mes}")
    if respuesta.estado != 200:
        diario.medir("abrir_hoja", respuesta, ERROR)
        return
    diario.medir("abrir_hoja", respuesta, "ok")
    html = respuesta.cuerpo
    por_registrar, todas = filas_de_la_hoja(html)
    for indice, clave in enumerate(por_registrar or todas):
        version = valor_del_campo(html, f"{clave}-version")
        actual = valor_del_campo(html, f"{clave}-porcentaje") or ""
        comentario = f"Hoja: {simulado.usuario} n.º {numero}.{indice}"
        envio = {"mes": mes, "guardar": clave, f"{clave}-porcentaje": siguiente_porcentaje(actual),
                 f"{clave}-comentario": comentario, f"{clave}-mes": mes, f"{clave}-version": version}
        respuesta = navegador.pedir("POST", RUTA_GUARDAR, envio, cabeceras={"X-Hoja-Del-Mes": "1"})
        resultado = clasificar_json(respuesta, f"fila-{clave}")
        diario.medir("guardar_fila", respuesta, resultado)
        diario.escrituras.append(Escritura(clave, mes, int(version), envio[f"{clave}-porcentaje"], comentario, resultado))
