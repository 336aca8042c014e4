from django.urls import path

from cronograma import views

urlpatterns = [
    path("", views.inicio, name="inicio"),
]
