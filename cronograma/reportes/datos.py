"""El reporte semestral para la SGP: sus datos y su foto congelada. No sabe de HTML, PDF ni Excel.

Las cifras salen solo de avance.py, leídas al mes de corte (`hasta`) con el libro de avances limitado
a los meses ≤ hasta: lo que se sabía a ese corte. Un borrador siempre muestra cifras vivas; desde la
aprobación el reporte se muestra desde `Reporte.cifras`, la foto que `congelar` guardó, y nunca desde
la base: una corrección posterior del avance no cambia lo que ya se aprobó o remitió.

La foto guarda todo lo que viene de fuera del reporte (cabecera del plan, nombres, cifras, comentarios);
los textos y la firma son del propio reporte y dejan de poder editarse al aprobarlo.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError

from componentes.meses import anterior, clave_mes, leer_mes, meses_entre, nombre_mes
from componentes.models import Plan
from cronograma import ciclo
from cronograma.avance import Cifras, PuntoCurva, Seguimiento
from cronograma.models import Reporte, ReporteComponente
from cronograma.periodo import mes_por_defecto, validar_mes

FORMATO_FOTO = 2  # sube si cambia la forma de `Reporte.cifras` (2: la curva guarda solo programado y ejecutado)
FORMATOS_LEGIBLES = {1, 2}  # las fotos de formato 1 siguen leyéndose (ver _punto_de_json)
MESES_DEL_SEMESTRE = 6
_CAMPOS_IDENTIFICACION = ("entidad", "objetivo", "servicio", "caracter", "alcance", "version", "fecha")


@dataclass(frozen=True)
class Identificacion:
    entidad: str
    objetivo: str
    servicio: str
    caracter: str
    alcance: str
    version: str
    fecha: str
    desde: date
    hasta: date

    @property
    def periodo(self) -> str:
        return f"{nombre_mes(self.desde)} – {nombre_mes(self.hasta)}"

    @property
    def corte(self) -> str:
        return nombre_mes(self.hasta)


@dataclass(frozen=True)
class FilaReporte:
    """Una actividad (o fila hoja) del reporte con sus cifras al corte."""

    codigo: str
    nombre: str
    siglas: str
    cifras: Cifras


@dataclass(frozen=True)
class ComponenteReporte:
    id: int
    codigo: str
    nombre: str
    cifras: Cifras
    actividades: tuple[FilaReporte, ...]

    @property
    def titulo(self) -> str:
        return f"Componente {self.codigo}: {self.nombre}"


@dataclass(frozen=True)
class Retrasada:
    """Una fila hoja Retrasada al corte, con su último comentario hasta ese mes."""

    fila: FilaReporte
    comentario: str
    mes_comentario: date | None

    @property
    def nombre_mes_comentario(self) -> str:
        return nombre_mes(self.mes_comentario) if self.mes_comentario else ""


@dataclass(frozen=True)
class VersionDelPeriodo:
    """Una versión del plan que rigió en algún mes del periodo del reporte, con su sustento."""

    numero: int
    fecha: str  # "Nov-20"
    vigente_desde: date
    motivo: str
    desde: date  # primer mes del periodo del reporte en que rigió
    hasta: date  # último

    @property
    def texto_meses(self) -> str:
        return nombre_mes(self.desde) if self.desde == self.hasta else f"{nombre_mes(self.desde)} a {nombre_mes(self.hasta)}"


@dataclass(frozen=True)
class Cabecera:
    """La cabecera institucional del documento (settings CALIDAD_ENTIDAD, _OFICINA, _NOMBRE_DEL_ANIO)."""

    entidad: str = ""
    oficina: str = ""
    nombre_del_anio: str = ""


def cabecera_configurada() -> Cabecera:
    return Cabecera(settings.CALIDAD_ENTIDAD.strip(), settings.CALIDAD_OFICINA.strip(),
                    settings.CALIDAD_NOMBRE_DEL_ANIO.strip())


@dataclass(frozen=True)
class CifrasReporte:
    """Todo lo que el reporte toma del plan y de su avance: lo que se congela al aprobar."""

    identificacion: Identificacion
    plan: Cifras
    componentes: tuple[ComponenteReporte, ...]
    curva: tuple[PuntoCurva, ...]
    retrasadas: tuple[Retrasada, ...]
    cabecera: Cabecera = Cabecera()  # fotos anteriores a la cabecera configurable: vacía
    versiones: tuple[VersionDelPeriodo, ...] = ()  # las que rigieron en el periodo (fotos viejas: ninguna)
    linea_base: Cifras | None = None  # el plan al corte medido con la primera versión, si hubo otras
    # Seguimiento (issue 23): compromisos abiertos al empezar el periodo y qué pasó con cada uno, y los
    # registros observados aún abiertos (fotos anteriores: ninguno / sin dato).
    compromisos: tuple = ()
    observadas_abiertas: int | None = None


@dataclass(frozen=True)
class Apartado:
    """Un apartado de texto de un componente: su texto o, si no lo hay, el motivo de «sin información»."""

    titulo: str
    texto: str
    motivo_sin_informacion: str

    @property
    def completo(self) -> bool:
        return bool(self.texto.strip() or self.motivo_sin_informacion.strip())


TITULOS_APARTADOS = {"logros": "Logros", "dificultades": "Dificultades", "medidas_correctivas": "Medidas correctivas"}


@dataclass(frozen=True)
class TextosComponente:
    logros: str = ""
    dificultades: str = ""
    medidas_correctivas: str = ""
    logros_sin_informacion: str = ""
    dificultades_sin_informacion: str = ""
    medidas_correctivas_sin_informacion: str = ""

    @property
    def apartados(self) -> tuple[Apartado, ...]:
        return tuple(
            Apartado(titulo, getattr(self, campo), getattr(self, f"{campo}_sin_informacion"))
            for campo, titulo in TITULOS_APARTADOS.items()
        )


@dataclass(frozen=True)
class Seccion:
    """Un componente con sus cifras y sus textos, como lo recorre la plantilla."""

    componente: ComponenteReporte
    textos: TextosComponente


@dataclass(frozen=True)
class DatosReporte:
    """Lo que muestran todas las salidas (página, PDF, Excel) de un reporte."""

    reporte: Reporte
    cifras: CifrasReporte
    secciones: tuple[Seccion, ...]

    @property
    def congelado(self) -> bool:
        return self.reporte.estado != Reporte.Estado.BORRADOR

    @property
    def identificacion(self) -> Identificacion:
        return self.cifras.identificacion


# --- Periodo ------------------------------------------------------------------------------------

def periodo_por_defecto(plan: Plan) -> tuple[date, date]:
    """Los últimos seis meses del plan hasta el último mes ya empezado (sin salir del plan)."""
    hasta = mes_por_defecto(plan)
    desde = hasta
    for _ in range(MESES_DEL_SEMESTRE - 1):
        if desde <= plan.mes_inicio:
            break
        desde = anterior(desde)
    return max(desde, plan.mes_inicio), hasta


def validar_periodo(plan: Plan, desde: date, hasta: date) -> None:
    if hasta < desde:
        raise ValidationError({"hasta": "El mes de corte no puede ser anterior al primer mes del periodo."})
    validar_mes(plan, desde, campo="desde", iniciado=False)
    validar_mes(plan, hasta, campo="hasta")  # el corte: un mes ya iniciado


# --- Cifras vivas ------------------------------------------------------------------------------

def generar(plan: Plan, *, desde: date, hasta: date) -> CifrasReporte:
    """Las cifras del reporte al corte `hasta`, desde la base (7 consultas, sea cual sea el plan)."""
    seguimiento = Seguimiento(plan, hasta=hasta)
    resultado = seguimiento.al_corte(hasta)
    catalogo = resultado.catalogo
    componentes: list[ComponenteReporte] = []
    retrasadas: list[Retrasada] = []
    for componente in catalogo.componentes:
        actividades = []
        for actividad in componente.actividades.all():
            # Solo las filas de la versión vigente al corte (sin las agregadas después ni las retiradas).
            hojas = [hoja for hoja in catalogo.hojas_por_actividad[actividad.id] if hoja.clave not in resultado.fuera]
            if not hojas:
                continue  # una actividad que aún no es (o ya no es) del plan a ese corte
            # Las unidades de la actividad: las propias o, si no tiene, las de sus subactividades.
            siglas = " / ".join(r.sigla for r in actividad.responsables_efectivos())
            actividades.append(FilaReporte(actividad.codigo, actividad.nombre, siglas, resultado.por_actividad[actividad.id]))
            for hoja in hojas:
                cifras = resultado.de_hoja(hoja)
                if cifras.atrasada:  # retrasadas y vencidas (issue 23)
                    comentario, mes = _ultimo_comentario(resultado.registros.get(hoja.clave, {}))
                    retrasadas.append(Retrasada(FilaReporte(hoja.codigo, hoja.nombre, hoja.siglas, cifras), comentario, mes))
        if not actividades:
            continue  # un componente aún sin actividades no tiene qué reportar
        componentes.append(ComponenteReporte(componente.id, componente.codigo, componente.nombre,
                                             resultado.por_componente[componente.id], tuple(actividades)))
    return CifrasReporte(
        identificacion=_identificacion(plan, desde, hasta, resultado.version),
        plan=resultado.plan,
        componentes=tuple(componentes),
        curva=tuple(seguimiento.curva(meses_entre(plan.mes_inicio, hasta))),
        retrasadas=tuple(retrasadas),
        cabecera=cabecera_configurada(),
        versiones=versiones_del_periodo(seguimiento, desde, hasta),
        linea_base=seguimiento.linea_base_al(hasta).plan if len(seguimiento.programaciones) > 1 else None,
        **_seguimiento(plan, desde, hasta),
    )


def _seguimiento(plan: Plan, desde: date, hasta: date) -> dict:
    """Los compromisos del periodo y los registros observados abiertos (cronograma.seguimiento)."""
    from cronograma.seguimiento.en_el_reporte import compromisos_del_periodo
    from cronograma.seguimiento.observaciones import contar_abiertas

    return {"compromisos": compromisos_del_periodo(plan, desde=desde, hasta=hasta),
            "observadas_abiertas": contar_abiertas(plan)}


def versiones_del_periodo(seguimiento: Seguimiento, desde: date, hasta: date) -> tuple[VersionDelPeriodo, ...]:
    """Las versiones que rigieron algún mes del periodo (la regla de avance.programacion_vigente)."""
    meses_por_version: dict[int, list[date]] = {}
    versiones = {}
    for mes in meses_entre(desde, hasta):
        version = seguimiento.programacion_al(mes).version
        if version is not None:
            meses_por_version.setdefault(version.numero, []).append(mes)
            versiones[version.numero] = version
    return tuple(
        VersionDelPeriodo(numero, versiones[numero].fecha_texto, versiones[numero].vigente_desde,
                          versiones[numero].motivo, meses[0], meses[-1])
        for numero, meses in meses_por_version.items()
    )


def _ultimo_comentario(registros) -> tuple[str, date | None]:
    for mes in sorted(registros, reverse=True):
        if registros[mes].comentario.strip():
            return registros[mes].comentario.strip(), mes
    return "", None


def _identificacion(plan: Plan, desde: date, hasta: date, version=None) -> Identificacion:
    """Versión y fecha: las de la versión vigente al corte (las del documento si aún no hay versiones)."""
    return Identificacion(
        entidad=plan.entidad, objetivo=plan.objetivo, servicio=plan.servicio, caracter=plan.caracter,
        alcance=plan.alcance, version=ciclo.numero_de_version(plan, version),
        fecha=version.fecha_texto if version else plan.fecha, desde=desde, hasta=hasta,
    )


# --- La foto -----------------------------------------------------------------------------------

def congelar(cifras: CifrasReporte) -> dict:
    """Las cifras del reporte como JSON: números como texto, para no perder ni ganar decimales."""
    ident = cifras.identificacion
    return {
        "formato": FORMATO_FOTO,
        "identificacion": {
            **{campo: getattr(ident, campo) for campo in _CAMPOS_IDENTIFICACION},
            "desde": clave_mes(ident.desde),
            "hasta": clave_mes(ident.hasta),
        },
        "plan": _cifras_a_json(cifras.plan),
        "componentes": [
            {"id": c.id, "codigo": c.codigo, "nombre": c.nombre, "cifras": _cifras_a_json(c.cifras),
             "actividades": [_fila_a_json(a) for a in c.actividades]}
            for c in cifras.componentes
        ],
        "curva": [{"mes": clave_mes(p.mes), "programado": str(p.programado), "ejecutado": str(p.ejecutado)}
                  for p in cifras.curva],
        "retrasadas": [
            {"fila": _fila_a_json(r.fila), "comentario": r.comentario,
             "mes_comentario": clave_mes(r.mes_comentario) if r.mes_comentario else None}
            for r in cifras.retrasadas
        ],
        "cabecera": {"entidad": cifras.cabecera.entidad, "oficina": cifras.cabecera.oficina,
                     "nombre_del_anio": cifras.cabecera.nombre_del_anio},
        "versiones": [
            {"numero": v.numero, "fecha": v.fecha, "vigente_desde": clave_mes(v.vigente_desde), "motivo": v.motivo,
             "desde": clave_mes(v.desde), "hasta": clave_mes(v.hasta)}
            for v in cifras.versiones
        ],
        "linea_base": _cifras_a_json(cifras.linea_base) if cifras.linea_base else None,
        "compromisos": _compromisos_a_json(cifras.compromisos),
        "observadas_abiertas": cifras.observadas_abiertas,
    }


def _compromisos_a_json(filas) -> list:
    from cronograma.seguimiento.en_el_reporte import a_json

    return a_json(filas)


def descongelar(foto: dict) -> CifrasReporte:
    """Rehace las cifras desde la foto, tal cual: aquí no se recalcula nada."""
    if foto.get("formato") not in FORMATOS_LEGIBLES:
        raise ValueError(f"Foto de reporte con formato desconocido: {foto.get('formato')!r}.")
    ident = foto["identificacion"]
    return CifrasReporte(
        identificacion=Identificacion(
            **{campo: ident[campo] for campo in _CAMPOS_IDENTIFICACION},
            desde=leer_mes(ident["desde"]), hasta=leer_mes(ident["hasta"]),
        ),
        plan=_cifras_de_json(foto["plan"]),
        componentes=tuple(
            ComponenteReporte(c["id"], c["codigo"], c["nombre"], _cifras_de_json(c["cifras"]),
                              tuple(_fila_de_json(a) for a in c["actividades"]))
            for c in foto["componentes"]
        ),
        curva=tuple(_punto_de_json(p) for p in foto["curva"]),
        retrasadas=tuple(
            Retrasada(_fila_de_json(r["fila"]), r["comentario"],
                      leer_mes(r["mes_comentario"]) if r["mes_comentario"] else None)
            for r in foto["retrasadas"]
        ),
        cabecera=Cabecera(**foto.get("cabecera", {})),
        versiones=tuple(
            VersionDelPeriodo(v["numero"], v["fecha"], leer_mes(v["vigente_desde"]), v["motivo"],
                              leer_mes(v["desde"]), leer_mes(v["hasta"]))
            for v in foto.get("versiones", [])
        ),
        linea_base=_cifras_de_json(foto["linea_base"]) if foto.get("linea_base") else None,
        compromisos=_compromisos_de_json(foto.get("compromisos")),
        observadas_abiertas=foto.get("observadas_abiertas"),
    )


def _compromisos_de_json(lista) -> tuple:
    from cronograma.seguimiento.en_el_reporte import de_json

    return de_json(lista)


def _cifras_a_json(c: Cifras) -> dict:
    return {"ejecutado": str(c.ejecutado), "programado": str(c.programado), "estado": c.estado, "semaforo": c.semaforo}


def _cifras_de_json(d: dict) -> Cifras:
    return Cifras(Decimal(d["ejecutado"]), Decimal(d["programado"]), d["estado"], d["semaforo"])


def _punto_de_json(d: dict) -> PuntoCurva:
    valores = d.get("cifras", d)  # formato 1: {"mes", "cifras": {...}}; formato 2: {"mes", "programado", "ejecutado"}
    return PuntoCurva(leer_mes(d["mes"]), Decimal(valores["programado"]), Decimal(valores["ejecutado"]))


def _fila_a_json(f: FilaReporte) -> dict:
    return {"codigo": f.codigo, "nombre": f.nombre, "siglas": f.siglas, "cifras": _cifras_a_json(f.cifras)}


def _fila_de_json(d: dict) -> FilaReporte:
    return FilaReporte(d["codigo"], d["nombre"], d["siglas"], _cifras_de_json(d["cifras"]))


# --- El reporte completo -----------------------------------------------------------------------

def cifras_del_reporte(reporte: Reporte) -> CifrasReporte:
    """La foto si el reporte ya se aprobó; las cifras vivas si es un borrador."""
    if reporte.estado != Reporte.Estado.BORRADOR:
        return descongelar(reporte.cifras)
    return generar(reporte.plan, desde=reporte.desde, hasta=reporte.hasta)


def textos_de(fila: ReporteComponente) -> TextosComponente:
    return TextosComponente(
        fila.logros, fila.dificultades, fila.medidas_correctivas, fila.logros_sin_informacion,
        fila.dificultades_sin_informacion, fila.medidas_correctivas_sin_informacion,
    )


def datos_del_reporte(reporte: Reporte) -> DatosReporte:
    """Cifras y textos de un reporte (uno sin guardar, p. ej. desde la orden, no tiene textos)."""
    cifras = cifras_del_reporte(reporte)
    textos = {}
    if reporte.pk:
        textos = {t.componente_id: textos_de(t) for t in ReporteComponente.objects.filter(reporte=reporte)}
    secciones = tuple(Seccion(c, textos.get(c.id, TextosComponente())) for c in cifras.componentes)
    return DatosReporte(reporte=reporte, cifras=cifras, secciones=secciones)
