import datetime as dt

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from .enums import EventStatus
from .models import Cycle, Event, Organiser, ProgrammeSlot, SlotSpeaker

# The calendar feeds carry every upcoming event and the past ones of the last 12 months:
# enough for a subscriber's recent history, without growing forever.
FEED_HISTORY = dt.timedelta(days=365)


def upcoming_events(*, limit: int | None = None):
    events = Event.objects.visible().upcoming().for_listing()
    return events[:limit] if limit else events


def past_events(*, limit: int | None = None):
    events = Event.objects.visible().past().for_listing()
    return events[:limit] if limit else events


def cycles_with_counts():
    return (
        Cycle.objects.select_related("organiser")
        .annotate(
            event_count=Count(
                "events",
                filter=Q(events__status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED]),
            )
        )
        .filter(event_count__gt=0)
    )


def _programme_prefetch():
    # The ateliers, resources and "À retenir" are reverse relations declared by the apps
    # that build on events; they are named here as strings only, never imported.
    return [
        Prefetch(
            "slots",
            queryset=ProgrammeSlot.objects.select_related("room").prefetch_related(
                Prefetch(
                    "appearances",
                    queryset=SlotSpeaker.objects.select_related("speaker"),
                ),
                "workshops__room",
                "workshops__facilitators",
                "workshops__presenters",
            ),
        ),
        "partners",
    ]


def event_for_page(*, slug: str, prefetch: tuple = ()) -> Event:
    """The event with its programme, in a fixed number of queries; `prefetch` adds what
    the apps built on events show on the page (the page is composed in backoffice)."""
    return (
        Event.objects.visible()
        .for_listing()
        .prefetch_related(*_programme_prefetch(), *prefetch)
        .get(slug=slug)
    )


def cycle_for_page(*, slug: str) -> Cycle:
    return (
        Cycle.objects.select_related("organiser")
        .prefetch_related(
            Prefetch("events", queryset=Event.objects.visible().for_listing().order_by("date"))
        )
        .get(slug=slug)
    )


def calendar_feed_events(
    *, organiser: Organiser | None = None, cycle: Cycle | None = None, today=None
) -> list[Event]:
    """Published and cancelled events of the feed (see FEED_HISTORY), oldest first.

    Each event gets `programme_outline`, the (start, title) of its slots in time order,
    which is all its VEVENT description shows. Two queries whatever the number of events:
    the events with organiser and venue, then the slots as plain tuples (a prefetch would
    build a model instance per slot, the main cost of a 200-event feed).
    """
    since = (today or timezone.localdate()) - FEED_HISTORY
    events = Event.objects.visible().filter(date__gte=since)
    if organiser is not None:
        events = events.filter(organiser=organiser)
    if cycle is not None:
        events = events.filter(cycle=cycle)
    events = list(events.select_related("organiser", "venue").order_by("date", "start_time", "pk"))
    outlines = {event.pk: [] for event in events}
    slots = ProgrammeSlot.objects.filter(event__in=events).order_by("event", "start", "end")
    for event_id, start, title in slots.values_list("event_id", "start", "title"):
        outlines[event_id].append((start, title))
    for event in events:
        event.programme_outline = outlines[event.pk]
    return events


def organiser_for_page(*, slug: str) -> Organiser:
    """The organiser with `upcoming`, its upcoming visible events (two queries)."""
    organiser = Organiser.objects.get(slug=slug)
    organiser.upcoming = list(upcoming_events().filter(organiser=organiser))
    return organiser


def organiser_for_feed(*, slug: str) -> Organiser:
    return Organiser.objects.get(slug=slug)


def cycle_for_feed(*, slug: str) -> Cycle:
    return Cycle.objects.get(slug=slug)
