"""Direcciones de las páginas de un plan para avisos, correos y plantillas, con consulta y ancla:
`url_del_plan("fila", plan, codigo="1.1.1", consulta="mes=2020-11", ancla="revision")`. Las arma
`cronograma.planes.alcance.url_del_plan` (issue 21): sin depender del plan de la petición en curso."""

from cronograma.planes import alcance


def url_del_plan(nombre: str, plan, *, consulta: str = "", ancla: str = "", **kwargs) -> str:
    """`plan`: el plan o su id."""
    ruta = alcance.url_del_plan(nombre, plan, **kwargs) if kwargs else alcance.url_del_plan(nombre, plan)
    return ruta + (f"?{consulta}" if consulta else "") + (f"#{ancla}" if ancla else "")
