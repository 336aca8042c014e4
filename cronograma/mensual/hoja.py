"""La hoja del mes de «Mis actividades»: qué filas se registran este mes, en qué orden, y cómo se guardan.

Orden de trabajo: primero las filas por registrar en el mes (las pendientes de pendientes.py: programadas
o en ejecución, sin registro del mes y sin concluir), luego el resto, y al final, plegadas, las concluidas.
Cada sección agrupa por componente. La página recorre `HojaDelMes.secciones` sin saber de dónde vienen:
un nivel «plan» (varios planes) se agrega envolviendo varias hojas (`hojas` en la plantilla).

Guardar: cada fila pasa por `FormularioAvance.registrar` → `registro.registrar_avance` (permisos, reglas e
historia), una por una; el fallo de una no impide las demás ni toca lo que se escribió en otras filas.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError

from componentes.catalogo import Hoja
from componentes.meses import clave_mes, nombre_mes
from componentes.models import Componente, Plan
from cronograma.avance import CERO, CONCLUIDA, Cifras, ResultadoAvance, validar_porcentaje
from cronograma.formato import texto_porcentaje
from cronograma.forms import FormularioAvance
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
    registro: Avance | None  # el del mes, si ya hay
    editable: bool  # permisos.puede_escribir_celda: la plantilla solo lo lee
    formulario: FormularioAvance | None  # None si la celda del mes no se puede escribir (p. ej. mes cerrado)
    mensaje: str = ""  # resultado del último guardado, junto a la fila
    prefijo: str = ""  # con varios planes en la página, el del plan («p3-»): códigos iguales no chocan

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


def _anterior(resultado: ResultadoAvance, hoja: Hoja) -> Decimal:
    meses = [m for m in resultado.registros.get(hoja.clave, {}) if m < resultado.corte]
    return resultado.registros[hoja.clave][max(meses)].porcentaje if meses else CERO


def _ids(prefijo: str, hoja: Hoja, mes: date) -> dict:
    """Con varios planes en la página, los id HTML de los campos llevan el prefijo del plan (no se repiten)."""
    return {"auto_id": f"avance-{prefijo}{hoja.codigo}-{clave_mes(mes)}-%s"} if prefijo else {}


def _fila(resultado: ResultadoAvance, hoja: Hoja, *, editable: bool, datos=None, prefijo: str = "") -> FilaDelMes:
    registro = resultado.registro(hoja.clave, resultado.corte)
    formulario = None
    if editable:
        formulario = FormularioAvance(datos, hoja=hoja, mes=resultado.corte, registro=registro,
                                      prefix=f"{prefijo}{hoja.codigo}", **_ids(prefijo, hoja, resultado.corte))
    return FilaDelMes(
        hoja=hoja,
        cifras=resultado.de_hoja(hoja),
        cifras_actividad=resultado.por_actividad[hoja.actividad.id],
        meses_programados=tuple(sorted(resultado.programacion.get(hoja.clave, ()))),
        ultimo=resultado.ultimo_registro(hoja.clave),
        anterior=_anterior(resultado, hoja),
        registro=registro,
        editable=editable,
        formulario=formulario,
        prefijo=prefijo,
    )


def _agrupar(filas: list[FilaDelMes]) -> list[GrupoDelMes]:
    grupos: list[GrupoDelMes] = []
    for fila in filas:
        if not grupos or grupos[-1].componente.id != fila.hoja.componente.id:
            grupos.append(GrupoDelMes(fila.hoja.componente))
        grupos[-1].filas.append(fila)
    return grupos


def armar_hoja_del_mes(
    resultado: ResultadoAvance, perfil: Perfil, *, cerrados=frozenset(), datos=None, codigos_con_datos=(),
    prefijo: str = "",
) -> HojaDelMes:
    """Las filas que el usuario registra al mes `resultado.corte`, en el orden en que se trabajan. Cada
    celda del mes es editable según `permisos.puede_escribir_celda` (`cerrados`: `cierres.meses_cerrados`).

    `datos` (un POST) se devuelve a los formularios de `codigos_con_datos`: lo escrito no se pierde.
    """
    pendientes = {fila.hoja.clave for fila in filas_pendientes(resultado)}
    secciones = {POR_REGISTRAR: [], OTRAS: [], CONCLUIDAS: []}
    for hoja in hojas_editables(perfil, resultado.hojas):  # las de la versión vigente al corte
        con_datos = datos if f"{prefijo}{hoja.codigo}" in codigos_con_datos else None
        editable = puede_escribir_celda(perfil, hoja, resultado.corte, cerrados)
        fila = _fila(resultado, hoja, editable=editable, datos=con_datos, prefijo=prefijo)
        if hoja.clave in pendientes:
            secciones[POR_REGISTRAR].append(fila)
        elif fila.cifras.estado == CONCLUIDA and resultado.corte not in resultado.registros.get(hoja.clave, {}):
            secciones[CONCLUIDAS].append(fila)
        else:
            secciones[OTRAS].append(fila)
    mes = nombre_mes(resultado.corte)
    titulos = {
        POR_REGISTRAR: f"Por registrar en {mes}",
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
        mes_cerrado=resultado.corte in cerrados,
        prefijo=prefijo,
    )


def codigos_pedidos(datos, hoja: HojaDelMes) -> list[str]:
    """Qué filas guardar: la del botón «Guardar» pulsado, o con «Guardar todo» las que cambiaron."""
    boton = datos.get("guardar", "")
    if boton and boton != "*":
        return [boton] if hoja.fila(boton) else []
    return [fila.clave for fila in hoja.filas if fila.formulario is not None and _cambio(datos, fila)]


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
        formulario = FormularioAvance(datos, hoja=fila.hoja, mes=hoja.mes, prefix=codigo, **_ids(hoja.prefijo, fila.hoja, hoja.mes))
        resultados.append(ResultadoDeFila(codigo, formulario.registrar(usuario), formulario))
    return resultados
