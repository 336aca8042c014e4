"""El recorrido del espacio de estados (issue 21): un mundo con planes en cada situación y un rastreador que
lo visita como cada rol. Reutilizable: `recorrer` da (rol, dirección, respuesta) y no afirma nada; las
pruebas (tests/test_recorrido.py; axe en el navegador, tests/browser/test_accesibilidad_recorrido.py)
deciden qué mirar.

El mundo (`armar_mundo`):
- planes *terminado* (el vigente, oct-2020 a mar-2021: dos meses cerrados, versión del documento sin
  aprobador, una versión aprobada, un borrador; reportes en borrador, aprobado y remitido; una evidencia),
  *en curso* (desde hace dos meses: un mes cerrado, otro abierto, el mes actual en curso), *por iniciar*
  (empieza el mes que viene, con su primer mes programado) y *archivado* (con avance);
- usuarios de cada rol: coordinación, unidad, revisor, superusuario.

Las direcciones salen de dos fuentes: los enlaces (a[href]) y los formularios GET que se alcanzan desde
la portada de cada rol, y TODOS los patrones del resolvedor de URL llenados con los ids del mundo
(`direcciones_del_resolvedor`): un patrón nuevo se recorre sin que nadie lo liste, y un parámetro de URL
que el mundo no sabe llenar hace fallar la prueba (`ParametroDesconocido`) en vez de saltarse la página.
"""

from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlencode, urljoin, urlsplit

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver

from componentes.meses import anterior, siguiente
from componentes.models import Plan, Responsable
from componentes.planes import archivar_plan
from cronograma import ciclo
from cronograma.mensual.cierres import cerrar_mes
from cronograma.mensual.evidencias import adjuntar_evidencia
from cronograma.models import Avance, Evidencia, Reporte, VersionPlan
from cronograma.permisos import GRUPO_REVISORES
from cronograma.reportes import flujo
from cronograma.reprogramacion.versiones import aprobar_version, crear_borrador
from cronograma.seguimiento.compromisos import crear_compromiso
from cronograma.seguimiento.models import Aviso, EvidenciaCompromiso
from tests.cronograma.reportes.escenario import armar_escenario, firmar_y_aprobar
from tests.factories import crear_actividad, crear_componente, crear_plan, crear_subactividad, crear_usuario, programar, registrar

ROLES = ("coordinacion", "unidad", "revisor", "superusuario")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@dataclass
class Mundo:
    planes: dict[str, Plan]  # situación → plan («terminado», «en_curso», «por_iniciar», «archivado»)
    usuarios: dict[str, object]  # rol → usuario
    avances: list[int] = field(default_factory=list)
    evidencias: list[int] = field(default_factory=list)
    reportes: list[int] = field(default_factory=list)
    versiones: dict[int, list[int]] = field(default_factory=dict)  # plan → números de versión
    codigos: dict[int, list[str]] = field(default_factory=dict)  # plan → códigos de fila
    compromisos: list[int] = field(default_factory=list)
    evidencias_de_compromisos: list[int] = field(default_factory=list)
    avisos: list[int] = field(default_factory=list)

    def plan(self, plan_id: int) -> Plan | None:
        return next((p for p in self.planes.values() if p.pk == plan_id), None)


def _plan_chico(servicio: str, inicio: date, fin: date, *, meses: list[date], vigente=False) -> Plan:
    plan = crear_plan(mes_inicio=inicio, mes_fin=fin, servicio=servicio, vigente=vigente)
    actividad = crear_actividad(crear_componente(plan, 1, "Conocer las necesidades"), 1, unidades=("SDLGAT",))
    crear_subactividad(actividad, 1, nombre="Redactar preguntas")
    crear_subactividad(actividad, 2, unidades=("OGPP",), nombre="Validar")
    crear_actividad(crear_componente(plan, 2, "Identificar el valor"), 1, unidades=("SDLGAT",))
    programar(plan, "1.1.1", *meses[:2])
    programar(plan, "1.1.2", *meses[1:3])
    programar(plan, "2.1", *meses[:1])
    return plan


def armar_mundo(*, media_root=None) -> Mundo:
    escenario = armar_escenario()  # oct-2020 a mar-2021, vigente, con avance
    terminado = escenario.plan
    coordinacion = escenario.coordinador
    unidad = crear_usuario("unidad", unidades=("SDLGAT",))
    revisor = crear_usuario("revisor")
    revisor.groups.add(Group.objects.get_or_create(name=GRUPO_REVISORES)[0])
    superusuario = crear_usuario("admin", is_superuser=True, is_staff=True)

    # Terminado: meses cerrados y abiertos, versiones (documento sin aprobador, aprobada, borrador), reportes.
    evidencia = adjuntar_evidencia(avance=Avance.objects.filter(actividad__componente__plan=terminado).first(),
                                   archivo=SimpleUploadedFile("acta.pdf", PDF), usuario=coordinacion)
    for mes in (date(2020, 10, 1), date(2020, 11, 1)):
        cerrar_mes(plan=terminado, mes=mes, usuario=coordinacion)
    aprobar_version(version=crear_borrador(plan=terminado, usuario=coordinacion), motivo="Reprogramación.",
                    vigente_desde=date(2021, 1, 1), usuario=coordinacion)
    crear_borrador(plan=terminado, usuario=coordinacion)
    en_borrador = flujo.crear_reporte(plan=terminado, desde=date(2020, 10, 1), hasta=date(2021, 3, 1), usuario=coordinacion)
    aprobado = firmar_y_aprobar(escenario, flujo.crear_reporte(plan=terminado, desde=date(2020, 10, 1),
                                                              hasta=date(2020, 12, 1), usuario=coordinacion))
    remitido = firmar_y_aprobar(escenario, flujo.crear_reporte(plan=terminado, desde=date(2020, 10, 1),
                                                              hasta=date(2020, 11, 1), usuario=coordinacion))
    flujo.registrar_remision(reporte=remitido, usuario=coordinacion, fecha_remision=ciclo.hoy(), numero_oficio="Oficio 1")
    # Seguimiento (issue 23): un compromiso de una medida del reporte aprobado; los avisos los dejó la aprobación.
    compromiso = crear_compromiso(reporte=aprobado, texto="Completar el taller pendiente.",
                                  responsables=Responsable.objects.filter(sigla="SDLGAT"),
                                  mes_limite=date(2021, 3, 1), usuario=coordinacion)

    # En curso: desde hace dos meses; el primero cerrado, el segundo abierto, el actual en curso.
    actual = ciclo.mes_actual()
    hace_dos, hace_uno = anterior(anterior(actual)), anterior(actual)
    en_curso = _plan_chico("Plan en curso", hace_dos, siguiente(siguiente(siguiente(actual))),
                           meses=[hace_dos, hace_uno, actual])
    registrar(en_curso, "1.1.1", hace_dos, 40, "Avance de prueba")
    registrar(en_curso, "2.1", hace_uno, 100)
    cerrar_mes(plan=en_curso, mes=hace_dos, usuario=coordinacion)

    # Por iniciar: empieza el mes que viene (el caso de la CUL 2027), con su primer mes programado.
    inicio = siguiente(actual)
    por_iniciar = _plan_chico("Plan por iniciar", inicio, siguiente(siguiente(inicio)),
                              meses=[inicio, siguiente(inicio), siguiente(siguiente(inicio))])

    # Archivado: un plan de 2019 con avance.
    archivado = _plan_chico("Plan archivado", date(2019, 1, 1), date(2019, 6, 1),
                            meses=[date(2019, 1, 1), date(2019, 2, 1), date(2019, 3, 1)])
    registrar(archivado, "1.1.1", date(2019, 2, 1), 30, "Avance de 2019")
    archivar_plan(plan=archivado, usuario=coordinacion)

    planes = {"terminado": terminado, "en_curso": en_curso, "por_iniciar": por_iniciar, "archivado": archivado}
    for plan in planes.values():
        plan.refresh_from_db()
    assert {ciclo.situacion(p).value for p in planes.values()} == {"terminado", "en_curso", "por_iniciar", "archivado"}
    from componentes.catalogo import Catalogo

    return Mundo(
        planes=planes,
        usuarios={"coordinacion": coordinacion, "unidad": unidad, "revisor": revisor, "superusuario": superusuario},
        avances=list(Avance.objects.values_list("pk", flat=True)),
        evidencias=[evidencia.pk, *Evidencia.objects.exclude(pk=evidencia.pk).values_list("pk", flat=True)],
        reportes=[en_borrador.pk, aprobado.pk, remitido.pk],
        versiones={p.pk: list(VersionPlan.objects.filter(plan=p).values_list("numero", flat=True)) for p in planes.values()},
        codigos={p.pk: [h.codigo for h in Catalogo(p).hojas][:2] for p in planes.values()},
        compromisos=[compromiso.pk],
        evidencias_de_compromisos=list(EvidenciaCompromiso.objects.values_list("pk", flat=True)),
        avisos=list(Aviso.objects.values_list("pk", flat=True)[:3]),
    )


# --- Las direcciones del resolvedor ----------------------------------------------------------------

class ParametroDesconocido(AssertionError):
    """Un patrón de URL pide un parámetro que el mundo no sabe llenar: agréguelo a `_valores`."""


# Espacios de nombres que no son de la aplicación (el admin de Django se prueba en sus propias pruebas).
_FUERA = ("admin",)


def _patrones(resolvedor=None, prefijo="", parametros=()) -> Iterator[tuple[str, URLPattern, tuple[str, ...]]]:
    """(ruta completa, patrón, nombres de sus parámetros, también los de los `include` que lo contienen)."""
    resolvedor = resolvedor or get_resolver()
    for patron in resolvedor.url_patterns:
        propios = tuple(getattr(patron.pattern, "converters", {}))
        if isinstance(patron, URLResolver):
            if patron.namespace in _FUERA:
                continue
            yield from _patrones(patron, prefijo + str(patron.pattern), parametros + propios)
        else:
            yield prefijo + str(patron.pattern), patron, parametros + propios


def _valores(ruta: str, parametro: str, mundo: Mundo, plan: Plan | None) -> list:
    # `plan`: el del `plan_id` ya elegido (los parámetros se llenan en orden; plan_id va primero).
    """Con qué llenar `parametro` en `ruta`: ids del mundo (y uno que no existe, que debe dar 404, nunca 500)."""
    if parametro == "plan_id":
        return [p.pk for p in mundo.planes.values()]
    if parametro == "numero":
        return (mundo.versiones.get(plan.pk, []) if plan else [1]) + [999]
    if parametro == "codigo":
        return (mundo.codigos.get(plan.pk, []) if plan else ["1.1.1"]) + ["9.9.9"]
    if parametro == "pk":
        if "evidencias/" in ruta:
            return mundo.evidencias + [999999]
        if "avances/" in ruta:
            return mundo.avances[:3] + [999999]
        if "reportes/" in ruta:
            return mundo.reportes + [999999]
    # Los del seguimiento (issue 23) y los que nombran su objeto: ids del mundo y uno que no existe.
    if parametro == "reporte_id":
        return mundo.reportes + [999999]
    if parametro == "avance_id":
        return mundo.avances[:3] + [999999]
    if parametro == "compromiso_id":
        return mundo.compromisos + [999999]
    if parametro == "evidencia_id":
        return mundo.evidencias_de_compromisos + [999999]
    if parametro == "aviso_id":
        return mundo.avisos + [999999]
    if parametro in ("uidb64", "token"):
        return []
    raise ParametroDesconocido(f"El patrón «{ruta}» pide «{parametro}»: enseñe al recorrido con qué llenarlo.")


def _llenar(ruta: str, parametros: tuple[str, ...], mundo: Mundo) -> list[dict]:
    """Cada combinación de valores de los parámetros del patrón (los de un plan, con los ids de ese plan)."""
    parametros = sorted(parametros, key=lambda p: p != "plan_id")
    combinaciones = [{}]
    for parametro in parametros:
        combinaciones = [{**c, parametro: v} for c in combinaciones
                         for v in _valores(ruta, parametro, mundo, mundo.plan(c["plan_id"]) if "plan_id" in c else None)]
    return combinaciones


def direcciones_del_resolvedor(mundo: Mundo) -> list[tuple[str, Plan | None]]:
    """Cada patrón de URL de la aplicación, llenado con los ids del mundo: (dirección, plan que nombra).
    Las páginas de un plan llevan `plan_id` (planes/<int:plan_id>/…); las demás son globales."""
    direcciones: list[tuple[str, Plan | None]] = []
    for ruta, patron, parametros in _patrones():
        if "(?P<path>" in patron.pattern.regex.pattern:
            continue
        con_plan = "plan_id" in parametros
        for valores in _llenar(ruta, parametros, mundo):
            plan = mundo.plan(valores["plan_id"]) if con_plan else None
            direcciones.append(("/" + _sustituir(ruta, valores), plan))
    return direcciones


def _sustituir(ruta: str, valores: dict) -> str:
    import re

    def reemplazo(coincidencia):
        return str(valores[coincidencia.group(2)])

    return re.sub(r"<(?:(\w+):)?(\w+)>", reemplazo, ruta).lstrip("^").rstrip("$")


# --- El rastreador ---------------------------------------------------------------------------------

class _Enlaces(HTMLParser):
    """a[href] y formularios GET (con los valores por defecto de sus campos) de una página."""

    def __init__(self):
        super().__init__()
        self.enlaces: list[str] = []
        self._formulario = None

    def handle_starttag(self, etiqueta, atributos):
        atributos = dict(atributos)
        if etiqueta == "a" and atributos.get("href"):
            self.enlaces.append(atributos["href"])
        elif etiqueta == "form" and (atributos.get("method") or "get").lower() == "get":
            self._formulario = {"action": atributos.get("action") or "", "campos": {}}
        elif self._formulario is not None and etiqueta in ("input", "select") and atributos.get("name"):
            if atributos.get("type") in ("submit", "button", "checkbox", "radio", "file"):
                return
            self._formulario["campos"].setdefault(atributos["name"], atributos.get("value") or "")
        elif self._formulario is not None and etiqueta == "option" and "selected" in atributos:
            pass

    def handle_endtag(self, etiqueta):
        if etiqueta == "form" and self._formulario is not None:
            campos = {k: v for k, v in self._formulario["campos"].items() if v}
            self.enlaces.append(self._formulario["action"] + ("?" + urlencode(campos) if campos else ""))
            self._formulario = None


def _internas(base: str, html: str) -> list[str]:
    lector = _Enlaces()
    lector.feed(html)
    salida = []
    for enlace in lector.enlaces:
        url, _ = urldefrag(urljoin(base, enlace))
        partes = urlsplit(url)
        if partes.scheme not in ("", "http") or partes.netloc not in ("", "testserver"):
            continue
        ruta = partes.path + (f"?{partes.query}" if partes.query else "")
        if ruta.startswith(("/admin/", "/static/", "/cuentas/")):
            continue
        salida.append(ruta)
    return salida


def recorrer(client, mundo: Mundo, rol: str, *, maximo_enlazadas: int = 150, del_resolvedor: bool = True,
             saltar: Callable[[str], bool] | None = None) -> Iterator[tuple[str, str, object]]:
    """Visita como `rol` las páginas enlazadas desde su portada (a lo ancho, hasta `maximo_enlazadas`) y
    después cada dirección del resolvedor; da (rol, dirección, respuesta). No sigue redirecciones: la
    redirección misma es la respuesta, y su destino se visita como enlace. `saltar(dirección)`, si se da,
    se consulta justo antes de pedir cada dirección: si dice que sí, no se pide (ni se siguen sus enlaces);
    así quien ya vio una página de esa clase se ahorra las demás (tests/browser/test_accesibilidad_recorrido.py)."""
    saltar = saltar or (lambda url: False)
    client.force_login(mundo.usuarios[rol])
    vistas: set[str] = set()
    pedidas = 0
    cola = deque(["/"])
    while cola and pedidas < maximo_enlazadas:
        url = cola.popleft()
        if url in vistas:
            continue
        vistas.add(url)
        if saltar(url):
            continue
        pedidas += 1
        respuesta = client.get(url)
        yield rol, url, respuesta
        if respuesta.status_code in (301, 302) and respuesta.get("Location"):
            cola.append(urljoin(url, respuesta["Location"]))
        elif respuesta.status_code == 200 and "text/html" in respuesta.get("Content-Type", ""):
            cola.extend(u for u in _internas(url, respuesta.content.decode()) if u not in vistas)
    if del_resolvedor:
        for url, _ in direcciones_del_resolvedor(mundo):
            if url not in vistas:
                vistas.add(url)
                if not saltar(url):
                    yield rol, url, client.get(url)


# Páginas globales (de todos los planes o de la cuenta) aunque se pidan bajo /planes/<id>/.
_GLOBALES = ("planes", "cuentas", "archivar-plan", "marcar-vigente")


def plan_de_la_direccion(url: str, mundo: Mundo) -> Plan | None:
    """El plan cuya página es la dirección /planes/<id>/… (None para las globales)."""
    partes = urlsplit(url).path.strip("/").split("/")
    if len(partes) >= 2 and partes[0] == "planes" and partes[1].isdigit():
        if len(partes) >= 3 and partes[2] in _GLOBALES:
            return None
        return mundo.plan(int(partes[1]))
    return None
