"""The organising team's pages outside the admin (the admin's own pages are in admin/)."""

from django.urls import path
from django.views.generic import TemplateView

from .views import activity, documents, door, evaluation, messages, remote

app_name = "backoffice"

EVENT = "staff/evenements/<slug:slug>/"

urlpatterns = [
    # Documents
    path(f"{EVENT}badges.pdf", documents.badges, name="badges"),
    path(f"{EVENT}emargement.pdf", documents.signin_sheet, name="signin_sheet"),
    path(
        f"{EVENT}emargement-atelier-<int:workshop_pk>.pdf",
        documents.workshop_signin_sheet,
        name="workshop_signin_sheet",
    ),
    path(f"{EVENT}groupes.pdf", documents.working_groups_pdf, name="working_groups_pdf"),
    path(f"{EVENT}participants.csv", documents.participants_csv, name="participants_csv"),
    path(f"{EVENT}participants.xlsx", documents.participants_xlsx, name="participants_xlsx"),
    path(f"{EVENT}attestations.pdf", documents.attestations, name="attestations"),
    # A document prepared in the background: its progress page, its state, its file.
    path(f"{EVENT}documents/<uuid:pk>/", documents.document_progress, name="document_progress"),
    path(
        f"{EVENT}documents/<uuid:pk>/etat.json",
        documents.document_status,
        name="document_status",
    ),
    path(
        f"{EVENT}documents/<uuid:pk>/telecharger/",
        documents.document_download,
        name="document_download",
    ),
    # The door
    path(f"{EVENT}accueil/", door.checkin, name="checkin"),
    path(f"{EVENT}accueil/sans-inscription/", door.walk_in, name="walk_in"),
    # Remote participants: the videoconference report, the remote sign-in record
    path(f"{EVENT}visio/import/", remote.remote_import, name="remote_import"),
    path(
        f"{EVENT}visio/import/verification/",
        remote.remote_import_preview,
        name="remote_import_preview",
    ),
    path(f"{EVENT}visio/connexions.pdf", remote.remote_signin_pdf, name="remote_signin_pdf"),
    path(f"{EVENT}visio/connexions.xlsx", remote.remote_signin_xlsx, name="remote_signin_xlsx"),
    # Emails to registrants
    path(f"{EVENT}message/", messages.staff_message, name="message"),
    path(f"{EVENT}apres-evenement/", messages.post_event_email, name="post_event_email"),
    # Evaluation questionnaire: results
    path(f"{EVENT}evaluation/", evaluation.evaluation_results_page, name="evaluation"),
    path(f"{EVENT}evaluation.xlsx", evaluation.evaluation_results_xlsx, name="evaluation_xlsx"),
    # Figures
    path("staff/activite/", activity.activity_page, name="activity"),
    path("staff/activite.xlsx", activity.activity_xlsx, name="activity_xlsx"),
    path("staff/activite.pdf", activity.activity_pdf, name="activity_pdf"),
    # Public (not under staff/): whoever lost the phone with their authenticator app is
    # signed out, stopped at the code page.
    path(
        "connexion/telephone-perdu/",
        TemplateView.as_view(template_name="backoffice/lost_phone.html"),
        name="lost_phone",
    ),
]
