"""El editor del borrador: las filas hoja × meses (casillas), nombre, unidades y retiro de cada fila.

`armar_editor` dispone lo que muestra la plantilla; `leer_editor` convierte lo enviado en los
argumentos de `guardar_borrador` (solo de las filas que la página mostró: el filtro por componente
permite editar un plan grande por partes sin perder lo demás).
"""

import copy
from dataclasses import dataclass
from datetime import date

from componentes.catalogo import Catalogo
from componentes.meses import clave_mes
from cronograma.models import VersionPlan
from cronograma.reprogramacion.versiones import periodo_propuesto


@dataclass(frozen=True)
class CasillaMes:
    mes: date
    clave: str  # AAAA-MM, el valor de la casilla
    marcada: bool


@dataclass(frozen=True)
class FilaEditor:
    codigo: str
    nombre: str
    siglas: str
    casillas: tuple[CasillaMes, ...]
    retirada: bool
    titulo: str = ""  # actividad o componente que la precede, si cambia


def armar_editor(version: VersionPlan, *, componente: str | None = None) -> list[FilaEditor]:
    cambios = version.cambios
    catalogo = Catalogo(version.plan)
    periodo = periodo_propuesto(version)
    retiradas = set(cambios.get("retiradas", []))
    filas, ultimo_titulo = [], None
    for hoja in catalogo.hojas:
        if hoja.codigo not in cambios["meses"]:
            continue  # retirada en una versión anterior
        if componente and str(hoja.componente.numero) != componente:
            continue
        marcados = set(cambios["meses"][hoja.codigo])
        titulo = f"{hoja.componente.codigo}. {hoja.componente.nombre}"
        if hoja.subactividad is not None:
            titulo += f" › {hoja.actividad.codigo} {cambios['nombres'].get(hoja.actividad.codigo, hoja.actividad.nombre)}"
        siglas = " / ".join(cambios["unidades"].get(hoja.codigo, [r.sigla for r in hoja.responsables]))
        filas.append(FilaEditor(
            codigo=hoja.codigo,
            nombre=cambios["nombres"].get(hoja.codigo, hoja.nombre),
            siglas=siglas,
            casillas=tuple(CasillaMes(mes, clave_mes(mes), clave_mes(mes) in marcados) for mes in periodo),
            retirada=hoja.codigo in retiradas,
            titulo=titulo if titulo != ultimo_titulo else "",
        ))
        ultimo_titulo = titulo
    return filas


def leer_editor(datos, version: VersionPlan) -> dict:
    """Lo enviado por el editor, como argumentos de guardar_borrador (todo se valida allí)."""
    mostradas = [c for c in datos.getlist("filas") if c in version.cambios["meses"]]
    retiradas_antes = set(version.cambios.get("retiradas", [])) - set(mostradas)
    argumentos = {
        "meses": {codigo: datos.getlist(f"meses-{codigo}") for codigo in mostradas},
        "nombres": {codigo: datos.get(f"nombre-{codigo}", "") for codigo in mostradas},
        "unidades": {codigo: [s for s in datos.get(f"unidades-{codigo}", "").split("/") if s.strip()]
                     for codigo in mostradas},
        "retiradas": sorted(retiradas_antes | (set(datos.getlist("retirar")) & set(mostradas))),
    }
    if datos.get("mes_fin"):
        argumentos["mes_fin"] = datos["mes_fin"]
    return argumentos



def con_lo_enviado(version: VersionPlan, argumentos: dict) -> VersionPlan:
    """Una copia en memoria del borrador con lo que se envió (sin validar ni guardar): si algo no vale,
    la página lo muestra de nuevo tal como se escribió, con el mensaje, y no se pierde nada."""
    cambios = copy.deepcopy(version.cambios)
    cambios["meses"].update(argumentos["meses"])
    cambios["nombres"].update(argumentos["nombres"])
    cambios["unidades"].update(argumentos["unidades"])
    cambios["retiradas"] = argumentos["retiradas"]
    return VersionPlan(pk=version.pk, plan=version.plan, numero=version.numero, fecha=version.fecha,
                       vigente_desde=version.vigente_desde, mes_fin=version.mes_fin, estado=version.estado,
                       cambios=cambios)
