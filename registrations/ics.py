"""The participant's personal agenda (.ics): the event day and their ateliers, with rooms.

Built with `events.ics`, the one module that writes iCalendar. The day keeps the UID of the
public event file, so importing both gives one entry, not two.
"""

from email.utils import parseaddr

from django.conf import settings
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from events import ics as event_ics
from events.models import ProgrammeSlot

from .enums import ACTIVE, SEAT_HOLDING
from .models import WorkshopChoice


def agenda_prefetch() -> tuple[Prefetch, ...]:
    """What a personal agenda reads, to prefetch with the registration (and its event):
    the event's programme (the day's description) and the person's ateliers with rooms."""
    return (
        Prefetch("event__slots", queryset=ProgrammeSlot.objects.select_related("room")),
        Prefetch(
            "choices",
            queryset=WorkshopChoice.objects.select_related("workshop__room", "slot__room"),
        ),
    )


def workshop_uid(slot, registration) -> str:
    """One UID per ateliers slot and person: changing ateliers updates the same entry."""
    return f"slot-{slot.pk}-registration-{registration.pk}@{event_ics.UID_DOMAIN}"


def _workshop_description(workshop) -> str:
    heading = str(workshop.label) or workshop.title
    if workshop.colour_name:
        heading = f"{heading} ({workshop.colour_name})"
    lines = [heading]
    if workshop.territory:
        lines.append(_("Territoire présenté : %(territory)s") % {"territory": workshop.territory})
    if workshop.description:
        lines += ["", workshop.description]
    return "\n".join(lines)


def _workshop_vevent(choice, registration, *, site_url, cancelled=False, organizer=""):
    event, workshop, slot = registration.event, choice.workshop, choice.slot
    room = workshop.room or slot.room
    location = ", ".join(
        p for p in [room.name if room else "", event_ics.venue_location(event.venue)] if p
    )
    return event_ics.vevent(
        uid=workshop_uid(slot, registration),
        summary=_("Atelier : %(title)s") % {"title": workshop.title},
        date=event.date,
        start=slot.start,
        end=slot.end,
        location=location,
        description=_workshop_description(workshop),
        url=event_ics.event_url(event, site_url=site_url),
        cancelled=cancelled or event.is_cancelled,
        sequence=sequence(registration),
        organizer=organizer,
    )


def sequence(registration) -> int:
    """The event's revision plus the person's: a moved event and a changed atelier both
    bring a higher SEQUENCE, which calendar applications need to replace an entry."""
    return registration.event.ics_sequence + registration.agenda_sequence


def personal_calendar(registration) -> bytes:
    """The event day, plus one VEVENT per atelier while the registration holds a seat.

    A waiting registration holds no atelier seat: its agenda has the day only, so nobody
    plans to attend an atelier they have no place in. A cancelled or refused registration
    gets the cancellation calendar (`cancellation_calendar`).
    """
    if registration.status not in ACTIVE:
        return cancellation_calendar(registration)
    site_url = settings.SITE_URL
    day = event_ics.event_vevent(registration.event, site_url=site_url)
    day["sequence"] = sequence(registration)
    components = [day]
    if registration.status in SEAT_HOLDING:
        components += [
            _workshop_vevent(choice, registration, site_url=site_url)
            for choice in _choices(registration)
        ]
    return event_ics.calendar_bytes(components)


def cancellation_calendar(registration) -> bytes:
    """METHOD:CANCEL for the day and the ateliers the person had: attached to the
    cancellation email, it takes them out of the person's calendar (same UIDs, a higher
    SEQUENCE, STATUS:CANCELLED, and the ORGANIZER that RFC 5546 requires)."""
    site_url = settings.SITE_URL
    event = registration.event
    organizer = f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}"
    day = event_ics.vevent(
        uid=event_ics.event_uid(event),
        summary=event.title,
        date=event.date,
        start=event.start_time,
        end=event.end_time,
        location=event_ics.venue_location(event.venue),
        url=event_ics.event_url(event, site_url=site_url),
        cancelled=True,
        sequence=sequence(registration),
        organizer=organizer,
    )
    ateliers = [
        _workshop_vevent(choice, registration, site_url=site_url, cancelled=True,
                         organizer=organizer)
        for choice in _choices(registration)
    ]  # fmt: skip
    return event_ics.calendar_bytes([day, *ateliers], method="CANCEL")


def _choices(registration):
    """The person's ateliers in time order (see `agenda_prefetch`)."""
    return sorted(registration.choices.all(), key=lambda c: (c.slot.start, c.slot.end))
