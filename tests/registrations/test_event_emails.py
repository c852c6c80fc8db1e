"""Emails around the day: reminders (J-2), "registration is open" alerts, the after-the-event
email and messages written by the organising team. Each is sent once."""

import datetime as dt

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from registrations import services
from registrations.models import OpeningNotice, SentEmail, StaffMessage
from tests.factories import (
    CheckInFactory,
    EventFactory,
    RegistrationFactory,
    UserFactory,
    WorkshopChoiceFactory,
)

pytestmark = pytest.mark.django_db


def in_days(days):
    return timezone.localdate() + dt.timedelta(days=days)


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def run_command(**options):
    from io import StringIO

    out = StringIO()
    call_command("send_event_emails", stdout=out, **options)
    return out.getvalue()


# --- Reminders -----------------------------------------------------------------------------


def test_reminders_go_to_confirmed_participants_of_events_in_two_days_once():
    soon = EventFactory(date=in_days(2), title="Rencontre de Metz", videoconference_url=
                        "https://visio.example.org/metz", remote_attendance=True)  # fmt: skip
    tomorrow = EventFactory(date=in_days(1))
    RegistrationFactory(event=soon, email="sur.place@example.org")
    RegistrationFactory(event=soon, email="distance@example.org", attendance="remote")
    RegistrationFactory(event=tomorrow, email="demain@example.org")
    for status in ("waiting", "pending", "cancelled"):
        RegistrationFactory(event=soon, status=status, email=f"{status}@example.org")
    RegistrationFactory(event=EventFactory(date=in_days(3)), email="trop.tot@example.org")
    RegistrationFactory(event=EventFactory(date=in_days(2), status="draft"), email="b@ex.org")
    RegistrationFactory(event=EventFactory(date=timezone.localdate()), email="jour@ex.org")

    assert run_command(dry_run=True) == (
        "Rappels à envoyer : 3 ; alertes d'ouverture à envoyer : 0.\n"
        "Demandes d'alerte à effacer : 0.\n"
    )
    assert mail.outbox == []
    assert run_command() == (
        "Rappels envoyés ou mis en file : 3 ; alertes d'ouverture envoyés ou mis en file : 0.\n"
        "Demandes d'alerte effacées : 0.\n"
    )
    assert recipients() == ["demain@example.org", "distance@example.org", "sur.place@example.org"]
    # Idempotent: a second run sends nothing.
    mail.outbox.clear()
    run_command()
    assert mail.outbox == []
    assert SentEmail.objects.filter(kind="reminder").count() == 3


def test_reminder_on_site_has_address_and_ateliers_remote_has_the_personal_link():
    from registrations.remote import join_path

    event = EventFactory(date=in_days(2), title="Rencontre de Metz", remote_attendance=True,
                         videoconference_url="https://visio.example.org/metz")  # fmt: skip
    on_site = RegistrationFactory(event=event, email="sur.place@example.org")
    WorkshopChoiceFactory(registration=on_site, workshop__title="Le rôle des élus",
                          workshop__slot__title="Ateliers")  # fmt: skip
    distance = RegistrationFactory(event=event, email="distance@example.org", attendance="remote")
    run_command()
    by_address = {message.to[0]: message for message in mail.outbox}
    here = by_address["sur.place@example.org"]
    assert here.subject == "Rappel : Rencontre de Metz, dans deux jours"
    assert event.venue.full_address in here.body
    assert "Le rôle des élus" in here.body
    assert "https://visio.example.org/metz" not in here.body
    assert here.attachments[0][0] == f"{event.slug}.ics"
    remote = by_address["distance@example.org"]
    assert f"Votre lien de connexion personnel : {settings.SITE_URL}{join_path(distance)}" in (
        remote.body
    )
    assert "https://visio.example.org/metz" not in remote.body
    assert event.venue.full_address not in remote.body


def test_reminder_not_marked_sent_when_the_mail_server_fails(settings):
    settings.EMAIL_BACKEND = "tests.registrations.test_event_emails.FailingBackend"
    RegistrationFactory(event=EventFactory(date=in_days(2)), email="elu@example.org")
    run_command()  # the task fails (and is logged as failed by the tasks backend)
    assert not SentEmail.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run_command()  # the next run tries again
    assert recipients() == ["elu@example.org"]


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("SMTP down")


# --- "Registration is open" ----------------------------------------------------------------


def test_opening_alerts_sent_once_when_registration_opens_then_deleted(
    settings, django_capture_on_commit_callbacks
):
    event = EventFactory(registration_mode="later", title="Rencontre 2026")
    with django_capture_on_commit_callbacks(execute=True):
        notice = services.opening_notice_request(event=event, email="elue@example.org")
        services.opening_notice_request(event=event, email="sans.confirmation@example.org")
    services.opening_notice_confirm(token=notice.token)
    mail.outbox.clear()  # the two confirmation emails
    run_command()
    assert mail.outbox == []  # not open yet
    event.registration_mode = "open"
    event.save()
    assert run_command() == (
        "Rappels envoyés ou mis en file : 0 ; alertes d'ouverture envoyés ou mis en file : 1.\n"
        "Demandes d'alerte effacées : 1.\n"
    )
    assert recipients() == ["elue@example.org"]  # the unconfirmed address gets nothing
    message = mail.outbox[0]
    assert message.subject == "Les inscriptions sont ouvertes : Rencontre 2026"
    assert f"Programme et inscription : {settings.SITE_URL}{event.get_absolute_url()}" in (
        message.body
    )
    # Sent, hence deleted; the unconfirmed request waits for its 7 days.
    assert list(OpeningNotice.objects.values_list("email", flat=True)) == [
        "sans.confirmation@example.org"
    ]
    mail.outbox.clear()
    run_command()
    assert mail.outbox == []


def test_opening_alert_failing_is_tried_again_on_the_next_run(settings):
    event = EventFactory(registration_mode="open")
    notice = OpeningNotice.objects.create(
        event=event, email="elue@example.org", confirmed_at=timezone.now()
    )
    settings.EMAIL_BACKEND = "tests.registrations.test_event_emails.FailingBackend"
    run_command()
    notice.refresh_from_db()  # neither sent nor deleted
    assert notice.sent_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run_command()
    assert recipients() == ["elue@example.org"]
    assert not OpeningNotice.objects.exists()


# --- After the event -----------------------------------------------------------------------


@pytest.fixture
def past_day():
    event = EventFactory(date=in_days(-1), title="Journée régionale", slug="journee-passee")
    present = RegistrationFactory(event=event, email="presente@example.org")
    CheckInFactory(registration=present)
    RegistrationFactory(event=event, email="absente@example.org")
    event.resources.create(title="Diaporama de la matinée", url="https://example.org/d.pdf",
                           published=True)  # fmt: skip
    event.resources.create(title="Brouillon", url="https://example.org/b.pdf", published=False)
    return event, present


def test_post_event_email_page_previews_then_sends_to_attendees_once(
    organiser_client, past_day, settings
):
    event, present = past_day
    page_url = reverse("backoffice:post_event_email", args=[event.slug])
    page = organiser_client.get(page_url)
    html = page.content.decode()
    assert "1 personne présente ne l'a pas encore reçu." in html
    assert "Diaporama de la matinée" in html and "Brouillon" not in html
    response = organiser_client.post(page_url)
    assert response["Location"] == reverse("admin:events_event_change", args=[event.pk])
    assert recipients() == ["presente@example.org"]
    body = mail.outbox[0].body
    assert mail.outbox[0].subject == "Merci de votre participation : Journée régionale"
    assert "- Diaporama de la matinée" in body and "Brouillon" not in body
    attestation = reverse("registrations:attestation", kwargs={"token": present.token})
    assert f"Votre attestation de présence (PDF) : {settings.SITE_URL}{attestation}" in body
    mail.outbox.clear()
    organiser_client.post(page_url)
    assert mail.outbox == []


def test_post_event_email_refused_before_the_event(organiser_client):
    event = EventFactory(date=in_days(0))
    CheckInFactory(registration=RegistrationFactory(event=event))
    page_url = reverse("backoffice:post_event_email", args=[event.slug])
    assert (
        "pourra être envoyé à partir du lendemain"
        in organiser_client.get(page_url).content.decode()
    )
    organiser_client.post(page_url)
    assert mail.outbox == []


# --- Staff messages ------------------------------------------------------------------------


@pytest.fixture
def registrants():
    event = EventFactory(slug="journee-2025", title="Journée régionale", remote_attendance=True)
    blue = WorkshopChoiceFactory(
        registration__event=event, registration__email="bleu@example.org",
        registration__first_name="Zoé", registration__last_name="FONTIER",
        workshop__title="Atelier bleu",
    )  # fmt: skip
    RegistrationFactory(event=event, email="distance@example.org", attendance="remote")
    RegistrationFactory(event=event, email="attente@example.org", status="waiting")
    RegistrationFactory(event=event, email="annulee@example.org", status="cancelled")
    return event, blue.workshop


def message_url(event):
    return reverse("backoffice:message", args=[event.slug])


MESSAGE = {"statuses": ["confirmed"], "subject": "Salle changée", "body": "Rendez-vous en salle B."}


def test_staff_message_preview_counts_and_renders_without_sending(organiser_client, registrants):
    event, _workshop = registrants
    response = organiser_client.post(message_url(event), {**MESSAGE, "preview": ""})
    preview = response.context["preview"]
    assert preview["count"] == 2
    assert "Bonjour Zoé FONTIER,\n\nRendez-vous en salle B." in preview["text"]
    assert "Envoyer à 2 personnes" in response.content.decode()
    assert mail.outbox == [] and not StaffMessage.objects.exists()


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["bleu@example.org", "distance@example.org"]),
        ({"attendance": "remote"}, ["distance@example.org"]),
        ({"statuses": ["confirmed", "waiting"], "attendance": "on_site"},
         ["attente@example.org", "bleu@example.org"]),
        ({"workshop": "BLUE"}, ["bleu@example.org"]),
    ],
)  # fmt: skip
def test_staff_message_sent_to_the_filtered_registrants(
    organiser_client, registrants, filters, expected, django_capture_on_commit_callbacks
):
    event, workshop = registrants
    if filters.get("workshop") == "BLUE":
        filters["workshop"] = workshop.pk
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(message_url(event), {**MESSAGE, **filters, "send": ""})
    assert response.status_code == 302
    assert recipients() == expected
    message = StaffMessage.objects.get()
    assert message.sent_at is not None and message.recipients.count() == len(expected)
    assert mail.outbox[0].subject == "Salle changée"


def test_staff_message_without_recipient_or_subject_keeps_the_text(organiser_client, registrants):
    event, _workshop = registrants
    response = organiser_client.post(
        message_url(event), {**MESSAGE, "presence": "present", "send": ""}
    )
    html = response.content.decode()
    assert "Aucune inscription ne correspond à ces critères." in html
    assert "Rendez-vous en salle B." in html
    response = organiser_client.post(message_url(event), {**MESSAGE, "subject": "", "send": ""})
    assert "Ce champ est obligatoire." in response.content.decode()
    assert mail.outbox == [] and not StaffMessage.objects.exists()


def test_staff_email_pages_are_for_the_organising_team_only(client, registrants, past_day):
    event, _workshop = registrants
    urls = [message_url(event), reverse("backoffice:post_event_email", args=[event.slug])]
    for url in urls:
        assert client.get(url)["Location"].startswith("/admin/login/")
    client.force_login(UserFactory(is_staff=True))
    for url in urls:
        assert client.get(url).status_code == 403
        assert client.post(url, {**MESSAGE, "send": ""}).status_code == 403
    assert mail.outbox == []
