import pytest
from django.urls import reverse

from registrations.enums import RegistrationStatus
from registrations.models import Registration
from tests.factories import EventFactory, UserFactory, WorkshopFactory
from tests.registrations.helpers import register

pytestmark = pytest.mark.django_db
S = RegistrationStatus


def staff_post(event, email, **extra):
    return {
        "event": event.pk, "email": email, "first_name": "Jean", "last_name": "DUPONT",
        "organisation": "Mairie de Bar-le-Duc", "category": "elu_communal",
        "attendance": "on_site", "civility": "m", **extra,
    }  # fmt: skip


def test_staff_registers_a_walk_in_through_the_service(organiser_client):
    event = EventFactory(onsite_capacity=1, registration_mode="closed")
    response = organiser_client.post(
        reverse("admin:registrations_registration_add"), staff_post(event, "jean@example.org")
    )
    assert response.status_code == 302
    first = Registration.objects.get()
    assert (first.status, first.registered_by_staff) == (S.CONFIRMED, True)
    organiser_client.post(
        reverse("admin:registrations_registration_add"), staff_post(event, "paul@example.org")
    )
    assert Registration.objects.get(email="paul@example.org").status == S.WAITING


def test_staff_register_duplicate_shows_french_error(organiser_client):
    event = EventFactory()
    register(event, "jean@example.org")
    response = organiser_client.post(
        reverse("admin:registrations_registration_add"), staff_post(event, "JEAN@example.org")
    )
    assert response.status_code == 200
    assert "Cette personne est déjà inscrite à cet événement." in response.content.decode()
    assert Registration.objects.count() == 1


def test_admin_actions_approve_and_promote(organiser_client):
    event = EventFactory(onsite_capacity=1, approval_required=True)
    pending = register(event, "a@example.org")
    waiting = register(event, "b@example.org")
    changelist = reverse("admin:registrations_registration_changelist")

    organiser_client.post(changelist, {"action": "approve", "_selected_action": [pending.pk]})
    pending.refresh_from_db()
    assert pending.status == S.CONFIRMED

    response = organiser_client.post(
        changelist, {"action": "promote", "_selected_action": [waiting.pk]}, follow=True
    )
    assert "Aucune place n&#x27;est libre sur place." in response.content.decode() or (
        "Aucune place n'est libre sur place." in response.content.decode()
    )
    organiser_client.post(changelist, {"action": "cancel", "_selected_action": [pending.pk]})
    waiting.refresh_from_db()
    assert waiting.status == S.PENDING  # promoted into the seat, awaiting approval


def test_event_admin_shows_registration_figures(organiser_client):
    event = EventFactory(onsite_capacity=2, remote_attendance=True)
    workshop = WorkshopFactory(slot__event=event, title="Anarchaise", capacity=3)
    register(event, "a@example.org", workshops=[workshop])
    register(event, "b@example.org", attendance="remote")
    register(event, "c@example.org")
    register(event, "d@example.org")
    html = organiser_client.get(reverse("admin:events_event_change", args=[event.pk])).content
    text = " ".join(html.decode().split())
    assert "<strong>2</strong> sur place / 2 (0 places libres)" in text
    assert "<strong>1</strong> à distance" in text
    assert "<strong>1</strong> en liste d&#x27;attente" in text or (
        "<strong>1</strong> en liste d'attente" in text
    )
    assert "<td>Anarchaise</td><td>—</td><td>1</td><td>3</td>" in text


def test_registrations_admin_closed_to_staff_outside_the_group(client):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse("admin:registrations_registration_changelist")).status_code == 403
