import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from events.enums import EventStatus, SlotKind
from events.ics import event_calendar
from tests.factories import EventFactory, OrganiserFactory, ProgrammeSlotFactory, VenueFactory

pytestmark = pytest.mark.django_db

SITE_URL = "https://quartiers2030.example.org"
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def event():
    event = EventFactory(
        title="Journée régionale des contrats de ville",
        slug="journee-regionale-2025",
        theme="Agir ensemble dans les quartiers",
        date=dt.date(2025, 10, 2),
        doors_open=dt.time(9, 30),
        start_time=dt.time(10, 0),
        end_time=dt.time(16, 30),
        organiser=OrganiserFactory(
            name="Observatoire régional de l'intégration et de la ville", short_name="ORIV"
        ),
        venue=VenueFactory(
            name="Maison Régionale des Sports",
            address="13 Rue Jean Moulin",
            postcode="54510",
            city="Tomblaine",
        ),
    )
    ProgrammeSlotFactory(
        event=event, start=dt.time(9, 30), end=dt.time(10), kind=SlotKind.WELCOME,
        title="Accueil café",
    )  # fmt: skip
    ProgrammeSlotFactory(event=event, start=dt.time(10), end=dt.time(10, 30), title="Ouverture")
    return event


def single_vevent(data: bytes):
    calendar = Calendar.from_ical(data)
    [vevent] = calendar.events
    return calendar, vevent


def test_event_calendar_day_is_in_europe_paris(event):
    data = event_calendar(event, site_url=SITE_URL)
    _calendar, vevent = single_vevent(data)
    assert vevent.start == dt.datetime(2025, 10, 2, 10, 0, tzinfo=PARIS)
    assert vevent.end == dt.datetime(2025, 10, 2, 16, 30, tzinfo=PARIS)
    assert vevent["DTSTART"].params["TZID"] == "Europe/Paris"
    assert vevent["DTEND"].params["TZID"] == "Europe/Paris"
    assert b"DTSTART;TZID=Europe/Paris:20251002T100000\r\n" in data
    assert b"DTEND;TZID=Europe/Paris:20251002T163000\r\n" in data


def test_event_calendar_has_the_vtimezone_it_uses(event):
    calendar, _vevent = single_vevent(event_calendar(event, site_url=SITE_URL))
    assert [timezone.tz_name for timezone in calendar.timezones] == ["Europe/Paris"]
    assert calendar.get_missing_tzids() == set()
    # The VTIMEZONE itself (not the local tz database) puts 2 October 2025 in summer time.
    described = calendar.timezones[0].to_tz(lookup_tzid=False)
    assert described.utcoffset(dt.datetime(2025, 10, 2, 10, 0)) == dt.timedelta(hours=2)
    assert described.utcoffset(dt.datetime(2025, 12, 2, 10, 0)) == dt.timedelta(hours=1)


def test_event_calendar_describes_the_event(event):
    calendar, vevent = single_vevent(event_calendar(event, site_url=SITE_URL))
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == "-//Quartiers 2030//Portail des evenements//FR"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(vevent["SUMMARY"]) == "Journée régionale des contrats de ville"
    assert str(vevent["LOCATION"]) == (
        "Maison Régionale des Sports, 13 Rue Jean Moulin, 54510 Tomblaine"
    )
    assert str(vevent["URL"]) == (
        "https://quartiers2030.example.org/evenements/journee-regionale-2025/"
    )
    assert str(vevent["DESCRIPTION"]) == (
        "Journée régionale\n"
        "Thème : Agir ensemble dans les quartiers\n"
        "Organisation : ORIV (Observatoire régional de l'intégration et de la ville)\n"
        "\n"
        "Programme :\n"
        "9h30 Accueil café\n"
        "10h Ouverture"
    )
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert vevent["SEQUENCE"] == 0
    assert "DTSTAMP" in vevent
    # Organisers have no email address, and ORGANIZER must be a cal-address.
    assert "ORGANIZER" not in vevent


def test_event_calendar_uid_is_stable_across_downloads_and_edits(event):
    _, first = single_vevent(event_calendar(event, site_url=SITE_URL))
    _, second = single_vevent(event_calendar(event, site_url=SITE_URL))
    event.title = "Journée régionale (nouveau titre)"
    event.date = dt.date(2025, 10, 9)
    event.save()
    _, edited = single_vevent(event_calendar(event, site_url=SITE_URL))
    assert [str(v["UID"]) for v in (first, second, edited)] == [
        f"event-{event.pk}@quartiers2030"
    ] * 3
    assert str(edited["SUMMARY"]) == "Journée régionale (nouveau titre)"


def test_event_calendar_cancelled_event_is_cancelled(event):
    event.status = EventStatus.CANCELLED
    event.save()
    data = event_calendar(event, site_url=SITE_URL)
    _, vevent = single_vevent(data)
    assert str(vevent["STATUS"]) == "CANCELLED"
    assert vevent["SEQUENCE"] == 1
    assert b"STATUS:CANCELLED\r\n" in data


def test_event_calendar_without_times_is_an_all_day_event():
    event = EventFactory(date=dt.date(2024, 3, 14), doors_open=None, start_time=None, end_time=None)
    data = event_calendar(event, site_url=SITE_URL)
    calendar, vevent = single_vevent(data)
    assert (vevent.start, vevent.end) == (dt.date(2024, 3, 14), dt.date(2024, 3, 15))
    assert b"DTSTART;VALUE=DATE:20240314\r\n" in data
    assert b"DTEND;VALUE=DATE:20240315\r\n" in data
    assert calendar.timezones == []


def test_event_calendar_without_venue_has_no_location():
    event = EventFactory(venue=None)
    _, vevent = single_vevent(event_calendar(event, site_url=SITE_URL))
    assert "LOCATION" not in vevent


def test_event_calendar_url_ignores_a_trailing_slash_on_the_site_url(event):
    _, vevent = single_vevent(event_calendar(event, site_url=SITE_URL + "/"))
    assert str(vevent["URL"]) == (
        "https://quartiers2030.example.org/evenements/journee-regionale-2025/"
    )
