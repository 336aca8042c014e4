"""Las versiones aprobadas de un plan, para todo el que lee o escribe programación (núcleo).

`ultima_aprobada(plan)`: la versión aprobada que rige desde más tarde (la que reprograma un borrador).
`version_en_curso(plan)`: esa misma o, si el plan aún no tiene ninguna, la del documento (se crea).
La importación del Anexo, la creación de planes, la demostración y la reprogramación usan estas; ninguna
importa a las otras por ellas (antes `anexo.importacion` y `reprogramacion.versiones` se importaban
mutuamente). Qué versión rige en un corte dado lo calcula `cronograma.avance` (programaciones del plan).
"""

import re
from datetime import date

from componentes.models import Plan
from cronograma.models import VersionPlan


def ultima_aprobada(plan: Plan) -> VersionPlan | None:
    """La versión aprobada que rige desde más tarde: la que un borrador reprograma."""
    return (VersionPlan.objects.filter(plan=plan, estado=VersionPlan.Estado.APROBADA)
            .order_by("-vigente_desde", "-numero").first())


def version_en_curso(plan: Plan) -> VersionPlan:
    """La última versión aprobada; si el plan aún no tiene ninguna, crea la del documento (su versión
    y fecha, vigente desde el primer mes). Para quien escribe programación sin reprogramar (la carga
    del Anexo, la demostración, las pruebas)."""
    version = ultima_aprobada(plan)
    if version is not None:
        return version
    numero = int(plan.version) if str(plan.version).strip().isdigit() and int(plan.version) > 0 else 1
    version = VersionPlan(plan=plan, numero=numero, fecha=_fecha_del_documento(plan.fecha) or plan.mes_inicio,
                          motivo="Versión del documento cargado.", vigente_desde=plan.mes_inicio,
                          mes_fin=plan.mes_fin, estado=VersionPlan.Estado.APROBADA)
    version.full_clean()
    version.save()
    return version


_ABREVIATURAS = {"ENE": 1, "FEB": 2, "MAR": 3, "ABR": 4, "MAY": 5, "JUN": 6, "JUL": 7, "AGO": 8,
                 "SET": 9, "SEP": 9, "OCT": 10, "NOV": 11, "DIC": 12}


def _fecha_del_documento(texto: str) -> date | None:
    """"Nov-20" → date(2020, 11, 1), o None si no se entiende."""
    coincidencia = re.match(r"^\s*([A-Za-z]{3})[A-Za-z]*[\s\-/.]*(\d{2}|\d{4})\s*$", texto or "")
    if not coincidencia or coincidencia.group(1).upper() not in _ABREVIATURAS:
        return None
    anio = int(coincidencia.group(2))
    return date(anio + 2000 if anio < 100 else anio, _ABREVIATURAS[coincidencia.group(1).upper()], 1)
