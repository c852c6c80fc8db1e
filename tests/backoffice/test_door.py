"""Check-in at the door: services (who is checked in, twice, walk-ins) and the staff page."""

import zoneinfo
from html import unescape

import pytest
from django.urls import reverse

from registrations import services
from registrations.models import CheckIn, Registration
from registrations.tokens import make_checkin_token
from tests.factories import (
    CheckInFactory,
    EventFactory,
    RegistrationFactory,
    RoomFactory,
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
    # The card takes the button's place in the results, where the volunteer tapped…
    html = response.content.decode()
    top = html[html.index('id="checkin-result"') : html.index('id="scan-title"')]
    assert "checkin-result" not in top.removeprefix('id="checkin-result"')
    card = html[html.index(f'id="personne-{registration.pk}"') :]
    card = card[: card.index("</li>")]
    assert '<p class="h4 mb-1" role="heading" aria-level="3" tabindex="-1">Présent·e</p>' in card
    assert "Nicolas BACHET" in card
    assert "Marquer présent·e : Nicolas BACHET" not in html
    # …the form posts back to it…
    assert f"#personne-{registration.pk}" in response_get_action(organiser_client, event)
    # …and later the results no longer offer to mark the same person present this half-day…
    again = organiser_client.get(url(event), {"q": "bachet", "demi": "apres_midi"})
    assert "Présent·e pour cette demi-journée" in again.content.decode()
    assert "Marquer présent·e : Nicolas BACHET" not in again.content.decode()
    # …but still do for the morning.
    morning = organiser_client.get(url(event), {"q": "bachet", "demi": "matin"})
    assert "Marquer présent·e : Nicolas BACHET" in morning.content.decode()
    # A registration of another event cannot be checked in from this page: it is not found.
    other = RegistrationFactory()
    response = organiser_client.post(url(event), {"registration": other.pk, "demi": "matin"})
    assert response.status_code == 200
    assert response.context["result"]["message"] == (
        "Personne introuvable : cherchez-la à nouveau par son nom."
    )
    assert not CheckIn.objects.filter(registration=other).exists()


def response_get_action(client, event):
    html = client.get(url(event), {"q": "bachet", "demi": "matin"}).content.decode()
    return html[html.index('id="search-results"') :]


def test_checkin_by_typed_code_with_spaces_dashes_and_look_alikes(organiser_client, event):
    registration = RegistrationFactory(event=event, pk=32**3 + 1, last_name="FONTIER")
    payload, _dot, signature = make_checkin_token(registration).rpartition(".")
    typed = f" {payload.replace('.', ' ')}-{signature} ".lower().replace("0", "o")
    response = organiser_client.post(url(event), {"code": typed, "demi": "matin"})
    assert response.context["result"]["created"] is True
    assert "FONTIER" in response.content.decode()
    assert CheckIn.objects.get().registration == registration


@pytest.mark.parametrize(
    "value", ["abc", "1.5", "'", "", "-1", "1e3", "²", "9" * 18, "9" * 30, "1\x00", "2"]
)
def test_checkin_of_a_posted_registration_that_is_not_an_id_says_so(organiser_client, event, value):
    RegistrationFactory(event=event, pk=1)
    RegistrationFactory(event=EventFactory(), pk=2)  # another event's
    response = organiser_client.post(url(event), {"registration": value, "demi": "matin"})
    assert response.status_code == 200
    assert response.context["result"] == {
        "level": "danger",
        "message": "Personne introuvable : cherchez-la à nouveau par son nom.",
    }
    assert "Personne introuvable : cherchez-la à nouveau par son nom." in response.content.decode()
    assert not CheckIn.objects.exists()


def test_checkin_code_or_search_with_a_nul_byte_is_answered(organiser_client, event):
    """PostgreSQL refuses NUL in text: the page answers instead of failing."""
    bachet = RegistrationFactory(event=event, first_name="Nicolas", last_name="BACHET")
    response = organiser_client.get(url(event), {"q": "bachet\x00zz", "demi": "matin"})
    assert response.status_code == 200
    assert response.context["found"] == []
    assert "Personne ne correspond à « bachet zz »." in response.content.decode()
    response = organiser_client.get(url(event), {"q": "nicolas\x00bachet", "demi": "matin"})
    assert response.context["found"] == [bachet]
    response = organiser_client.post(url(event), {"code": "\x00", "demi": "matin"})
    assert response.status_code == 200
    assert "Ce badge n&#x27;est pas reconnu." in response.content.decode()
    code = make_checkin_token(bachet).replace(".", "\x00")
    response = organiser_client.post(url(event) + "?q=%00", {"code": code, "demi": "matin"})
    assert response.context["result"]["created"] is True


def test_checkin_search_finds_without_accents_and_greys_who_is_not_expected(
    organiser_client, event
):
    expected = RegistrationFactory(event=event, first_name="Hélène", last_name="MARTIN",
                                   organisation="Ville de Pont-à-Mousson")  # fmt: skip
    others = {
        status: RegistrationFactory(
            event=event,
            first_name="Hélène",
            last_name=f"MARTIN-{i}",
            organisation="Pont-à-Mousson",
            status=status,
        )
        for i, status in enumerate(["cancelled", "refused", "waiting", "pending"])
    }
    response = organiser_client.get(url(event), {"q": "helene pont a mousson", "demi": "matin"})
    assert response.context["found"][0] == expected
    html = response.content.decode()
    item = html[html.index(f'id="personne-{expected.pk}"') :]
    assert 'data-person="expected"' in item[:200]
    assert "Marquer présent·e : Hélène MARTIN</button>" in item
    for status, registration in others.items():
        item = html[html.index(f'id="personne-{registration.pk}"') :]
        item = unescape(item[: item.index("</li>")])
        assert 'class="border rounded p-2 mb-2 checkin-unexpected"' in item
        assert 'data-person="unexpected"' in item
        assert f'<span class="badge text-bg-secondary">{registration.get_status_display()}' in item
        assert "btn-success" not in item and "<form" not in item
        assert services.CHECKIN_REFUSALS[status] in item
    assert html.count("btn-success") == 1


def test_checkin_card_prints_the_room_once_and_no_empty_pill(organiser_client, event):
    registration = RegistrationFactory(event=event)
    WorkshopChoiceFactory(registration=registration, workshop__title="Codéveloppement",
                          workshop__colour_name="", workshop__colour_hex="",
                          workshop__room=RoomFactory(name="Salle Gruber"))  # fmt: skip
    response = organiser_client.post(
        url(event), {"code": make_checkin_token(registration), "demi": "matin"}
    )
    html = response.content.decode()
    assert "Codéveloppement — Salle Gruber</li>" in html
    assert "salle salle" not in html.casefold()
    assert "colour-chip" not in html


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
    # A way on: the door page showing her.
    link = f"{url(event)}?demi=matin&amp;q=ines.benali%40example.org"
    assert (
        f'<a class="btn btn-outline-primary" href="{link}">Voir Inès BENALI à l\'accueil</a>'
        in html
    )
    shown = organiser_client.get(url(event), {"demi": "matin", "q": "ines.benali@example.org"})
    assert [r.last_name for r in shown.context["found"]] == ["BENALI"]
    assert 'value="Conseil citoyen de Hautepierre"' in html
    missing = organiser_client.post(url(event, "walk_in"), {"first_name": "Inès"})
    assert "Ce champ est obligatoire." in missing.content.decode()
    assert Registration.objects.count() == 1
