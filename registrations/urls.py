from django.urls import path

from . import evaluation_views, remote_views, views

app_name = "registrations"

urlpatterns = [
    path("mon-espace/", views.my_space, name="my_space"),
    path("mon-espace/mes-donnees.json", views.my_data, name="my_data"),
    path("mon-espace/supprimer-mon-compte/", views.delete_account, name="delete_account"),
    path("evenements/<slug:slug>/inscription/", views.register, name="register"),
    path("inscription/<str:token>/", views.manage, name="manage"),
    path("inscription/<str:token>/annuler/", views.cancel, name="cancel"),
    path("inscription/<str:token>/ateliers/", views.change_workshops, name="change_workshops"),
    path("inscription/<str:token>/agenda.ics", views.agenda, name="agenda"),
    path("inscription/<str:token>/attestation.pdf", views.attestation, name="attestation"),
    path("inscription/<str:token>/evaluation/", evaluation_views.evaluation, name="evaluation"),
    path("visio/<str:token>/", remote_views.visio, name="visio"),
    path("evenements/<slug:slug>/alerte/", views.opening_notice, name="opening_notice"),
    path("alerte/<str:token>/", views.opening_notice_confirm, name="opening_notice_confirm"),
]
