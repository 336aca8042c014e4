"""Pausar el recolector de ciclos de Python mientras una petición arma de una vez muchos objetos (issue 24).

La hoja del mes a 7.000 filas, o con 100 planes abiertos, lee en una petición cientos de miles de tuplas,
diccionarios y objetos del ORM que viven hasta el final de la página. Cada tantos objetos nuevos Python
recorre *todos* los objetos vivos buscando ciclos (unos 150.000 solo de Django y sus módulos): a esa escala
eran dos o tres pasadas completas y un quinto del tiempo de la página, sin encontrar nada que liberar.

Mientras dura el bloque no hay pasadas; la memoria sin ciclos se libera igual (por conteo de referencias) y
los ciclos que queden se recogen en la primera pasada después. Es seguro con hilos: el recolector es uno
por proceso y solo lo reanuda quien lo pausó; si ya estaba pausado (por otro hilo o por quien sea), se deja
como estaba.
"""

import gc
from contextlib import contextmanager


@contextmanager
def sin_recolector_de_ciclos():
    """Pausa el recolector de ciclos durante el bloque y lo reanuda al salir (también si hay un error)."""
    estaba_activo = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if estaba_activo:
            gc.enable()
