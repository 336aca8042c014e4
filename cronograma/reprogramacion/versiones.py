"""Reprogramar un plan: borradores de versión, su aprobación y su descarte.

Un borrador parte de la última versión aprobada y guarda en `VersionPlan.cambios` lo que propone:

    {"meses": {"1.2.2": ["2020-11", "2021-02"], ...},   # todas las filas hoja de la versión
     "nombres": {"1.2.2": "Nuevo nombre"},             # solo las renombradas
     "unidades": {"1.2.2": ["SDLGAT", "OGPP"]},        # solo las que cambian de unidades
     "nuevas": [{"codigo": "1.2.9", "nombre": "…", "unidades": ["OGPP"], "meses": ["2021-04"]}],
     "retiradas": ["1.3.1"],                           # filas sin avance que dejan de ser del plan
     "mes_fin": "2021-06"}                             # último mes del periodo

Aprobar aplica todo en una transacción, con historia que nombra al usuario: renombra y cambia unidades
en el catálogo, crea las filas nuevas, escribe la programación completa de la versión y, si se
extiende, el fin del periodo del plan. El libro de avances no se toca. Las filas nuevas y retiradas
quedan en `cambios["altas"]`/`cambios["bajas"]` para que avance.py no las cuente en cortes medidos
con otra versión. Toda entrada mala es un ValidationError en castellano y nada cambia.
"""

import copy
import re
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from calidad.lectores import ValorInvalido, leer_texto
from componentes.catalogo import Catalogo, ClaveFila
from componentes.meses import MesInvalido, clave_mes, leer_mes, meses_entre, nombre_mes
from componentes.models import Actividad, Plan, Responsable, Subactividad, cargados
from cronograma import ciclo
from cronograma.avance import programaciones_del_plan
from cronograma.models import Avance, MesProgramado, VersionPlan
from cronograma.limites import LARGO_SUSTENTO, LINEAS_SUSTENTO
from cronograma.periodo import error_de_mes, mes_actual, validar_mes
from cronograma.permisos import perfil_de, puede_reprogramar
from cronograma.versiones import ultima_aprobada, version_en_curso  # noqa: F401 (las del núcleo, aquí por costumbre)

LARGO_NOMBRE = 500
PATRON_CODIGO = re.compile(r"^[1-9]\d*(\.[1-9]\d*){1,2}$")


# --- Lecturas ------------------------------------------------------------------------------------

def borrador_de(plan: Plan) -> VersionPlan | None:
    return VersionPlan.objects.filter(plan=plan, estado=VersionPlan.Estado.BORRADOR).first()


def primer_mes_abierto(plan: Plan, mes_fin: date | None = None) -> date | None:
    """El mes siguiente al último cerrado (o el primero del plan): una versión no puede regir antes,
    aunque un mes anterior se haya reabierto para corregirlo, porque lo demás ya se midió."""
    cerrados = ciclo.meses_cerrados(plan)
    remitido = ciclo.corte_remitido(plan)
    return next((mes for mes in meses_entre(plan.mes_inicio, mes_fin or plan.mes_fin)
                 if ciclo.error_de_vigencia(plan, mes, cerrados=cerrados, remitido=remitido, leer_remitido=False) is None),
                None)


def periodo_propuesto(version: VersionPlan) -> list[date]:
    return meses_entre(version.plan.mes_inicio, _mes_fin_propuesto(version))


def _mes_fin_propuesto(version: VersionPlan) -> date:
    texto = version.cambios.get("mes_fin")
    return leer_mes(texto) if texto else version.mes_fin


# --- Permisos ------------------------------------------------------------------------------------

def _exigir_permiso(usuario) -> None:
    if not puede_reprogramar(perfil_de(usuario)):
        raise PermissionDenied("Solo la coordinación y los administradores crean, aprueban o descartan versiones del plan.")


def _exigir_borrador(version: VersionPlan) -> None:
    if version.estado != VersionPlan.Estado.BORRADOR:
        raise ValidationError(f"La versión {version.numero} ya está aprobada: no se puede cambiar.")


def _borrador_bloqueado(version: VersionPlan) -> VersionPlan:
    """Dentro de la transacción: el plan releído (`ciclo.exigir`: un plan archivado no se reprograma) y
    la versión releída con candado, que debe seguir siendo un borrador. Quien aprueba toma el mismo
    candado: guardar o descartar a la vez que se aprueba espera y, después, ve la versión aprobada (nunca
    la pisa ni la borra, aunque el objeto que traía diga «borrador»)."""
    ciclo.exigir(ciclo.Accion.REPROGRAMAR, version.plan)
    bloqueada = VersionPlan.objects.select_for_update().select_related("plan").filter(pk=version.pk).first()
    if bloqueada is None:
        raise ValidationError(f"El borrador de la versión {version.numero} ya no existe: se descartó.")
    _exigir_borrador(bloqueada)
    return bloqueada


# --- Crear ---------------------------------------------------------------------------------------

def crear_borrador(*, plan: Plan, usuario) -> VersionPlan:
    """Un borrador con la programación, nombres y unidades de la última versión aprobada."""
    _exigir_permiso(usuario)
    ciclo.comprobar(ciclo.Accion.REPROGRAMAR, plan)
    abierto = borrador_de(plan)
    if abierto is not None:
        raise ValidationError(f"Ya hay un borrador abierto (versión {abierto.numero}): apruébelo o descártelo "
                              "antes de empezar otro.")
    base = version_en_curso(plan)
    programacion = next(p for p in programaciones_del_plan(plan) if p.version.id == base.id)
    catalogo = Catalogo(plan)
    meses = {hoja.codigo: sorted(clave_mes(m) for m in programacion.meses.get(hoja.clave, ()))
             for hoja in catalogo.hojas if hoja.clave not in programacion.fuera}
    numero = (VersionPlan.objects.filter(plan=plan).aggregate(mayor=Max("numero"))["mayor"] or 0) + 1
    borrador = VersionPlan(
        plan=plan, numero=numero, fecha=mes_actual(), vigente_desde=min(primer_mes_abierto(plan) or plan.mes_fin, plan.mes_fin),
        mes_fin=plan.mes_fin, estado=VersionPlan.Estado.BORRADOR, creada_por=usuario,
        cambios={"base": base.numero, "meses": meses, "nombres": {}, "unidades": {}, "nuevas": [], "retiradas": []},
    )
    borrador.full_clean()
    borrador._history_user = usuario
    try:
        with transaction.atomic():
            ciclo.exigir(ciclo.Accion.REPROGRAMAR, plan)  # archivado mientras tanto: no
            borrador.save()
    except IntegrityError:  # otro borrador creado al mismo tiempo
        raise ValidationError("Ya hay un borrador abierto: apruébelo o descártelo antes de empezar otro.") from None
    return borrador


# --- Editar --------------------------------------------------------------------------------------

def _meses_validos(plan: Plan, textos, periodo: list[date], codigo: str) -> list[str]:
    meses = set()
    for texto in textos:
        try:
            mes = leer_mes(texto)
        except MesInvalido as error:
            raise ValidationError(f"Fila {codigo}: {error}") from None
        error = error_de_mes(plan, mes, iniciado=False, hasta=periodo[-1])  # el periodo de la versión
        if error:
            raise ValidationError(f"Fila {codigo}: {error}")
        meses.add(clave_mes(mes))
    return sorted(meses)


def _siglas_validas(siglas, codigo: str) -> list[str]:
    conocidas = {r.sigla.upper(): r.sigla for r in Responsable.objects.all()}
    limpias = [s.strip() for s in siglas if s and s.strip()]
    desconocidas = [s for s in limpias if s.upper() not in conocidas]
    if desconocidas:
        raise ValidationError(f"Fila {codigo}: unidad desconocida {', '.join(desconocidas)}. Las unidades válidas son "
                              f"{', '.join(sorted(conocidas.values()))}.")
    return sorted({conocidas[s.upper()] for s in limpias})


def _nombre_valido(nombre: str, codigo: str) -> str:
    nombre = " ".join((nombre or "").split())
    if not nombre:
        raise ValidationError(f"Fila {codigo}: el nombre no puede quedar vacío.")
    if len(nombre) > LARGO_NOMBRE:
        raise ValidationError(f"Fila {codigo}: el nombre tiene {len(nombre)} caracteres; el máximo es {LARGO_NOMBRE}.")
    return nombre


def _filas_con_avance(plan: Plan, codigos, catalogo: Catalogo) -> list[str]:
    claves = {catalogo.hojas_por_codigo[c].clave: c for c in codigos if c in catalogo.hojas_por_codigo}
    if not claves:
        return []
    con_avance = set(Avance.objects.del_plan(plan).values_list("actividad_id", "subactividad_id").distinct())
    return sorted(c for clave, c in claves.items() if (clave.actividad_id, clave.subactividad_id) in con_avance)


def guardar_borrador(*, version: VersionPlan, usuario, meses: dict | None = None, nombres: dict | None = None,
                     unidades: dict | None = None, retiradas: list | None = None, mes_fin: str | None = None,
                     nueva: dict | None = None) -> VersionPlan:
    """Guarda en el borrador los cambios dados (solo los que se pasan). Valida todo antes de guardar.

    En una transacción, con la versión releída bajo candado (`_borrador_bloqueado`): si otro la aprobó o
    descartó entretanto, no se guarda nada y se dice por qué."""
    _exigir_permiso(usuario)
    _exigir_borrador(version)
    ciclo.comprobar(ciclo.Accion.REPROGRAMAR, version.plan)
    with transaction.atomic():
        bloqueada = _borrador_bloqueado(version)
        return _guardar_borrador(bloqueada, version, usuario, meses=meses, nombres=nombres, unidades=unidades,
                                 retiradas=retiradas, mes_fin=mes_fin, nueva=nueva)


def _guardar_borrador(version: VersionPlan, en_memoria: VersionPlan, usuario, *, meses, nombres, unidades,
                      retiradas, mes_fin, nueva) -> VersionPlan:
    plan = version.plan
    cambios = copy.deepcopy(version.cambios)  # si algo no vale, el borrador en memoria tampoco cambia
    if mes_fin is not None:
        try:
            fin = leer_mes(mes_fin)
        except MesInvalido as error:
            raise ValidationError({"mes_fin": str(error)}) from None
        if fin < plan.mes_fin:
            raise ValidationError({"mes_fin": f"El periodo solo se puede extender: el plan ya llega a {nombre_mes(plan.mes_fin)}."})
        cambios["mes_fin"] = clave_mes(fin)
    periodo = meses_entre(plan.mes_inicio, leer_mes(cambios["mes_fin"]) if cambios.get("mes_fin") else plan.mes_fin)
    catalogo = Catalogo(plan)
    actuales = cambios["meses"]
    for codigo, textos in (meses or {}).items():
        if codigo not in actuales:
            raise ValidationError(f"La versión no tiene una fila hoja {codigo}.")
        actuales[codigo] = _meses_validos(plan, textos, periodo, codigo)
    existentes = {**{c: None for c in actuales}, **_codigos_no_hoja(catalogo)}
    for codigo, nombre in (nombres or {}).items():
        if codigo not in existentes:
            raise ValidationError(f"El plan no tiene una fila {codigo}.")
        limpio = _nombre_valido(nombre, codigo)
        if limpio == _nombre_actual(catalogo, codigo):
            cambios["nombres"].pop(codigo, None)
        else:
            cambios["nombres"][codigo] = limpio
    for codigo, siglas in (unidades or {}).items():
        if codigo not in existentes or "." not in codigo:
            raise ValidationError(f"El plan no tiene una fila {codigo} con unidades.")
        limpias = _siglas_validas(siglas, codigo)
        # Frente a las unidades que la fila tiene en efecto (las propias o, si no tiene, las de su
        # actividad): el editor muestra esas, y devolverlas tal cual no es un cambio (la fila sigue
        # siguiendo a su actividad).
        if limpias == sorted(_siglas_efectivas(catalogo, codigo)):
            cambios["unidades"].pop(codigo, None)
        else:
            cambios["unidades"][codigo] = limpias
    if retiradas is not None:
        desconocidas = [c for c in retiradas if c not in actuales]
        if desconocidas:
            raise ValidationError(f"No se puede retirar {', '.join(desconocidas)}: no es una fila hoja de esta versión.")
        con_avance = _filas_con_avance(plan, retiradas, catalogo)
        if con_avance:
            raise ValidationError(f"No se puede retirar {', '.join(con_avance)}: tiene avance registrado. Una fila con "
                                  "avance queda en el plan (puede dejarla sin meses programados).")
        cambios["retiradas"] = sorted(set(retiradas))
    if nueva is not None:
        cambios["nuevas"] = [*cambios["nuevas"], _nueva_valida(nueva, catalogo, cambios, periodo)]
    # Meses que quedarían fuera de un periodo acortado no pueden darse: el periodo solo se extiende.
    version.cambios = cambios
    version.full_clean()
    version._history_user = usuario
    version.save(update_fields=["cambios"])
    en_memoria.cambios = cambios
    return version


def _codigos_no_hoja(catalogo: Catalogo) -> dict[str, object]:
    codigos: dict[str, object] = {c.codigo: c for c in catalogo.componentes}
    for actividad in catalogo.actividades():
        codigos[actividad.codigo] = actividad
    return codigos


def _nombre_actual(catalogo: Catalogo, codigo: str) -> str:
    hoja = catalogo.hojas_por_codigo.get(codigo)
    if hoja is not None:
        return hoja.nombre
    objeto = _codigos_no_hoja(catalogo).get(codigo)
    return objeto.nombre if objeto is not None else ""


def _siglas_actuales(catalogo: Catalogo, codigo: str) -> list[str]:
    hoja = catalogo.hojas_por_codigo.get(codigo)
    if hoja is not None:
        objeto = hoja.subactividad or hoja.actividad
    else:
        objeto = _codigos_no_hoja(catalogo).get(codigo)
    return [r.sigla for r in cargados(objeto, "responsables")] if objeto is not None else []


def _siglas_efectivas(catalogo: Catalogo, codigo: str) -> list[str]:
    """Las unidades que la fila tiene en efecto: las de la hoja (propias o heredadas de su actividad)."""
    hoja = catalogo.hojas_por_codigo.get(codigo)
    if hoja is not None:
        return [r.sigla for r in hoja.responsables]
    return _siglas_actuales(catalogo, codigo)


def _nueva_valida(nueva: dict, catalogo: Catalogo, cambios: dict, periodo: list[date]) -> dict:
    codigo = (nueva.get("codigo") or "").strip()
    if not PATRON_CODIGO.match(codigo):
        raise ValidationError({"codigo": f"«{codigo}» no es un código de actividad o subactividad (p. ej. 1.2 o 1.2.3)."})
    usados = set(cambios["meses"]) | set(_codigos_no_hoja(catalogo)) | set(catalogo.hojas_por_codigo) \
        | {n["codigo"] for n in cambios["nuevas"]}
    if codigo in usados:
        raise ValidationError({"codigo": f"El código {codigo} ya existe en el plan."})
    padre = codigo.rpartition(".")[0]
    objetos = _codigos_no_hoja(catalogo)
    if padre not in objetos:
        raise ValidationError({"codigo": f"El plan no tiene la fila {padre}, de la que {codigo} dependería."})
    if codigo.count(".") == 2 and not cargados(objetos[padre], "subactividades"):
        raise ValidationError({"codigo": f"La actividad {padre} es una fila hoja (sin subactividades): no se le pueden "
                                         "agregar subactividades; agregue una actividad nueva."})
    return {
        "codigo": codigo,
        "nombre": _nombre_valido(nueva.get("nombre", ""), codigo),
        "unidades": _siglas_validas(nueva.get("unidades", []), codigo),
        "meses": _meses_validos(catalogo.plan, nueva.get("meses", []), periodo, codigo),
    }


# --- Aprobar y descartar -------------------------------------------------------------------------

def validar_vigencia(plan: Plan, vigente_desde: date, mes_fin: date) -> None:
    """¿Puede una versión nueva regir desde ese mes? Dentro del periodo, en un mes abierto, no antes del
    primer mes abierto ni de la versión aprobada más reciente; después del corte de todo reporte remitido
    (`ciclo.error_de_vigencia`). `aprobar_version` la llama con el plan y el mes bajo candado."""
    validar_mes(plan, vigente_desde, campo="vigente_desde", iniciado=False, hasta=mes_fin)
    error = ciclo.error_de_vigencia(plan, vigente_desde)  # después del último mes cerrado y de lo remitido
    if error:
        raise ValidationError({"vigente_desde": error})
    ultima = ultima_aprobada(plan)
    if ultima is not None and vigente_desde < ultima.vigente_desde:
        raise ValidationError({"vigente_desde": f"{nombre_mes(vigente_desde)} es anterior a la versión {ultima.numero}, "
                                                f"vigente desde {nombre_mes(ultima.vigente_desde)}."})


@transaction.atomic
def aprobar_version(*, version: VersionPlan, motivo: str, vigente_desde: date, usuario) -> VersionPlan:
    """Aplica el borrador y lo aprueba: rige desde `vigente_desde`; los cortes anteriores no cambian."""
    _exigir_permiso(usuario)
    try:  # antes que nada: un sustento sin límite (o con controles de dirección) no se procesa
        motivo = leer_texto(motivo, largo=LARGO_SUSTENTO, lineas=LINEAS_SUSTENTO, nombre="El sustento")
    except ValorInvalido as error:
        raise ValidationError({"motivo": str(error)}) from None
    if not motivo:
        raise ValidationError({"motivo": "Escriba el sustento: por qué se reprograma el plan."})
    validar_mes(version.plan, vigente_desde, campo="vigente_desde", iniciado=False, hasta=_mes_fin_propuesto(version))
    # Candado exclusivo del plan y candado del mes desde el que rige: un cierre de ese mes (o de otro) o la
    # remisión de un reporte esperan a que esto termine, o esto espera y después los ve.
    plan = ciclo.exigir(ciclo.Accion.REPROGRAMAR, version.plan, vigente_desde)
    version = _borrador_bloqueado(version)
    cambios = version.cambios
    mes_fin = _mes_fin_propuesto(version)
    validar_vigencia(plan, vigente_desde, mes_fin)
    catalogo = Catalogo(plan)
    faltan = [c for c in cambios["meses"] if c not in catalogo.hojas_por_codigo]
    if faltan:
        raise ValidationError(f"El plan cambió desde que se empezó el borrador: ya no tiene {', '.join(faltan[:5])}.")
    con_avance = _filas_con_avance(plan, cambios["retiradas"], catalogo)
    if con_avance:
        raise ValidationError(f"No se puede retirar {', '.join(con_avance)}: tiene avance registrado.")
    if mes_fin != plan.mes_fin:
        plan.mes_fin = mes_fin
        plan.full_clean()
        plan._history_user = usuario
        plan.save(update_fields=["mes_fin"])
    aplicado = {"nombres": {}, "unidades": {}}
    objetos = {**_codigos_no_hoja(catalogo),
               **{h.codigo: h.subactividad or h.actividad for h in catalogo.hojas}}
    unidades = {r.sigla: r for r in Responsable.objects.all()}
    for codigo, nombre in cambios["nombres"].items():
        objeto = objetos[codigo]
        aplicado["nombres"][codigo] = [objeto.nombre, nombre]
        objeto.nombre = nombre
        objeto.full_clean(validate_constraints=False)
        objeto._history_user = usuario
        objeto.save(update_fields=["nombre"])
    for codigo, siglas in cambios["unidades"].items():
        if sorted(siglas) == sorted(_siglas_efectivas(catalogo, codigo)):
            continue  # no cambia nada: la fila sigue con sus unidades (o siguiendo a su actividad), sin historia
        objeto = objetos[codigo]
        aplicado["unidades"][codigo] = [_siglas_efectivas(catalogo, codigo), siglas]
        objeto._history_user = usuario
        objeto.responsables.set([unidades[s] for s in siglas])
    altas = _crear_filas_nuevas(cambios["nuevas"], objetos, unidades, usuario)
    bajas = [catalogo.hojas_por_codigo[c].clave for c in cambios["retiradas"]]
    claves = {h.codigo: h.clave for h in catalogo.hojas}
    claves.update(altas)
    programados = [
        MesProgramado(version=version, actividad_id=claves[codigo].actividad_id,
                      subactividad_id=claves[codigo].subactividad_id, mes=leer_mes(texto))
        for codigo, textos in [*cambios["meses"].items(), *((n["codigo"], n["meses"]) for n in cambios["nuevas"])]
        if codigo not in cambios["retiradas"]
        for texto in textos
    ]
    # Los meses ya se validaron contra el periodo al guardar el borrador; las filas vienen del catálogo
    # leído en esta transacción: no hace falta un full_clean por mes (14.000 en un plan grande).
    bulk_create_with_history(programados, MesProgramado, default_user=usuario, batch_size=2000)
    # Los meses quedan en MesProgramado: la versión aprobada no repite la programación en su JSON.
    version.cambios = {**{k: v for k, v in cambios.items() if k != "meses"}, **aplicado,
                       "altas": [[c.actividad_id, c.subactividad_id] for c in altas.values()],
                       "bajas": [[c.actividad_id, c.subactividad_id] for c in bajas]}
    version.motivo, version.vigente_desde, version.mes_fin = motivo, vigente_desde, mes_fin
    version.fecha = mes_actual()
    version.estado = VersionPlan.Estado.APROBADA
    version.aprobada_por, version.aprobada_en = usuario, timezone.now()
    version.full_clean()
    version._history_user = usuario
    version.save()
    from cronograma.seguimiento.avisos import version_aprobada

    version_aprobada(version, codigos=_filas_cambiadas(version, catalogo, cambios, aplicado, altas))
    return version


def _filas_cambiadas(version: VersionPlan, catalogo: Catalogo, cambios: dict, aplicado: dict, altas: dict) -> set[str]:
    """Los códigos de las filas que la versión cambió (meses, nombre, unidades, agregadas o retiradas),
    para avisar a sus unidades (issue 23)."""
    previas = [p for p in programaciones_del_plan(version.plan) if p.version.numero < version.numero]
    anteriores = max(previas, key=lambda p: p.version.numero).meses if previas else {}
    por_clave = {h.clave: h.codigo for h in catalogo.hojas}
    meses_antes = {por_clave[c]: {clave_mes(m) for m in meses} for c, meses in anteriores.items() if c in por_clave}
    cambiadas = {codigo for codigo, textos in cambios["meses"].items() if set(textos) != meses_antes.get(codigo, set())}
    return cambiadas | set(aplicado["nombres"]) | set(aplicado["unidades"]) | set(altas) | set(cambios["retiradas"])


def _crear_filas_nuevas(nuevas: list[dict], objetos: dict, unidades: dict, usuario) -> dict[str, ClaveFila]:
    altas: dict[str, ClaveFila] = {}
    for nueva in sorted(nuevas, key=lambda n: n["codigo"].count(".")):  # actividades antes que subactividades
        codigo = nueva["codigo"]
        padre = objetos[codigo.rpartition(".")[0]]
        numero = int(codigo.rpartition(".")[2])
        if codigo.count(".") == 1:
            objeto = Actividad(componente=padre, numero=numero, nombre=nueva["nombre"])
        else:
            objeto = Subactividad(actividad=padre, numero=numero, nombre=nueva["nombre"])
        objeto.full_clean()
        objeto._history_user = usuario
        objeto.save()
        objeto.responsables.set([unidades[s] for s in nueva["unidades"]])
        objetos[codigo] = objeto
        altas[codigo] = ClaveFila(objeto.actividad_id, objeto.id) if isinstance(objeto, Subactividad) else ClaveFila(objeto.id)
    return altas


def descartar_borrador(*, version: VersionPlan, usuario) -> None:
    """Borra el borrador (la historia guarda quién lo descartó y qué proponía)."""
    _exigir_permiso(usuario)
    _exigir_borrador(version)
    with transaction.atomic():
        bloqueada = _borrador_bloqueado(version)  # nunca la versión aprobada, aunque el objeto diga «borrador»
        bloqueada._history_user = usuario
        bloqueada.delete()


# --- Desde un libro del Anexo N° 2 ---------------------------------------------------------------

def cambios_del_libro(cambios_anexo) -> dict:
    """Los cambios de un libro leído (`CambiosAnexo`) como cambios de un borrador. El libro debe tener los
    códigos del plan: una fila que el plan no tiene se rechaza (las filas nuevas se agregan en el editor)."""
    from cronograma.anexo.importacion import CREAR  # importación perezosa: importacion usa este módulo

    if cambios_anexo.errores:
        raise ValidationError([str(error) for error in cambios_anexo.errores])
    ajenas = [fila.codigo for fila in cambios_anexo.filas if fila.accion == CREAR]
    if ajenas:
        raise ValidationError(f"Los códigos del libro no coinciden con el plan: el plan no tiene {', '.join(ajenas[:10])}"
                              f"{' …' if len(ajenas) > 10 else ''}. Agregue las filas nuevas en el editor del borrador.")
    if not any(fila.es_hoja for fila in cambios_anexo.filas):
        raise ValidationError("El libro no tiene ninguna fila hoja del plan: no se puede reprogramar con él.")
    resultado = {"meses": {}, "nombres": {}, "unidades": {}}
    for fila in cambios_anexo.filas:
        leida = fila.leida
        if fila.cambia("nombre"):
            resultado["nombres"][fila.codigo] = leida.nombre
        if fila.cambia("responsables"):
            resultado["unidades"][fila.codigo] = list(leida.siglas)
        if fila.es_hoja:
            resultado["meses"][fila.codigo] = sorted(clave_mes(m) for m in leida.meses)
    return resultado


@transaction.atomic
def borrador_desde_libro(*, plan: Plan, cambios_anexo, usuario) -> VersionPlan:
    """Un borrador con los meses, nombres y unidades del libro (solo en los meses que el libro muestra)."""
    propuestos = cambios_del_libro(cambios_anexo)
    borrador = crear_borrador(plan=plan, usuario=usuario)
    meses_libro = {clave_mes(m) for m in cambios_anexo.meses}
    meses = {codigo: sorted((set(borrador.cambios["meses"].get(codigo, [])) - meses_libro) | set(textos))
             for codigo, textos in propuestos["meses"].items() if codigo in borrador.cambios["meses"]}
    return guardar_borrador(version=borrador, usuario=usuario, meses=meses, nombres=propuestos["nombres"],
                            unidades=propuestos["unidades"])
