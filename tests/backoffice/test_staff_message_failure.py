"""A staff message that cannot be sent: refused by the form when its subject has a line
break, and, when the sending itself fails, recorded and shown on the staff pages."""

import smtplib

import pytest
from django.core import mail
from django.core.mail import BadHeaderError
from django.urls import reverse

from backoffice.forms import StaffMessageForm
from registrations import emails
from registrations.models import StaffMessage
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

MESSAGE = {"statuses": ["confirmed"], "subject": "Salle changée", "body": "Rendez-vous en salle B."}


@pytest.fixture
def event():
    event = EventFactory(slug="journee-2025", title="Journée régionale")
    RegistrationFactory(event=event, email="zoe@example.org")
    return event


@pytest.mark.parametrize("subject", ["Salle changée\nRendez-vous en B", "Salle\r\nchangée"])
def test_staff_message_form_refuses_a_subject_with_a_line_break(event, subject):
    form = StaffMessageForm({**MESSAGE, "subject": subject}, event=event)
    assert form.errors == {
        "subject": ["L'objet doit tenir sur une ligne : retirez le retour à la ligne."]
    }


def test_staff_message_page_refuses_a_subject_with_a_line_break(organiser_client, event):
    url = reverse("backoffice:message", args=[event.slug])
    response = organiser_client.post(url, {**MESSAGE, "subject": "Salle\nchangée", "send": ""})
    assert response.status_code == 200
    assert "L&#x27;objet doit tenir sur une ligne" in response.content.decode()
    assert not StaffMessage.objects.exists() and mail.outbox == []


def test_staff_message_failing_on_a_header_is_recorded(event):
    message = StaffMessage.objects.create(event=event, subject="Salle\nchangée", body="B.")
    message.recipients.set(event.registrations.all())
    with pytest.raises(BadHeaderError):
        emails.send_staff_message(message_id=message.pk)
    message.refresh_from_db()
    assert message.sent_at is None and message.failed_at is not None
    assert message.failure == "l'objet contient un retour à la ligne."
    assert message.status == "échec de l'envoi : l'objet contient un retour à la ligne."
    assert mail.outbox == []


# Transactional: the message is queued, and here sent, when the view's transaction commits,
# before the view reads its state back (as in production with the immediate backend).
@pytest.mark.django_db(transaction=True)
def test_staff_message_failing_on_the_mail_server_is_shown_to_the_team(
    organiser_client, event, monkeypatch
):
    class RefusingConnection:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def send_messages(self, messages):
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr(emails, "get_connection", RefusingConnection)
    url = reverse("backoffice:message", args=[event.slug])
    response = organiser_client.post(url, {**MESSAGE, "send": ""}, follow=True)

    failure = (
        "le serveur de courriel a refusé l'envoi "
        "(SMTPServerDisconnected: Connection unexpectedly closed)."
    )
    message = StaffMessage.objects.get()
    assert (message.sent_at, message.failure) == (None, failure)
    assert [str(m) for m in response.context["messages"]] == [
        f"Le message « Salle changée » n'a pas été envoyé : {failure}"
    ]
    # The event's admin page keeps saying so, and the message page shows the state.
    admin_page = organiser_client.get(reverse("admin:events_event_change", args=[event.pk]))
    assert (
        "Le message « Salle changée » n'a pas été envoyé (échec de l&#x27;envoi : "
        "le serveur de courriel a refusé l&#x27;envoi" in admin_page.content.decode()
    )
    page = organiser_client.get(url)
    assert [m.status for m in page.context["sent_messages"]] == [f"échec de l'envoi : {failure}"]


def test_staff_message_sent_after_a_failure_clears_it(event):
    message = StaffMessage.objects.create(
        event=event, subject="Salle changée", body="B.", failure="x", failed_at="2025-10-01T10:00Z"
    )
    message.recipients.set(event.registrations.all())
    assert emails.send_staff_message(message_id=message.pk) == 1
    message.refresh_from_db()
    assert (message.failed_at, message.failure) == (None, "")
    assert message.status.startswith("envoyé le ")
