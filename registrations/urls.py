from django.urls import path

from . import staff_views, views

app_name = "registrations"

urlpatterns = [
    path("mon-espace/", views.my_space, name="my_space"),
    path("evenements/<slug:slug>/inscription/", views.register, name="register"),
    path("inscription/<str:token>/", views.manage, name="manage"),
    path("inscription/<str:token>/annuler/", views.cancel, name="cancel"),
    path("inscription/<str:token>/ateliers/", views.change_workshops, name="change_workshops"),
    path("inscription/<str:token>/agenda.ics", views.agenda, name="agenda"),
    path("evenements/<slug:slug>/alerte/", views.opening_notice, name="opening_notice"),
    # The organising team's documents (staff only).
    path("staff/evenements/<slug:slug>/badges.pdf", staff_views.badges, name="staff_badges"),
    path(
        "staff/evenements/<slug:slug>/emargement.pdf",
        staff_views.signin_sheet,
        name="staff_signin_sheet",
    ),
    path(
        "staff/evenements/<slug:slug>/emargement-atelier-<int:workshop_pk>.pdf",
        staff_views.workshop_signin_sheet,
        name="staff_workshop_signin_sheet",
    ),
    path(
        "staff/evenements/<slug:slug>/participants.csv",
        staff_views.participants_csv,
        name="staff_participants_csv",
    ),
    path(
        "staff/evenements/<slug:slug>/participants.xlsx",
        staff_views.participants_xlsx,
        name="staff_participants_xlsx",
    ),
]
