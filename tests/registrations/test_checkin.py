"""Check-in at the door: services (who is checked in, twice, walk-ins) and the staff page."""

import datetime as dt
import importlib
import zoneinfo

import pytest
from django.urls import reverse

from registrations import selectors, services
from registrations.models import CheckIn, Registration
from tests.factories import (
    CheckInFactory,
    EventFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.fixture
def event():
    return EventFactory(slug="journee-2025", title="Journée régionale", onsite_capacity=3)


def url(event, name="checkin"):
    return reverse(f"backoffice:{name}", kwargs={"slug": event.slug})


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


def test_checkin_search_ignores_accents_case_and_punctuation(event):
    helene = RegistrationFactory(event=event, first_name="Hélène", last_name="D'ALEMBERT",
                                 organisation="Ville de Pont-à-Mousson")  # fmt: skip
    RegistrationFactory(event=event, first_name="Pierre", last_name="PONT", organisation="Metz")
    for query in [
        "helene", "HÉLÈNE", "hélène d'alembert", "dalembert", "d alembert", "d-alembert",
        "pont a mousson", "Pont-à-Mousson", "pontamousson", "PONT À MOUSSON", "mousson, helene",
    ]:  # fmt: skip
        assert selectors.checkin_search(event, query) == [helene], query
    assert selectors.checkin_search(event, "helene metz") == []
    assert selectors.checkin_search(event, "- ' .") == []  # only punctuation: nothing matches


def test_checkin_search_finds_an_email_and_lists_the_expected_first(event):
    cancelled = RegistrationFactory(event=event, last_name="ARNAUD", status="cancelled",
                                    email="c.arnaud@example.org")  # fmt: skip
    waiting = RegistrationFactory(event=event, last_name="ARNAUD", status="waiting")
    confirmed = RegistrationFactory(event=event, last_name="ARNAUD", status="confirmed")
    assert selectors.checkin_search(event, "arnaud") == [confirmed, cancelled, waiting]
    assert selectors.checkin_search(event, "C.Arnaud@example.org") == [cancelled]


def test_checkin_search_drops_control_characters(event):
    """PostgreSQL refuses NUL in a query's text: it is a separator like a space."""
    bachet = RegistrationFactory(event=event, first_name="Nicolas", last_name="BACHET")
    assert selectors.checkin_search(event, "nicolas\x00bachet") == [bachet]
    assert selectors.checkin_search(event, "\x00") == []
    assert selectors.checkin_search(event, "bachet\x00@example.org") == []


def test_search_name_follows_the_names_on_save(event):
    registration = RegistrationFactory(event=event, first_name="Zoé", last_name="FONTIER",
                                       organisation="SGARE Grand-Est")  # fmt: skip
    assert registration.search_name == "zoe fontier sgare grand est sgaregrandest"
    registration.last_name = "N'DIAYE"
    registration.save(update_fields=["last_name"])  # search_name is written along
    registration.refresh_from_db()
    assert registration.search_name == "zoe n diaye sgare grand est ndiaye sgaregrandest"
    assert selectors.checkin_search(event, "ndiaye") == [registration]


def test_search_name_migration_fills_existing_registrations(event):
    from django.apps import apps

    migration = importlib.import_module("registrations.migrations.0007_registration_search_name")
    registration = RegistrationFactory(event=event, first_name="Hélène", last_name="MÜLLER",
                                       organisation="Ville de Pont-à-Mousson")  # fmt: skip
    Registration.objects.update(search_name="")
    migration.fill_search_names(apps, None)
    registration.refresh_from_db()
    assert registration.search_name == ("helene muller ville de pont a mousson villedepontamousson")


# --- Page ----------------------------------------------------------------------------------
