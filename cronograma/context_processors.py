"""El perfil del usuario y lo que puede hacer (calculado en permisos.py) para la navegación de base.html."""

from cronograma.permisos import lo_que_puede, perfil_de_peticion


def perfil(request):
    perfil = perfil_de_peticion(request)
    return {"perfil": perfil, "puede": lo_que_puede(perfil)}
