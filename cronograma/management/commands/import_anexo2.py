from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from componentes.meses import MesInvalido, leer_mes
from componentes.planes import plan_de_orden
from cronograma.anexo.excel import aplicar_cambios, leer_anexo2
from cronograma.anexo.importacion import CREAR, CambiosAnexo
from cronograma.anexo.lectura import LibroInvalido
from cronograma.registro import ConflictoDeEdicion


class Command(BaseCommand):
    help = (
        "Importa un libro del Anexo N° 2 (.xlsx): nombres, unidades, meses programados y % AVANCE. "
        "Todo o nada; con --dry-run solo muestra los cambios."
    )

    def add_arguments(self, parser):
        parser.add_argument("archivo", help="Libro .xlsx con la forma del Anexo N° 2.")
        parser.add_argument("--plan", type=int, help="Id del plan (por defecto, el vigente).")
        parser.add_argument("--dry-run", action="store_true", help="Muestra los cambios sin aplicarlos.")
        parser.add_argument("--mes", help="Mes de corte AAAA-MM del % AVANCE si el libro no trae «MES DE CORTE».")
        parser.add_argument("--usuario", help="Usuario (coordinación o administrador) que la historia registra como autor. "
                                              "Obligatorio para aplicar cambios.")

    def handle(self, *args, archivo, plan=None, dry_run=False, mes=None, usuario=None, **opciones):
        plan = plan_de_orden(plan)
        try:
            corte = leer_mes(mes) if mes else None
            cambios = leer_anexo2(archivo, plan, corte=corte, nombre_archivo=str(archivo).rsplit("/", 1)[-1])
        except (MesInvalido, LibroInvalido) as error:
            raise CommandError(str(error)) from None
        except OSError as error:
            raise CommandError(f"No se pudo leer {archivo}: {error.strerror}.") from None
        if cambios.errores:
            for error in cambios.errores:
                self.stderr.write(str(error))
            raise CommandError(f"El libro tiene {len(cambios.errores)} errores: no se cambió nada.")
        self._mostrar(cambios)
        if dry_run or not cambios.hay_cambios:
            self.stdout.write("Simulación: no se aplicó ningún cambio." if dry_run else "Nada que cambiar.")
            return
        try:
            aplicar_cambios(cambios, self._usuario(usuario))
        except (PermissionDenied, ValidationError, ConflictoDeEdicion) as error:
            raise CommandError(f"No se aplicó ningún cambio: {' '.join(getattr(error, 'messages', [str(error)]))}") from None
        self.stdout.write(self.style.SUCCESS(f"Cambios aplicados: {cambios.resumen()}"))

    def _usuario(self, nombre: str | None):
        if not nombre:
            raise CommandError("Indique --usuario: la historia debe registrar quién importó el libro.")
        usuario = get_user_model().objects.filter(username=nombre, is_active=True).first()
        if usuario is None:
            raise CommandError(f"No existe el usuario activo «{nombre}».")
        return usuario

    def _mostrar(self, cambios: CambiosAnexo) -> None:
        self.stdout.write(f"Hoja «{cambios.nombre_pestana}», % AVANCE a {cambios.nombre_corte}: {cambios.resumen()}")
        for fila in cambios.a_crear + cambios.a_cambiar:
            accion = "crear" if fila.accion == CREAR else "cambiar"
            self.stdout.write(f"  fila {fila.leida.fila} · {fila.codigo} ({accion})")
            for campo in fila.campos:
                self.stdout.write(f"      {campo.campo}: {campo.antes or '—'} → {campo.despues or '—'}")
        if cambios.fuera_del_libro:
            self.stdout.write(f"  No están en el libro (se dejan intactas): {', '.join(cambios.fuera_del_libro)}")
