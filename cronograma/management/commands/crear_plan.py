from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError

from calidad.archivos import motivo_del_sistema
from calidad.ordenes import OrdenCuidadosa, tipo_id, tipo_texto

from componentes.meses import MesInvalido, leer_mes
from componentes.planes import plan_de_orden
from cronograma.anexo.lectura import LibroInvalido, contenido_de
from cronograma.planes.creacion import MESES_DESPLAZADOS, MESES_VACIOS, copiar_plan, crear_plan_desde_libro


class Command(OrdenCuidadosa):
    help = (
        "Crea un plan nuevo: desde su libro del Anexo N° 2 (--desde-libro) o copiando el catálogo de otro plan a "
        "un periodo nuevo (--copiar). Imprime el id del plan creado. Todo o nada."
    )

    def add_arguments(self, parser):
        origen = parser.add_mutually_exclusive_group(required=True)
        origen.add_argument("--desde-libro", metavar="LIBRO.xlsx", help="Libro del Anexo N° 2 del nuevo servicio.")
        origen.add_argument("--copiar", type=tipo_id, metavar="PLAN_ID", help="Id del plan cuyo catálogo se copia.")
        parser.add_argument("--desde", help="Primer mes del plan copiado, AAAA-MM.")
        parser.add_argument("--hasta", help="Último mes del plan copiado, AAAA-MM.")
        parser.add_argument("--servicio", type=tipo_texto(200, 1, "El servicio"), help="Servicio del plan copiado (hasta 200 caracteres).")
        parser.add_argument("--meses", choices=[MESES_VACIOS, MESES_DESPLAZADOS], default=MESES_VACIOS,
                            help="Meses programados de la copia: vacíos (por defecto) o desplazados con el periodo.")
        parser.add_argument("--usuario", required=True, help="Usuario (coordinación o administrador) autor en la historia.")
        parser.add_argument("--dry-run", action="store_true", help="Con --desde-libro: valida y muestra sin crear nada.")
        parser.add_argument("--con-avance", action="store_true",
                            help="Con --desde-libro: registrar la columna % AVANCE como avance inicial (por defecto no "
                                 "se registra ningún avance).")

    def handle(self, *args, desde_libro=None, copiar=None, usuario, dry_run=False, con_avance=False, **opciones):
        usuario = self._usuario(usuario)
        try:
            if desde_libro:
                self._desde_libro(desde_libro, usuario, dry_run, con_avance)
            else:
                self._copiar(copiar, usuario, **opciones)
        except (PermissionDenied, ValidationError) as error:
            raise CommandError(" ".join(getattr(error, "messages", [str(error)])) + " No se creó nada.") from None

    def _desde_libro(self, ruta: str, usuario, simular: bool, con_avance: bool = False) -> None:
        try:
            datos = contenido_de(ruta)  # solo un archivo común, con tope (ver calidad.archivos)
            resultado = crear_plan_desde_libro(archivo=datos, usuario=usuario, simular=simular,
                                               nombre_archivo=ruta.rsplit("/", 1)[-1], con_avance=con_avance)
        except LibroInvalido as error:
            raise CommandError(f"{error} No se creó nada.") from None
        except OSError as error:
            raise CommandError(f"No se pudo leer {ruta}: {motivo_del_sistema(error)}.") from None
        if not resultado.valido:
            for error in resultado.errores:
                self.stderr.write(error)
            raise CommandError(f"El libro tiene {len(resultado.errores)} error(es): no se creó nada.")
        self.stdout.write(f"Servicio «{resultado.campos['servicio']}», {resultado.periodo}: {resultado.filas} filas.")
        if resultado.filas_con_avance:
            self.stdout.write(
                f"{resultado.filas_con_avance} fila(s) traen un % de avance a {resultado.mes_del_avance}: "
                + ("se registran como avance inicial." if con_avance else
                   "no se registran (use --con-avance para registrarlos como avance inicial).")
            )
        if simular:
            self.stdout.write("Simulación: no se creó nada.")
            return
        self.stdout.write(str(resultado.plan_id))

    def _copiar(self, plan_id: int, usuario, *, desde=None, hasta=None, servicio=None, meses=MESES_VACIOS, **_):
        origen = plan_de_orden(plan_id)
        if not (desde and hasta and servicio):
            raise CommandError("Con --copiar indique --desde AAAA-MM, --hasta AAAA-MM y --servicio.")
        try:
            desde, hasta = leer_mes(desde), leer_mes(hasta)
        except MesInvalido as error:
            raise CommandError(str(error)) from None
        plan = copiar_plan(origen=origen, desde=desde, hasta=hasta, servicio=servicio, usuario=usuario, meses=meses)
        self.stdout.write(str(plan.pk))

    def _usuario(self, nombre: str):
        usuario = get_user_model().objects.filter(username=nombre, is_active=True).first()
        if usuario is None:
            raise CommandError(f"No existe el usuario activo «{nombre}».")
        return usuario
