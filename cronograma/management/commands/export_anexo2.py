from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from django.core.exceptions import ValidationError

from componentes.meses import nombre_mes
from componentes.planes import plan_de_orden
from cronograma.anexo.excel import exportar_anexo2
from cronograma.periodo import leer_mes_del_plan, mes_por_defecto


class Command(BaseCommand):
    help = "Exporta el Anexo N° 2 a Excel con la forma del documento, con el avance al mes de corte."

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="Archivo .xlsx de salida.")
        parser.add_argument("--plan", type=int, help="Id del plan (por defecto, el vigente).")
        parser.add_argument("--mes", help="Mes de corte AAAA-MM (por defecto, el último mes ya empezado, como la página).")

    def handle(self, *args, output, plan=None, mes=None, **opciones):
        plan = plan_de_orden(plan)
        try:
            corte = leer_mes_del_plan(plan, mes, iniciado=False) if mes else mes_por_defecto(plan)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        Path(output).write_bytes(exportar_anexo2(plan, corte))
        self.stdout.write(self.style.SUCCESS(f"Anexo N° 2 al corte de {nombre_mes(corte)} escrito en {output}."))
