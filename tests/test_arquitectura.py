"""La forma de la casa (issue 21): se lee el código con `ast`, sin importarlo.

- Ningún ciclo de importaciones entre los módulos de `cronograma/` y `componentes/` (contando también las
  importaciones dentro de funciones: una importación «perezosa» esconde un ciclo, no lo quita).
- `componentes` (el catálogo) nunca importa `cronograma`.
- Arriba de `cronograma/` hay a lo más 24 módulos y paquetes (sin contar migrations, management,
  templatetags ni datos): cada contexto vive en su paquete.
"""

import ast
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
PAQUETES = ("componentes", "cronograma")
FUERA_DE_LA_CUENTA = {"__pycache__", "migrations", "management", "templatetags", "datos"}
MAXIMO_ARRIBA = 24


def _modulos() -> dict[str, Path]:
    modulos = {}
    for paquete in PAQUETES:
        for ruta in (RAIZ / paquete).rglob("*.py"):
            partes = ruta.relative_to(RAIZ).with_suffix("").parts
            if "migrations" in partes:
                continue
            nombre = ".".join(partes[:-1] if partes[-1] == "__init__" else partes)
            modulos[nombre] = ruta
    return modulos


def _importados(nombre: str, ruta: Path, modulos: dict[str, Path]) -> set[str]:
    """Los módulos nuestros que importa `nombre` (un `from paquete import modulo` cuenta como el módulo)."""
    destinos = set()
    es_paquete = ruta.name == "__init__.py"
    for nodo in ast.walk(ast.parse(ruta.read_text(encoding="utf-8"))):
        if isinstance(nodo, ast.Import):
            destinos.update(alias.name for alias in nodo.names)
        elif isinstance(nodo, ast.ImportFrom):
            base = nodo.module or ""
            if nodo.level:
                partes = nombre.split(".") if es_paquete else nombre.split(".")[:-1]
                partes = partes[: len(partes) - (nodo.level - 1)]
                base = ".".join([*partes, base] if base else partes)
            for alias in nodo.names:
                completo = f"{base}.{alias.name}"
                destinos.add(completo if completo in modulos else base)
    return {d for d in destinos if d in modulos and d != nombre}


def _grafo() -> dict[str, set[str]]:
    modulos = _modulos()
    return {nombre: _importados(nombre, ruta, modulos) for nombre, ruta in modulos.items()}


def _ciclos(grafo: dict[str, set[str]]) -> list[list[str]]:
    """Las componentes fuertemente conexas de más de un módulo (Tarjan, iterativo)."""
    indice, bajo, pila, en_pila, ciclos, contador = {}, {}, [], set(), [], [0]

    def visitar(inicio):
        trabajo = [(inicio, iter(sorted(grafo[inicio])))]
        indice[inicio] = bajo[inicio] = contador[0]
        contador[0] += 1
        pila.append(inicio)
        en_pila.add(inicio)
        while trabajo:
            nodo, vecinos = trabajo[-1]
            avanzo = False
            for vecino in vecinos:
                if vecino not in indice:
                    indice[vecino] = bajo[vecino] = contador[0]
                    contador[0] += 1
                    pila.append(vecino)
                    en_pila.add(vecino)
                    trabajo.append((vecino, iter(sorted(grafo[vecino]))))
                    avanzo = True
                    break
                if vecino in en_pila:
                    bajo[nodo] = min(bajo[nodo], indice[vecino])
            if avanzo:
                continue
            trabajo.pop()
            if trabajo:
                bajo[trabajo[-1][0]] = min(bajo[trabajo[-1][0]], bajo[nodo])
            if bajo[nodo] == indice[nodo]:
                grupo = []
                while True:
                    miembro = pila.pop()
                    en_pila.discard(miembro)
                    grupo.append(miembro)
                    if miembro == nodo:
                        break
                if len(grupo) > 1:
                    ciclos.append(sorted(grupo))

    for nodo in sorted(grafo):
        if nodo not in indice:
            visitar(nodo)
    return ciclos


def test_no_hay_ciclos_de_importacion():
    assert _ciclos(_grafo()) == []


def test_el_detector_encuentra_un_ciclo():
    """La prueba de arriba podría pasar por no ver nada: con un ciclo armado a mano, lo ve."""
    assert _ciclos({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    grafo = _grafo()
    assert "cronograma.models" in grafo["cronograma.avance"]  # y lee de verdad las importaciones


def test_componentes_nunca_importa_cronograma():
    ajenos = {(nombre, destino) for nombre, destinos in _grafo().items() if nombre.startswith("componentes")
              for destino in destinos if destino.startswith("cronograma")}
    assert ajenos == set()


def test_a_lo_mas_24_modulos_arriba_de_cronograma():
    arriba = sorted(
        ruta.name for ruta in (RAIZ / "cronograma").iterdir()
        if ruta.name not in FUERA_DE_LA_CUENTA and (ruta.suffix == ".py" or (ruta.is_dir() and (ruta / "__init__.py").exists()))
    )
    assert len(arriba) <= MAXIMO_ARRIBA, arriba
