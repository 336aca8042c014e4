"""Importación y exportación del catálogo en el admin (django-import-export), por código y sigla.

Las filas se identifican por su código ("1.1.3") dentro del plan vigente, nunca por id de base de
datos: así un archivo exportado de una instalación se puede cargar en otra.
"""

from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets

from componentes.codigos import descomponer, numero_bajo
from componentes.reglas import objeciones_a_subactividad
from componentes.models import Actividad, Componente, Plan, Responsable, Subactividad
from componentes.planes import SinPlan, plan_pedido

SEPARADOR_SIGLAS = "/"


class SiglasWidget(widgets.ManyToManyWidget):
    """Unidades separadas por "/". Una sigla desconocida es un error, no se descarta en silencio."""

    def __init__(self):
        super().__init__(Responsable, field="sigla", separator=SEPARADOR_SIGLAS)

    def clean(self, value, row=None, **kwargs):
        siglas = [s.strip() for s in str(value or "").split(SEPARADOR_SIGLAS) if s.strip()]
        encontradas = {r.sigla: r for r in Responsable.objects.filter(sigla__in=siglas)}
        desconocidas = [s for s in siglas if s not in encontradas]
        if desconocidas:
            raise ValueError(f"Unidad desconocida: {', '.join(desconocidas)}. Regístrela primero en Responsables.")
        return [encontradas[s] for s in siglas]

    def render(self, value, obj=None, **kwargs):
        return f" {SEPARADOR_SIGLAS} ".join(r.sigla for r in value.all()) if value is not None else ""


def _plan_vigente() -> Plan:
    try:
        return plan_pedido()
    except SinPlan as error:
        raise ValidationError(str(error)) from None


class PorCodigoResource(resources.ModelResource):
    """Base: localiza la fila por su código en el plan vigente; crea la que falta."""

    codigo = fields.Field(column_name="codigo", attribute="codigo", readonly=True)

    def __init__(self, plan: Plan | None = None, **kwargs):
        super().__init__(**kwargs)
        self._plan = plan

    @property
    def plan(self) -> Plan:
        if self._plan is None:
            self._plan = _plan_vigente()
        return self._plan

    def codigo_de(self, row) -> str:
        codigo = str(row.get("codigo") or "").strip()
        if not codigo:
            raise ValidationError({"codigo": "Falta el código de la fila."})
        return codigo

    def get_or_init_instance(self, instance_loader, row):
        raise NotImplementedError

    def import_instance(self, instance, row, **kwargs):
        # Las unidades se guardan después que la fila; se validan antes para que una sigla
        # desconocida sea un error de la columna "responsables" y no se guarde nada.
        errores = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errores = error.update_error_dict(errores)
        campo = self.fields.get("responsables")
        if campo is not None and campo.column_name in row:
            try:
                campo.clean(row)
            except ValueError as error:
                errores.setdefault("responsables", []).append(str(error))
        if errores:
            raise ValidationError(errores)


class ComponenteResource(PorCodigoResource):
    class Meta:
        model = Componente
        fields = ("codigo", "nombre", "peso")
        export_order = ("codigo", "nombre", "peso")
        import_id_fields = ()
        skip_unchanged = True
        report_skipped = True

    def get_queryset(self):
        return Componente.objects.filter(plan=self.plan).order_by("numero")

    def get_or_init_instance(self, instance_loader, row):
        (numero,) = _numeros(self.codigo_de(row), 1, "componente")
        existente = Componente.objects.filter(plan=self.plan, numero=numero).first()
        return (existente, False) if existente else (Componente(plan=self.plan, numero=numero), True)


class ActividadResource(PorCodigoResource):
    responsables = fields.Field(column_name="responsables", attribute="responsables", widget=SiglasWidget())

    class Meta:
        model = Actividad
        fields = ("codigo", "nombre", "responsables", "peso")
        export_order = ("codigo", "nombre", "responsables", "peso")
        import_id_fields = ()
        skip_unchanged = True
        report_skipped = True

    def get_queryset(self):
        return (
            Actividad.objects.del_plan(self.plan)
            .select_related("componente")
            .prefetch_related("responsables")
            .order_by("componente__numero", "numero")
        )

    def get_or_init_instance(self, instance_loader, row):
        numero_componente, numero = _numeros(self.codigo_de(row), 2, "actividad")
        componente = Componente.objects.filter(plan=self.plan, numero=numero_componente).first()
        if componente is None:
            raise ValidationError({"codigo": f"No existe el componente {numero_componente} de la actividad {self.codigo_de(row)}."})
        existente = Actividad.objects.filter(componente=componente, numero=numero).first()
        return (existente, False) if existente else (Actividad(componente=componente, numero=numero), True)


class SubactividadResource(PorCodigoResource):
    actividad = fields.Field(column_name="actividad", attribute="actividad__codigo", readonly=True)
    responsables = fields.Field(column_name="responsables", attribute="responsables", widget=SiglasWidget())

    class Meta:
        model = Subactividad
        fields = ("codigo", "actividad", "nombre", "responsables", "peso")
        export_order = ("codigo", "actividad", "nombre", "responsables", "peso")
        import_id_fields = ()
        skip_unchanged = True
        report_skipped = True

    def get_queryset(self):
        return (
            Subactividad.objects.del_plan(self.plan)
            .select_related("actividad__componente")
            .prefetch_related("responsables")
            .order_by("actividad__componente__numero", "actividad__numero", "numero")
        )

    def get_or_init_instance(self, instance_loader, row):
        codigo = self.codigo_de(row)
        numero_componente, numero_actividad, numero = _numeros(codigo, 3, "subactividad")
        codigo_actividad = str(row.get("actividad") or "").strip() or f"{numero_componente}.{numero_actividad}"
        try:
            numero_bajo(codigo, padre=codigo_actividad, nivel="subactividad")
        except ValidationError as error:
            raise ValidationError({"codigo": error.messages}) from None
        actividad = Actividad.objects.filter(
            componente__plan=self.plan, componente__numero=numero_componente, numero=numero_actividad
        ).select_related("componente").first()
        if actividad is None:
            raise ValidationError({"actividad": f"No existe la actividad {codigo_actividad} en el plan."})
        existente = Subactividad.objects.filter(actividad=actividad, numero=numero).first()
        if existente is None:
            motivos = objeciones_a_subactividad(actividad)  # p. ej. la actividad ya tiene avance propio
            if motivos:
                raise ValidationError({"actividad": motivos})
        return (existente, False) if existente else (Subactividad(actividad=actividad, numero=numero), True)


class ResponsableResource(resources.ModelResource):
    class Meta:
        model = Responsable
        fields = ("sigla", "nombre", "orden")
        import_id_fields = ("sigla",)
        skip_unchanged = True
        report_skipped = True


def _numeros(codigo: str, cuantos: int, nivel: str) -> tuple[int, ...]:
    try:
        numeros = descomponer(codigo)
    except ValidationError as error:
        raise ValidationError({"codigo": error.messages}) from None
    if len(numeros) != cuantos:
        ejemplo = {1: "3", 2: "3.10", 3: "3.10.2"}[cuantos]
        raise ValidationError({"codigo": f"«{codigo}» no es un código de {nivel}: se espera algo como {ejemplo}."})
    return numeros
