"""Locks taken by every writer that counts seats (no overbooking, no deadlock): first the
event row (`SELECT … FOR UPDATE`), then the ateliers it counts, by ascending primary key.
All writers of one event therefore queue on the same first lock, in the same order."""

from collections.abc import Iterable

from events.models import Event
from workshops.models import Workshop


def lock_event(event: Event) -> Event:
    """Call inside `transaction.atomic()`."""
    return Event.objects.select_for_update().get(pk=event.pk)


def lock_workshops(workshops: Iterable[Workshop]) -> list[Workshop]:
    ids = sorted({w.pk for w in workshops})
    return list(
        Workshop.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .select_related("room")
        .order_by("pk")
    )
