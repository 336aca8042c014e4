"""Constructores pequeños de datos de prueba: cada prueba arma lo que necesita."""

from datetime import date
from decimal import Decimal
from itertools import count

from django.contrib.auth import get_user_model

from componentes.catalogo import Catalogo, Hoja
from componentes.models import Actividad, Componente, Plan, Responsable, Subactividad
from cronograma.models import Avance, MesProgramado
from cronograma.versiones import version_en_curso

_secuencia = count(1)


def crear_plan(*, mes_inicio=date(2020, 10, 1), mes_fin=date(2021, 3, 1), vigente=True, **campos) -> Plan:
    valores = {
        "entidad": "Ministerio de Trabajo y Promoción del Empleo (MTPE)",
        "objetivo": "IMPLEMENTAR LA NORMA TÉCNICA PARA LA GESTIÓN DE LA CALIDAD DE SERVICIOS EN EL MTPE",
        "servicio": "Conciliación Administrativa Laboral (CAL)",
        "alcance": "LIMA METROPOLITANA",
        "version": "2",
        "fecha": "Nov-20",
        **campos,
    }
    return Plan.objects.create(mes_inicio=mes_inicio, mes_fin=mes_fin, vigente=vigente, **valores)


def crear_responsable(sigla: str, nombre: str | None = None) -> Responsable:
    responsable, _ = Responsable.objects.get_or_create(sigla=sigla, defaults={"nombre": nombre or f"Unidad {sigla}"})
    return responsable


def crear_usuario(nombre: str | None = None, *, unidades: tuple[str, ...] = (), **campos):
    nombre = nombre or f"usuario{next(_secuencia)}"
    usuario = get_user_model().objects.create_user(username=nombre, password="clave-de-prueba-1", **campos)
    for sigla in unidades:
        crear_responsable(sigla).usuarios.add(usuario)
    return usuario


def crear_componente(plan: Plan, numero: int, nombre: str = "", peso=Decimal("1")) -> Componente:
    return Componente.objects.create(plan=plan, numero=numero, nombre=nombre or f"Componente {numero}", peso=peso)


def crear_actividad(componente: Componente, numero: int, *, unidades=(), nombre: str = "", peso=Decimal("1")) -> Actividad:
    actividad = Actividad.objects.create(
        componente=componente, numero=numero, nombre=nombre or f"Actividad {componente.numero}.{numero}", peso=peso
    )
    actividad.responsables.set([crear_responsable(s) for s in unidades])
    return actividad


def crear_subactividad(actividad: Actividad, numero: int, *, unidades=(), nombre: str = "", peso=Decimal("1")) -> Subactividad:
    sub = Subactividad.objects.create(
        actividad=actividad, numero=numero, nombre=nombre or f"Subactividad {actividad.codigo}.{numero}", peso=peso
    )
    sub.responsables.set([crear_responsable(s) for s in unidades])
    return sub


def hoja(plan: Plan, codigo: str) -> Hoja:
    return Catalogo(plan).hojas_por_codigo[codigo]


def programar(plan: Plan, codigo: str, *meses: date) -> None:
    """Meses programados de la fila en la versión en curso del plan (la del documento si no hay otra)."""
    fila = hoja(plan, codigo)
    version = version_en_curso(plan)
    for mes in meses:
        MesProgramado.objects.create(version=version, actividad_id=fila.clave.actividad_id,
                                     subactividad_id=fila.clave.subactividad_id, mes=mes)


def registrar(plan: Plan, codigo: str, mes: date, porcentaje, comentario: str = "", usuario=None) -> Avance:
    """Escribe un avance directamente (sin reglas): para preparar escenarios."""
    fila = hoja(plan, codigo)
    return Avance.objects.create(
        actividad_id=fila.clave.actividad_id,
        subactividad_id=fila.clave.subactividad_id,
        mes=mes,
        porcentaje=Decimal(str(porcentaje)),
        comentario=comentario,
        registrado_por=usuario,
    )


def crear_plan_sintetico(*, componentes: int = 7, actividades: int = 5, subactividades: int = 2,
                         meses: int = 6, mes_inicio=date(2020, 10, 1), vigente=True) -> Plan:
    """Un plan de tamaño arbitrario (componentes × actividades × subactividades filas hoja)."""
    from componentes.meses import meses_entre

    ultimo = date(mes_inicio.year + (mes_inicio.month - 1 + meses - 1) // 12, (mes_inicio.month - 1 + meses - 1) % 12 + 1, 1)
    plan = crear_plan(mes_inicio=mes_inicio, mes_fin=ultimo, vigente=vigente)
    unidades = [crear_responsable(s) for s in ("SDLGAT", "DRTPELM", "OGPP")]
    lista_meses = meses_entre(mes_inicio, ultimo)
    version = version_en_curso(plan)
    for c in range(1, componentes + 1):
        componente = crear_componente(plan, c)
        for a in range(1, actividades + 1):
            actividad = Actividad.objects.create(componente=componente, numero=a, nombre=f"Actividad {c}.{a}")
            for s in range(1, subactividades + 1):
                sub = Subactividad.objects.create(actividad=actividad, numero=s, nombre=f"Subactividad {c}.{a}.{s}")
                sub.responsables.add(unidades[(c + a + s) % len(unidades)])
                mes = lista_meses[(a + s) % len(lista_meses)]
                MesProgramado.objects.create(version=version, actividad=actividad, subactividad=sub, mes=mes)
                Avance.objects.create(actividad=actividad, subactividad=sub, mes=mes, porcentaje=Decimal("50.0"))
    return plan
