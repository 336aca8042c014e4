"""Datos de demostración: programación ilustrativa, algo de avance en los tres primeros meses del plan,
usuarios por unidad, un revisor (solo lectura) y un segundo plan pequeño, claramente ilustrativo (issue 13).

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
from cronograma.versiones import version_en_curso

RUTA_PROGRAMACION = Path(__file__).resolve().parent / "datos" / "programacion-ejemplo.json"
CONTRASENA_DEMO = "calidad-demo"
AVISO_ILUSTRATIVO = (
    "Programación ILUSTRATIVA: el texto del Anexo N° 2 no conserva los meses sombreados; "
    "estos meses son un ejemplo para la demostración, no provienen del documento."
)
MESES_CON_AVANCE = 3  # el avance de ejemplo cubre los tres primeros meses del plan, sean cuales sean
RUTA_SEGUNDO_PLAN = Path(__file__).resolve().parent / "datos" / "segundo-plan-ejemplo.json"
AVISO_SEGUNDO_PLAN = (
    "Plan ILUSTRATIVO de demostración: inventado para mostrar varios planes a la vez; no proviene de "
    "ningún documento del MTPE."
)


def usuario_de_unidad(sigla: str) -> str:
    """"EQUIPO DE TRABAJO" → "equipo"; "SDLGAT" → "sdlgat"."""
    return sigla.split()[0].lower()


@dataclass
class ResumenDemo:
    meses_programados: int = 0
    avances: int = 0
    usuarios: list[str] = field(default_factory=list)
    segundo_plan: Plan | None = None

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


def _registrar_avances(hojas: list[Hoja], programados, usuarios, resumen: ResumenDemo, ultimo_mes: date) -> None:
    for indice, hoja in enumerate(hojas):
        meses = programados.get(hoja.codigo, [])
        autor = usuarios.get(hoja.responsables[0].sigla if hoja.responsables else None)
        for mes in (m for m in meses if m <= ultimo_mes):
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
    _registrar_avances(catalogo.hojas, programados, usuarios, resumen, plan.meses()[:MESES_CON_AVANCE][-1])
    _crear_revisor(resumen)
    resumen.segundo_plan = cargar_segundo_plan()
    return resumen


def _crear_revisor(resumen: ResumenDemo) -> None:
    """`revisor`: la SGP o la auditoría interna, en el grupo de solo lectura."""
    from django.contrib.auth.models import Group

    from cronograma.permisos import GRUPO_REVISORES

    usuario, creado = _crear_usuario("revisor")
    usuario.groups.add(Group.objects.get_or_create(name=GRUPO_REVISORES)[0])
    if creado:
        resumen.usuarios.append("revisor")


def cargar_segundo_plan() -> Plan:
    """Un segundo plan pequeño (otro servicio del MTPE, 2027), para que las páginas de varios planes muestren algo.

    Si ya existe (mismo servicio y primer mes), no se toca.
    """
    from componentes.models import Actividad, Componente, Subactividad

    with open(RUTA_SEGUNDO_PLAN, encoding="utf-8") as archivo:
        datos = json.load(archivo)
    desde, hasta = (leer_mes(m) for m in datos["meses"])
    existente = Plan.objects.filter(servicio=datos["servicio"], mes_inicio=desde).first()
    if existente:
        return existente
    plan = Plan(entidad=datos["entidad"], servicio=datos["servicio"], objetivo=datos["objetivo"], alcance=datos["alcance"],
                version=datos["version"], fecha=datos["fecha"], mes_inicio=desde, mes_fin=hasta, aviso=AVISO_SEGUNDO_PLAN)
    plan.full_clean()
    plan.save()
    unidades = {r.sigla: r for r in Responsable.objects.all()}

    def guardar(objeto, dato):
        objeto.full_clean(validate_constraints=False)
        objeto.save()
        if dato.get("responsables"):
            objeto.responsables.set([unidades[s] for s in dato["responsables"]])
        return objeto

    version = version_en_curso(plan)

    def programar(actividad, subactividad, dato):
        for mes in dato.get("meses", []):
            programado = MesProgramado(actividad=actividad, subactividad=subactividad, mes=leer_mes(mes), version=version)
            programado.full_clean(validate_constraints=False)
            programado.save()

    for dato_c in datos["componentes"]:
        componente = guardar(Componente(plan=plan, numero=dato_c["numero"], nombre=dato_c["nombre"]), {})
        for dato_a in dato_c["actividades"]:
            actividad = guardar(Actividad(componente=componente, numero=dato_a["numero"], nombre=dato_a["nombre"]), dato_a)
            programar(actividad, None, dato_a)
            for dato_s in dato_a.get("subactividades", []):
                sub = guardar(Subactividad(actividad=actividad, numero=dato_s["numero"], nombre=dato_s["nombre"]), dato_s)
                programar(actividad, sub, dato_s)
    return plan
