"""Every list page at a constant number of queries, with 1 and with 3 items listed.

The number is exact: a change that adds a query per row (or a query at all) fails here and
must say why in the new number.
"""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    CycleFactory,
    EventFactory,
    OrganiserFactory,
    ProgrammeSlotFactory,
    RegistrationFactory,
    ResourceFactory,
    SlotSpeakerFactory,
    UserFactory,
    WorkshopChoiceFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db

COUNTS = [1, 3]


def queries_of(client, method, url, data=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data or {})
    assert response.status_code == 200
    return len(queries)


def warm(client, url):
    client.get(url)  # content types, templates: read once per process, not per page


@pytest.mark.parametrize("count", COUNTS)
def test_my_space_queries(client, count):
    user = UserFactory(email="zoe.fontier@example.org")
    for i in range(count):
        registration = RegistrationFactory(
            email=user.email, event=EventFactory(date=dt.date(2027, 1, 1 + i))
        )
        WorkshopChoiceFactory(registration=registration)
    client.force_login(user)
    url = reverse("registrations:my_space")
    warm(client, url)
    assert queries_of(client, "get", url) == MY_SPACE


@pytest.mark.parametrize("count", COUNTS)
def test_registrations_changelist_queries(admin_client, count):
    event = EventFactory()
    for i in range(count):
        RegistrationFactory(event=event, last_name=f"NOM{i}")
    url = reverse("admin:registrations_registration_changelist")
    warm(admin_client, url)
    assert queries_of(admin_client, "get", url) == CHANGELIST


@pytest.mark.parametrize("count", COUNTS)
def test_checkin_search_queries(admin_client, count):
    event = EventFactory()
    for i in range(count):
        RegistrationFactory(event=event, last_name=f"FONTIER{i}")
    url = reverse("backoffice:checkin", args=[event.slug])
    warm(admin_client, url)
    assert queries_of(admin_client, "get", url, {"q": "fontier"}) == CHECKIN_SEARCH


@pytest.mark.parametrize("count", COUNTS)
def test_message_preview_queries(admin_client, count):
    event = EventFactory()
    WorkshopFactory(slot__event=event)  # the atelier filter lists the event's ateliers
    for i in range(count):
        RegistrationFactory(event=event, last_name=f"NOM{i}")
    url = reverse("backoffice:message", args=[event.slug])
    warm(admin_client, url)
    data = {"statuses": ["confirmed"], "workshop": "", "subject": "Salle", "body": "Salle B."}
    assert queries_of(admin_client, "post", url, data) == MESSAGE_PREVIEW


@pytest.mark.parametrize("count", COUNTS)
def test_resource_library_queries(client, count):
    for i in range(count):
        ResourceFactory(event=EventFactory(date=dt.date(2025, 1, 1 + i)), title=f"Support {i}")
    url = reverse("resources:library")
    warm(client, url)
    cache.clear()  # the warm-up stored the page: measure a render
    assert queries_of(client, "get", url) == LIBRARY
    assert queries_of(client, "get", url) == 0  # then served from the cache


@pytest.mark.parametrize("count", COUNTS)
def test_api_event_list_queries(client, count):
    organiser = OrganiserFactory(slug="oriv")
    for i in range(count):
        EventFactory(organiser=organiser, cycle=CycleFactory(), date=dt.date(2027, 1, 1 + i))
    url = "/api/v1/events?organiser=oriv"
    warm(client, url)
    cache.clear()
    assert queries_of(client, "get", url) == API_EVENT_LIST
    assert queries_of(client, "get", url) == 0  # then from the cache
    assert len(client.get(url).json()["items"]) == count


@pytest.mark.parametrize("count", COUNTS)
def test_api_cycles_and_organisers_queries(client, count):
    for _ in range(count):
        EventFactory(cycle=CycleFactory())
    for url in ("/api/v1/cycles", "/api/v1/organisers"):
        warm(client, url)
        cache.clear()
        assert queries_of(client, "get", url) == 1
        assert queries_of(client, "get", url) == 0


@pytest.mark.parametrize("count", COUNTS)
def test_api_event_detail_queries(client, count):
    event = EventFactory(onsite_capacity=100)
    for i in range(count):
        slot = ProgrammeSlotFactory(event=event, start=dt.time(10 + i), end=dt.time(11 + i))
        SlotSpeakerFactory(slot=slot)
        WorkshopFactory(slot__event=event, capacity=10)
        ResourceFactory(event=event, slot=slot)
    url = f"/api/v1/events/{event.slug}"
    warm(client, url)
    cache.clear()
    assert queries_of(client, "get", url) == API_EVENT_DETAIL
    # From the cache: the event row, the seats taken on site (twice: for the state, in
    # registrations.selectors.registration_state, and for the figure) and in the ateliers.
    assert queries_of(client, "get", url) == 4


@pytest.mark.parametrize("count", COUNTS)
def test_organiser_page_queries(client, count):
    organiser = OrganiserFactory()
    for i in range(count):
        EventFactory(organiser=organiser, date=dt.date(2027, 1, 1 + i))
    url = reverse("events:organiser_detail", args=[organiser.slug])
    warm(client, url)
    cache.clear()
    assert queries_of(client, "get", url) == ORGANISER_PAGE
    assert queries_of(client, "get", url) == 0


# Including the session and the user (none on the public library page), and the
# registrations whose evaluation questionnaire waits for an answer.
MY_SPACE = 6
CHANGELIST = 9
CHECKIN_SEARCH = 6
MESSAGE_PREVIEW = 8  # with the list of the messages already written
LIBRARY = 3
API_EVENT_LIST = 2  # count + page (organiser, cycle, venue joined)
# The event row; the event with its programme, ateliers, speakers, partners and resources (8,
# events.selectors.event_for_page); the seats taken on site (twice) and in the ateliers.
API_EVENT_DETAIL = 12
ORGANISER_PAGE = 2  # the organiser, its upcoming events
