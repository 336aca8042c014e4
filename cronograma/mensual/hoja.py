"""La hoja del mes de «Mis actividades»: qué filas se registran este mes, en qué orden, y cómo se guardan.

Orden de trabajo: primero las filas por registrar en el mes (las pendientes de pendientes.py: programadas
o en ejecución, sin registro del mes y sin concluir), luego el resto, y al final, plegadas, las concluidas.
Cada sección agrupa por componente. La página recorre `HojaDelMes.secciones` sin saber de dónde vienen:
un nivel «plan» (varios planes) se agrega envolviendo varias hojas (`hojas` en la plantilla).

Guardar: cada fila pasa por `FormularioAvance.registrar` → `registro.registrar_avance` (permisos, reglas e
historia), una por una; el fallo de una no impide las demás ni toca lo que se escribió en otras filas.
"""

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError

from componentes.catalogo import Hoja
from componentes.meses import clave_mes, nombre_mes
from componentes.models import Componente, Plan
from cronograma import ciclo
from cronograma.avance import CERO, CONCLUIDA, Cifras, ResultadoAvance, validar_porcentaje
from cronograma.formato import texto_porcentaje
from cronograma.forms import FormularioAvance, porcentaje_escrito
from cronograma.mensual.pendientes import filas_pendientes
from cronograma.models import Avance
from cronograma.permisos import Perfil, hojas_editables, puede_escribir_celda

POR_REGISTRAR, OTRAS, CONCLUIDAS = "por-registrar", "otras", "concluidas"


@dataclass
class FilaDelMes:
    hoja: Hoja
    cifras: Cifras  # de la fila al mes
    cifras_actividad: Cifras
    meses_programados: tuple[date, ...]
    ultimo: Avance | None  # el último % registrado hasta el mes
    anterior: Decimal  # el % vigente antes de este mes (para saber cuándo se pide comentario)
    registro_anterior: Avance | None  # el último registro antes de este mes («Sin cambios», su comentario)
    registro: Avance | None  # el del mes, si ya hay
    editable: bool  # permisos.puede_escribir_celda: la plantilla solo lo lee
    mensaje: str = ""  # resultado del último guardado, junto a la fila
    prefijo: str = ""  # con varios planes en la página, el del plan («p3-»): códigos iguales no chocan
    # El formulario se arma al pedirlo (`formulario`): a 1.750 filas, armar los de Django costaba casi un
    # segundo, y una fila sin nada escrito se dibuja sin él (templatetags/hoja_del_mes.py, issue 24).
    argumentos_del_formulario: dict | None = field(default=None, repr=False)  # None: la fila no tiene formulario
    _formulario: FormularioAvance | None = field(default=None, repr=False)

    @property
    def formulario(self) -> FormularioAvance | None:
        """None si la celda del mes no se puede escribir (p. ej. mes cerrado) o si no se pidió su formulario."""
        if self._formulario is None and self.argumentos_del_formulario is not None:
            self._formulario = FormularioAvance(**self.argumentos_del_formulario)
        return self._formulario

    @formulario.setter
    def formulario(self, formulario: FormularioAvance | None) -> None:
        self._formulario = formulario
        if formulario is None:
            self.argumentos_del_formulario = None

    @property
    def con_formulario(self) -> bool:
        return self._formulario is not None or self.argumentos_del_formulario is not None

    @property
    def formulario_en_blanco(self) -> bool:
        """¿Formulario sin nada enviado ni errores (sus campos son los iniciales)? Se dibuja sin armarlo."""
        return (self._formulario is None and self.argumentos_del_formulario is not None
                and self.argumentos_del_formulario["data"] is None)

    @property
    def id_porcentaje(self) -> str:
        """El id de la casilla de % (el de Django: `auto_id` % nombre del campo)."""
        return self.auto_id % f"{self.clave}-porcentaje"

    @property
    def auto_id(self) -> str:
        texto_mes = clave_mes(self.argumentos_del_formulario["mes"]) if self.argumentos_del_formulario else ""
        return f"avance-{self.prefijo}{self.hoja.codigo}-{texto_mes}-%s"

    @property
    def clave(self) -> str:
        """Lo que nombra la fila en el formulario (prefijo de sus campos, valor de su «Guardar»)."""
        return f"{self.prefijo}{self.hoja.codigo}"

    @property
    def ancla(self) -> str:
        return f"fila-{self.clave}"

    @property
    def codigo_actividad(self) -> str:
        return self.hoja.actividad.codigo if self.hoja.subactividad is not None else ""

    @property
    def sin_cambios_pide_comentario(self) -> bool:
        """Repetir el % anterior también sigue la regla del comentario: lo pide si queda bajo lo programado."""
        return self.anterior < self.cifras.programado

    @property
    def comentario_anterior(self) -> str:
        return (self.registro_anterior.comentario or "").strip() if self.registro_anterior else ""


@dataclass
class GrupoDelMes:
    componente: Componente
    filas: list[FilaDelMes] = field(default_factory=list)


@dataclass
class SeccionDelMes:
    clave: str
    titulo: str
    plegada: bool
    grupos: list[GrupoDelMes]

    @property
    def total(self) -> int:
        return sum(len(grupo.filas) for grupo in self.grupos)


@dataclass
class HojaDelMes:
    plan: Plan
    mes: date
    cifras_plan: Cifras
    secciones: list[SeccionDelMes]
    mes_cerrado: bool
    prefijo: str = ""  # "" con un solo plan en la página; «p<id>-» por plan cuando Mis actividades reúne varios
    # Lo que cada fila envía además de sus campos (su propio <form>: Enter guarda esa fila y nada más):
    # el mes pedido y el filtro de unidad, para volver a la misma hoja. Lo fija la vista.
    ocultos: tuple[tuple[str, str], ...] = ()
    accion: str = ""  # a dónde envía cada fila (guardar_hoja de la página, no el del plan de sus enlaces)
    estado_mes: "ciclo.EstadoMes | None" = None  # por iniciar, en curso, abierto o cerrado (cronograma.ciclo)

    @property
    def admite_escritura(self) -> bool:
        """¿Alguna fila tiene formulario? (Si no, la página no ofrece «Guardar todo».)"""
        return any(fila.con_formulario for fila in self.filas)

    @property
    def por_que_solo_lectura(self) -> str:
        """Por qué una fila no tiene formulario en el mes, tal como lo dice la página (cronograma.ciclo)."""
        if self.plan.archivado:
            return "plan archivado"
        if self.estado_mes == ciclo.EstadoMes.FUTURO:
            return "por iniciar"
        if self.mes_cerrado:
            return "mes cerrado"
        return "solo lectura"

    @property
    def id_resumen(self) -> str:
        return f"resumen-del-mes{'-' + self.prefijo.rstrip('-') if self.prefijo else ''}"

    @property
    def filas(self) -> list[FilaDelMes]:
        return [fila for seccion in self.secciones for grupo in seccion.grupos for fila in grupo.filas]

    @property
    def por_registrar(self) -> int:
        return next((s.total for s in self.secciones if s.clave == POR_REGISTRAR), 0)

    @property
    def primera_por_registrar(self) -> FilaDelMes | None:
        seccion = next((s for s in self.secciones if s.clave == POR_REGISTRAR), None)
        return seccion.grupos[0].filas[0] if seccion and seccion.grupos else None

    def fila(self, clave: str) -> FilaDelMes | None:
        """La fila por su clave (`FilaDelMes.clave`: el código, con el prefijo del plan si lo hay)."""
        return next((f for f in self.filas if f.clave == clave), None)


def prefijo_de_plan(plan: Plan) -> str:
    """El prefijo de las filas de un plan cuando la página reúne varios («p3-»): códigos iguales no chocan."""
    return f"p{plan.pk}-"


def _registro_anterior(resultado: ResultadoAvance, hoja: Hoja) -> Avance | None:
    registros = resultado.registros.get(hoja.clave, {})
    meses = [m for m in registros if m < resultado.corte]
    return registros[max(meses)] if meses else None


def _ids(prefijo: str, hoja: Hoja, mes: date) -> dict:
    """Con varios planes en la página, los id HTML de los campos llevan el prefijo del plan (no se repiten)."""
    return {"auto_id": f"avance-{prefijo}{hoja.codigo}-{clave_mes(mes)}-%s"} if prefijo else {}


def _fila(resultado: ResultadoAvance, hoja: Hoja, *, editable: bool, datos=None, prefijo: str = "",
          con_formulario: bool = True) -> FilaDelMes:
    registro = resultado.registro(hoja.clave, resultado.corte)
    anterior = _registro_anterior(resultado, hoja)
    argumentos = None
    if editable and con_formulario:
        argumentos = dict(data=datos, hoja=hoja, mes=resultado.corte, registro=registro,
                          prefix=f"{prefijo}{hoja.codigo}", **_ids(prefijo, hoja, resultado.corte))
    return FilaDelMes(
        hoja=hoja,
        cifras=resultado.de_hoja(hoja),
        cifras_actividad=resultado.por_actividad[hoja.actividad.id],
        meses_programados=tuple(sorted(resultado.programacion.get(hoja.clave, ()))),
        ultimo=resultado.ultimo_registro(hoja.clave),
        anterior=anterior.porcentaje if anterior else CERO,
        registro_anterior=anterior,
        registro=registro,
        editable=editable,
        argumentos_del_formulario=argumentos,
        prefijo=prefijo,
    )


def _agrupar(filas: list[FilaDelMes]) -> list[GrupoDelMes]:
    grupos: list[GrupoDelMes] = []
    for fila in filas:
        if not grupos or grupos[-1].componente.id != fila.hoja.componente.id:
            grupos.append(GrupoDelMes(fila.hoja.componente))
        grupos[-1].filas.append(fila)
    return grupos


TODAS = "todas"


@dataclass(frozen=True)
class FiltroDeUnidad:
    """De qué unidades son las filas de la hoja. «Mis actividades» son las de la unidad del usuario: para
    la coordinación (que puede registrar en todas) también, por defecto las suyas; puede pedir otra unidad
    (`?unidad=SIGLA`) o todas (`?unidad=todas`)."""

    unidades: frozenset[str] | None  # None: todas las filas en que el usuario registra
    elegida: str  # lo que muestra el selector: una sigla, «todas» o «» (las propias)
    opciones: tuple[str, ...] = ()  # siglas entre las que elige la coordinación (vacío: no hay selector)

    def incluye(self, hoja: Hoja) -> bool:
        return self.unidades is None or any(r.sigla in self.unidades for r in hoja.responsables)


def filtro_de_unidad(perfil: Perfil, pedido: str, siglas: list[str]) -> FiltroDeUnidad:
    """Lee `?unidad=`: solo la coordinación elige (las demás unidades solo tienen filas propias); una sigla
    desconocida vale como ninguna (las propias)."""
    if not perfil.coordinador:
        return FiltroDeUnidad(None, "")
    opciones = tuple(siglas)
    if pedido == TODAS or (pedido == "" and not perfil.siglas):
        return FiltroDeUnidad(None, TODAS, opciones)
    if pedido in opciones:
        return FiltroDeUnidad(frozenset({pedido}), pedido, opciones)
    return FiltroDeUnidad(perfil.siglas, "", opciones)


def armar_hoja_del_mes(
    resultado: ResultadoAvance, perfil: Perfil, *, cerrados=frozenset(), datos=None, codigos_con_datos=(),
    prefijo: str = "", filtro: FiltroDeUnidad | None = None, formularios: Collection[str] | None = None,
) -> HojaDelMes:
    """Las filas que el usuario registra al mes `resultado.corte`, en el orden en que se trabajan. Cada
    celda del mes es editable según `permisos.puede_escribir_celda` (`cerrados`: `cierres.meses_cerrados`).

    `datos` (un POST) se devuelve a los formularios de `codigos_con_datos`: lo escrito no se pierde.
    `filtro`: de qué unidades (la coordinación ve por defecto las suyas; ver `filtro_de_unidad`).
    `formularios`: solo esas claves llevan formulario (guardar una fila no arma los de las demás); None, todas.
    """
    pendientes = {fila.hoja.clave for fila in filas_pendientes(resultado)}
    secciones = {POR_REGISTRAR: [], OTRAS: [], CONCLUIDAS: []}
    editables = hojas_editables(perfil, resultado.hojas)  # las de la versión vigente al corte
    for hoja in (editables if filtro is None else filter(filtro.incluye, editables)):
        con_datos = datos if f"{prefijo}{hoja.codigo}" in codigos_con_datos else None
        editable = puede_escribir_celda(perfil, hoja, resultado.corte, cerrados)
        fila = _fila(resultado, hoja, editable=editable, datos=con_datos, prefijo=prefijo,
                     con_formulario=formularios is None or f"{prefijo}{hoja.codigo}" in formularios)
        if hoja.clave in pendientes:
            secciones[POR_REGISTRAR].append(fila)
        elif fila.cifras.estado == CONCLUIDA and resultado.corte not in resultado.registros.get(hoja.clave, {}):
            secciones[CONCLUIDAS].append(fila)
        else:
            secciones[OTRAS].append(fila)
    mes = nombre_mes(resultado.corte)
    plan = resultado.catalogo.plan
    estado_del_mes = ciclo.estado_mes(plan, resultado.corte, cerrados=set(cerrados))
    titulos = {
        # Durante el mes nada está atrasado: lo programado vence a su cierre (cronograma.ciclo).
        POR_REGISTRAR: f"Por registrar en {mes}" + (" (vence al cierre del mes)"
                                                      if estado_del_mes == ciclo.EstadoMes.EN_CURSO else ""),
        OTRAS: "Otras filas de su unidad",
        CONCLUIDAS: "Concluidas (100 %)",
    }
    return HojaDelMes(
        plan=resultado.catalogo.plan,
        mes=resultado.corte,
        cifras_plan=resultado.plan,
        secciones=[
            SeccionDelMes(clave, titulos[clave], plegada=clave == CONCLUIDAS, grupos=_agrupar(filas))
            for clave, filas in secciones.items()
            if filas
        ],
        mes_cerrado=estado_del_mes == ciclo.EstadoMes.CERRADO,
        estado_mes=estado_del_mes,
        prefijo=prefijo,
    )


# Los botones de una fila: «Guardar» (lo escrito), «Sin cambios» (repite el % anterior) y «Guardar con el
# comentario de <mes>» (lo escrito, con el comentario del registro anterior). Su valor es la clave de la fila.
SIN_CAMBIOS, REUSAR = "sin_cambios", "reusar"


def codigos_pedidos(datos, hoja: HojaDelMes) -> list[str]:
    """Qué filas guardar: la del botón pulsado, o con «Guardar todo» las que cambiaron."""
    boton = datos.get("guardar", "") or datos.get(SIN_CAMBIOS, "") or datos.get(REUSAR, "")
    if boton and boton != "*":
        return [boton] if hoja.fila(boton) else []
    return [fila.clave for fila in hoja.filas if fila.editable and _cambio(datos, fila)]


def _cambio(datos, fila: FilaDelMes) -> bool:
    prefijo = fila.clave
    if f"{prefijo}-porcentaje" not in datos:
        return False
    porcentaje = datos.get(f"{prefijo}-porcentaje", "").strip()
    comentario = datos.get(f"{prefijo}-comentario", "").strip()
    if fila.registro is None:
        return bool(porcentaje or comentario)
    try:  # el % escrito se lee como lo leerá el registro (avance.validar_porcentaje): «60», «60,0», «60.0»
        mismo_valor = validar_porcentaje(porcentaje) == fila.registro.porcentaje
    except ValidationError:
        return True  # algo ilegible cambió: se intenta guardar y la fila muestra su error
    return not mismo_valor or comentario != (fila.registro.comentario or "").strip()


def _con_el_boton(datos, fila: FilaDelMes):
    """Lo que envía «Sin cambios» (el % anterior, con el comentario escrito: si queda bajo lo programado, la
    regla del comentario lo sigue pidiendo) o «Guardar con el comentario de <mes>» (el comentario anterior)."""
    datos = datos.copy()
    if datos.get(SIN_CAMBIOS) == fila.clave:
        datos[f"{fila.clave}-porcentaje"] = porcentaje_escrito(fila.anterior)
    else:
        datos[f"{fila.clave}-comentario"] = fila.comentario_anterior
    return datos


@dataclass(frozen=True)
class ResultadoDeFila:
    codigo: str
    guardado: Avance | None
    formulario: FormularioAvance

    @property
    def mensaje(self) -> str:
        if self.guardado is None:
            return "No se guardó: revise los errores de esta fila."
        return f"Guardado: {texto_porcentaje(self.guardado.porcentaje)} en {self.formulario.hoja.codigo} para {nombre_mes(self.guardado.mes)}."


def guardar_filas(datos, hoja: HojaDelMes, codigos: list[str], usuario) -> list[ResultadoDeFila]:
    """Guarda cada fila pedida con sus propias reglas (registro.registrar_avance vuelve a revisar el
    permiso): una que falla deja su error en su formulario y no impide las demás."""
    resultados = []
    for codigo in codigos:
        fila = hoja.fila(codigo)
        if codigo in (datos.get(SIN_CAMBIOS), datos.get(REUSAR)):
            datos = _con_el_boton(datos, fila)
        formulario = FormularioAvance(datos, hoja=fila.hoja, mes=hoja.mes, prefix=codigo, **_ids(hoja.prefijo, fila.hoja, hoja.mes))
        resultados.append(ResultadoDeFila(codigo, formulario.registrar(usuario), formulario))
    return resultados
