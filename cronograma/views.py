"""Vistas del cronograma: leen la petición, llaman a una función y muestran el resultado."""

from django.shortcuts import render

from componentes.models import Plan


def inicio(request):
    plan = Plan.objects.vigente()
    return render(request, "cronograma/inicio.html", {"plan": plan})
