import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.forms import modelform_factory
from django.urls import reverse
from icalendar import Calendar

from events.enums import EventStatus, SlotKind
from events.ics import event_calendar, to_ical
from events.models import Event
from tests.factories import (
    EventFactory,
    OrganiserFactory,
    ProgrammeSlotFactory,
    RoomFactory,
    VenueFactory,
    WorkshopFactory,
)

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


# --- The public .ics view: the day, or one VEVENT per programme slot ---------------------


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = SITE_URL


def ics_url(event, **query):
    url = reverse("events:event_ics", kwargs={"slug": event.slug})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_event_ics_view_is_a_calendar_attachment_with_one_vevent(client, event, site_url):
    response = client.get(ics_url(event))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="journee-regionale-2025.ics"'
    _calendar, vevent = single_vevent(response.content)
    assert str(vevent["UID"]) == f"event-{event.pk}@quartiers2030"
    assert str(vevent["URL"]) == (
        "https://quartiers2030.example.org/evenements/journee-regionale-2025/"
    )


def test_event_ics_view_of_a_draft_is_not_found(client):
    assert client.get(ics_url(EventFactory(status=EventStatus.DRAFT))).status_code == 404


def test_event_ics_view_detail_has_one_vevent_per_slot_with_room_and_venue(client, event, site_url):
    room = RoomFactory(venue=event.venue, name="Salle Chardon")
    atelier_slot = ProgrammeSlotFactory(
        event=event,
        start=dt.time(13, 30),
        end=dt.time(15),
        kind=SlotKind.WORKSHOPS,
        title="Coproduire de la coopération",
        room=room,
    )
    WorkshopFactory(
        slot=atelier_slot, number=1, title="Codéveloppement", room=room, colour_name="Bleu"
    )
    slots = list(event.slots.order_by("start"))
    response = client.get(ics_url(event, detail=1))
    assert response["Content-Disposition"] == (
        'attachment; filename="journee-regionale-2025-programme.ics"'
    )
    calendar = Calendar.from_ical(response.content)
    venue = "Maison Régionale des Sports, 13 Rue Jean Moulin, 54510 Tomblaine"
    assert [
        (str(v["UID"]), str(v["SUMMARY"]), v.start, v.end, str(v["LOCATION"]))
        for v in calendar.events
    ] == [
        (
            f"slot-{slots[0].pk}@quartiers2030",
            "Accueil café",
            dt.datetime(2025, 10, 2, 9, 30, tzinfo=PARIS),
            dt.datetime(2025, 10, 2, 10, tzinfo=PARIS),
            venue,
        ),
        (
            f"slot-{slots[1].pk}@quartiers2030",
            "Ouverture",
            dt.datetime(2025, 10, 2, 10, tzinfo=PARIS),
            dt.datetime(2025, 10, 2, 10, 30, tzinfo=PARIS),
            venue,
        ),
        (
            f"slot-{atelier_slot.pk}@quartiers2030",
            "Coproduire de la coopération",
            dt.datetime(2025, 10, 2, 13, 30, tzinfo=PARIS),
            dt.datetime(2025, 10, 2, 15, tzinfo=PARIS),
            "Salle Chardon, " + venue,
        ),
    ]
    assert [v["DTSTART"].params["TZID"] for v in calendar.events] == ["Europe/Paris"] * 3
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Paris"]
    assert str(calendar.events[2]["DESCRIPTION"]) == (
        "Ateliers\n\nAtelier 1 — Codéveloppement, Bleu, Salle Chardon"
    )
    assert b"DTSTART;TZID=Europe/Paris:20251002T133000\r\n" in response.content


def test_event_ics_view_detail_without_programme_is_the_day(client, site_url):
    event = EventFactory()
    calendar = Calendar.from_ical(client.get(ics_url(event, detail=1)).content)
    assert [str(v["UID"]) for v in calendar.events] == [f"event-{event.pk}@quartiers2030"]


def test_event_ics_view_detail_slots_follow_the_cancellation(client, event, site_url):
    event.status = EventStatus.CANCELLED
    event.save()
    calendar = Calendar.from_ical(client.get(ics_url(event, detail=1)).content)
    assert [(str(v["STATUS"]), v["SEQUENCE"]) for v in calendar.events] == [
        ("CANCELLED", 1),
        ("CANCELLED", 1),
    ]


# --- SEQUENCE: bumped by Event.save() when a calendar must re-schedule -------------------


def sequence_and_status(event):
    _, vevent = single_vevent(event_calendar(event, site_url=SITE_URL))
    return str(vevent["UID"]), vevent["SEQUENCE"], str(vevent["STATUS"])


def test_event_sequence_cancelling_bumps_it_and_keeps_the_uid(event):
    uid = f"event-{event.pk}@quartiers2030"
    assert sequence_and_status(event) == (uid, 0, "CONFIRMED")
    event.status = EventStatus.CANCELLED
    event.save()
    assert sequence_and_status(Event.objects.get(pk=event.pk)) == (uid, 1, "CANCELLED")


def test_event_sequence_moving_the_date_bumps_it(event):
    event.date = dt.date(2025, 10, 9)
    event.save()
    event.refresh_from_db()
    assert event.ics_sequence == 1
    _, vevent = single_vevent(event_calendar(event, site_url=SITE_URL))
    assert (vevent["SEQUENCE"], vevent.start) == (1, dt.datetime(2025, 10, 9, 10, tzinfo=PARIS))


def test_event_sequence_editing_the_title_or_description_does_not_bump_it(event):
    event.title = "Journée régionale (nouveau titre)"
    event.description = "Nouvelle présentation."
    event.save()
    event.refresh_from_db()
    assert event.ics_sequence == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("doors_open", dt.time(9)),
        ("start_time", dt.time(9, 30)),
        ("end_time", dt.time(17)),
    ],
)
def test_event_sequence_changing_a_time_bumps_it(event, field, value):
    setattr(event, field, value)
    event.save()
    event.refresh_from_db()
    assert event.ics_sequence == 1


def test_event_sequence_changing_the_venue_bumps_it(event):
    event.venue = VenueFactory(name="Hôtel de Région", city="Metz")
    event.save()
    event.refresh_from_db()
    assert event.ics_sequence == 1


def test_event_sequence_each_change_bumps_once_and_uncancelling_bumps_again(event):
    event.status = EventStatus.CANCELLED
    event.save()
    event.save()  # nothing changed
    event.status = EventStatus.PUBLISHED
    event.save()
    event.refresh_from_db()
    assert event.ics_sequence == 2


def test_event_sequence_publishing_a_draft_does_not_bump_it():
    event = EventFactory(status=EventStatus.DRAFT)
    event.status = EventStatus.PUBLISHED
    event.save()
    event.refresh_from_db()
    assert event.ics_sequence == 0


def test_event_sequence_with_update_fields_counts_only_the_written_fields(event):
    event.date = dt.date(2025, 10, 9)
    event.title = "Nouveau titre"
    event.save(update_fields=["title"])
    event.refresh_from_db()
    assert (event.ics_sequence, event.date) == (0, dt.date(2025, 10, 2))
    event.date = dt.date(2025, 10, 9)
    event.save(update_fields=["date"])
    event.refresh_from_db()
    assert (event.ics_sequence, event.date) == (1, dt.date(2025, 10, 9))


def test_event_sequence_a_stale_copy_never_takes_it_back(event):
    stale = Event.objects.get(pk=event.pk)
    event.date = dt.date(2025, 10, 9)
    event.save()
    stale.title = "Titre modifié ailleurs"
    stale.save()  # still carries the old date: moving it back is a change again
    stale.refresh_from_db()
    assert (stale.ics_sequence, stale.date) == (2, dt.date(2025, 10, 2))


def test_event_sequence_an_event_created_cancelled_starts_at_one():
    event = EventFactory(status=EventStatus.CANCELLED)
    assert Event.objects.get(pk=event.pk).ics_sequence == 1


def test_event_sequence_is_not_editable_in_forms():
    assert "ics_sequence" not in modelform_factory(Event, fields="__all__").base_fields


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Journée régionale des contrats de ville — Grand Est, coopérations ; 2 octobre 2025 " * 3,
        "é" * 200,
        "a" * 73 + "\\" + "b" * 100,
        '🙂 Émilie, Zoé; Gaëlle\\ ^"quoted" ' * 9,
        "x" * 74,
        "x" * 75,
    ],
)
def test_to_ical_folds_lines_exactly_like_icalendar(text):
    from icalendar import Event as VEvent

    calendar = Calendar()
    calendar.add("prodid", "-//test//FR")
    calendar.add("version", "2.0")
    component = VEvent()
    component.add("uid", "event-1@quartiers2030")
    component.add("summary", text)
    component.add("description", text + "\n" + text)
    component.add("location", "Salle", parameters={"ALTREP": f'"https://example.org/{text[:40]}"'})
    calendar.add_component(component)
    assert to_ical(calendar) == calendar.to_ical()
    assert max(len(line) for line in to_ical(calendar).split(b"\r\n")) <= 75
