from django.core.mail import get_connection
from django.core.management.base import BaseCommand, CommandError

from componentes.meses import MesInvalido, leer_mes, nombre_mes
from componentes.models import Plan
from componentes.planes import plan_de_orden
from cronograma.mensual.recordatorios import motivo_para_no_recordar, recordatorios_en_planes
from cronograma.periodo import error_de_mes
from cronograma.planes.varios import pendientes_en_planes


class Command(BaseCommand):
    help = ("Envía a los usuarios de cada unidad la lista de sus filas sin registro de avance en el mes "
            "(por el backend de correo configurado) e imprime un resumen por unidad.")

    def add_arguments(self, parser):
        parser.add_argument("--mes", required=True, help="Mes de los pendientes, AAAA-MM (p. ej. 2021-03).")
        parser.add_argument("--plan", type=int, help="Id del plan (por defecto, todos los planes abiertos que "
                                                       "incluyen el mes: un solo correo por unidad, por plan).")

    def handle(self, *args, mes, plan=None, **opciones):
        # Sin --plan, todos los planes abiertos (o, si no queda ninguno abierto, el vigente; sin plan, el
        # mismo mensaje que las páginas).
        planes = [plan_de_orden(plan)] if plan else (list(Plan.objects.abiertos()) or [plan_de_orden()])
        try:
            mes = leer_mes(mes)
        except MesInvalido as error:
            raise CommandError(str(error)) from None
        errores = {p.pk: error_de_mes(p, mes, iniciado=False) for p in planes}
        del_mes = [p for p in planes if errores[p.pk] is None]
        if not del_mes:
            if len(planes) == 1:
                raise CommandError(errores[planes[0].pk])
            raise CommandError(" ".join(f"«{p}»: {errores[p.pk]}" for p in planes))
        # De un mes cerrado no se piden registros: ese plan se salta y se dice por qué.
        cerrados = {p.pk: motivo_para_no_recordar(p, mes) for p in del_mes}
        for plan_cerrado in (p for p in del_mes if cerrados[p.pk]):
            prefijo = f"«{plan_cerrado}»: " if len(del_mes) > 1 else ""
            self.stdout.write(self.style.WARNING(f"{prefijo}{cerrados[plan_cerrado.pk]} No se envió ningún correo."))
        del_mes = [p for p in del_mes if not cerrados[p.pk]]
        if not del_mes:
            return
        avisos = recordatorios_en_planes(pendientes_en_planes(del_mes, mes=mes))
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
