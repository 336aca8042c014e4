from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from componentes.anexo2 import cargar_anexo2
from cronograma.management.demo import CONTRASENA_DEMO, cargar_demo


class Command(BaseCommand):
    help = "Carga el Anexo N° 2 del MTPE (cabecera y catálogo). Con --demo, además datos y usuarios de demostración."

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo",
            action="store_true",
            help="Añade la programación ilustrativa, avance de ejemplo en los tres primeros meses del plan, usuarios "
            "por unidad, un revisor y un segundo plan ilustrativo (solo con DEBUG activo).",
        )

    def handle(self, *args, demo=False, **opciones):
        if demo and not settings.DEBUG:
            raise CommandError(
                "--demo crea usuarios con una contraseña conocida: solo se permite con DEBUG activo (DEBUG=1)."
            )
        resumen = cargar_anexo2()
        if resumen.hubo_cambios:
            creados = ", ".join(f"{n} {tipo}" for tipo, n in resumen.creados.items())
            self.stdout.write(self.style.SUCCESS(f"Anexo N° 2 cargado: {creados}."))
        else:
            existentes = ", ".join(f"{n} {tipo}" for tipo, n in resumen.existentes.items())
            self.stdout.write(f"Nada que cambiar: el Anexo N° 2 ya estaba cargado ({existentes}).")
        if demo:
            self._cargar_demo(resumen.plan)

    def _cargar_demo(self, plan):
        resumen = cargar_demo(plan)
        if not resumen.hubo_cambios:
            self.stdout.write("Nada que cambiar: los datos de demostración ya estaban cargados.")
        else:
            self.stdout.write(self.style.SUCCESS(
                f"Demostración: {resumen.meses_programados} meses programados (ilustrativos), "
                f"{resumen.avances} avances de ejemplo, {len(resumen.usuarios)} usuarios nuevos."
            ))
        if resumen.segundo_plan is not None:
            self.stdout.write(f"Segundo plan (ilustrativo): {resumen.segundo_plan} — id {resumen.segundo_plan.pk}.")
        self.stdout.write(
            "Usuarios de demostración (contraseña «%s»): admin (superusuario), ogpp (coordinación), "
            "sdlgat, drtpelm, dgt, ogrh, ocii, oom, sg, equipo, revisor (solo lectura)." % CONTRASENA_DEMO
        )
