import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from events.enums import EventStatus, HalfDay, RegistrationMode, RegistrationState
from events.models import Event
from tests.factories import (
    EventFactory,
    ProgrammeSlotFactory,
    RoomFactory,
    SpeakerFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db


def test_event_end_must_follow_start():
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(start_time=dt.time(16), end_time=dt.time(10))


def test_event_times_are_both_set_or_both_empty():
    event = EventFactory(start_time=None, end_time=None, doors_open=None)
    assert Event.objects.get(pk=event.pk).start_time is None
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(start_time=dt.time(10), end_time=None)


def test_event_doors_open_not_after_start():
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(doors_open=dt.time(10, 15), start_time=dt.time(10))


def test_event_slug_is_unique():
    EventFactory(slug="journee-regionale")
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(slug="journee-regionale")


def test_event_registration_window_must_be_ordered():
    now = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(registration_opens_at=now, registration_closes_at=now - dt.timedelta(days=1))


def test_event_full_clean_reports_constraints_in_french():
    event = EventFactory.build(
        organiser=EventFactory().organiser, venue=None, start_time=dt.time(16), end_time=dt.time(9)
    )
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "Indiquez le début et la fin, la fin étant postérieure au début." in str(error.value)


@pytest.mark.parametrize(
    ("mode", "days_ahead", "window", "status", "expected"),
    [
        (RegistrationMode.OPEN, 10, None, EventStatus.PUBLISHED, RegistrationState.OPEN),
        (RegistrationMode.LATER, 10, None, EventStatus.PUBLISHED, RegistrationState.LATER),
        (RegistrationMode.FULL, 10, None, EventStatus.PUBLISHED, RegistrationState.FULL),
        (RegistrationMode.CLOSED, 10, None, EventStatus.PUBLISHED, RegistrationState.CLOSED),
        (RegistrationMode.NONE, 10, None, EventStatus.PUBLISHED, RegistrationState.NONE),
        (RegistrationMode.OPEN, -1, None, EventStatus.PUBLISHED, RegistrationState.CLOSED),
        (RegistrationMode.LATER, -1, None, EventStatus.PUBLISHED, RegistrationState.CLOSED),
        (RegistrationMode.OPEN, 10, None, EventStatus.CANCELLED, RegistrationState.CLOSED),
        (
            RegistrationMode.OPEN,
            10,
            "future",
            EventStatus.PUBLISHED,
            RegistrationState.NOT_YET_OPEN,
        ),
        (RegistrationMode.OPEN, 10, "past", EventStatus.PUBLISHED, RegistrationState.CLOSED),
        (RegistrationMode.FULL, 10, "past", EventStatus.PUBLISHED, RegistrationState.CLOSED),
    ],
)
def test_event_registration_state(mode, days_ahead, window, status, expected):
    now = timezone.now()
    windows = {
        None: (None, None),
        "future": (now + dt.timedelta(days=2), now + dt.timedelta(days=5)),
        "past": (now - dt.timedelta(days=5), now - dt.timedelta(hours=1)),
    }
    opens, closes = windows[window]
    event = EventFactory(
        registration_mode=mode,
        date=timezone.localdate() + dt.timedelta(days=days_ahead),
        registration_opens_at=opens,
        registration_closes_at=closes,
        status=status,
    )
    assert event.registration_state(now=now) == expected


def test_event_queryset_visible_upcoming_and_past():
    today = timezone.localdate()
    later = EventFactory(date=today + dt.timedelta(days=20))
    sooner = EventFactory(date=today)
    cancelled = EventFactory(date=today + dt.timedelta(days=5), status=EventStatus.CANCELLED)
    EventFactory(date=today + dt.timedelta(days=1), status=EventStatus.DRAFT)
    old = EventFactory(date=today - dt.timedelta(days=300))
    older = EventFactory(date=today - dt.timedelta(days=400))
    assert list(Event.objects.visible().upcoming()) == [sooner, cancelled, later]
    assert list(Event.objects.visible().past()) == [old, older]


def test_slot_end_must_follow_start():
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgrammeSlotFactory(start=dt.time(11), end=dt.time(11))


def test_slot_half_day_splits_at_noon():
    morning = ProgrammeSlotFactory(start=dt.time(11, 30), end=dt.time(12, 30))
    assert morning.half_day == HalfDay.MORNING
    afternoon = ProgrammeSlotFactory(start=dt.time(13, 30), end=dt.time(15))
    assert afternoon.half_day == HalfDay.AFTERNOON


def test_slot_room_must_belong_to_event_venue():
    slot = ProgrammeSlotFactory(room=RoomFactory(venue=VenueFactory(city="Metz")))
    with pytest.raises(ValidationError) as error:
        slot.full_clean()
    assert error.value.message_dict == {
        "room": ["Cette salle n'appartient pas au lieu de l'événement."]
    }


def test_room_name_unique_per_venue():
    room = RoomFactory(name="Salle Chardon")
    RoomFactory(name="Salle Chardon")  # another venue: allowed
    with pytest.raises(IntegrityError), transaction.atomic():
        RoomFactory(name="Salle Chardon", venue=room.venue)


def test_speaker_str_reads_like_a_programme():
    speaker = SpeakerFactory(
        first_name="Zoé", last_name="FONTIER", role="Chargée de mission", organisation="SGARE"
    )
    assert str(speaker) == "Zoé FONTIER, Chargée de mission, SGARE"
    assert str(SpeakerFactory(first_name="Johan", last_name="", role="", organisation="")) == (
        "Johan"
    )


def test_speaker_needs_a_name():
    with pytest.raises(IntegrityError), transaction.atomic():
        SpeakerFactory(first_name="", last_name="")


def test_venue_map_url_uses_coordinates_or_address():
    venue = VenueFactory()
    assert venue.map_url == (
        "https://www.openstreetmap.org/search?query=13+Rue+Jean+Moulin%2C+54510+Tomblaine%2C+France"
    )
    venue.latitude, venue.longitude = 48.684, 6.221
    assert venue.map_url == (
        "https://www.openstreetmap.org/?mlat=48.684&mlon=6.221#map=17/48.684/6.221"
    )


def test_venue_coordinates_both_or_none():
    with pytest.raises(IntegrityError), transaction.atomic():
        VenueFactory(latitude=48.6, longitude=None)
