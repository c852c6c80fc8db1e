import datetime as dt

from django.db import transaction
from django.utils.text import slugify

from .enums import EventStatus
from .models import Event, ProgrammeSlot


def unique_event_slug(*, title: str, date: dt.date) -> str:
    base = slugify(f"{title} {date:%Y-%m-%d}")[:110]
    slug, n = base, 2
    while Event.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def event_duplicate(
    *, event: Event, date: dt.date, title: str = ""
) -> tuple[Event, dict[int, ProgrammeSlot]]:
    """Copy an event, its partners and its programme (slots and speakers) to a new date.

    The copy is a draft with no registration window: the organiser reviews it before
    publishing. Returns the copy and a map from each original slot id to its copy, so the
    apps that hang things on slots (ateliers) can copy theirs in the same transaction.
    """
    copy = Event.objects.get(pk=event.pk)
    copy.pk = None
    copy.title = title or event.title
    copy.date = date
    copy.slug = unique_event_slug(title=copy.title, date=date)
    copy.status = EventStatus.DRAFT
    copy.registration_opens_at = copy.registration_closes_at = None
    copy.save()
    copy.partners.set(event.partners.all())

    slot_map = {}
    for slot in event.slots.prefetch_related("appearances"):
        appearances = list(slot.appearances.all())
        original_id = slot.pk
        slot.pk, slot.event = None, copy
        slot.save()
        for appearance in appearances:
            appearance.pk, appearance.slot = None, slot
        slot.appearances.model.objects.bulk_create(appearances)
        slot_map[original_id] = slot
    return copy, slot_map
