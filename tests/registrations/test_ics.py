import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from events.enums import SlotKind
from registrations.enums import RegistrationStatus
from registrations.ics import personal_calendar
from tests.factories import (
    EventFactory,
    ProgrammeSlotFactory,
    RegistrationFactory,
    RoomFactory,
    VenueFactory,
    WorkshopChoiceFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://quartiers2030.example.org"


@pytest.fixture
def event():
    venue = VenueFactory(
        name="Maison Régionale des Sports",
        address="13 Rue Jean Moulin",
        postcode="54510",
        city="Tomblaine",
    )
    return EventFactory(
        title="Journée régionale", slug="journee-regionale", date=dt.date(2025, 10, 2), venue=venue
    )


@pytest.fixture
def registration(event):
    morning = ProgrammeSlotFactory(
        event=event, kind=SlotKind.WORKSHOPS, start=dt.time(10, 45), end=dt.time(12, 15)
    )
    afternoon = ProgrammeSlotFactory(
        event=event, kind=SlotKind.WORKSHOPS, start=dt.time(13, 30), end=dt.time(15)
    )
    registration = RegistrationFactory(event=event)
    # Chosen afternoon first: the agenda still lists ateliers in time order.
    WorkshopChoiceFactory(
        registration=registration,
        workshop=WorkshopFactory(
            slot=afternoon, title="Serious Game", room=RoomFactory(venue=event.venue, name="Rhin")
        ),
    )
    WorkshopChoiceFactory(
        registration=registration,
        workshop=WorkshopFactory(
            slot=morning,
            title="Codéveloppement",
            room=RoomFactory(venue=event.venue, name="Moselle"),
        ),
    )
    return registration


def vevents(data: bytes):
    return [
        (str(v["UID"]), str(v["SUMMARY"]), v.start, v.end, str(v.get("LOCATION", "")))
        for v in Calendar.from_ical(data).events
    ]


def test_personal_calendar_has_the_day_and_each_atelier_with_its_room(event, registration):
    afternoon, morning = (c.workshop for c in registration.choices.order_by("-slot__start"))
    address = "Maison Régionale des Sports, 13 Rue Jean Moulin, 54510 Tomblaine"
    assert vevents(personal_calendar(registration)) == [
        (
            f"event-{event.pk}@quartiers2030",
            "Journée régionale",
            dt.datetime(2025, 10, 2, 10, 0, tzinfo=PARIS),
            dt.datetime(2025, 10, 2, 16, 30, tzinfo=PARIS),
            address,
        ),
        (
            f"slot-{morning.slot_id}-registration-{registration.pk}@quartiers2030",
            "Atelier : Codéveloppement",
            dt.datetime(2025, 10, 2, 10, 45, tzinfo=PARIS),
            dt.datetime(2025, 10, 2, 12, 15, tzinfo=PARIS),
            f"Moselle, {address}",
        ),
        (
            f"slot-{afternoon.slot_id}-registration-{registration.pk}@quartiers2030",
            "Atelier : Serious Game",
            dt.datetime(2025, 10, 2, 13, 30, tzinfo=PARIS),
            dt.datetime(2025, 10, 2, 15, 0, tzinfo=PARIS),
            f"Rhin, {address}",
        ),
    ]


def test_personal_calendar_atelier_has_its_colour_and_the_event_url(registration):
    calendar = Calendar.from_ical(personal_calendar(registration))
    atelier = calendar.events[1]
    number = registration.choices.get(workshop__title="Codéveloppement").workshop.number
    assert str(atelier["DESCRIPTION"]) == f"Atelier {number} (Bleu)"
    assert str(atelier["URL"]) == "https://quartiers2030.example.org/evenements/journee-regionale/"
    assert str(atelier["STATUS"]) == "CONFIRMED"
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Paris"]


def test_personal_calendar_day_has_the_uid_of_the_public_calendar(event, registration):
    from events.ics import event_calendar

    public = Calendar.from_ical(event_calendar(event, site_url="https://quartiers2030.example.org"))
    personal = Calendar.from_ical(personal_calendar(registration))
    assert str(personal.events[0]["UID"]) == str(public.events[0]["UID"])


def test_personal_calendar_of_a_waiting_registration_has_the_day_only(event, registration):
    registration.status = RegistrationStatus.WAITING
    registration.save()
    assert [uid for uid, *_ in vevents(personal_calendar(registration))] == [
        f"event-{event.pk}@quartiers2030"
    ]


def test_personal_calendar_ateliers_of_a_cancelled_event_are_cancelled(event, registration):
    event.status = "cancelled"
    event.save()
    calendar = Calendar.from_ical(personal_calendar(registration))
    assert [str(v["STATUS"]) for v in calendar.events] == ["CANCELLED"] * 3


def test_agenda_view_answers_the_personal_calendar(client, event, registration):
    response = client.get(f"/inscription/{registration.token}/agenda.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar"
    assert response["Content-Disposition"] == 'attachment; filename="journee-regionale.ics"'
    assert len(Calendar.from_ical(response.content).events) == 3


def test_agenda_view_unknown_token_is_404(client, registration):
    response = client.get("/inscription/jeton-inconnu/agenda.ics")
    assert response.status_code == 404


def test_changing_ateliers_bumps_the_sequence_of_the_same_entries():
    """Calendar applications replace an imported entry only for a higher SEQUENCE."""
    from registrations import services

    event = EventFactory(date=dt.date.today() + dt.timedelta(days=20))
    slot = ProgrammeSlotFactory(event=event, kind=SlotKind.WORKSHOPS)
    first, second = (
        WorkshopFactory(slot=slot, title="Codéveloppement"),
        WorkshopFactory(slot=slot, title="Serious Game"),
    )
    registration = RegistrationFactory(event=event)
    WorkshopChoiceFactory(registration=registration, workshop=first)
    before = Calendar.from_ical(personal_calendar(registration)).events

    services.registration_change_workshops(registration=registration, workshops=[second])
    registration.refresh_from_db()
    after = Calendar.from_ical(personal_calendar(registration)).events

    assert [str(v["UID"]) for v in after] == [str(v["UID"]) for v in before]
    assert [int(v["SEQUENCE"]) for v in before] == [0, 0]
    assert [int(v["SEQUENCE"]) for v in after] == [1, 1]
    assert str(after[1]["SUMMARY"]) == "Atelier : Serious Game"

    services.registration_cancel(registration=registration)
    registration.refresh_from_db()
    cancelled = Calendar.from_ical(personal_calendar(registration))
    assert str(cancelled["METHOD"]) == "CANCEL"
    assert [(str(v["STATUS"]), int(v["SEQUENCE"])) for v in cancelled.events] == [
        ("CANCELLED", 2),
        ("CANCELLED", 2),
    ]
