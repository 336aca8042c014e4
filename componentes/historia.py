"""La historia escrita para personas (issue 25): en el admin y en las páginas, «—» donde no hay valor
(antes «None»), listas como «OGPP, SG» (antes «[] → ['OGPP', 'SG']»), fechas en castellano y en la hora de
Lima, Sí/No y números con coma. Vive en `componentes` (que no importa `cronograma`) para que ambos
admins la usen.
"""

from datetime import date, datetime
from decimal import Decimal

from django.utils import formats
from django.utils.dateformat import format as formato_fecha
from django.utils.html import conditional_escape
from django.utils.timezone import localtime
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

FECHA = r"j \d\e F \d\e Y"  # «12 de enero de 2021»
FECHA_Y_HORA = r"j \d\e F \d\e Y, H:i"


def para_personas(valor) -> str:
    """Un valor de la historia escrito para personas."""
    if valor is None or valor == "" or (isinstance(valor, (list, tuple, set, frozenset)) and not valor):
        return "—"
    if isinstance(valor, bool):
        return "Sí" if valor else "No"
    if isinstance(valor, datetime):
        return formato_fecha(localtime(valor) if valor.tzinfo else valor, FECHA_Y_HORA)
    if isinstance(valor, date):
        return formato_fecha(valor, FECHA)
    if isinstance(valor, (Decimal, float)):
        return formats.localize(valor)
    if isinstance(valor, (list, tuple, set, frozenset)):
        return ", ".join(para_personas(elemento) for elemento in valor)
    return str(valor)


class HistoriaParaPersonas(HistoricalRecordContextHelper):
    """Los «antes → después» de la historia del admin con `para_personas` (simple-history los escribía
    con str(): «None», «[OGPP, SG]», «2021-01-12»)."""

    def stringify_delta_change_values(self, change, old, new):
        return conditional_escape(para_personas(old)), conditional_escape(para_personas(new))


class HistoriaAdmin(SimpleHistoryAdmin):
    """SimpleHistoryAdmin con la historia escrita para personas."""

    def get_historical_record_context_helper(self, request, historical_record):
        return HistoriaParaPersonas(self.model, historical_record)


class SoloLectura:
    """Se consulta (con su historia) pero no se cambia en el admin: estas escrituras tienen reglas que
    solo aplican las páginas de la aplicación (tipo de archivo por contenido, motivos, bloqueo
    optimista, reportes congelados), y el admin las saltaría. Sirve a ModelAdmin e inlines."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SoloLecturaAdmin(SoloLectura, HistoriaAdmin):
    pass
