"""Un libro del Anexo N° 2 frente al plan: qué filas crear, cambiar o dejar, y su aplicación todo o nada.

Qué se importa, fila por fila (por su código, nunca por id):
- nombre y unidades responsables de componentes, actividades y subactividades;
- meses programados (celdas sombreadas) de las filas hoja;
- % AVANCE de las filas hoja, si el libro trae esa columna: es el % acumulado al mes de corte del libro
  (su "MES DE CORTE", o el que se indique). Si difiere del ejecutado que avance.py calcula a ese corte,
  se registra como el avance de ese mes con `registrar_avances_en_bloque` (las reglas de
  `registrar_avance`: permisos, rango, mes no futuro ni cerrado, historia; todas las filas a la vez).
  La regla del comentario se cumple con una nota que dice de qué archivo vino el valor: quien
  importa es la coordinación, que responde por el libro; la historia conserva el comentario anterior.
  El % AVANCE de filas consolidadas (actividades con subactividades, componentes) no se importa: se calcula.

Lo que no se importa: los valores de las celdas de mes (el libro mensual se registra en la grilla o en
el admin), las filas del plan que faltan en el libro (se dejan intactas: borrar desde un Excel es
demasiado fácil de hacer sin querer) y los pesos.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, router, transaction
from django.db.models.deletion import Collector
from simple_history.utils import bulk_create_with_history

from componentes.catalogo import Catalogo, ClaveFila, Hoja
from componentes.meses import nombre_mes
from componentes.models import Actividad, Componente, Plan, Responsable, Subactividad, cargados
from componentes.planes import exigir_abierto
from cronograma.anexo import formato
from cronograma.avance import Seguimiento
from cronograma.formato import texto_porcentaje
from cronograma.anexo.lectura import ErrorAnexo, FilaLeida, LibroLeido
from cronograma.mensual.cierres import mes_cerrado
from cronograma.models import MesProgramado
from cronograma.permisos import perfil_de, puede_importar_anexo
from cronograma.periodo import error_de_mes, meses_iniciados, mes_por_defecto
from cronograma.registro import registrar_avances_en_bloque
from cronograma.versiones import version_en_curso

CREAR, CAMBIAR, DEJAR = "crear", "cambiar", "dejar"
LARGO_NOMBRE = 500


@dataclass(frozen=True)
class CambioCampo:
    campo: str
    antes: str
    despues: str
    rechazo: str = ""  # por qué no se aplicará (p. ej. el mes está cerrado); vacío si se aplica


@dataclass
class CambioFila:
    leida: FilaLeida
    accion: str
    campos: list[CambioCampo] = field(default_factory=list)
    es_hoja: bool = False

    @property
    def codigo(self) -> str:
        return self.leida.codigo

    def cambia(self, campo: str) -> bool:
        return any(c.campo == campo and not c.rechazo for c in self.campos)

    @property
    def aplicables(self) -> list[CambioCampo]:
        return [c for c in self.campos if not c.rechazo]

    @property
    def rechazados(self) -> list[CambioCampo]:
        return [c for c in self.campos if c.rechazo]


@dataclass
class CambiosAnexo:
    """Lo que el libro cambiaría en el plan, ya validado y todavía sin aplicar."""

    plan: Plan
    nombre_pestana: str = ""
    corte: date | None = None
    nombre_archivo: str = ""
    filas: list[CambioFila] = field(default_factory=list)
    errores: list[ErrorAnexo] = field(default_factory=list)
    fuera_del_libro: list[str] = field(default_factory=list)  # códigos del plan que el libro no trae
    meses: frozenset[date] = frozenset()  # los meses que el libro muestra como columnas

    @property
    def a_crear(self) -> list[CambioFila]:
        return [f for f in self.filas if f.accion == CREAR]

    @property
    def a_cambiar(self) -> list[CambioFila]:
        return [f for f in self.filas if f.accion == CAMBIAR]

    @property
    def sin_cambios(self) -> list[CambioFila]:
        return [f for f in self.filas if f.accion == DEJAR and not f.rechazados]

    @property
    def rechazados(self) -> list[CambioFila]:
        """Filas con cambios que no se aplicarán (un mes cerrado, una reprogramación): se muestran, no se aplican."""
        return [f for f in self.filas if f.rechazados]

    @property
    def pide_una_version(self) -> bool:
        """¿Hay cambios rechazados porque son una reprogramación? La página enlaza entonces las versiones."""
        return any(REPROGRAMACION in campo.rechazo for fila in self.rechazados for campo in fila.rechazados)

    @property
    def nombre_corte(self) -> str:
        return nombre_mes(self.corte) if self.corte else ""

    @property
    def valido(self) -> bool:
        return not self.errores

    @property
    def hay_cambios(self) -> bool:
        return bool(self.a_crear or self.a_cambiar)

    def resumen(self) -> str:
        return (f"{len(self.a_crear)} filas por crear, {len(self.a_cambiar)} por cambiar, "
                f"{len(self.sin_cambios)} sin cambios.")

    def huella(self) -> str:
        """Resume los cambios: si al confirmar ya no son los de la vista previa, no se aplican."""
        texto = repr([(f.codigo, f.accion, f.campos) for f in self.filas if f.accion != DEJAR])
        return hashlib.sha256(f"{self.plan.pk}|{self.corte}|{texto}".encode()).hexdigest()


# --- Comparación ---------------------------------------------------------------------------------

def _texto_meses(meses) -> str:
    return ", ".join(nombre_mes(m) for m in sorted(meses)) or "ninguno"


def _texto_siglas(siglas) -> str:
    return formato.SEPARADOR_SIGLAS.join(siglas) or "ninguna"


# Cambiar la programación de un plan en curso movería cifras ya vistas: el programado a un corte pasado
# depende de todos los meses programados de la fila, y una fila nueva pesa en los consolidados (issue 12).
REPROGRAMACION = (
    "en un plan ya en curso eso es una reprogramación y cambiaría cifras de meses pasados: importe el libro "
    "como borrador de una nueva versión (Versiones → «Importar un libro como borrador», o "
    "«import_anexo2 --reprogramar») y apruébela con su sustento y desde qué mes rige"
)


def _en_curso(plan: Plan, seguimiento: Seguimiento) -> bool:
    """¿Ya hay cortes que mirar (algún mes empezado) y una programación que los mide? Antes de eso, el libro
    puede fijar la programación inicial; después, solo una versión nueva la cambia."""
    return bool(meses_iniciados(plan)) and any(seguimiento.programacion.values())


class _Comparador:
    """Recorre las filas leídas con el plan ya cargado (un número fijo de consultas)."""

    def __init__(self, libro: LibroLeido, plan: Plan, corte: date, cambios: CambiosAnexo, *, como_version: bool = False):
        self.libro, self.plan, self.corte, self.cambios = libro, plan, corte, cambios
        self.seguimiento = Seguimiento(plan)
        self.resultado = self.seguimiento.al_corte(corte)
        self.existentes = _objetos_por_codigo(self.seguimiento.catalogo)
        self.unidades = {r.sigla.upper(): r.sigla for r in Responsable.objects.all()}
        self.meses_libro = frozenset(libro.meses.values())
        self.corte_cerrado = mes_cerrado(plan, corte)
        self.en_curso = not como_version and _en_curso(plan, self.seguimiento)

    def error(self, mensaje: str, leida: FilaLeida, columna: str) -> None:
        self.libro.error(mensaje, fila=leida.fila, columna=self.libro.columnas.get(columna))

    def comparar(self, leida: FilaLeida) -> CambioFila | None:
        existente = self.existentes.get(leida.codigo)
        if not self._valida(leida, existente):
            return None
        es_hoja = leida.es_hoja and not (isinstance(existente, Actividad) and cargados(existente, "subactividades"))
        cambio = CambioFila(leida, CREAR if existente is None else DEJAR, es_hoja=es_hoja)
        nombre_actual = formato.limpiar(existente.nombre) if existente else ""
        if leida.nombre != nombre_actual:
            cambio.campos.append(CambioCampo("nombre", nombre_actual, leida.nombre))
        if leida.nivel != "componente":
            actuales = tuple(r.sigla for r in existente.responsables_efectivos()) if existente else ()
            siglas = tuple(self.unidades[s] for s in leida.siglas)
            if set(siglas) != set(actuales):
                cambio.campos.append(CambioCampo("responsables", _texto_siglas(actuales), _texto_siglas(siglas)))
        if es_hoja:
            self._comparar_hoja(leida, existente, cambio)
        if existente is None and self.en_curso:  # una fila nueva: se muestra, no se crea
            cambio.campos = [CambioCampo(c.campo, c.antes, c.despues, f"fila nueva: {REPROGRAMACION}") for c in cambio.campos]
            cambio.accion = DEJAR
        if cambio.aplicables and existente is not None:
            cambio.accion = CAMBIAR
        return cambio

    def _comparar_hoja(self, leida: FilaLeida, existente, cambio: CambioFila) -> None:
        clave = _clave_de(existente) if existente else None
        # Solo se comparan los meses que el libro muestra: los demás meses programados quedan como están.
        actuales = self.seguimiento.programacion.get(clave, set()) & self.meses_libro if clave else set()
        if set(leida.meses) != actuales:
            cambio.campos.append(CambioCampo("meses programados", _texto_meses(actuales), _texto_meses(leida.meses),
                                             REPROGRAMACION if self.en_curso else ""))
        if leida.avance is None:
            return
        ejecutado = self.resultado.por_hoja[clave].ejecutado if clave else None
        if ejecutado is None or leida.avance != ejecutado:
            # Un solo formato de número en toda la aplicación: «60,0 %» (issue 14).
            antes = texto_porcentaje(ejecutado) if ejecutado is not None else "sin registro"
            # Un mes cerrado no cambia (la confirmación lo rechazaría): se muestra rechazado y no se ofrece.
            rechazo = (f"{nombre_mes(self.corte)} está cerrado: pida a la coordinación que lo reabra si hay que "
                       "corregirlo" if self.corte_cerrado else "")
            cambio.campos.append(CambioCampo(f"% avance a {nombre_mes(self.corte)}", antes,
                                             texto_porcentaje(leida.avance), rechazo))

    def _valida(self, leida: FilaLeida, existente) -> bool:
        """Errores que dependen del plan: unidades desconocidas, nombres largos, hojas que dejarían de serlo."""
        bien = True
        desconocidas = [s for s in leida.siglas if s not in self.unidades]
        if desconocidas:
            self.error(f"Unidad desconocida: {', '.join(desconocidas)}. Las unidades válidas son "
                       f"{', '.join(sorted(self.unidades.values()))}.", leida, "responsable")
            bien = False
        if len(leida.nombre) > LARGO_NOMBRE:
            self.error(f"El nombre tiene {len(leida.nombre)} caracteres; el máximo es {LARGO_NOMBRE}.", leida, "nombre")
            bien = False
        if isinstance(existente, Actividad) and not leida.es_hoja and not cargados(existente, "subactividades"):
            clave = ClaveFila(existente.id)
            if self.seguimiento.programacion.get(clave) or self.seguimiento.registros.get(clave):
                self.error(f"La actividad {leida.codigo} ya tiene meses programados o avance registrado: "
                           "no se le pueden agregar subactividades desde el libro.", leida, "codigo")
                bien = False
        if leida.es_hoja and leida.avance is not None:
            bien = self._corte_valido(leida) and bien
        return bien

    def _corte_valido(self, leida: FilaLeida) -> bool:
        motivo = error_de_mes(self.plan, self.corte)
        if motivo:
            self.error(f"Mes de corte: {motivo} No se puede importar el % AVANCE.", leida, "avance")
            return False
        return True


def _clave_de(objeto) -> ClaveFila | None:
    if isinstance(objeto, Subactividad):
        return ClaveFila(objeto.actividad_id, objeto.id)
    if isinstance(objeto, Actividad):
        return ClaveFila(objeto.id)
    return None


def _meses_fuera_del_plan(libro: LibroLeido, plan: Plan) -> None:
    for columna, mes in libro.meses.items():
        motivo = error_de_mes(plan, mes, iniciado=False)
        if motivo:
            libro.error(motivo, fila=libro.fila_encabezado, columna=columna)


def comparar_con_plan(libro: LibroLeido, plan: Plan, *, corte: date | None = None, nombre_archivo: str = "",
                      como_version: bool = False) -> CambiosAnexo:
    """Los cambios que el libro haría en el plan, con todos los errores encontrados. Sin `como_version`
    (la importación de siempre, que corrige el plan), en un plan en curso los meses programados que cambian
    y las filas nuevas se muestran rechazados: eso lo hace una versión nueva (ver REPROGRAMACION)."""
    corte = libro.corte or corte or mes_por_defecto(plan)
    cambios = CambiosAnexo(plan=plan, nombre_pestana=libro.nombre_pestana, corte=corte, nombre_archivo=nombre_archivo,
                           meses=frozenset(libro.meses.values()))
    if not libro.errores:
        _meses_fuera_del_plan(libro, plan)
    comparador = _Comparador(libro, plan, corte, cambios, como_version=como_version)
    for leida in libro.filas:
        cambio = comparador.comparar(leida)
        if cambio is not None:
            cambios.filas.append(cambio)
    codigos_libro = {f.codigo for f in libro.filas}
    cambios.fuera_del_libro = [c for c in comparador.existentes if c not in codigos_libro]
    cambios.errores = list(libro.errores)
    return cambios


# --- Aplicación ----------------------------------------------------------------------------------

def _guardar(objeto, usuario, cambio: CambioFila, padre_campo: dict) -> object:
    objeto.nombre = cambio.leida.nombre
    for campo, valor in padre_campo.items():
        setattr(objeto, campo, valor)
    objeto.full_clean(validate_constraints=False)
    objeto._history_user = usuario
    objeto.save()
    return objeto


def _aplicar_fila(cambio: CambioFila, objetos: dict, plan: Plan, unidades: dict, usuario) -> None:
    leida = cambio.leida
    objeto = objetos.get(leida.codigo)
    numero = int(leida.codigo.rpartition(".")[2])
    if objeto is None:
        padre = objetos.get(leida.codigo_padre)
        modelo, campos = {
            "componente": (Componente, {"plan": plan}),
            "actividad": (Actividad, {"componente": padre}),
            "subactividad": (Subactividad, {"actividad": padre}),
        }[leida.nivel]
        objeto = modelo(numero=numero, **campos)
    if objeto.pk is None or cambio.cambia("nombre"):
        _guardar(objeto, usuario, cambio, {})
    objetos[leida.codigo] = objeto
    if cambio.cambia("responsables"):
        objeto._history_user = usuario
        objeto.responsables.set([unidades[s] for s in leida.siglas])


def _aplicar_meses(por_fila: list[tuple[CambioFila, Hoja]], plan: Plan, meses_libro: frozenset, usuario) -> None:
    """Los meses programados de todas las filas que cambian: una lectura, un DELETE y un INSERT en bloque
    (con su historia), en vez de unas consultas por fila. Solo se tocan los meses que el libro muestra."""
    claves = {hoja.clave for _, hoja in por_fila}
    # Solo la programación inicial (ver `_en_curso`): cambiarla después es una versión nueva (`--reprogramar`).
    version = version_en_curso(plan)
    actuales: dict[ClaveFila, dict[date, MesProgramado]] = defaultdict(dict)
    for programado in MesProgramado.objects.filter(version=version, mes__in=meses_libro):
        if programado.clave in claves:
            actuales[programado.clave][programado.mes] = programado
    a_borrar, a_crear = [], []
    for cambio, hoja in por_fila:
        existentes = actuales[hoja.clave]
        a_borrar += [programado for mes, programado in existentes.items() if mes not in cambio.leida.meses]
        a_crear += [_mes_programado(hoja, mes, version) for mes in sorted(cambio.leida.meses - set(existentes))]
    _borrar_con_historia(a_borrar, usuario)
    bulk_create_with_history(a_crear, MesProgramado, default_user=usuario)


def _mes_programado(hoja: Hoja, mes: date, version) -> MesProgramado:
    # Con los objetos del catálogo (no solo sus ids) clean() no consulta la base; las llaves foráneas
    # no se revalidan una por una: vienen del catálogo leído en esta misma transacción.
    nuevo = MesProgramado(version=version, actividad=hoja.actividad, subactividad=hoja.subactividad, mes=mes)
    nuevo.full_clean(exclude=["actividad", "subactividad", "version"], validate_constraints=False)
    return nuevo


def _borrar_con_historia(objetos: list, usuario) -> None:
    """Borra los objetos en bloque; la historia de cada uno (la señal post_delete) nombra a `usuario`.

    Un queryset.delete() volvería a leer los objetos y perdería `_history_user`: el Collector de Django
    recibe estas mismas instancias y se las pasa a la señal.
    """
    if not objetos:
        return
    for objeto in objetos:
        objeto._history_user = usuario
    recolector = Collector(using=router.db_for_write(type(objetos[0])))
    recolector.collect(objetos)
    recolector.delete()


def nota_de_importacion(cambios: CambiosAnexo) -> str:
    archivo = f" «{cambios.nombre_archivo}»" if cambios.nombre_archivo else ""
    return f"Importado del Anexo N° 2 en Excel{archivo} (% AVANCE a {nombre_mes(cambios.corte)})."


def aplicar_cambios(cambios: CambiosAnexo, usuario) -> CambiosAnexo:
    """Aplica los cambios validados en una transacción: todos o ninguno. La historia nombra a `usuario`."""
    if not puede_importar_anexo(perfil_de(usuario)):
        raise PermissionDenied("Solo la coordinación y los administradores pueden importar el Anexo N° 2.")
    exigir_abierto(cambios.plan)
    if cambios.errores:
        raise ValidationError("El libro tiene errores: corríjalos y vuelva a subirlo. No se aplicó ningún cambio.")
    plan = cambios.plan
    por_aplicar = [c for c in cambios.filas if c.accion != DEJAR]
    try:
        with transaction.atomic():
            catalogo = Catalogo(plan)
            objetos = _objetos_por_codigo(catalogo)
            unidades = {r.sigla: r for r in Responsable.objects.all()}
            for cambio in por_aplicar:
                _aplicar_fila(cambio, objetos, plan, unidades, usuario)
            if any(c.accion == CREAR for c in por_aplicar):
                catalogo = Catalogo(plan)  # con las filas nuevas; si no hay, el mismo árbol ya renombrado
            hojas = catalogo.hojas_por_codigo
            _aplicar_meses([(c, hojas[c.codigo]) for c in por_aplicar if c.cambia("meses programados")],
                           plan, cambios.meses, usuario)
            registrar_avances_en_bloque(
                valores=[(hojas[c.codigo], c.leida.avance) for c in por_aplicar
                         if c.es_hoja and c.leida.avance is not None and _cambia_avance(c)],
                mes=cambios.corte, comentario=nota_de_importacion(cambios), usuario=usuario,
            )
    except IntegrityError:
        raise ValidationError("Otro usuario cambió el plan mientras se importaba: vuelva a subir el libro.") from None
    return cambios


def _cambia_avance(cambio: CambioFila) -> bool:
    return any(c.campo.startswith("% avance") for c in cambio.aplicables)


def _objetos_por_codigo(catalogo: Catalogo) -> dict[str, object]:
    """Componentes, actividades y subactividades del plan por su código."""
    objetos: dict[str, object] = {c.codigo: c for c in catalogo.componentes}
    for actividad in catalogo.actividades():
        objetos[actividad.codigo] = actividad
        for sub in cargados(actividad, "subactividades"):
            objetos[sub.codigo] = sub
    return objetos

