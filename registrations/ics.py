"""The participant's personal agenda (.ics): the event day and their ateliers, with rooms.

Built with `events.ics`, the one module that writes iCalendar. The day keeps the UID of the
public event file, so importing both gives one entry, not two.
"""

from django.conf import settings
from django.utils.translation import gettext as _

from events import ics as event_ics

from .enums import SEAT_HOLDING


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


def _workshop_vevent(choice, registration, *, site_url):
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
        cancelled=event.is_cancelled,
        sequence=event.ics_sequence,
    )


def personal_calendar(registration) -> bytes:
    """The event day, plus one VEVENT per atelier while the registration holds a seat.

    A waiting, cancelled or refused registration holds no atelier seat: its agenda has the
    day only, so nobody plans to attend an atelier they have no place in.
    """
    site_url = settings.SITE_URL
    components = [event_ics.event_vevent(registration.event, site_url=site_url)]
    if registration.status in SEAT_HOLDING:
        choices = registration.choices.select_related("workshop__room", "slot__room").order_by(
            "slot__start", "slot__end"
        )
        components += [
            _workshop_vevent(choice, registration, site_url=site_url) for choice in choices
        ]
    return event_ics.calendar_bytes(components)
