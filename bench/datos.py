"""Planes sintéticos del tamaño que se pida, con programación, avance e historia, creados en bloque.

Forma: 7 componentes, como el Anexo. Los componentes 1 a 6 tienen A actividades de S subactividades
(las filas hoja son subactividades); el componente 7 tiene A × S actividades sin subactividades (su
propia fila hoja, como el componente 7 del Anexo). Así hay 7 × A × S filas hoja exactas.

Todo se crea con `bulk_create_with_history` (la historia se escribe, con su usuario) y las unidades
responsables con `.add()` por actividad, que registra la historia del m2m. Las subactividades heredan
las unidades de su actividad (como en el Anexo, donde el documento las pone en la actividad).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from simple_history.utils import bulk_create_with_history

from componentes.meses import meses_entre, siguiente
from componentes.models import Actividad, Componente, Plan, Responsable, Subactividad
from bench.forma import COMPONENTES, Forma, forma_para  # noqa: F401 (forma_para: la usan las pruebas)
from cronograma.models import Avance, MesProgramado
from cronograma.reprogramacion.versiones import version_en_curso

MES_INICIO = date(2020, 10, 1)
SIGLAS = ("SDLGAT", "DRTPELM", "OGPP", "DGT")
COORDINADOR = "OGPP"
LOTE = 2000


def ultimo_mes(meses: int) -> date:
    mes = MES_INICIO
    for _ in range(meses - 1):
        mes = siguiente(mes)
    return mes


def unidades() -> dict[str, Responsable]:
    """Las unidades del banco (una vez por base)."""
    return {sigla: Responsable.objects.get_or_create(sigla=sigla, defaults={"nombre": f"Unidad {sigla}"})[0]
            for sigla in SIGLAS}


def coordinador(nombre: str = "bench-coordinacion"):
    from django.contrib.auth import get_user_model

    usuario, creado = get_user_model().objects.get_or_create(username=nombre)
    if creado:
        usuario.set_unusable_password()
        usuario.save()
        unidades()[COORDINADOR].usuarios.add(usuario)
    return usuario


def _crear(objetos: list, modelo, usuario) -> list:
    return bulk_create_with_history(objetos, modelo, batch_size=LOTE, default_user=usuario)


def crear_plan_bench(filas: int, meses: int, *, usuario, variante: int = 0, vigente: bool = True) -> Plan:
    """Un plan de `filas` filas hoja sobre `meses` meses desde octubre de 2020 (ya pasados: todo se
    puede registrar). `variante` cambia nombres, meses programados y avance con el mismo árbol de
    códigos: es el plan «distinto» al que se importa el libro de otro."""
    forma = forma_para(filas)
    plan = _crear([Plan(entidad="MTPE", objetivo="Banco de rendimiento", servicio=f"Servicio sintético {filas}",
                        alcance="LIMA METROPOLITANA", version="1", fecha="Nov-20", mes_inicio=MES_INICIO,
                        mes_fin=ultimo_mes(meses), vigente=vigente)], Plan, usuario)[0]
    componentes = _crear([Componente(plan=plan, numero=c, nombre=f"Componente sintético {c}")
                          for c in range(1, COMPONENTES + 1)], Componente, usuario)
    actividades = _crear(
        [Actividad(componente=comp, numero=a, nombre=_nombre(f"Actividad {comp.numero}.{a}", a, variante))
         for comp in componentes
         for a in range(1, _actividades_de(comp.numero, forma) + 1)],
        Actividad, usuario,
    )
    por_unidad = unidades()
    for indice, actividad in enumerate(actividades):
        actividad._history_user = usuario
        actividad.responsables.add(por_unidad[SIGLAS[indice % len(SIGLAS)]])
    con_subs = [a for a in actividades if a.componente.numero < COMPONENTES]
    subactividades = _crear(
        [Subactividad(actividad=act, numero=s, nombre=_nombre(f"Subactividad {act.codigo}.{s}", s, variante))
         for act in con_subs for s in range(1, forma.subactividades + 1)],
        Subactividad, usuario,
    )
    hojas = [(s.actividad, s) for s in subactividades]
    hojas += [(a, None) for a in actividades if a.componente.numero == COMPONENTES]
    _programar_y_avanzar(hojas, meses_entre(plan.mes_inicio, plan.mes_fin), usuario, variante, version_en_curso(plan))
    return plan


def _actividades_de(numero_componente: int, forma: Forma) -> int:
    if numero_componente < COMPONENTES:
        return forma.actividades
    return forma.actividades * forma.subactividades


def _nombre(base: str, numero: int, variante: int) -> str:
    # En la variante, una de cada diez filas tiene otro nombre (la importación lo cambiará).
    return f"{base} (revisada)" if variante and numero % 10 == 1 else base


def _programar_y_avanzar(hojas, meses: list[date], usuario, variante: int, version) -> None:
    """Cada fila: una ventana de 1 a 3 meses programados; avance acumulado en esos meses según su
    suerte (concluida, a medias, sin iniciar o tardía), con un comentario cuando va atrasada."""
    programados, avances = [], []
    for indice, (actividad, sub) in enumerate(hojas):
        largo = 1 + indice % 3
        inicio = (indice * 7 + variante) % (len(meses) - largo + 1)
        ventana = meses[inicio:inicio + largo]
        for mes in ventana:
            programados.append(MesProgramado(version=version, actividad=actividad, subactividad=sub, mes=mes))
        suerte = (indice + variante) % 4
        if suerte == 2:
            continue  # sin iniciar
        if suerte == 3:  # tardía: registra en los meses siguientes a su ventana
            ventana = meses[inicio + largo:inicio + 2 * largo] or ventana
        # A medias: 50 a 95 % según la variante (con más de 10 planes la variante se repite; nunca pasa de 100).
        tope = Decimal(100) if suerte != 1 else Decimal(50 + 5 * (variante % 10))
        for paso, mes in enumerate(ventana, start=1):
            porcentaje = (tope * paso / len(ventana)).quantize(Decimal("0.1"))
            comentario = "Se reprogramó por falta de personal." if suerte == 1 and paso == len(ventana) else ""
            avances.append(Avance(actividad=actividad, subactividad=sub, mes=mes, porcentaje=porcentaje,
                                  comentario=comentario, registrado_por=usuario))
    _crear(programados, MesProgramado, usuario)
    _crear(avances, Avance, usuario)
