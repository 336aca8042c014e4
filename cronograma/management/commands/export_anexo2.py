from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from componentes.meses import MesInvalido, leer_mes, nombre_mes
from componentes.models import Plan
from cronograma.anexo.excel import exportar_anexo2
from cronograma.models import VersionPlan


def plan_indicado(plan_id: int | None) -> Plan:
    """El plan de --plan, o el vigente."""
    plan = Plan.objects.filter(pk=plan_id).first() if plan_id else Plan.objects.vigente()
    if plan is None:
        raise CommandError(f"No existe el plan {plan_id}." if plan_id else "No hay ningún plan cargado (ejecute load_anexo2).")
    return plan


class Command(BaseCommand):
    help = "Exporta el Anexo N° 2 a Excel con la forma del documento, con el avance al mes de corte."

    def create_parser(self, prog_name, subcommand, **kwargs):
        # --version es de Django (la versión del programa); aquí es la del plan, como pide el Anexo.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="Archivo .xlsx de salida.")
        parser.add_argument("--plan", type=int, help="Id del plan (por defecto, el vigente).")
        parser.add_argument("--mes", help="Mes de corte AAAA-MM (por defecto, el último mes del plan).")
        parser.add_argument("--version", dest="numero_version", type=int,
                            help="Número de una versión aprobada: su programación y su sombreado (por defecto, la vigente al corte).")

    def handle(self, *args, output, plan=None, mes=None, numero_version=None, **opciones):
        plan = plan_indicado(plan)
        try:
            corte = leer_mes(mes) if mes else plan.mes_fin
        except MesInvalido as error:
            raise CommandError(str(error)) from None
        if not plan.contiene_mes(corte):
            raise CommandError(f"{nombre_mes(corte)} está fuera del plan ({nombre_mes(plan.mes_inicio)} – {nombre_mes(plan.mes_fin)}).")
        if numero_version is not None and not VersionPlan.objects.filter(
                plan=plan, numero=numero_version, estado=VersionPlan.Estado.APROBADA).exists():
            numeros = ", ".join(str(n) for n in VersionPlan.objects.filter(plan=plan, estado=VersionPlan.Estado.APROBADA)
                                .order_by("numero").values_list("numero", flat=True))
            raise CommandError(f"El plan no tiene una versión aprobada {numero_version} (tiene: {numeros or 'ninguna'}).")
        Path(output).write_bytes(exportar_anexo2(plan, corte, version=numero_version))
        self.stdout.write(self.style.SUCCESS(f"Anexo N° 2 al corte de {nombre_mes(corte)} escrito en {output}."))
