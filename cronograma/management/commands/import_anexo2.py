from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from componentes.meses import MesInvalido, leer_mes, nombre_mes
from componentes.planes import plan_de_orden
from cronograma.anexo.excel import aplicar_cambios, leer_anexo2
from cronograma.anexo.importacion import CREAR, CambiosAnexo
from cronograma.anexo.lectura import LibroInvalido
from cronograma.formato import texto_porcentaje
from cronograma.registro import ConflictoDeEdicion
from cronograma.reprogramacion.diferencias import diferencia_del_borrador
from cronograma.reprogramacion.versiones import aprobar_version, borrador_desde_libro


class Command(BaseCommand):
    help = (
        "Importa un libro del Anexo N° 2 (.xlsx): nombres, unidades, meses programados y % AVANCE. "
        "Todo o nada; con --dry-run solo muestra los cambios."
    )

    def add_arguments(self, parser):
        parser.add_argument("archivo", help="Libro .xlsx con la forma del Anexo N° 2.")
        parser.add_argument("--plan", type=int, help="Id del plan (por defecto, el vigente).")
        parser.add_argument("--dry-run", action="store_true", help="Muestra los cambios sin aplicarlos.")
        parser.add_argument("--mes", help="Mes de corte AAAA-MM del %% AVANCE si el libro no trae «MES DE CORTE».")
        parser.add_argument("--usuario", help="Usuario (coordinación o administrador) que la historia registra como autor. "
                                              "Obligatorio para aplicar cambios.")
        parser.add_argument("--reprogramar", action="store_true",
                            help="Crea y aprueba una versión nueva del plan con los meses, nombres y unidades del libro "
                                 "(no importa el %% AVANCE). Exige --motivo y --vigente-desde.")
        parser.add_argument("--motivo", default="", help="Sustento de la versión (con --reprogramar).")
        parser.add_argument("--vigente-desde", dest="vigente_desde", help="Primer mes AAAA-MM que rige la versión (con --reprogramar).")

    def handle(self, *args, archivo, plan=None, dry_run=False, mes=None, usuario=None, reprogramar=False, **opciones):
        plan = plan_de_orden(plan)
        if reprogramar:
            return self._reprogramar(archivo, plan, dry_run=dry_run, usuario=usuario,
                                     motivo=opciones.get("motivo", ""), vigente_desde=opciones.get("vigente_desde"))
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
            for campo in fila.aplicables:
                self.stdout.write(f"      {campo.campo}: {campo.antes or '—'} → {campo.despues or '—'}")
        for fila in cambios.rechazados:
            for campo in fila.rechazados:
                self.stdout.write(f"  RECHAZADO fila {fila.leida.fila} · {fila.codigo} · {campo.campo}: "
                                  f"{campo.antes or '—'} → {campo.despues or '—'} ({campo.rechazo}; no se aplica)")
        if cambios.fuera_del_libro:
            self.stdout.write(f"  No están en el libro (se dejan intactas): {', '.join(cambios.fuera_del_libro)}")

    def _reprogramar(self, archivo, plan, *, dry_run: bool, usuario, motivo: str, vigente_desde) -> None:
        """El libro como versión nueva: muestra la diferencia con la vigente y la aprueba (o, con
        --dry-run, solo la muestra). Cualquier error: nada cambia y el código de salida no es 0."""
        if not vigente_desde:
            raise CommandError("Indique --vigente-desde AAAA-MM: el primer mes que rige la versión.")
        try:
            desde = leer_mes(vigente_desde)
        except MesInvalido as error:
            raise CommandError(str(error)) from None
        autor = self._usuario(usuario)
        try:
            cambios = leer_anexo2(archivo, plan, nombre_archivo=str(archivo).rsplit("/", 1)[-1], como_version=True)
        except LibroInvalido as error:
            raise CommandError(str(error)) from None
        except OSError as error:
            raise CommandError(f"No se pudo leer {archivo}: {error.strerror}.") from None
        try:
            with transaction.atomic():
                borrador = borrador_desde_libro(plan=plan, cambios_anexo=cambios, usuario=autor)
                self._mostrar_diferencia(diferencia_del_borrador(borrador), borrador.numero)
                if dry_run:
                    transaction.set_rollback(True)
                else:
                    aprobar_version(version=borrador, motivo=motivo, vigente_desde=desde, usuario=autor)
        except (PermissionDenied, ValidationError) as error:
            raise CommandError(f"No se cambió nada: {' '.join(getattr(error, 'messages', [str(error)]))}") from None
        if dry_run:
            self.stdout.write("Simulación: no se creó ninguna versión.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Versión {borrador.numero} aprobada, vigente desde {nombre_mes(desde)}."))

    def _mostrar_diferencia(self, diferencia, numero: int) -> None:
        self.stdout.write(f"Versión {numero} frente a la vigente:")
        if diferencia.mes_fin_antes != diferencia.mes_fin_despues:
            self.stdout.write(f"  periodo: hasta {nombre_mes(diferencia.mes_fin_antes)} → {nombre_mes(diferencia.mes_fin_despues)}")
        for fila in diferencia.filas:
            partes = []
            if fila.renombrada:
                partes.append(f"nombre: {fila.nombre_antes} → {fila.nombre}")
            if fila.meses_mas:
                partes.append(f"meses +: {fila.texto_mas}")
            if fila.meses_menos:
                partes.append(f"meses −: {fila.texto_menos}")
            if fila.cambia_unidades:
                partes.append(f"unidades: {' / '.join(fila.unidades_antes)} → {' / '.join(fila.unidades_despues)}")
            self.stdout.write(f"  {fila.codigo}: {'; '.join(partes)}")
        if not diferencia.filas:
            self.stdout.write("  sin cambios en las filas")
        cambian = [p for p in diferencia.programado if p.cambia]
        for programado in cambian:
            self.stdout.write(f"  programado del plan a {nombre_mes(programado.mes)}: {texto_porcentaje(programado.antes)} → {texto_porcentaje(programado.despues)}")
        if diferencia.unidades_afectadas:
            self.stdout.write(f"  unidades afectadas: {', '.join(diferencia.unidades_afectadas)}")
