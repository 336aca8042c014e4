from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from calidad.archivos import comprobar_destino, escribir_archivo
from calidad.ordenes import OrdenCuidadosa, tipo_id

from componentes.meses import MesInvalido, leer_mes
from componentes.planes import plan_de_orden
from cronograma.models import Reporte
from cronograma.reportes.datos import datos_del_reporte, validar_periodo
from cronograma.reportes.salidas import libro_del_reporte, pdf_del_reporte
from cronograma.reportes.word import documento_del_reporte

SALIDAS = {".pdf": pdf_del_reporte, ".xlsx": libro_del_reporte, ".docx": documento_del_reporte}


class Command(OrdenCuidadosa):
    help = (
        "Escribe el reporte semestral en PDF, Excel o Word: el formato sigue a la extensión (.pdf, .xlsx, .docx). Sin --reporte, un "
        "borrador con las cifras vigentes del periodo; con --reporte, el reporte guardado (congelado si ya "
        "se aprobó)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--desde", help="Primer mes del periodo, AAAA-MM.")
        parser.add_argument("--hasta", help="Mes de corte, AAAA-MM.")
        parser.add_argument("--output", required=True, help="Archivo a escribir: .pdf, .xlsx o .docx.")
        parser.add_argument("--plan", type=tipo_id, help="Id del plan (por defecto, el vigente).")
        parser.add_argument("--reporte", type=tipo_id, help="Id de un reporte guardado.")

    def handle(self, *args, desde=None, hasta=None, output, plan=None, reporte=None, **opciones):
        salida = comprobar_destino(output)  # antes de calcular nada: la carpeta existe, el destino no es una carpeta
        escribir = SALIDAS.get(salida.suffix.lower())
        if escribir is None:
            raise CommandError("--output debe terminar en .pdf, .xlsx o .docx.")
        reporte = self._reporte_guardado(reporte) if reporte else self._borrador(plan, desde, hasta)
        escribir_archivo(salida, escribir(datos_del_reporte(reporte)))  # todo o nada
        self.stdout.write(self.style.SUCCESS(f"{reporte} escrito en {salida}."))

    def _reporte_guardado(self, pk: int) -> Reporte:
        reporte = Reporte.objects.select_related("plan").filter(pk=pk).first()
        if reporte is None:
            raise CommandError(f"No existe el reporte {pk}.")
        return reporte

    def _borrador(self, plan_id, desde, hasta) -> Reporte:
        """Un reporte sin guardar: cifras vivas y textos en blanco."""
        if not (desde and hasta):
            raise CommandError("Indique --desde y --hasta (AAAA-MM), o un reporte guardado con --reporte.")
        plan = plan_de_orden(plan_id)
        try:
            desde, hasta = leer_mes(desde), leer_mes(hasta)
            validar_periodo(plan, desde, hasta)
        except MesInvalido as error:
            raise CommandError(str(error)) from None
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        return Reporte(plan=plan, desde=desde, hasta=hasta)
