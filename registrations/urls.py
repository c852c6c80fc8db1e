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
    path("inscription/<str:token>/attestation.pdf", views.attestation, name="attestation"),
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
    path("staff/evenements/<slug:slug>/accueil/", staff_views.checkin, name="staff_checkin"),
    path(
        "staff/evenements/<slug:slug>/accueil/sans-inscription/",
        staff_views.walk_in,
        name="staff_walk_in",
    ),
    path("staff/evenements/<slug:slug>/message/", staff_views.staff_message, name="staff_message"),
    path(
        "staff/evenements/<slug:slug>/apres-evenement/",
        staff_views.post_event_email,
        name="staff_post_event_email",
    ),
    path(
        "staff/evenements/<slug:slug>/groupes.pdf",
        staff_views.working_groups_pdf,
        name="staff_working_groups_pdf",
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
    path(
        "staff/evenements/<slug:slug>/attestations.pdf",
        staff_views.event_attestations,
        name="staff_attestations",
    ),
    path("staff/activite/", staff_views.activity, name="staff_activity"),
    path("staff/activite.xlsx", staff_views.activity_xlsx, name="staff_activity_xlsx"),
]
