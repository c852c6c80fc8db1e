"""Subscribable calendar feeds: all events, per organiser, per cycle."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from events.enums import EventStatus
from tests.factories import CycleFactory, EventFactory, OrganiserFactory, ProgrammeSlotFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://quartiers2030.example.org"


def days(n):
    return timezone.localdate() + dt.timedelta(days=n)


def feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return Calendar.from_ical(response.content)


def uids(calendar):
    return [str(vevent["UID"]) for vevent in calendar.events]


def uid(event):
    return f"event-{event.pk}@quartiers2030"


def test_feed_has_one_vevent_per_event_and_one_vtimezone(client):
    events = [EventFactory(date=days(n)) for n in (40, 10, 20)]
    for event in events:
        ProgrammeSlotFactory(event=event)
    calendar = feed(client, reverse("events:feed"))
    assert uids(calendar) == [uid(events[1]), uid(events[2]), uid(events[0])]
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Paris"]
    assert calendar.get_missing_tzids() == set()
    assert [v["DTSTART"].params["TZID"] for v in calendar.events] == ["Europe/Paris"] * 3


def test_feed_response_is_an_inline_named_calendar(client):
    EventFactory()
    response = client.get(reverse("events:feed"))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="quartiers2030-evenements.ics"'
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"]) == "Quartiers 2030 — événements"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT12H\r\n" in response.content
    assert b"X-PUBLISHED-TTL:PT12H\r\n" in response.content


def test_feed_has_published_and_cancelled_events_of_the_last_12_months_not_drafts(client):
    published = EventFactory(date=days(5))
    cancelled = EventFactory(date=days(6), status=EventStatus.CANCELLED)
    recent = EventFactory(date=days(-365))
    EventFactory(date=days(-366))
    EventFactory(date=days(7), status=EventStatus.DRAFT)
    calendar = feed(client, reverse("events:feed"))
    assert uids(calendar) == [uid(recent), uid(published), uid(cancelled)]
    assert [(str(v["STATUS"]), v["SEQUENCE"]) for v in calendar.events] == [
        ("CONFIRMED", 0),
        ("CONFIRMED", 0),
        ("CANCELLED", 1),
    ]


def test_feed_empty_is_a_valid_calendar(client):
    calendar = feed(client, reverse("events:feed"))
    # RFC 5545 wants one component at least: the Paris time zone, never an empty calendar.
    assert calendar.events == []
    assert [str(tz["TZID"]) for tz in calendar.timezones] == ["Europe/Paris"]


def test_organiser_feed_has_only_the_events_it_organises(client):
    oriv = OrganiserFactory(slug="oriv", short_name="ORIV")
    own = [EventFactory(organiser=oriv, date=days(n)) for n in (1, 2)]
    partner_of = EventFactory(date=days(3))
    partner_of.partners.add(oriv)
    EventFactory(date=days(4))
    response = client.get(reverse("events:organiser_feed", kwargs={"slug": "oriv"}))
    assert response["Content-Disposition"] == 'inline; filename="quartiers2030-oriv.ics"'
    calendar = Calendar.from_ical(response.content)
    assert uids(calendar) == [uid(event) for event in own]
    assert str(calendar["X-WR-CALNAME"]) == "Quartiers 2030 — ORIV"


def test_cycle_feed_has_only_the_events_of_the_cycle(client):
    cycle = CycleFactory(slug="grand-est-2026", title="Rencontres 2026")
    in_cycle = [EventFactory(cycle=cycle, date=days(n)) for n in (30, 10)]
    EventFactory(cycle=cycle, date=days(20), status=EventStatus.DRAFT)
    EventFactory(date=days(15))
    response = client.get(reverse("events:cycle_feed", kwargs={"slug": "grand-est-2026"}))
    assert response["Content-Disposition"] == 'inline; filename="quartiers2030-grand-est-2026.ics"'
    calendar = Calendar.from_ical(response.content)
    assert uids(calendar) == [uid(in_cycle[1]), uid(in_cycle[0])]
    assert str(calendar["X-WR-CALNAME"]) == "Rencontres 2026"


@pytest.mark.parametrize("name", ["events:organiser_feed", "events:cycle_feed"])
def test_feed_of_an_unknown_organiser_or_cycle_is_not_found(client, name):
    assert client.get(reverse(name, kwargs={"slug": "inconnu"})).status_code == 404


def make_events(count, **kwargs):
    for n in range(count):
        event = EventFactory(date=days(n + 1), **kwargs)
        ProgrammeSlotFactory(event=event)
        ProgrammeSlotFactory(event=event, start=dt.time(11), end=dt.time(12))


@pytest.mark.parametrize("count", [1, 3])
def test_feed_query_count_does_not_grow_with_events(client, django_assert_num_queries, count):
    make_events(count)
    with django_assert_num_queries(2):  # events with organiser and venue, their slots
        calendar = feed(client, reverse("events:feed"))
    assert len(calendar.events) == count


@pytest.mark.parametrize("count", [1, 3])
def test_organiser_and_cycle_feed_query_count_does_not_grow(
    client, django_assert_num_queries, count
):
    cycle = CycleFactory(slug="cycle-compte")
    make_events(count, organiser=cycle.organiser, cycle=cycle)
    with django_assert_num_queries(3):  # the organiser, its events, their slots
        calendar = feed(
            client, reverse("events:organiser_feed", kwargs={"slug": cycle.organiser.slug})
        )
    assert len(calendar.events) == count
    with django_assert_num_queries(3):  # the cycle, its events, their slots
        calendar = feed(client, reverse("events:cycle_feed", kwargs={"slug": "cycle-compte"}))
    assert len(calendar.events) == count


def test_home_and_cycle_pages_link_to_the_feeds(client):
    cycle = CycleFactory(slug="grand-est-2026", title="Rencontres 2026")
    EventFactory(cycle=cycle)
    home = client.get(reverse("events:home")).content.decode()
    assert '<a href="/agenda.ics">S\'abonner au calendrier</a>' in home
    page = client.get(cycle.get_absolute_url()).content.decode()
    assert (
        '<a href="/cycles/grand-est-2026/agenda.ics">S\'abonner au calendrier'
        '<span class="visually-hidden"> — Rencontres 2026</span></a>'
    ) in page


def location_and_description(client):
    [vevent] = feed(client, reverse("events:feed")).events
    return str(vevent["LOCATION"]), str(vevent["DESCRIPTION"]).splitlines()[-1]
