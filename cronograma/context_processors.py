"""El perfil del usuario (unidades, coordinación) para la navegación; lo calcula PerfilMiddleware."""

from cronograma.permisos import perfil_de_peticion


def perfil(request):
    return {"perfil": perfil_de_peticion(request)}
