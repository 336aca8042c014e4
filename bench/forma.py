"""La forma de los planes del banco (sin Django: la usan también los argumentos de la línea de órdenes)."""

from dataclasses import dataclass

COMPONENTES = 7


@dataclass(frozen=True)
class Forma:
    actividades: int  # por componente (1 a 6)
    subactividades: int  # por actividad

    @property
    def filas(self) -> int:
        return COMPONENTES * self.actividades * self.subactividades


def forma_para(filas: int) -> Forma:
    """70 → 5 × 2; 700 → 10 × 10; 7.000 → 100 × 10; 14 → 1 × 2."""
    subactividades = 2 if filas <= 140 else 10
    actividades, resto = divmod(filas, COMPONENTES * subactividades)
    if resto or actividades < 1:
        raise ValueError(f"{filas} filas no se reparten en {COMPONENTES} componentes × A × {subactividades}.")
    return Forma(actividades, subactividades)
