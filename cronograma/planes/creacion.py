"""Crear un plan sin el admin (issue 13): desde el libro del Anexo N° 2 del nuevo servicio, o copiando el
catálogo de otro plan a un periodo nuevo.

- Desde un libro: la cabecera da entidad, servicio, objetivo, versión y fecha; las columnas de mes, el
  periodo; las filas, el catálogo, sus unidades y los meses programados. El libro se lee con
  anexo/lectura.py y se valida y aplica con anexo/importacion.py sobre el plan recién creado, en una
  transacción: con cualquier error (el libro, la cabecera o el periodo) no queda nada creado. La vista
  previa hace lo mismo y deshace la transacción.
- Copiando: componentes, actividades y subactividades con sus unidades y pesos; los meses programados
  quedan vacíos o se desplazan tantos meses como se movió el inicio del plan.

Dos planes del mismo servicio no pueden solaparse en el tiempo.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from componentes.meses import meses_entre, nombre_mes
from componentes.models import MAX_MESES_PLAN, Actividad, Componente, Plan, Subactividad
from cronograma.anexo import formato
from cronograma.anexo.importacion import CambiosAnexo, aplicar_cambios, comparar_con_plan
from cronograma.anexo.lectura import LibroLeido, leer_libro
from cronograma.avance import escribir_programacion, programaciones_del_plan
from cronograma.versiones import version_en_curso
from cronograma.periodo import mes_actual
from cronograma.permisos import perfil_de, puede_crear_plan
from cronograma.registro import ConflictoDeEdicion

ABREVIATURAS = ("Ene", "Feb", "Mar", "Abr", "May", "Jun", "Jul", "Ago", "Set", "Oct", "Nov", "Dic")
CAMPOS_OBLIGATORIOS = {"entidad": "ENTIDAD", "servicio": "SERVICIO", "objetivo": "OBJETIVO DEL ANEXO",
                       "version": "VERSIÓN", "fecha": "FECHA"}
MESES_VACIOS, MESES_DESPLAZADOS = "vacios", "desplazados"


def exigir_coordinacion(usuario) -> None:
    if not puede_crear_plan(perfil_de(usuario)):
        raise PermissionDenied("Solo la coordinación y los administradores crean planes.")


def fecha_corta(mes: date) -> str:
    """date(2020, 11, 1) → "Nov-20", como la cabecera del Anexo."""
    return f"{ABREVIATURAS[mes.month - 1]}-{mes.year % 100:02d}"


def validar_periodo(*, servicio: str, desde: date | None, hasta: date | None, excluir: int | None = None) -> list[date]:
    """Los meses del periodo, si es de 1 a 36 meses y no se solapa con otro plan del mismo servicio."""
    if desde is None or hasta is None:
        raise ValidationError("Indique el primer y el último mes del plan.")
    if hasta < desde:
        raise ValidationError(f"El periodo no es válido: {nombre_mes(hasta)} es anterior a {nombre_mes(desde)}.")
    meses = meses_entre(desde, hasta)
    if len(meses) > MAX_MESES_PLAN:
        raise ValidationError(f"Un plan dura de 1 a {MAX_MESES_PLAN} meses; este tendría {len(meses)}.")
    clave = formato.normalizar(servicio)
    if not clave:
        raise ValidationError("Indique el servicio del plan.")
    for otro in Plan.objects.filter(mes_inicio__lte=hasta, mes_fin__gte=desde).exclude(pk=excluir):
        if formato.normalizar(otro.servicio) == clave:
            raise ValidationError(
                f"El periodo {nombre_mes(desde)} – {nombre_mes(hasta)} se solapa con el plan «{otro}» del mismo "
                "servicio: elija otro periodo."
            )
    return meses


def _texto_de_cabecera(valor) -> str:
    if isinstance(valor, (datetime, date)):
        return fecha_corta(date(valor.year, valor.month, 1))
    if isinstance(valor, float) and valor.is_integer():
        valor = int(valor)
    return formato.limpiar(valor)


def cabecera_del_libro(libro: LibroLeido) -> tuple[dict[str, str], list[str]]:
    """Los campos del plan que trae la cabecera del libro, y lo que falta."""
    campos = {}
    for rotulo, campo in formato.CABECERA:
        valor = libro.cabecera.get(formato.normalizar(rotulo))
        if valor not in (None, ""):
            campos[campo] = _texto_de_cabecera(valor)[:Plan._meta.get_field(campo).max_length]
    faltan = [rotulo for campo, rotulo in CAMPOS_OBLIGATORIOS.items() if not campos.get(campo)]
    errores = [f"La cabecera del libro no trae {', '.join(faltan)}: escríbalos encima de la tabla "
               "(rótulo en una celda y valor a su derecha)."] if faltan else []
    campos.setdefault("alcance", "No indicado en el libro")
    return campos, errores


def periodo_del_libro(libro: LibroLeido) -> tuple[date | None, date | None, list[str]]:
    """El periodo que dan las columnas de mes: seguidas, de 1 a 36 meses."""
    meses = sorted(libro.meses.values())
    if not meses:
        return None, None, ["El libro no tiene un periodo reconocible: no se encontraron columnas de mes con su año."]
    esperados = meses_entre(meses[0], meses[-1])
    if len(esperados) > MAX_MESES_PLAN:
        return None, None, [f"Un plan dura de 1 a {MAX_MESES_PLAN} meses; las columnas del libro abarcan {len(esperados)}."]
    faltan = [nombre_mes(m) for m in esperados if m not in meses]
    if faltan:
        return None, None, [f"Las columnas de mes no son seguidas: faltan {', '.join(faltan)}."]
    return meses[0], meses[-1], []


@dataclass
class PlanDesdeLibro:
    """Lo que crea (o crearía, en la vista previa) un libro: el plan, sus filas y los errores."""

    campos: dict[str, str] = field(default_factory=dict)
    desde: date | None = None
    hasta: date | None = None
    errores: list[str] = field(default_factory=list)
    cambios: CambiosAnexo | None = None
    plan_id: int | None = None  # solo si se creó

    @property
    def valido(self) -> bool:
        return not self.errores

    @property
    def filas(self) -> int:
        return len(self.cambios.filas) if self.cambios else 0

    @property
    def periodo(self) -> str:
        return f"{nombre_mes(self.desde)} – {nombre_mes(self.hasta)}" if self.desde and self.hasta else ""


class _Deshacer(Exception):
    """Para salir de la transacción deshaciendo todo (vista previa o errores)."""


def crear_plan_desde_libro(*, archivo, usuario, nombre_archivo: str = "", simular: bool = False) -> PlanDesdeLibro:
    """Crea un plan con la cabecera, el periodo y el catálogo del libro; todo o nada.

    Un libro ilegible lanza LibroInvalido; cualquier otro problema queda en `errores` y no crea nada.
    Con `simular`, hace todo y lo deshace: la vista previa ve exactamente lo que se crearía.
    """
    exigir_coordinacion(usuario)
    libro = leer_libro(archivo)
    resultado = PlanDesdeLibro(errores=[str(e) for e in libro.errores])
    resultado.campos, errores = cabecera_del_libro(libro)
    resultado.desde, resultado.hasta, errores_periodo = periodo_del_libro(libro)
    resultado.errores += errores + errores_periodo
    if resultado.errores:
        return resultado
    try:
        validar_periodo(servicio=resultado.campos["servicio"], desde=resultado.desde, hasta=resultado.hasta)
    except ValidationError as error:
        resultado.errores += error.messages
        return resultado
    try:
        with transaction.atomic():
            plan = _nuevo_plan(resultado.campos, resultado.desde, resultado.hasta, usuario)
            resultado.cambios = comparar_con_plan(libro, plan, nombre_archivo=nombre_archivo)
            if not resultado.cambios.filas and not resultado.cambios.errores:
                resultado.errores.append("El libro no tiene filas: el catálogo del plan no puede quedar vacío.")
            resultado.errores += [str(e) for e in resultado.cambios.errores]
            if resultado.errores:
                raise _Deshacer
            aplicar_cambios(resultado.cambios, usuario)
            resultado.plan_id = plan.pk
            if simular:
                raise _Deshacer
    except _Deshacer:
        if simular:
            resultado.plan_id = None
    except (ValidationError, ConflictoDeEdicion) as error:
        resultado.errores += getattr(error, "messages", [str(error)])
        resultado.plan_id = None
    return resultado


def _nuevo_plan(campos: dict, desde: date, hasta: date, usuario) -> Plan:
    plan = Plan(**campos, mes_inicio=desde, mes_fin=hasta, vigente=not Plan.objects.filter(vigente=True).exists())
    plan.full_clean()
    plan._history_user = usuario
    plan.save()
    return plan


def _desplazar(mes: date, meses: int) -> date:
    total = mes.year * 12 + mes.month - 1 + meses
    return date(total // 12, total % 12 + 1, 1)


@transaction.atomic
def copiar_plan(*, origen: Plan, desde: date, hasta: date, servicio: str, usuario,
                meses: str = MESES_VACIOS) -> Plan:
    """Un plan nuevo con el catálogo de `origen` (unidades y pesos incluidos) para otro periodo.

    Con MESES_DESPLAZADOS, cada mes programado se mueve tanto como el inicio (Oct-2020 → Ene-2027 mueve
    todo 75 meses); los que caen fuera del periodo nuevo se descartan. Con MESES_VACIOS, ninguno.
    """
    exigir_coordinacion(usuario)
    if meses not in (MESES_VACIOS, MESES_DESPLAZADOS):
        raise ValidationError("Elija si los meses programados quedan vacíos o se desplazan.")
    servicio = formato.limpiar(servicio)
    periodo = validar_periodo(servicio=servicio, desde=desde, hasta=hasta)
    campos = {campo: getattr(origen, campo) for campo in ("entidad", "objetivo", "caracter", "alcance", "frecuencia")}
    plan = _nuevo_plan({**campos, "servicio": servicio, "version": "1", "fecha": fecha_corta(mes_actual())},
                       desde, hasta, usuario)
    desplazamiento = (desde.year - origen.mes_inicio.year) * 12 + desde.month - origen.mes_inicio.month
    programados = []
    por_clave = _programacion(origen) if meses == MESES_DESPLAZADOS else {}
    for componente in origen.componentes.order_by("numero").prefetch_related(
        "actividades__responsables", "actividades__subactividades__responsables"
    ):
        nuevo_componente = _copia(Componente(plan=plan, numero=componente.numero, nombre=componente.nombre,
                                             peso=componente.peso), usuario)
        for actividad in componente.actividades.all():
            nueva = _copia(Actividad(componente=nuevo_componente, numero=actividad.numero, nombre=actividad.nombre,
                                     peso=actividad.peso), usuario, actividad.responsables.all())
            subactividades = list(actividad.subactividades.all())
            if not subactividades:
                programados += _meses(por_clave.get((actividad.id, None), ()), desplazamiento, periodo, nueva, None)
            for sub in subactividades:
                nueva_sub = _copia(Subactividad(actividad=nueva, numero=sub.numero, nombre=sub.nombre, peso=sub.peso),
                                   usuario, sub.responsables.all())
                programados += _meses(por_clave.get((actividad.id, sub.id), ()), desplazamiento, periodo, nueva, nueva_sub)
    escribir_programacion(programados, usuario, version=version_en_curso(plan))
    return plan


def _copia(objeto, usuario, responsables=None):
    objeto.full_clean(validate_constraints=False)
    objeto._history_user = usuario
    objeto.save()
    if responsables is not None:
        objeto.responsables.set(list(responsables))
    return objeto


def _programacion(plan: Plan) -> dict[tuple[int, int | None], set[date]]:
    """La programación de la última versión aprobada del plan de origen (la que se copia), leída por
    avance.programaciones_del_plan (la única lectura); sin las filas que esa versión ya no tiene."""
    programaciones = programaciones_del_plan(plan)
    if not programaciones:
        return {}
    ultima = programaciones[-1]
    return {(clave.actividad_id, clave.subactividad_id): meses for clave, meses in ultima.meses.items()
            if clave not in ultima.fuera}


def _meses(meses, desplazamiento: int, periodo: list[date], actividad, subactividad) -> list[tuple]:
    """Los meses desplazados que caen en el periodo nuevo, como filas para avance.escribir_programacion."""
    nuevos = sorted({_desplazar(mes, desplazamiento) for mes in meses} & set(periodo))
    return [(actividad, subactividad, mes) for mes in nuevos]
