"""«¿Cómo se calcula?»: las reglas de avance.py dichas en pocas líneas, junto a las cifras (grilla, página de
una fila, reporte en página, PDF y Word). Los umbrales del semáforo salen de la configuración vigente.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings


@dataclass(frozen=True)
class Regla:
    titulo: str
    texto: str


def _umbral(valor: float) -> str:
    return f"{(Decimal(str(valor)) * 100).normalize():f}".replace(".", ",") + " %"


def reglas() -> tuple[Regla, ...]:
    verde, ambar = _umbral(settings.CALIDAD_SEMAFORO_VERDE), _umbral(settings.CALIDAD_SEMAFORO_AMBAR)
    return (
        Regla("Ejecutado", "el último % acumulado registrado hasta el mes de corte; un mes sin registro mantiene "
                           "el valor anterior (0 % si aún no hay ninguno)."),
        Regla("Programado", "la parte de los meses programados de la fila que ya pasaron al corte, en partes "
                            "iguales (3 de 4 meses = 75,0 %), según la versión del plan vigente a ese corte."),
        Regla("Consolidados y pesos", "una actividad con subactividades promedia sus subactividades; un "
                                      "componente, sus actividades; el plan, sus componentes. Cada fila pesa "
                                      "según su peso (si todos pesan 0, promedio simple)."),
        Regla("Semáforo", f"ejecutado ÷ programado: verde desde el {verde} (o si va igual o por delante), ámbar "
                          f"desde el {ambar}, rojo por debajo; gris mientras no haya nada programado vencido. En el "
                          "mes en curso, lo programado para ese mes vence a su cierre: el color y el estado se "
                          "miden contra lo programado hasta el mes anterior."),
        Regla("Estado", "«Concluida» al 100 %; «Retrasada» cuando el semáforo es ámbar o rojo; «No iniciada» con "
                        "0 %; «En ejecución» en los demás casos. Todo se calcula con las cifras redondeadas a un "
                        "decimal, las que se muestran."),
    )
