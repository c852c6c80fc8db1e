from django.db.models import Count, Prefetch, Q

from .enums import EventStatus
from .models import Cycle, Event, ProgrammeSlot, SlotSpeaker


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


def event_for_page(*, slug: str) -> Event:
    """The event with everything its public page shows, in a fixed number of queries."""
    return (
        Event.objects.visible()
        .for_listing()
        .prefetch_related(
            *_programme_prefetch(),
            Prefetch("resources", queryset=_published("resources").select_related("slot")),
            Prefetch("takeaways", queryset=_published("takeaways")),
        )
        .get(slug=slug)
    )


def _published(related_name: str):
    """Published rows of a reverse relation declared by an app that builds on events."""
    return Event._meta.get_field(related_name).related_model.objects.filter(published=True)


def cycle_for_page(*, slug: str) -> Cycle:
    return (
        Cycle.objects.select_related("organiser")
        .prefetch_related(
            Prefetch("events", queryset=Event.objects.visible().for_listing().order_by("date"))
        )
        .get(slug=slug)
    )
