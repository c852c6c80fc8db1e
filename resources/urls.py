from django.urls import path

from . import views

app_name = "resources"

urlpatterns = [
    path("ressources/", views.library, name="library"),
    path("ressources/<int:pk>/telecharger/", views.download, name="download"),
]
