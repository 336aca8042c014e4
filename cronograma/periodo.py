"""El periodo de un plan: sus meses y la validación de un mes, con un solo juego de mensajes.

Qué meses ya empezaron, el mes por defecto y "hoy" (America/Lima) los decide `cronograma.ciclo`; las
funciones de aquí con esos nombres lo delegan allí. Los meses son siempre el primer día del mes
(`date(2020, 10, 1)`).
"""

from datetime import date

from django.core.exceptions import ValidationError

from cronograma import ciclo
from componentes.meses import MesInvalido, leer_mes, nombre_mes
from componentes.models import Plan


# El tiempo vive en cronograma.ciclo; estos nombres siguen aquí para quien ya los usa.
mes_actual = ciclo.mes_actual
ya_empezo = ciclo.mes_iniciado
meses_iniciados = ciclo.meses_iniciados
mes_por_defecto = ciclo.mes_por_defecto


def texto_periodo(plan: Plan, *, hasta: date | None = None) -> str:
    return f"{nombre_mes(plan.mes_inicio)} a {nombre_mes(hasta or plan.mes_fin)}"


def error_de_mes(plan: Plan, mes: date, *, iniciado: bool = True, hasta: date | None = None) -> str | None:
    """Qué tiene de malo `mes` para el plan, o None si sirve. `iniciado=False` admite meses futuros del
    plan (la programación y los reportes de un periodo ya definido). `hasta` mide contra el periodo que
    propone una versión del plan que lo extiende (cronograma.reprogramacion), no contra el vigente."""
    if mes.day != 1:
        return f"{mes:%d/%m/%Y} no es un mes: use el primer día del mes."
    if not (plan.contiene_mes(mes) if hasta is None else plan.mes_inicio <= mes <= hasta):
        return f"{nombre_mes(mes)} está fuera del plan, que va de {texto_periodo(plan, hasta=hasta)}."
    if iniciado and not ciclo.mes_iniciado(mes):
        return ciclo.motivo_por_iniciar(mes)
    return None


def validar_mes(plan: Plan, mes: date, *, campo: str = "mes", iniciado: bool = True, hasta: date | None = None) -> None:
    """Lanza ValidationError({campo: …}) si `mes` no es un mes del plan (ya empezado, si se pide)."""
    error = error_de_mes(plan, mes, iniciado=iniciado, hasta=hasta)
    if error:
        raise ValidationError({campo: error})


def leer_mes_del_plan(plan: Plan, texto, *, campo: str = "mes", iniciado: bool = True) -> date:
    """Lee "AAAA-MM" y lo valida contra el plan; cualquier problema es un ValidationError en castellano."""
    try:
        mes = leer_mes(texto)
    except MesInvalido as error:
        raise ValidationError({campo: str(error)}) from None
    validar_mes(plan, mes, campo=campo, iniciado=iniciado)
    return mes


def mes_elegido(plan: Plan, texto: str | None, errores: list[str]) -> date:
    """El mes pedido en una página (?mes=AAAA-MM) si sirve; si no, el mes por defecto y, en `errores`,
    el motivo. Un filtro inválido nunca rompe la página."""
    por_defecto = mes_por_defecto(plan)
    if not texto:
        return por_defecto
    try:
        return leer_mes_del_plan(plan, texto)
    except ValidationError as error:
        errores.append(f"{' '.join(error.messages)} Se muestra {nombre_mes(por_defecto)}.")
        return por_defecto
