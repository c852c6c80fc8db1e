"""Check-in at the door: services (who is checked in, twice, walk-ins) and the staff page."""

import datetime as dt
import zoneinfo

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from registrations import selectors, services
from registrations.models import CheckIn, Registration
from registrations.tokens import make_checkin_token
from tests.factories import (
    CheckInFactory,
    EventFactory,
    RegistrationFactory,
    UserFactory,
    WorkshopChoiceFactory,
)

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.fixture
def event():
    return EventFactory(slug="journee-2025", title="Journée régionale", onsite_capacity=3)


def url(event, name="staff_checkin"):
    return reverse(f"registrations:{name}", kwargs={"slug": event.slug})


# --- Services ------------------------------------------------------------------------------


def test_current_half_day_switches_at_noon_paris_time():
    morning = dt.datetime(2025, 10, 2, 11, 59, tzinfo=PARIS)
    afternoon = dt.datetime(2025, 10, 2, 12, 0, tzinfo=PARIS)
    assert selectors.current_half_day(morning) == "matin"
    assert selectors.current_half_day(afternoon) == "apres_midi"
    # 10h30 UTC is 12h30 in Paris in October.
    assert selectors.current_half_day(dt.datetime(2025, 10, 2, 10, 30, tzinfo=dt.UTC)) == (
        "apres_midi"
    )


def test_checkin_record_once_per_half_day(event, organiser_user):
    registration = RegistrationFactory(event=event)
    first, created = services.checkin_record(
        registration=registration, half_day="matin", by=organiser_user
    )
    again, created_again = services.checkin_record(registration=registration, half_day="matin")
    afternoon, created_afternoon = services.checkin_record(
        registration=registration, half_day="apres_midi"
    )
    assert (created, created_again, created_afternoon) == (True, False, True)
    assert again.pk == first.pk and again.checked_by == organiser_user
    assert CheckIn.objects.filter(registration=registration).count() == 2
    assert afternoon.half_day == "apres_midi"


@pytest.mark.parametrize(
    ("status", "message"),
    [
        ("cancelled", "Inscription annulée."),
        ("waiting", "Inscription sur liste d'attente : pas de place confirmée."),
        ("pending", "Inscription en attente de validation : voyez avec l'équipe."),
        ("refused", "Inscription non retenue."),
    ],
)
def test_checkin_record_refuses_registrations_without_a_seat(event, status, message):
    registration = RegistrationFactory(event=event, status=status)
    with pytest.raises(services.CheckinRefused) as error:
        services.checkin_record(registration=registration, half_day="matin")
    assert error.value.message == message
    assert not CheckIn.objects.exists()


WALK_IN = {
    "first_name": "Inès",
    "last_name": "BENALI",
    "email": "ines.benali@example.org",
    "organisation": "Conseil citoyen de Hautepierre",
    "category": "conseil_citoyen",
}


def test_walkin_create_registers_and_checks_in(event, organiser_user):
    registration = services.walkin_create(
        event=event, data=WALK_IN, half_day="apres_midi", by=organiser_user
    )
    assert (registration.status, registration.attendance) == ("confirmed", "on_site")
    assert registration.walk_in and registration.registered_by_staff
    assert registration.organisation == "Conseil citoyen de Hautepierre"
    assert list(registration.checkins.values_list("half_day", "checked_by")) == [
        ("apres_midi", organiser_user.pk)
    ]


def test_walkin_create_refuses_an_email_already_registered(event):
    existing = RegistrationFactory(event=event, email="Ines.Benali@example.org")
    with pytest.raises(services.AlreadyRegistered) as error:
        services.walkin_create(event=event, data=WALK_IN, half_day="matin")
    assert error.value.registration == existing
    assert Registration.objects.count() == 1


def test_walkin_create_accepted_while_no_shows_leave_room(event):
    # 3 seats, all registered, only 2 present: the room still has one seat.
    present = RegistrationFactory.create_batch(2, event=event)
    RegistrationFactory(event=event)
    for registration in present:
        CheckInFactory(registration=registration, half_day="matin")
    services.walkin_create(event=event, data=WALK_IN, half_day="matin")
    assert selectors.present_count(event, "matin") == 3
    with pytest.raises(services.CheckinRefused) as error:
        services.walkin_create(
            event=event, data={**WALK_IN, "email": "autre@example.org"}, half_day="matin"
        )
    assert error.value.message == ("La salle est pleine : 3 personnes présentes pour 3 places.")
    assert Registration.objects.filter(walk_in=True).count() == 1


def test_checkin_counters(event, django_assert_num_queries):
    present = RegistrationFactory(event=event)
    CheckInFactory(registration=present, half_day="matin")
    CheckInFactory(registration=present, half_day="apres_midi")
    RegistrationFactory(event=event)
    RegistrationFactory(event=event, attendance="remote")
    RegistrationFactory(event=event, status="cancelled")
    RegistrationFactory(event=event, walk_in=True)
    RegistrationFactory(attendance="on_site")  # another event
    with django_assert_num_queries(1):
        counters = selectors.checkin_counters(event, "matin")
    assert counters == {"expected": 3, "present": 1, "remote": 1, "walk_ins": 1}


def test_checkin_search_every_word_in_name_or_organisation(event):
    zoe = RegistrationFactory(event=event, first_name="Zoé", last_name="FONTIER",
                              organisation="SGARE Grand Est")  # fmt: skip
    RegistrationFactory(event=event, first_name="Zoé", last_name="MARTIN", organisation="Ville")
    RegistrationFactory(first_name="Zoé", last_name="FONTIER")  # another event
    assert selectors.checkin_search(event, "zoé sgare") == [zoe]
    assert selectors.checkin_search(event, "fontier") == [zoe]
    assert selectors.checkin_search(event, "  ") == []


# --- Page ----------------------------------------------------------------------------------


def test_checkin_page_permissions(client, event):
    assert client.get(url(event)).status_code == 302
    assert client.get(url(event))["Location"].startswith("/admin/login/")
    participant = UserFactory()
    client.force_login(participant)
    assert client.get(url(event)).status_code == 403
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_registration"))
    client.force_login(staff)
    assert client.get(url(event)).status_code == 403  # may see lists, not check people in
    assert client.get(url(event, "staff_walk_in")).status_code == 403
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
    # A registration of another event cannot be checked in from this page.
    other = RegistrationFactory()
    assert organiser_client.post(url(event), {"registration": other.pk}).status_code == 404


def test_walk_in_page_adds_and_checks_in(organiser_client, event):
    response = organiser_client.post(
        url(event, "staff_walk_in"), {**WALK_IN, "demi": "apres_midi", "civility": ""}
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
    response = organiser_client.post(url(event, "staff_walk_in"), {**WALK_IN, "demi": "matin"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Adresse déjà inscrite : Inès BENALI (Confirmée). Cherchez-la par son nom." in html
    assert 'value="Conseil citoyen de Hautepierre"' in html
    missing = organiser_client.post(url(event, "staff_walk_in"), {"first_name": "Inès"})
    assert "Ce champ est obligatoire." in missing.content.decode()
    assert Registration.objects.count() == 1
