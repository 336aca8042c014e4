"""Adónde volver tras un envío (`siguiente=`): solo una ruta absoluta de este sitio.

`redirect()` trata un texto sin "/" como el nombre de una vista (un «siguiente=-5» daba un 500), y
`url_has_allowed_host_and_scheme` admite rutas relativas: por eso se exige además que empiece con "/".
"""

from django.utils.http import url_has_allowed_host_and_scheme

LARGO_MAXIMO = 2000


def destino_seguro(request, destino, por_defecto: str) -> str:
    destino = destino if isinstance(destino, str) else ""
    if (
        destino.startswith("/")
        and len(destino) <= LARGO_MAXIMO
        and "\x00" not in destino
        and url_has_allowed_host_and_scheme(destino, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    ):
        return destino
    return por_defecto
