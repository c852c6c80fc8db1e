"""The schema.org Event JSON-LD of the event page, parsed back from the HTML."""

import datetime as dt
import json
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from backoffice.jsonld import script_tag
from events.enums import EventStatus, RegistrationMode
from tests.factories import EventFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db

SEED_EVENT = "/evenements/2025-10-02-journee-regionale-cooperations/"
SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def jsonld_of(response) -> dict:
    assert response.status_code == 200
    found = SCRIPT.findall(response.content.decode())
    assert len(found) == 1
    return json.loads(found[0])


def test_jsonld_of_the_2_october_2025_seed_event(client):
    call_command("load_demo", verbosity=0)
    assert jsonld_of(client.get(SEED_EVENT)) == {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": "Concevoir des coopérations pour mieux agir auprès des habitants et habitantes !",
        "url": f"http://127.0.0.1:8000{SEED_EVENT}",
        "description": "2ème journée régionale - Contrats de ville en Grand Est",
        "inLanguage": "fr",
        "startDate": "2025-10-02T10:00:00+02:00",
        "endDate": "2025-10-02T16:30:00+02:00",
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "organizer": {
            "@type": "Organization",
            "name": "ORIV (Observatoire Régional de l'Intégration et de la Ville)",
            "url": "https://www.oriv.org",
        },
        "isAccessibleForFree": True,
        "location": {
            "@type": "Place",
            "name": "Maison Régionale des Sports",
            "address": {
                "@type": "PostalAddress",
                "streetAddress": "13 Rue Jean Moulin",
                "postalCode": "54510",
                "addressLocality": "Tomblaine",
                "addressCountry": "FR",
            },
        },
        "offers": {
            "@type": "Offer",
            "price": 0,
            "priceCurrency": "EUR",
            "availability": "https://schema.org/SoldOut",  # registration closed
            "url": f"http://127.0.0.1:8000{SEED_EVENT}",
        },
    }


def test_jsonld_winter_times_carry_plus_one(client):
    event = EventFactory(
        date=dt.date(2027, 1, 14), doors_open=None, start_time=dt.time(9), end_time=dt.time(12)
    )
    data = jsonld_of(client.get(event.get_absolute_url()))
    assert (data["startDate"], data["endDate"]) == (
        "2027-01-14T09:00:00+01:00", "2027-01-14T12:00:00+01:00"
    )  # fmt: skip


def test_jsonld_cancelled_event(client):
    event = EventFactory(status=EventStatus.CANCELLED)
    data = jsonld_of(client.get(event.get_absolute_url()))
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["offers"]["availability"] == "https://schema.org/SoldOut"


def test_jsonld_rescheduled_event_gives_the_previous_date(client):
    event = EventFactory(date=dt.date(2027, 3, 4))
    event.date = dt.date(2027, 3, 11)
    event.save()
    data = jsonld_of(client.get(event.get_absolute_url()))
    assert data["eventStatus"] == "https://schema.org/EventRescheduled"
    assert data["previousStartDate"] == "2027-03-04"
    assert data["startDate"] == "2027-03-11T10:00:00+01:00"


def test_a_new_time_on_the_same_day_is_not_a_rescheduling(client):
    event = EventFactory()
    event.start_time = dt.time(11)
    event.save()
    assert event.ics_sequence == 1
    data = jsonld_of(client.get(event.get_absolute_url()))
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert "previousStartDate" not in data


def test_a_draft_moved_is_not_rescheduled():
    event = EventFactory(status=EventStatus.DRAFT, date=dt.date(2027, 3, 4))
    event.date = dt.date(2027, 3, 11)
    event.save(update_fields=["date"])
    event.refresh_from_db()
    assert event.rescheduled_from is None


def test_rescheduled_from_is_saved_with_update_fields_and_forgotten_when_moved_back():
    event = EventFactory(date=dt.date(2027, 3, 4))
    event.date = dt.date(2027, 3, 11)
    event.save(update_fields=["date"])
    event.refresh_from_db()
    assert event.rescheduled_from == dt.date(2027, 3, 4)
    event.date = dt.date(2027, 3, 18)  # moved again: still first announced on the 4th
    event.save()
    event.refresh_from_db()
    assert event.rescheduled_from == dt.date(2027, 3, 4)
    event.date = dt.date(2027, 3, 4)
    event.save()
    event.refresh_from_db()
    assert event.rescheduled_from is None


def test_jsonld_mixed_attendance_never_shows_the_videoconference_link(client):
    event = EventFactory(remote_attendance=True, videoconference_url="https://visio.example.org/x")
    response = client.get(event.get_absolute_url())
    data = jsonld_of(response)
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert [place["@type"] for place in data["location"]] == ["Place", "VirtualLocation"]
    assert data["location"][1]["url"] == f"http://127.0.0.1:8000{event.get_absolute_url()}"
    assert "visio.example.org" not in response.content.decode()


@pytest.mark.parametrize(
    ("changes", "availability"),
    [
        ({}, "InStock"),
        ({"registration_mode": RegistrationMode.FULL}, "SoldOut"),
        ({"registration_mode": RegistrationMode.LATER}, "PreOrder"),
        ({"registration_opens_at": timezone.now() + dt.timedelta(days=3)}, "PreOrder"),
    ],
)
def test_jsonld_availability_follows_the_registration_state(client, changes, availability):
    event = EventFactory(**changes)
    offers = jsonld_of(client.get(event.get_absolute_url()))["offers"]
    assert offers["availability"] == f"https://schema.org/{availability}"
    if "registration_opens_at" in changes:
        assert offers["validFrom"] == timezone.localtime(event.registration_opens_at).isoformat()


def test_jsonld_without_online_registration_has_no_offer(client):
    event = EventFactory(registration_mode=RegistrationMode.NONE)
    assert "offers" not in jsonld_of(client.get(event.get_absolute_url()))


def test_jsonld_sold_out_when_the_last_seat_goes_although_the_page_is_cached(client, committed):
    event = EventFactory(onsite_capacity=1)
    url = event.get_absolute_url()
    assert jsonld_of(client.get(url))["offers"]["availability"] == "https://schema.org/InStock"
    # Bumps no page version (the JSON-LD is a fresh part), only the registrations'.
    with committed():
        RegistrationFactory(event=event)
    assert jsonld_of(client.get(url))["offers"]["availability"] == "https://schema.org/SoldOut"


def test_jsonld_is_the_same_for_a_signed_in_participant(client):
    event = EventFactory()
    anonymous = jsonld_of(client.get(event.get_absolute_url()))
    user = UserFactory()
    RegistrationFactory(event=event, email=user.email, user=user)
    client.force_login(user)
    assert jsonld_of(client.get(event.get_absolute_url())) == anonymous


def test_jsonld_script_cannot_be_closed_by_a_title():
    html = script_tag({"name": "</script><script>alert(1)</script> & <!--"})
    assert html.count("</script>") == 1
    assert "<!--" not in html
    inner = SCRIPT.fullmatch(html).group(1)
    assert json.loads(inner) == {"name": "</script><script>alert(1)</script> & <!--"}
