import datetime as dt

from django.db import transaction

from events import services as event_services
from events.models import Event

from .models import Workshop


@transaction.atomic
def event_duplicate_with_workshops(*, event: Event, date: dt.date, title: str = "") -> Event:
    """Copy an event with its programme (see `event_duplicate`) and every atelier of it."""
    copy, slot_map = event_services.event_duplicate(event=event, date=date, title=title)
    workshops = Workshop.objects.filter(slot__event=event).prefetch_related(
        "facilitators", "presenters"
    )
    for workshop in workshops:
        facilitators, presenters = (
            list(workshop.facilitators.all()),
            list(workshop.presenters.all()),
        )
        workshop.pk, workshop.slot = None, slot_map[workshop.slot_id]
        workshop.save()
        # add(), not set(): set() would compare with the prefetched rows of the original.
        workshop.facilitators.add(*facilitators)
        workshop.presenters.add(*presenters)
    return copy
