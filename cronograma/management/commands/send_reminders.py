from django.core.mail import get_connection
from django.core.management.base import BaseCommand, CommandError

from django.core.exceptions import ValidationError

from componentes.meses import nombre_mes
from componentes.planes import plan_de_orden
from cronograma.periodo import leer_mes_del_plan
from cronograma.mensual.pendientes import pendientes_del_mes
from cronograma.mensual.recordatorios import recordatorios


class Command(BaseCommand):
    help = ("Envía a los usuarios de cada unidad la lista de sus filas sin registro de avance en el mes "
            "(por el backend de correo configurado) e imprime un resumen por unidad.")

    def add_arguments(self, parser):
        parser.add_argument("--mes", required=True, help="Mes de los pendientes, AAAA-MM (p. ej. 2021-03).")
        parser.add_argument("--plan", type=int, help="Id del plan (por defecto, el plan vigente).")

    def handle(self, *args, mes, plan=None, **opciones):
        plan = plan_de_orden(plan)
        try:
            mes = leer_mes_del_plan(plan, mes, iniciado=False)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        avisos = recordatorios(plan, pendientes_del_mes(plan, mes))
        mensajes = [aviso.mensaje for aviso in avisos if aviso.mensaje]
        try:
            enviados = get_connection().send_messages(mensajes) if mensajes else 0
        except OSError as error:
            raise CommandError(f"No se pudo enviar el correo: {error}") from None
        for aviso in avisos:
            self.stdout.write(self._linea(aviso))
        self.stdout.write(self.style.SUCCESS(
            f"Pendientes de {nombre_mes(mes)}: {len(avisos)} unidad(es) con pendientes, {enviados or 0} correo(s) enviado(s)."
        ))

    @staticmethod
    def _linea(aviso) -> str:
        filas = len(aviso.unidad.filas)
        inicio = f"{aviso.unidad.responsable.sigla}: {filas} fila{'s' if filas != 1 else ''} pendiente{'s' if filas != 1 else ''}"
        if aviso.mensaje is None:
            return f"{inicio}; sin usuarios con correo: no se envió recordatorio."
        return f"{inicio}; recordatorio a {', '.join(aviso.destinatarios)}."
