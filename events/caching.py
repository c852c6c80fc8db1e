"""What the public pages of events are cached under (quartiers2030/pagecache.py).

- LISTINGS: the pages listing events (home, cycles, archive, feeds, the resources library),
  bumped by any change to what they show.
- SHARED: rows many events show (organisers, cycles, venues, rooms, speakers).
- "event:<pk>": one event and what belongs to it (programme, ateliers, resources…).

The apps built on events register what they add to an event with `event_names` /
`event_names_of_slot` (workshops, resources). Seats and the registration box are fresh
fragments of the event page: the registrations app bumps "registrations:<pk>"
(`registrations_name`) on every change of a registration, under which what anonymous
visitors see in those fragments is stored.
"""

from django.core.cache import cache

from quartiers2030 import pagecache

LISTINGS = "public"
SHARED = "shared"


def event_name(event_id: int) -> str:
    return f"event:{event_id}"


def _id_key(slug: str) -> str:
    return f"event:id:{slug}"


def remembered_event_id(slug: str) -> int | None:
    """The id last seen for the event at `slug` (`remember_event_id`), which names what
    its pages are cached under; None if unknown. A hint: whoever uses it checks that the
    slug still names that event before storing anything under its names."""
    return cache.get(_id_key(slug))


def remember_event_id(slug: str, event_id: int) -> None:
    cache.set(_id_key(slug), event_id, timeout=None)


def registrations_name(event_id: int) -> str:
    """What the event page's fresh fragments seen by anonymous visitors are cached under,
    besides the page's own names: bumped whenever a registration to the event changes."""
    return f"registrations:{event_id}"


def event_page_names(event_id: int) -> tuple[str, str]:
    """What the event page, its programme PDF and its calendar are cached under."""
    return (SHARED, event_name(event_id))


def event_names(event_id: int | None) -> tuple[str, ...]:
    """What to bump when something of one event changes."""
    if event_id is None:
        return (LISTINGS, SHARED)
    return (LISTINGS, event_name(event_id))


def connect() -> None:
    from .models import Cycle, Event, Organiser, ProgrammeSlot, Room, SlotSpeaker, Speaker, Venue

    for model in (Organiser, Cycle, Venue, Room, Speaker):
        pagecache.bump_on_change(model, lambda instance: (LISTINGS, SHARED))
    pagecache.bump_on_change(Event, lambda event: event_names(event.pk))
    pagecache.bump_on_change(ProgrammeSlot, lambda slot: event_names(slot.event_id))
    pagecache.bump_on_change(
        SlotSpeaker, lambda appearance: event_names_of_slot(appearance.slot_id)
    )
    # Partners: from the event's side one event changes, from the organiser's side any.
    pagecache.bump_on_change(
        Event.partners.through,
        lambda instance: event_names(instance.pk if isinstance(instance, Event) else None),
    )


def event_names_of_slot(slot_id: int | None) -> tuple[str, ...]:
    """What to bump for a change to something of a programme slot (one query); when the
    slot is gone already, every event page."""
    from .models import ProgrammeSlot

    event_id = ProgrammeSlot.objects.filter(pk=slot_id).values_list("event_id", flat=True).first()
    return event_names(event_id)
