"""Quién puede hacer qué con qué fila: el único lugar que lo decide. Vistas y escrituras preguntan aquí.

- El personal de una unidad registra avance en las filas hoja de las que su unidad es responsable (las
  unidades propias de la fila, o las heredadas si el documento no le asigna ninguna). El Equipo de
  Trabajo es una unidad más: sus miembros registran en sus filas.
- La coordinación (la unidad de settings.CALIDAD_COORDINADOR, OGPP por defecto) ve todo y registra en
  cualquier fila; también cierra meses, importa el Anexo, reprograma (versiones) y aprueba reportes.
- Los reportes semestrales los lee el personal de cualquier unidad; los textos de cada componente los
  redactan la coordinación o el Equipo de Trabajo; crear, firmar, aprobar y remitir, solo la coordinación.
- Los superusuarios pueden todo. El catálogo se edita en el admin, con los permisos de Django.
- Los revisores (la SGP, la auditoría interna: el grupo de Django «Revisores») ven todos los planes,
  páginas, reportes, exportaciones y evidencias, y no escriben nada: ni aunque además sean de una unidad
  o superusuarios (una cuenta de revisión es de solo lectura).

Las preguntas se hacen sobre un `Perfil`, calculado una vez por petición con `perfil_de(usuario)`
(una consulta), para que recorrer cientos de filas no consulte la base otra vez.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial, wraps

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Subquery
from django.utils.http import url_has_allowed_host_and_scheme

from componentes.catalogo import Hoja
from cronograma import ciclo


GRUPO_REVISORES = "Revisores"  # grupo de Django de las cuentas de solo lectura (SGP, auditoría interna)


@dataclass(frozen=True)
class Perfil:
    usuario_id: int | None
    siglas: frozenset[str]
    superusuario: bool = False
    revisor: bool = False
    avisos_sin_leer: int = 0  # para la cabecera: viene en la misma consulta del perfil (issue 23)

    @property
    def activo(self) -> bool:
        return self.usuario_id is not None

    @property
    def escribe(self) -> bool:
        """¿Puede escribir algo? Un revisor nunca."""
        return self.activo and not self.revisor

    @property
    def coordinador(self) -> bool:
        return self.escribe and (self.superusuario or settings.CALIDAD_COORDINADOR in self.siglas)


ANONIMO = Perfil(usuario_id=None, siglas=frozenset())


def perfil_de(usuario) -> Perfil:
    if not usuario.is_authenticated or not usuario.is_active:
        return ANONIMO
    from cronograma.seguimiento.models import Aviso  # los modelos importan, indirectamente, este módulo

    # Unidades, grupos y avisos sin leer en una sola consulta (dos LEFT JOIN y una subconsulta): la
    # navegación de cada página la hace.
    sin_leer = (Aviso.objects.filter(usuario=OuterRef("pk"), leido_en__isnull=True).order_by()
                .values("usuario").annotate(cuenta=Count("pk")).values("cuenta"))
    filas = (get_user_model().objects.filter(pk=usuario.pk)
             .annotate(sin_leer=Subquery(sin_leer)).values_list("responsables__sigla", "groups__name", "sin_leer"))
    siglas = frozenset(sigla for sigla, _, _ in filas if sigla)
    revisor = any(grupo == GRUPO_REVISORES for _, grupo, _ in filas)
    avisos = next((cuenta or 0 for _, _, cuenta in filas), 0)
    return Perfil(usuario_id=usuario.pk, siglas=siglas, superusuario=usuario.is_superuser, revisor=revisor,
                  avisos_sin_leer=avisos)


def perfil_de_peticion(request) -> Perfil:
    """El perfil del usuario de la petición: el que dejó PerfilMiddleware, o uno nuevo si no pasó por él."""
    perfil = getattr(request, "perfil", None)
    if perfil is None:
        return perfil_de(request.user)
    # request.perfil es perezoso y cada atributo pasa por el proxy: la grilla pregunta por miles de filas.
    return Perfil(usuario_id=perfil.usuario_id, siglas=perfil.siglas, superusuario=perfil.superusuario,
                  revisor=perfil.revisor, avisos_sin_leer=perfil.avisos_sin_leer)


def es_responsable_de(perfil: Perfil, hoja: Hoja) -> bool:
    """¿Es el usuario miembro de alguna unidad responsable de la fila?"""
    return perfil.escribe and any(r.sigla in perfil.siglas for r in hoja.responsables)


def registro_de(perfil: Perfil) -> Callable[[Hoja], bool]:
    """La regla de en qué filas registra el usuario, con el perfil fijo: lo que no depende de la fila (si
    escribe, si es la coordinación, que lee settings) se pregunta una vez. La única casa de esa regla."""
    if not perfil.escribe:
        return _nunca
    if perfil.coordinador:
        return _siempre
    return partial(es_responsable_de, perfil)


def puede_registrar_avance(perfil: Perfil, hoja: Hoja) -> bool:
    return registro_de(perfil)(hoja)


def puede_escribir_celda(perfil: Perfil, hoja: Hoja, mes, cerrados) -> bool:
    """¿Puede registrar (o adjuntar evidencias) en la celda `hoja` × `mes`? La unidad la decide aquí; el
    mes (ya empezado, abierto, plan no archivado), `cronograma.ciclo`. `cerrados`: `cierres.meses_cerrados(plan)`,
    leído una vez por página."""
    return puede_registrar_avance(perfil, hoja) and ciclo.se_escribe_en(hoja.componente.plan, mes, cerrados=cerrados)


def escritura_del_mes(perfil: Perfil, mes, cerrados, *, plan=None) -> Callable[[Hoja], bool]:
    """`puede_escribir_celda` con el mes fijo, para recorrer miles de filas (la grilla): lo que no depende
    de la fila (mes empezado y abierto, ser la coordinación) se pregunta una vez, no una por fila (leer la
    hora local costaba unos 10 µs cada vez: 1,4 s en la grilla de 7.000 filas × 24 meses). Con `plan`
    (las filas son todas de él: la hoja del mes), también el plan se pregunta una vez, como en
    `puede_escribir_celda` (archivado, mes fuera de su periodo)."""
    abierto = (ciclo.se_escribe_en(plan, mes, cerrados=cerrados) if plan is not None
               else ciclo.mes_iniciado(mes) and mes not in cerrados)  # el mes lo decide cronograma.ciclo
    return registro_de(perfil) if abierto else _nunca


def _nunca(hoja: Hoja) -> bool:
    return False


def _siempre(hoja: Hoja) -> bool:
    return True


def hojas_editables(perfil: Perfil, hojas: list[Hoja]) -> list[Hoja]:
    """Las filas en que el usuario puede registrar (`puede_registrar_avance`): todas para la coordinación.
    Lo que no depende de la fila se pregunta una vez (`registro_de`)."""
    return list(filter(registro_de(perfil), hojas))


def unidades_donde_registra(perfil: Perfil) -> frozenset[str] | None:
    """Las siglas de las unidades en cuyas filas registra el usuario (las de `puede_registrar_avance`): None
    si en todas (la coordinación); ninguna si no escribe (un revisor). Para no leer más filas que esas."""
    if not perfil.escribe:
        return frozenset()
    return None if perfil.coordinador else perfil.siglas


def puede_ver_todo(perfil: Perfil) -> bool:
    """La coordinación sigue el plan completo (tablero, pendientes de todas las unidades); el revisor lo lee."""
    return perfil.coordinador or (perfil.activo and perfil.revisor)


def puede_cerrar_mes(perfil: Perfil) -> bool:
    return perfil.coordinador


def puede_ver_cierres(perfil: Perfil) -> bool:
    """La página de cierres: la coordinación la usa; el revisor ve el estado de cada mes, sin formularios."""
    return puede_cerrar_mes(perfil) or puede_ver_todo(perfil)


def puede_importar_anexo(perfil: Perfil) -> bool:
    return perfil.coordinador


def puede_reprogramar(perfil: Perfil) -> bool:
    """Crear, editar, aprobar o descartar versiones del plan; los demás las leen."""
    return perfil.coordinador


def puede_editar_reporte(perfil: Perfil) -> bool:
    """Crear, firmar, aprobar y registrar la remisión de un reporte semestral."""
    return perfil.coordinador


def puede_adjuntar_evidencia(perfil: Perfil, hoja: Hoja) -> bool:
    """Adjuntar o retirar medios de verificación: quien puede registrar el avance de la fila."""
    return puede_registrar_avance(perfil, hoja)


def puede_descargar_evidencia(perfil: Perfil) -> bool:
    """Los medios de verificación los lee cualquier usuario con sesión (la auditoría es transversal)."""
    return perfil.activo


def puede_ver_reportes(perfil: Perfil) -> bool:
    """El personal de cualquier unidad lee los reportes semestrales."""
    return perfil.activo and (perfil.coordinador or perfil.revisor or bool(perfil.siglas))


def puede_redactar_reporte(perfil: Perfil) -> bool:
    """Logros, dificultades y medidas correctivas: la coordinación o el Equipo de Trabajo."""
    return perfil.escribe and (perfil.coordinador or settings.CALIDAD_EQUIPO_DE_TRABAJO in perfil.siglas)


def puede_crear_plan(perfil: Perfil) -> bool:
    """Crear un plan (desde un libro del Anexo o copiando otro), archivarlo, marcarlo vigente: la coordinación."""
    return perfil.coordinador


def cualquier_usuario(perfil: Perfil) -> bool:
    """Páginas que lee toda persona con sesión (lo que cada una puede hacer ahí se decide fila por fila)."""
    return perfil.activo


def pendientes_visibles(perfil: Perfil) -> frozenset[str] | None:
    """De qué unidades ve pendientes el usuario: None = todas (la coordinación); si no, las suyas."""
    return None if puede_ver_todo(perfil) else perfil.siglas


@dataclass(frozen=True)
class LoQuePuede:
    """Lo que el usuario puede hacer, ya respondido, para la navegación y las plantillas (que no deciden)."""

    ver_todo: bool
    cerrar_mes: bool
    ver_cierres: bool
    importar_anexo: bool
    editar_reporte: bool
    ver_reportes: bool


def lo_que_puede(perfil: Perfil) -> LoQuePuede:
    return LoQuePuede(
        ver_todo=puede_ver_todo(perfil),
        cerrar_mes=puede_cerrar_mes(perfil),
        ver_cierres=puede_ver_cierres(perfil),
        importar_anexo=puede_importar_anexo(perfil),
        editar_reporte=puede_editar_reporte(perfil),
        ver_reportes=puede_ver_reportes(perfil),
    )


def acceso(pregunta, mensaje: str = "No tiene permiso para ver esta página."):
    """Declara quién abre una vista: `@acceso(puede_cerrar_mes)`. Los demás reciben 403.

    La vista queda marcada con `acceso = pregunta`: tests/test_seguridad.py recorre todas las URL, exige
    que cada vista tenga su declaración y comprueba con cada rol que la respuesta coincide con lo que la
    pregunta contesta. Una vista sin declaración hace fallar esa prueba.
    """

    def decorador(vista):
        @wraps(vista)
        def envoltura(request, *args, **kwargs):
            if not pregunta(perfil_de_peticion(request)):
                raise PermissionDenied(mensaje)
            return vista(request, *args, **kwargs)

        envoltura.acceso = pregunta
        return envoltura

    return decorador


def contexto(request):
    """Procesador de contexto: el perfil y lo que puede hacer, para la navegación de base.html."""
    perfil = perfil_de_peticion(request)
    return {"perfil": perfil, "puede": lo_que_puede(perfil)}


# --- Adónde volver tras un envío ------------------------------------------------------------------

LARGO_MAXIMO_DESTINO = 2000


def destino_seguro(request, destino, por_defecto: str) -> str:
    """Adónde volver tras un envío (`siguiente=`): solo una ruta absoluta de este sitio.

    `redirect()` trata un texto sin "/" como el nombre de una vista (un «siguiente=-5» daba un 500), y
    `url_has_allowed_host_and_scheme` admite rutas relativas: por eso se exige además que empiece con "/"."""
    destino = destino if isinstance(destino, str) else ""
    if (
        destino.startswith("/")
        and len(destino) <= LARGO_MAXIMO_DESTINO
        and "\x00" not in destino
        and url_has_allowed_host_and_scheme(destino, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    ):
        return destino
    return por_defecto


# --- Seguimiento (issue 23): compromisos, observaciones, avisos ------------------------------------------

def puede_ver_compromisos(perfil: Perfil) -> bool:
    """La matriz de compromisos la lee toda persona con sesión (unidades, coordinación, revisores)."""
    return perfil.activo


def puede_gestionar_compromisos(perfil: Perfil) -> bool:
    """Crear, editar y verificar compromisos (solo la coordinación los da por cumplidos)."""
    return perfil.coordinador


def puede_actualizar_compromiso(perfil: Perfil, siglas) -> bool:
    """La coordinación, o una unidad dueña del compromiso (`siglas`: las de sus unidades responsables)."""
    return perfil.escribe and (perfil.coordinador or any(sigla in perfil.siglas for sigla in siglas))


def puede_observar(perfil: Perfil) -> bool:
    """Observar un avance o darlo por conforme: solo la coordinación."""
    return perfil.coordinador


def puede_responder_observacion(perfil: Perfil, hoja: Hoja) -> bool:
    """Responder una observación: solo una unidad responsable de la fila."""
    return es_responsable_de(perfil, hoja)


def puede_ver_avisos(perfil: Perfil) -> bool:
    """Cada persona ve y marca sus propios avisos (también un revisor: marcar leído no cambia el plan)."""
    return perfil.activo
