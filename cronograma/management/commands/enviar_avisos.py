from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from componentes.planes import plan_de_orden
from cronograma.seguimiento import correo
from cronograma.seguimiento.avisos import generar_avisos_programados
from cronograma.seguimiento.models import Aviso


class Command(BaseCommand):
    help = ("Genera los avisos de plazo (compromisos que vencen en 7 días o ya vencidos, mes por cerrar con "
            "filas pendientes) y envía por correo los avisos aún no enviados. Se puede correr cada día: un "
            "evento se avisa una sola vez a cada persona.")

    def add_arguments(self, parser):
        parser.add_argument("--plan", type=int, help="Id del plan (por defecto, todos los planes abiertos).")
        parser.add_argument("--hoy", help="Fecha AAAA-MM-DD que se toma como hoy (pruebas, recuperación).")

    def handle(self, *args, plan=None, hoy=None, **opciones):
        try:
            dia = date.fromisoformat(hoy) if hoy else None
        except ValueError:
            raise CommandError(f"«{hoy}» no es una fecha AAAA-MM-DD.") from None
        planes = [plan_de_orden(plan)] if plan else None
        with transaction.atomic():
            creados = generar_avisos_programados(hoy=dia, planes=planes)
        # Los que quedaron sin enviar (p. ej. con el servidor de correo caído en otra corrida) se reintentan.
        pendientes = list(Aviso.objects.filter(correo_enviado_en__isnull=True).values_list("pk", flat=True))
        enviados = correo.enviar(pendientes)
        self.stdout.write(f"Avisos nuevos: {len(creados)}. Correos enviados: {enviados}.")
