"""Check-in at the door: services (who is checked in, twice, walk-ins) and the staff page."""

import zoneinfo

import pytest
from django.urls import reverse

from registrations.models import CheckIn, Registration
from registrations.tokens import make_checkin_token
from tests.factories import (
    CheckInFactory,
    EventFactory,
    RegistrationFactory,
    TeamMemberFactory,
    UserFactory,
    WorkshopChoiceFactory,
)

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.fixture
def event():
    return EventFactory(slug="journee-2025", title="Journée régionale", onsite_capacity=3)


WALK_IN = {
    "first_name": "Inès",
    "last_name": "BENALI",
    "email": "ines.benali@example.org",
    "organisation": "Conseil citoyen de Hautepierre",
    "category": "conseil_citoyen",
}


def url(event, name="checkin"):
    return reverse(f"backoffice:{name}", kwargs={"slug": event.slug})


# --- Services ------------------------------------------------------------------------------


def test_checkin_page_permissions(client, event):
    assert client.get(url(event)).status_code == 302
    assert client.get(url(event))["Location"].startswith("/admin/login/")
    participant = UserFactory()
    client.force_login(participant)
    assert client.get(url(event)).status_code == 403
    partner = TeamMemberFactory(organiser=event.organiser, role="partner").user
    client.force_login(partner)
    assert client.get(url(event)).status_code == 403  # follows the day, checks nobody in
    assert client.get(url(event, "walk_in")).status_code == 403
    assert client.post(url(event), {"code": "X"}).status_code == 403


def test_checkin_page_shows_counters_for_the_chosen_half_day(organiser_client, event):
    registration = RegistrationFactory(event=event)
    CheckInFactory(registration=registration, half_day="apres_midi")
    response = organiser_client.get(url(event) + "?demi=apres_midi")
    assert response.status_code == 200
    assert response.context["half_day"] == "apres_midi"
    assert response.context["counters"]["present"] == 1
    html = response.content.decode()
    assert "Présent·es cet après-midi" in html
    assert 'data-counter="present">1<' in html
    assert organiser_client.get(url(event) + "?demi=matin").context["counters"]["present"] == 0


def test_checkin_by_scanned_code_shows_the_card_then_already_checked_in(organiser_client, event):
    registration = RegistrationFactory(
        event=event, first_name="Zoé", last_name="FONTIER", organisation="SGARE Grand Est"
    )
    choice = WorkshopChoiceFactory(
        registration=registration, workshop__title="Le rôle des élus", workshop__colour_name="Bleu",
        workshop__colour_hex="#1F4E9D",
    )  # fmt: skip
    code = make_checkin_token(registration)
    response = organiser_client.post(url(event), {"code": code.lower(), "demi": "matin"})
    assert response.status_code == 200
    result = response.context["result"]
    assert (result["level"], result["created"]) == ("success", True)
    html = response.content.decode()
    assert 'data-result="present"' in html
    assert "Zoé FONTIER" in html and "SGARE Grand Est" in html
    assert "Le rôle des élus" in html and "Bleu" in html
    assert choice.workshop.title in html
    checkin = CheckIn.objects.get(registration=registration)
    assert checkin.half_day == "matin"

    again = organiser_client.post(url(event), {"code": code, "demi": "matin"})
    time = checkin.checked_at.astimezone(PARIS)
    assert f"Déjà enregistré·e à {time.hour}h{time.minute:02d}" in again.content.decode()
    assert 'data-result="already"' in again.content.decode()
    assert CheckIn.objects.count() == 1


def test_checkin_code_of_another_event_or_forged_is_refused(organiser_client, event):
    other = RegistrationFactory(event=EventFactory())
    mine = RegistrationFactory(event=event)
    # The token of another event's registration, and a token whose ids were edited.
    payload, _dot, signature = make_checkin_token(mine).rpartition(".")
    forged = f"{payload[:-1]}{'Z' if payload[-1] != 'Z' else 'Y'}.{signature}"
    for code, message in [
        (make_checkin_token(other), "Ce badge n&#x27;est pas valable pour cet événement."),
        (forged, "Ce badge n&#x27;est pas reconnu."),
        ("n'importe quoi", "Ce badge n&#x27;est pas reconnu."),
    ]:
        response = organiser_client.post(url(event), {"code": code, "demi": "matin"})
        assert response.status_code == 200
        assert message in response.content.decode()
    assert not CheckIn.objects.exists()


def test_checkin_of_a_cancelled_registration_says_so(organiser_client, event):
    registration = RegistrationFactory(event=event, status="cancelled", last_name="BACHET")
    response = organiser_client.post(
        url(event), {"code": make_checkin_token(registration), "demi": "matin"}
    )
    html = response.content.decode()
    assert "Inscription annulée." in html and "BACHET" in html
    assert not CheckIn.objects.exists()


def test_checkin_by_name_search(organiser_client, event):
    registration = RegistrationFactory(event=event, first_name="Nicolas", last_name="BACHET")
    response = organiser_client.get(url(event), {"q": "bachet", "demi": "apres_midi"})
    assert response.context["found"] == [registration]
    assert "Marquer présent·e : Nicolas BACHET" in response.content.decode()
    response = organiser_client.post(
        url(event) + "?q=bachet", {"registration": registration.pk, "demi": "apres_midi"}
    )
    assert response.context["result"]["created"] is True
    assert list(CheckIn.objects.values_list("half_day", flat=True)) == ["apres_midi"]
    # The results below no longer offer to mark the same person present this half-day…
    html = response.content.decode()
    results = html[html.index('id="search-results"') :]
    assert "Présent·e pour cette demi-journée" in results
    assert "Marquer présent·e : Nicolas BACHET" not in results
    # …but still do for the morning.
    morning = organiser_client.get(url(event), {"q": "bachet", "demi": "matin"})
    assert "Marquer présent·e : Nicolas BACHET" in morning.content.decode()
    # A registration of another event cannot be checked in from this page.
    other = RegistrationFactory()
    assert organiser_client.post(url(event), {"registration": other.pk}).status_code == 404


def test_walk_in_page_adds_and_checks_in(organiser_client, event):
    response = organiser_client.post(
        url(event, "walk_in"), {**WALK_IN, "demi": "apres_midi", "civility": ""}
    )
    assert response.status_code == 302
    assert response["Location"] == url(event) + "?demi=apres_midi"
    registration = Registration.objects.get(walk_in=True)
    assert registration.full_name == "Inès BENALI"
    assert list(registration.checkins.values_list("half_day", flat=True)) == ["apres_midi"]
    page = organiser_client.get(response["Location"])
    assert "Inès BENALI est ajouté·e et marqué·e présent·e." in page.content.decode()


def test_walk_in_page_keeps_the_data_on_errors(organiser_client, event):
    RegistrationFactory(event=event, email="ines.benali@example.org", first_name="Inès",
                        last_name="BENALI")  # fmt: skip
    response = organiser_client.post(url(event, "walk_in"), {**WALK_IN, "demi": "matin"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Adresse déjà inscrite : Inès BENALI (Confirmée). Cherchez-la par son nom." in html
    assert 'value="Conseil citoyen de Hautepierre"' in html
    missing = organiser_client.post(url(event, "walk_in"), {"first_name": "Inès"})
    assert "Ce champ est obligatoire." in missing.content.decode()
    assert Registration.objects.count() == 1
