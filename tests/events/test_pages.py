import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from events.enums import EventStatus, RegistrationMode, SlotKind, SpeakerPart
from tests.factories import (
    CycleFactory,
    EventFactory,
    ProgrammeSlotFactory,
    ResourceFactory,
    RoomFactory,
    SlotSpeakerFactory,
    TakeawayFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db


def days(n):
    return timezone.localdate() + dt.timedelta(days=n)


def make_full_event(**kwargs):
    """An event with every kind of programme content the event page shows."""
    event = EventFactory(**kwargs)
    event.partners.add(EventFactory().organiser)
    opening = ProgrammeSlotFactory(event=event, start=dt.time(10), end=dt.time(10, 30))
    SlotSpeakerFactory(slot=opening)
    SlotSpeakerFactory(slot=opening, part=SpeakerPart.WITNESS)
    ateliers = ProgrammeSlotFactory(
        event=event, kind=SlotKind.WORKSHOPS, start=dt.time(13, 30), end=dt.time(15)
    )
    for _ in range(2):
        workshop = WorkshopFactory(slot=ateliers, room=RoomFactory(venue=event.venue))
        workshop.facilitators.add(SlotSpeakerFactory().speaker)
        workshop.presenters.add(SlotSpeakerFactory().speaker)
    ResourceFactory(event=event)
    TakeawayFactory(event=event)
    return event


def test_home_lists_upcoming_then_cycles_then_past(client):
    cycle = CycleFactory(title="Rencontres 2026 — associations et institutions")
    later = EventFactory(date=days(40), title="Rencontre de Mulhouse", cycle=cycle)
    sooner = EventFactory(date=days(3), title="Rencontre à Épernay", cycle=cycle)
    EventFactory(date=days(5), title="Brouillon caché", status=EventStatus.DRAFT)
    past = EventFactory(date=days(-30), title="Journée passée")
    response = client.get("/")
    assert response.status_code == 200
    assert list(response.context["upcoming_events"]) == [sooner, later]
    assert list(response.context["past_events"]) == [past]
    assert [c.event_count for c in response.context["cycles"]] == [2]
    html = response.content.decode()
    assert "Brouillon caché" not in html
    assert html.index("Rencontre à Épernay") < html.index("Rencontre de Mulhouse")
    assert html.index("Rencontre de Mulhouse") < html.index("Rencontres 2026 — associations")
    assert html.index("Rencontres 2026 — associations") < html.index("Journée passée")
    assert "Inscriptions ouvertes" in html


@pytest.mark.parametrize("count", [1, 3])
def test_home_query_count_does_not_grow(client, django_assert_num_queries, count):
    cycle = CycleFactory()
    for i in range(count):
        EventFactory(date=days(i + 1), cycle=cycle)
        EventFactory(date=days(-i - 1), cycle=cycle)
    with django_assert_num_queries(3):
        response = client.get("/")
    assert len(response.context["upcoming_events"]) == count


@pytest.mark.parametrize("count", [1, 3])
def test_event_page_query_count_does_not_grow(client, django_assert_num_queries, count):
    event = make_full_event()
    for _ in range(count - 1):
        extra = ProgrammeSlotFactory(
            event=event, kind=SlotKind.WORKSHOPS, start=dt.time(15), end=dt.time(16)
        )
        WorkshopFactory(slot=extra, room=RoomFactory(venue=event.venue))
        SlotSpeakerFactory(slot=extra)
        ResourceFactory(event=event)
        TakeawayFactory(event=event)
    # The event's id for its slug, 10 for the programme, 1 for the participants (their
    # count: the visitor is anonymous; signed-in visitors:
    # tests/events/test_participant_list.py), and 1 for the event row the live
    # registration box is rendered from.
    with django_assert_num_queries(13):
        response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    # An anonymous visitor gets the page and its live parts from the cache.
    with django_assert_num_queries(0):
        again = client.get(event.get_absolute_url())
    assert again.content == response.content


@pytest.mark.parametrize("count", [1, 3])
def test_archive_query_count_does_not_grow(client, django_assert_num_queries, count):
    for i in range(count):
        EventFactory(date=days(-i - 1))
    with django_assert_num_queries(2):  # count + page
        response = client.get(reverse("events:archive"))
    assert len(response.context["page"].object_list) == count


@pytest.mark.parametrize("count", [1, 3])
def test_cycle_page_query_count_does_not_grow(client, django_assert_num_queries, count):
    cycle = CycleFactory()
    for i in range(count):
        EventFactory(date=days(i), cycle=cycle)
    with django_assert_num_queries(2):
        response = client.get(cycle.get_absolute_url())
    assert len(response.context["cycle"].events.all()) == count


def test_archive_paginates_past_events_newest_first(client):
    events = [EventFactory(date=days(-i - 1)) for i in range(25)]
    first = client.get(reverse("events:archive"))
    second = client.get(reverse("events:archive"), {"page": 2})
    assert list(first.context["page"].object_list) == events[:20]
    assert list(second.context["page"].object_list) == events[20:]
    assert "Page 2 sur 2" in second.content.decode()


def test_cycle_page_lists_its_events_in_date_order(client):
    cycle = CycleFactory(fil_rouge="Les **coopérations** entre associations et institutions")
    second = EventFactory(cycle=cycle, date=days(20))
    first = EventFactory(cycle=cycle, date=days(-10))
    EventFactory(cycle=cycle, date=days(30), status=EventStatus.DRAFT)
    response = client.get(cycle.get_absolute_url())
    assert list(response.context["cycle"].events.all()) == [first, second]
    assert "Les <strong>coopérations</strong> entre associations" in response.content.decode()


def test_event_page_draft_is_not_found(client):
    assert client.get(EventFactory(status=EventStatus.DRAFT).get_absolute_url()).status_code == 404
    assert client.get("/evenements/inconnu/").status_code == 404


def test_event_page_cancelled_says_so(client):
    response = client.get(EventFactory(status=EventStatus.CANCELLED).get_absolute_url())
    assert "Cet événement est annulé." in response.content.decode()


def test_event_page_registration_later_asks_to_keep_the_date(client):
    event = EventFactory(registration_mode=RegistrationMode.LATER)
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Inscription ultérieure — retenez la date" in html
    assert "Merci de retenir la date dans votre agenda" in html


def test_event_page_open_shows_seats(client):
    event = EventFactory(onsite_capacity=120)
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Inscriptions ouvertes" in html
    assert "120 places sur place." in html


def test_event_page_sanitises_staff_markdown(client):
    event = EventFactory(
        description='Bienvenue <script>alert("x")</script> <img src="http://127.0.0.1/x.png"> '
        "[lien](javascript:alert(1)) et **gras**",
        objectives="- <iframe src='https://example.org'></iframe>Échanger",
    )
    html = client.get(event.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert "<img" not in html
    assert "<iframe" not in html
    assert "javascript:" not in html
    assert "<strong>gras</strong>" in html
    assert "<li>Échanger</li>" in html


def test_event_page_has_no_third_party_requests(client):
    html = client.get(make_full_event().get_absolute_url()).content.decode()
    for tag in ("<script", "<link", "<img"):
        for chunk in html.split(tag)[1:]:
            source = chunk.split(">")[0]
            assert "http://" not in source and "https://" not in source, source


def test_event_page_shows_streamed_slots_for_hybrid_events(client):
    event = EventFactory(remote_attendance=True, remote_details="Le matin en visioconférence.")
    ProgrammeSlotFactory(
        event=event, start=dt.time(9, 30), end=dt.time(12), title="Enjeux", streamed=True
    )
    ProgrammeSlotFactory(event=event, start=dt.time(13, 30), end=dt.time(16), title="Visites")
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Participation possible en visioconférence : Le matin en visioconférence." in html
    assert "<li>9h30–12h : Enjeux</li>" in html
    assert "12h–" not in html.split("Visites")[0].split("Enjeux")[0]


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("events:legal_notice", "Mentions légales"),
        ("events:privacy", "Données personnelles"),
        ("events:accessibility", "Déclaration d'accessibilité"),
    ],
)
def test_legal_pages_exist_and_are_linked_from_every_page(client, url, heading):
    response = client.get(reverse(url))
    assert f"<h1>{escape(heading)}</h1>" in response.content.decode()
    assert f'href="{reverse(url)}"' in client.get("/").content.decode()


def test_favicon_is_named_by_pages_and_served_at_the_usual_address(client):
    assert (
        '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">'
        in client.get("/").content.decode()
    )
    response = client.get("/favicon.ico")
    assert (response.status_code, response["Location"]) == (301, "/static/favicon.svg")
