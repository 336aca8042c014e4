from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from calidad.archivos import comprobar_destino, escribir_archivo
from calidad.ordenes import OrdenCuidadosa, tipo_id, tipo_numero_de_version

from componentes.meses import nombre_mes
from componentes.planes import plan_de_orden
from cronograma.anexo.excel import exportar_anexo2
from cronograma.models import VersionPlan
from cronograma.periodo import leer_mes_del_plan, mes_por_defecto


class Command(OrdenCuidadosa):
    help = "Exporta el Anexo N° 2 a Excel con la forma del documento, con el avance al mes de corte."

    def create_parser(self, prog_name, subcommand, **kwargs):
        # --version es de Django (la versión del programa); aquí es la del plan, como pide el Anexo.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="Archivo .xlsx de salida.")
        parser.add_argument("--plan", type=tipo_id, help="Id del plan (por defecto, el vigente).")
        parser.add_argument("--mes", help="Mes de corte AAAA-MM (por defecto, el último mes ya empezado, como la página).")
        parser.add_argument("--version", dest="numero_version", type=tipo_numero_de_version,
                            help="Número de una versión aprobada: su programación y su sombreado (por defecto, la vigente al corte).")

    def handle(self, *args, output, plan=None, mes=None, numero_version=None, **opciones):
        comprobar_destino(output)  # antes de calcular nada: la carpeta existe y el destino no es una carpeta
        plan = plan_de_orden(plan)
        try:
            corte = leer_mes_del_plan(plan, mes, iniciado=False) if mes else mes_por_defecto(plan)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if numero_version is not None and not VersionPlan.objects.filter(
                plan=plan, numero=numero_version, estado=VersionPlan.Estado.APROBADA).exists():
            numeros = ", ".join(str(n) for n in VersionPlan.objects.filter(plan=plan, estado=VersionPlan.Estado.APROBADA)
                                .order_by("numero").values_list("numero", flat=True))
            raise CommandError(f"El plan no tiene una versión aprobada {numero_version} (tiene: {numeros or 'ninguna'}).")
        escribir_archivo(output, exportar_anexo2(plan, corte, version=numero_version))  # todo o nada
        self.stdout.write(self.style.SUCCESS(f"Anexo N° 2 al corte de {nombre_mes(corte)} escrito en {output}."))
