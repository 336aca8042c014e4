"""Datos de demostración: programación ilustrativa, algo de avance Oct–Dic 2020 y usuarios por unidad.

Nada de esto viene del documento: la programación del PDF se perdió (ver datos/programacion-ejemplo.json)
y el avance es inventado para que la grilla muestre algo. Solo se carga con DEBUG activo.
"""

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from componentes.catalogo import Catalogo, Hoja
from componentes.meses import leer_mes
from componentes.models import Plan, Responsable
from cronograma.avance import programado_al, redondear
from cronograma.models import Avance, MesProgramado
from cronograma.registro import registrar_avance
from cronograma.reprogramacion.versiones import version_en_curso

RUTA_PROGRAMACION = Path(__file__).resolve().parent / "datos" / "programacion-ejemplo.json"
CONTRASENA_DEMO = "calidad-demo"
AVISO_ILUSTRATIVO = (
    "Programación ILUSTRATIVA: el texto del Anexo N° 2 no conserva los meses sombreados; "
    "estos meses son un ejemplo para la demostración, no provienen del documento."
)
ULTIMO_MES_DE_AVANCE = date(2020, 12, 1)


def usuario_de_unidad(sigla: str) -> str:
    """"EQUIPO DE TRABAJO" → "equipo"; "SDLGAT" → "sdlgat"."""
    return sigla.split()[0].lower()


@dataclass
class ResumenDemo:
    meses_programados: int = 0
    avances: int = 0
    usuarios: list[str] = field(default_factory=list)

    @property
    def hubo_cambios(self) -> bool:
        return bool(self.meses_programados or self.avances or self.usuarios)


def _crear_usuario(nombre: str, *, superusuario: bool = False):
    Usuario = get_user_model()
    usuario = Usuario.objects.filter(username=nombre).first()
    if usuario:
        return usuario, False
    usuario = Usuario(username=nombre, email=f"{nombre}@example.org", is_staff=superusuario, is_superuser=superusuario)
    usuario.set_password(CONTRASENA_DEMO)
    usuario.save()
    return usuario, True


def _crear_usuarios(resumen: ResumenDemo) -> dict[str, object]:
    por_sigla = {}
    for unidad in Responsable.objects.all():
        usuario, creado = _crear_usuario(usuario_de_unidad(unidad.sigla))
        unidad.usuarios.add(usuario)
        por_sigla[unidad.sigla] = usuario
        if creado:
            resumen.usuarios.append(usuario.username)
    admin, creado = _crear_usuario("admin", superusuario=True)
    if creado:
        resumen.usuarios.append("admin")
    por_sigla[None] = admin  # quien registra en las filas sin unidad responsable
    return por_sigla


def _programar(catalogo: Catalogo, resumen: ResumenDemo) -> dict[str, list[date]]:
    with open(RUTA_PROGRAMACION, encoding="utf-8") as archivo:
        meses_por_codigo = json.load(archivo)["meses_programados"]
    programados = {}
    version = version_en_curso(catalogo.plan)
    for hoja in catalogo.hojas:
        meses = sorted(leer_mes(m) for m in meses_por_codigo.get(hoja.codigo, []))
        programados[hoja.codigo] = meses
        for mes in meses:
            _, creado = MesProgramado.objects.get_or_create(**hoja.clave.filtro, mes=mes, version=version)
            resumen.meses_programados += creado
    return programados


def _avance_ejemplo(indice: int, meses: list[date], mes: date) -> Decimal:
    """Un acumulado verosímil: lo programado, con algunas filas atrasadas (una de cada cuatro)."""
    programado = programado_al(meses, mes)
    factor = Decimal("0.6") if indice % 4 == 3 else Decimal("1")
    return redondear(programado * factor)


def _registrar_avances(hojas: list[Hoja], programados, usuarios, resumen: ResumenDemo) -> None:
    for indice, hoja in enumerate(hojas):
        meses = programados.get(hoja.codigo, [])
        autor = usuarios.get(hoja.responsables[0].sigla if hoja.responsables else None)
        for mes in (m for m in meses if m <= ULTIMO_MES_DE_AVANCE):
            porcentaje = _avance_ejemplo(indice, meses, mes)
            if Avance.objects.filter(**hoja.clave.filtro, mes=mes).exists():
                continue
            # Por la vía única del avance: las mismas reglas (y la misma historia) que la grilla.
            registrar_avance(
                hoja=hoja, mes=mes, porcentaje=porcentaje, usuario=autor,
                comentario="" if porcentaje == 100 else "Avance de demostración.",
            )
            resumen.avances += 1


@transaction.atomic
def cargar_demo(plan: Plan) -> ResumenDemo:
    resumen = ResumenDemo()
    usuarios = _crear_usuarios(resumen)
    if plan.aviso != AVISO_ILUSTRATIVO:
        plan.aviso = AVISO_ILUSTRATIVO
        plan.save(update_fields=["aviso"])
    catalogo = Catalogo(plan)
    programados = _programar(catalogo, resumen)
    _registrar_avances(catalogo.hojas, programados, usuarios, resumen)
    return resumen
