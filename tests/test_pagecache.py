"""Public pages from the cache (quartiers2030/pagecache.py): served again without a
query, stale as soon as what they show changes, never holding what belongs to a visitor."""

import datetime as dt
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from events import views as event_views
from quartiers2030 import pagecache
from registrations.models import Registration
from registrations.services.retention import anonymise
from tests.factories import (
    EventFactory,
    ProgrammeSlotFactory,
    ResourceFactory,
    UserFactory,
    WorkshopFactory,
)
from tests.registrations.helpers import register

pytestmark = pytest.mark.django_db


def cached_values() -> list[bytes]:
    """What the (local memory) cache holds, as it stores it: pickled."""
    return list(cache._cache.values())


def test_home_cached_for_anonymous_until_the_event_changes(
    client, django_assert_num_queries, committed
):
    event = EventFactory(title="Journée des coopérations")
    first = client.get("/")
    with django_assert_num_queries(0):
        again = client.get("/")
    assert again.content == first.content
    event.title = "Journée des coopérations territoriales"
    with committed():
        event.save()
    assert "Journée des coopérations territoriales" in client.get("/").content.decode()


@pytest.mark.parametrize(
    "change",
    [
        lambda event: ProgrammeSlotFactory(event=event, title="Plénière des coopérations"),
        lambda event: WorkshopFactory(slot__event=event, title="Plénière des coopérations"),
        lambda event: ResourceFactory(
            event=event, published=True, title="Plénière des coopérations"
        ),
    ],
    ids=["slot", "atelier", "resource"],
)
def test_event_page_stale_when_its_programme_changes(client, change, committed):
    event = EventFactory()
    assert "Plénière des coopérations" not in client.get(event.get_absolute_url()).content.decode()
    with committed():
        change(event)
    assert "Plénière des coopérations" in client.get(event.get_absolute_url()).content.decode()


def test_other_events_stay_cached_when_one_changes(client, django_assert_num_queries, committed):
    event, other = EventFactory(), EventFactory()
    client.get(reverse("events:programme_pdf", args=[other.slug]))
    event.title = "Autre titre"
    with committed():
        event.save()
    with django_assert_num_queries(1):  # the event's id only
        client.get(reverse("events:programme_pdf", args=[other.slug]))


def test_seats_left_fresh_on_a_cached_event_page(client, committed):
    event = EventFactory(onsite_capacity=10)
    assert "Encore 10 places sur place." in client.get(event.get_absolute_url()).content.decode()
    with committed():
        register(event, "zoe.fontier@example.org")
    assert "Encore 9 places sur place." in client.get(event.get_absolute_url()).content.decode()


def test_registration_box_is_the_visitors_own(client):
    event = EventFactory(onsite_capacity=10)
    user = UserFactory(email="zoe.fontier@example.org")
    register(event, user.email, user=user)
    client.get(event.get_absolute_url())  # cached for anonymous visitors
    client.force_login(user)
    assert "Vous êtes inscrit·e" in client.get(event.get_absolute_url()).content.decode()
    client.force_login(UserFactory(email="autre@example.org"))
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Vous êtes inscrit·e" not in page
    client.logout()
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Vous êtes inscrit·e" not in page
    assert "Se déconnecter" not in page


def test_signed_in_pages_never_cached(client):
    client.force_login(UserFactory(email="zoe.fontier@example.org"))
    client.get("/")
    assert not [key for key in cache._cache if "pagecache:page" in key]


def test_nothing_personal_in_the_cache(client):
    event = EventFactory(onsite_capacity=10)
    user = UserFactory(email="zoe.fontier@example.org")
    register(event, user.email, user=user, list_consent=True)
    client.force_login(user)
    own = client.get(event.get_absolute_url()).content.decode()
    client.logout()
    client.get(event.get_absolute_url())
    client.get("/")
    stored = b"".join(cached_values())
    assert event.title.encode() in stored  # the pages were stored
    # What every anonymous visitor sees alike is stored: seats, how many are listed.
    assert b"Encore 9 places" in stored
    assert b"FONTIER" not in stored
    assert "Vous êtes inscrit·e".encode() not in stored
    assert b"csrfmiddlewaretoken" not in stored
    assert "FONTIER" in own
    assert "Vous êtes inscrit·e" in own


def test_anonymous_event_page_from_the_cache_without_a_query(client, django_assert_num_queries):
    event = EventFactory(onsite_capacity=10)
    register(event, "zoe.fontier@example.org", list_consent=True)
    first = client.get(event.get_absolute_url())
    with django_assert_num_queries(0):
        again = client.get(event.get_absolute_url())
    assert again.content == first.content
    assert "Encore 9 places sur place." in again.content.decode()
    assert "https://schema.org/InStock" in again.content.decode()


def test_event_page_counts_fresh_after_anonymisation(client, committed):
    event = EventFactory(onsite_capacity=10)
    register(event, "zoe.fontier@example.org", list_consent=True)
    register(event, "ali.martin@example.org", list_consent=True)
    assert "2 participant·es ont accepté" in client.get(event.get_absolute_url()).content.decode()
    with committed():
        anonymise(Registration.objects.filter(email="ali.martin@example.org"), now=timezone.now())
    page = client.get(event.get_absolute_url()).content.decode()
    assert "1 participant·e a accepté" in page
    assert "2 participant·es" not in page


def test_event_page_fragments_kept_until_registration_closes(client):
    closes = timezone.now() + dt.timedelta(hours=2)
    event = EventFactory(onsite_capacity=10, registration_closes_at=closes)
    client.get(event.get_absolute_url())
    [key] = [key for key in cache._cache if key.endswith(":fresh")]
    assert abs(cache._expire_info[key] - closes.timestamp()) < 5


def test_event_page_follows_its_slug(client, committed):
    event = EventFactory(slug="journee-2026")
    old_url = event.get_absolute_url()
    client.get(old_url)  # the id is remembered for the slug
    event.slug = "journee-2026-grand-est"
    with committed():
        event.save()
    assert client.get(old_url).status_code == 404
    other = EventFactory(slug="journee-2026", title="Une autre journée")
    page = client.get(old_url).content.decode()
    assert "Une autre journée" in page
    assert event.title not in page
    other.status = "draft"
    with committed():
        other.save()
    assert client.get(old_url).status_code == 404


def test_later_event_box_gets_a_valid_csrf_token_on_a_cached_page(client):
    event = EventFactory(registration_mode="later")
    client.get(event.get_absolute_url())
    response = client.get(event.get_absolute_url())
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert "csrftoken" in response.cookies


def test_pending_message_neither_cached_nor_lost(client):
    event = EventFactory(registration_mode="later")
    client.post(reverse("registrations:opening_notice", args=[event.slug]), {"email": "a@b.fr"})
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Presque terminé" in page
    assert "Presque terminé" not in client.get(event.get_absolute_url()).content.decode()


def test_programme_pdf_rendered_once_per_version(client, committed):
    event = EventFactory()
    url = reverse("events:programme_pdf", args=[event.slug])
    with mock.patch.object(event_views, "render_pdf", return_value=b"%PDF-1.7 fake") as render:
        assert client.get(url).content == b"%PDF-1.7 fake"
        client.get(url)
        client.force_login(UserFactory())  # the same file for everyone
        client.get(url)
        assert render.call_count == 1
        with committed():
            ProgrammeSlotFactory(event=event)
        client.get(url)
        assert render.call_count == 2


def test_feed_cached_and_stale_on_change(client, committed):
    EventFactory(title="Premier")
    assert "Premier" in client.get(reverse("events:feed")).content.decode()
    with committed():
        EventFactory(title="Second")
    assert "Second" in client.get(reverse("events:feed")).content.decode()


def test_bump_without_version_then_version_moves(committed):
    before = pagecache.version("x")
    with committed():
        pagecache.bump("x")
    assert pagecache.version("x") != before
    cache.delete("pagecache:v:y")
    with committed():
        pagecache.bump("y")  # a missing key starts again from the clock
    assert int(pagecache.version("y")) > 10**15


def test_bump_in_a_transaction_moves_the_version_when_it_commits(committed):
    before = pagecache.version("x")
    with committed(), transaction.atomic():
        pagecache.bump("x")
        # Not committed yet: other requests still read the old rows, under the old version.
        assert pagecache.version("x") == before
    assert pagecache.version("x") != before


def test_bump_in_a_rolled_back_transaction_moves_nothing(committed):
    before = pagecache.version("x")
    with committed(), pytest.raises(ZeroDivisionError), transaction.atomic():
        pagecache.bump("x")
        1 / 0  # noqa: B018
    assert pagecache.version("x") == before
