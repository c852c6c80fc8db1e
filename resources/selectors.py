from dataclasses import dataclass, field

from django.db.models import Q

from events import scoping
from events.models import Cycle, Event

from .models import Resource


@dataclass(frozen=True)
class LibraryOptions:
    """What the library's filters can offer: only values that lead to some resource."""

    themes: list[str] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    cycles: list[Cycle] = field(default_factory=list)
    years: list[int] = field(default_factory=list)


def library_options() -> LibraryOptions:
    """The filter choices, in one query: the events that have a published resource."""
    events = list(
        Event.objects.visible()
        .filter(pk__in=Resource.objects.published().values("event"))
        .select_related("cycle")
        .order_by("-date", "title")
    )
    cycles = {event.cycle.pk: event.cycle for event in events if event.cycle}
    return LibraryOptions(
        themes=sorted({event.theme for event in events if event.theme}),
        events=events,
        cycles=sorted(cycles.values(), key=lambda cycle: cycle.title),
        years=sorted({event.date.year for event in events}, reverse=True),
    )


def library_resources(
    *,
    theme: str = "",
    event: Event | None = None,
    cycle: Cycle | None = None,
    kind: str = "",
    year: int | None = None,
    search: str = "",
):
    """Published resources of the public events, newest event first, narrowed by the
    given filters. Each word of `search` must appear in the resource's title or
    description, or in its event's title."""
    resources = Resource.objects.published().select_related("event", "slot")
    if theme:
        resources = resources.filter(event__theme=theme)
    if event is not None:
        resources = resources.filter(event=event)
    if cycle is not None:
        resources = resources.filter(event__cycle=cycle)
    if kind:
        resources = resources.filter(kind=kind)
    if year is not None:
        resources = resources.filter(event__date__year=year)
    for word in search.split():
        resources = resources.filter(
            Q(title__icontains=word)
            | Q(description__icontains=word)
            | Q(event__title__icontains=word)
        )
    return resources.order_by("-event__date", "event__title", "order", "title", "pk")


def resource_for_download(*, pk: int, user) -> Resource:
    """A resource with a file that `user` may fetch: a published one of a public event,
    or any one of the events the user's team may see.

    Raises Resource.DoesNotExist otherwise, so that a hidden file looks like a missing one.
    """
    files = Resource.objects.exclude(file="")
    staff = scoping.scope(files, user, scoping.Can.VIEW_EVENT, path="event")
    return (files.published() | staff).distinct().get(pk=pk)
