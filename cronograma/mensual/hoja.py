"""La hoja del mes de «Mis actividades»: qué filas se registran este mes, en qué orden, y cómo se guardan.

Orden de trabajo: primero las filas por registrar en el mes (las pendientes de pendientes.py: programadas
o en ejecución, sin registro del mes y sin concluir), luego el resto, y al final, plegadas, las concluidas.
Cada sección agrupa por componente. La página recorre `HojaDelMes.secciones_de_la_pagina` sin saber de
dónde vienen: un nivel «plan» (varios planes) se agrega envolviendo varias hojas (`hojas` en la plantilla).

Páginas (issue 24): las filas van de a `FILAS_POR_PAGINA`, en el mismo orden de trabajo (primero las por
registrar, de todas las hojas de la página; `paginar`). Una unidad del Anexo (unas 17 filas; la coordinación
con todas, unas 70) las ve todas en una página, como siempre; a 7.000 filas, una unidad ya no recibe 1.750
formularios (unos 5 MB) de una vez, ni siquiera los 700 por registrar.

Guardar: cada fila pasa por `FormularioAvance.registrar` → `registro.registrar_avance` (permisos, reglas e
historia), una por una; el fallo de una no impide las demás ni toca lo que se escribió en otras filas.
"""

from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django.core.exceptions import ValidationError

from componentes.catalogo import Hoja
from componentes.meses import clave_mes, nombre_mes
from componentes.models import Componente, Plan
from cronograma import ciclo
from cronograma.avance import CERO, CONCLUIDA, Cifras, ResultadoAvance, validar_porcentaje
from cronograma.formato import texto_porcentaje
from cronograma.forms import FormularioAvance, porcentaje_escrito
from cronograma.mensual.pendientes import esta_pendiente
from cronograma.models import Avance
from cronograma.permisos import Perfil, escritura_del_mes, hojas_editables, unidades_donde_registra

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
    editable: bool  # permisos.puede_escribir_celda (escritura_del_mes): la plantilla solo lo lee
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
    grupos: list[GrupoDelMes]  # las filas que se muestran (en una página, una parte: `desde`)
    total: int  # las filas de la sección, se muestren todas o no
    desde: int = 1  # el número (en la sección) de la primera fila que se muestra

    @property
    def mostradas(self) -> int:
        return sum(len(grupo.filas) for grupo in self.grupos)

    @property
    def hasta(self) -> int:
        return self.desde + self.mostradas - 1

    @property
    def parcial(self) -> bool:
        """¿Muestra solo una parte de sus filas (las demás están en otras páginas)?"""
        return self.mostradas < self.total


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
    # Lo que muestra la página (`paginar`); sin paginar, todas las secciones. `filas`, `fila(clave)` y los
    # resúmenes son siempre de la hoja entera (guardar una fila de otra página la encuentra).
    de_la_pagina: list[SeccionDelMes] | None = None
    pagina: int = 1

    @property
    def secciones_de_la_pagina(self) -> list[SeccionDelMes]:
        return self.secciones if self.de_la_pagina is None else self.de_la_pagina

    @property
    def en_la_pagina(self) -> bool:
        """¿Se muestra la hoja? En la primera página, siempre; en las siguientes, si tiene filas en ella."""
        return self.pagina == 1 or bool(self.de_la_pagina)

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
        """La primera fila por registrar, si está en la página (el enlace para saltar a ella)."""
        seccion = next((s for s in self.secciones_de_la_pagina if s.clave == POR_REGISTRAR), None)
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


def unidades_a_leer(perfil: Perfil, filtro: FiltroDeUnidad) -> frozenset[str] | None:
    """De qué unidades leer filas para la hoja (None: de todas): las que el usuario puede registrar
    (`permisos.unidades_donde_registra`) y, para la coordinación, las del filtro. La hoja no lee el plan
    entero para mostrar las filas de una unidad (issue 24); qué fila se muestra lo decide igual
    `armar_hoja_del_mes` con los permisos, fila por fila."""
    donde_registra = unidades_donde_registra(perfil)
    if donde_registra is None:
        return filtro.unidades
    return donde_registra if filtro.unidades is None else donde_registra & filtro.unidades


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
    plan = resultado.catalogo.plan
    editables = hojas_editables(perfil, resultado.hojas)  # las de la versión vigente al corte
    if filtro is not None:
        editables = [hoja for hoja in editables if filtro.incluye(hoja)]
    secciones = {POR_REGISTRAR: [], OTRAS: [], CONCLUIDAS: []}
    # El mes y el plan son los mismos en toda la hoja: se preguntan una vez (leer la hora cuesta).
    puede_escribir = escritura_del_mes(perfil, resultado.corte, cerrados, plan=plan)
    for hoja in editables:
        con_datos = datos if f"{prefijo}{hoja.codigo}" in codigos_con_datos else None
        editable = puede_escribir(hoja)
        fila = _fila(resultado, hoja, editable=editable, datos=con_datos, prefijo=prefijo,
                     con_formulario=formularios is None or f"{prefijo}{hoja.codigo}" in formularios)
        if esta_pendiente(resultado, hoja.clave):
            secciones[POR_REGISTRAR].append(fila)
        elif fila.cifras.estado == CONCLUIDA and resultado.corte not in resultado.registros.get(hoja.clave, {}):
            secciones[CONCLUIDAS].append(fila)
        else:
            secciones[OTRAS].append(fila)
    mes = nombre_mes(resultado.corte)
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
            SeccionDelMes(clave, titulos[clave], plegada=clave == CONCLUIDAS, grupos=_agrupar(filas), total=len(filas))
            for clave, filas in secciones.items()
            if filas
        ],
        mes_cerrado=estado_del_mes == ciclo.EstadoMes.CERRADO,
        estado_mes=estado_del_mes,
        prefijo=prefijo,
    )


FILAS_POR_PAGINA = 100  # el Anexo entero cabe en una página


@dataclass(frozen=True)
class Paginacion:
    """Qué página de la hoja se muestra, de cuántas, y sus enlaces (con el mes y la unidad de la hoja)."""

    actual: int
    total: int
    por_registrar: int  # filas por registrar (las primeras de la hoja)
    direccion: str = ""  # la de la hoja (no la de guardar: tras un error la página viene de un POST)
    consulta: tuple[tuple[str, str], ...] = ()  # mes y unidad, como los envía cada fila
    por_pagina: int = FILAS_POR_PAGINA

    @property
    def varias(self) -> bool:
        return self.total > 1

    def enlace(self, numero: int) -> str:
        consulta = [(nombre, valor) for nombre, valor in self.consulta if valor]
        if numero > 1:
            consulta.append(("pagina", str(numero)))
        return f"{self.direccion}{'?' + urlencode(consulta) if consulta else ''}"

    @property
    def primera(self) -> str:
        return self.enlace(1)

    @property
    def numeros(self) -> list[tuple[int, str] | None]:
        """Los enlaces a la primera y la última página y a las vecinas de la actual (None: un salto «…»)."""
        vecinas = {1, self.total, *range(self.actual - 2, self.actual + 3)}
        numeros: list[tuple[int, str] | None] = []
        for numero in range(1, self.total + 1):
            if numero in vecinas:
                numeros.append((numero, self.enlace(numero)))
            elif numeros[-1] is not None:
                numeros.append(None)
        return numeros

    @property
    def anterior(self) -> str:
        return self.enlace(self.actual - 1) if self.actual > 1 else ""

    @property
    def siguiente(self) -> str:
        return self.enlace(self.actual + 1) if self.actual < self.total else ""


def leer_pagina(texto: str) -> int:
    """El número de `?pagina=` (1 si falta o no es un número: nunca un error; `paginar` lo acota)."""
    texto = (texto or "").strip()
    return int(texto) if texto.isascii() and texto.isdigit() and len(texto) <= 6 else 1


def paginar(hojas: list[HojaDelMes], *, pedida: int = 1, fila: str = "", por_pagina: int | None = None,
            direccion: str = "", consulta: tuple[tuple[str, str], ...] = ()) -> Paginacion:
    """Reparte la hoja en páginas de `por_pagina` filas (por omisión, `FILAS_POR_PAGINA`) en su orden de
    trabajo, hoja tras hoja: las primeras páginas llevan las filas por registrar. Deja en cada hoja lo que
    muestra (`HojaDelMes.secciones_de_la_pagina`); una sección cortada dice qué parte se ve.

    `pedida`: la página pedida (fuera de rango, la más cercana: nunca una página vacía). `fila`: la clave
    de una fila: la página que la muestra (tras guardarla sin JavaScript se vuelve a ella)."""
    por_pagina = por_pagina or FILAS_POR_PAGINA
    filas = [(seccion, posicion, fila_del_mes)
             for hoja in hojas for seccion in hoja.secciones
             for posicion, fila_del_mes in enumerate((f for grupo in seccion.grupos for f in grupo.filas), start=1)]
    total = max(1, -(-len(filas) // por_pagina))
    actual = min(max(pedida, 1), total)
    if fila:
        indice = next((i for i, (_, _, f) in enumerate(filas) if f.clave == fila), None)
        actual = actual if indice is None else indice // por_pagina + 1
    visibles = filas[(actual - 1) * por_pagina:actual * por_pagina]
    for hoja in hojas:
        hoja.pagina = actual
        if total == 1:
            hoja.de_la_pagina = None  # todo en una página, como siempre
            continue
        secciones = []
        for seccion in hoja.secciones:
            de_la_seccion = [(posicion, f) for s, posicion, f in visibles if s is seccion]
            if de_la_seccion:
                # Quien pasa a otra página para ver estas filas no las encuentra plegadas.
                secciones.append(replace(seccion, grupos=_agrupar([f for _, f in de_la_seccion]),
                                         desde=de_la_seccion[0][0], plegada=seccion.plegada and actual == 1))
        hoja.de_la_pagina = secciones
    return Paginacion(actual, total, sum(hoja.por_registrar for hoja in hojas), direccion, consulta, por_pagina)


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
