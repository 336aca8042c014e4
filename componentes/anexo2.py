"""Carga del catálogo del Anexo N° 2 del MTPE (versión 2, Nov-2020) desde los datos del proyecto.

Crea lo que falta y deja intacto lo que ya existe (un administrador pudo corregir un nombre en el
admin): una segunda carga no cambia nada y lo dice.
"""

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import transaction

from componentes.codigos import numero_bajo
from componentes.meses import leer_mes
from componentes.models import Actividad, Componente, Plan, Responsable, Subactividad

RUTA_CATALOGO = Path(__file__).resolve().parent / "datos" / "catalogo.json"


@dataclass
class ResumenCarga:
    plan: Plan | None = None
    creados: dict[str, int] = field(default_factory=dict)
    existentes: dict[str, int] = field(default_factory=dict)

    def contar(self, tipo: str, creado: bool) -> None:
        destino = self.creados if creado else self.existentes
        destino[tipo] = destino.get(tipo, 0) + 1

    @property
    def hubo_cambios(self) -> bool:
        return any(self.creados.values())


def leer_catalogo(ruta: Path = RUTA_CATALOGO) -> dict:
    with open(ruta, encoding="utf-8") as archivo:
        return json.load(archivo)


def _obtener_o_crear(resumen: ResumenCarga, tipo: str, modelo, buscar: dict, valores: dict, siglas=None):
    objeto = modelo.objects.filter(**buscar).first()
    creado = objeto is None
    if creado:
        objeto = modelo(**buscar, **valores)
        objeto.full_clean(validate_constraints=False)
        objeto.save()
        if siglas:
            objeto.responsables.set(Responsable.objects.filter(sigla__in=siglas))
    resumen.contar(tipo, creado)
    return objeto


def _cargar_plan(datos: dict, resumen: ResumenCarga) -> Plan:
    meses: list[date] = [leer_mes(m) for m in datos["meses"]]
    buscar = {"entidad": datos["entidad"], "servicio": datos["servicio"], "version": datos["version"]}
    valores = {
        "objetivo": datos["objetivo_del_anexo"],
        "caracter": datos["caracter"],
        "alcance": datos["alcance"],
        "fecha": datos["fecha"],
        "frecuencia": datos["frecuencia_de_la_medicion"],
        "mes_inicio": min(meses),
        "mes_fin": max(meses),
        "vigente": not Plan.objects.filter(vigente=True).exists(),
    }
    return _obtener_o_crear(resumen, "plan", Plan, buscar, valores)


@transaction.atomic
def cargar_anexo2(datos: dict | None = None) -> ResumenCarga:
    """Carga cabecera, unidades y catálogo; todo o nada."""
    datos = datos or leer_catalogo()
    resumen = ResumenCarga()
    # El orden del documento (SDLGAT, DRTPELM, OGPP, …) es el orden en que se listan las unidades de una fila.
    for orden, unidad in enumerate(datos["responsables"], start=1):
        _obtener_o_crear(
            resumen, "responsables", Responsable, {"sigla": unidad["sigla"]}, {"nombre": unidad["nombre"], "orden": orden}
        )
    plan = _cargar_plan(datos, resumen)
    resumen.plan = plan
    for dato_componente in datos["componentes"]:
        componente = _obtener_o_crear(
            resumen, "componentes", Componente,
            {"plan": plan, "numero": dato_componente["numero"]}, {"nombre": dato_componente["nombre"]},
        )
        for dato_actividad in dato_componente["actividades"]:
            numero = numero_bajo(dato_actividad["codigo"], padre=componente.codigo, nivel="actividad")
            actividad = _obtener_o_crear(
                resumen, "actividades", Actividad,
                {"componente": componente, "numero": numero}, {"nombre": dato_actividad["nombre"]},
                siglas=dato_actividad["responsables"],
            )
            for dato_sub in dato_actividad.get("subactividades", []):
                numero = numero_bajo(dato_sub["codigo"], padre=actividad.codigo, nivel="subactividad")
                _obtener_o_crear(
                    resumen, "subactividades", Subactividad,
                    {"actividad": actividad, "numero": numero}, {"nombre": dato_sub["nombre"]},
                    siglas=dato_sub["responsables"],
                )
    return resumen
