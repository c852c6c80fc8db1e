"""iCalendar (RFC 5545): the one place that builds .ics files.

`icalendar` is imported inside the functions, so pages that never serve a calendar do not
load it. Callers assemble VEVENTs with `vevent` / `event_vevent` and serialise them with
`calendar_bytes`; `event_calendar` is the public file of one event (the day, or one VEVENT
per programme slot), `feed_calendar` the subscribable feed of many events.

UIDs are derived from primary keys only, never from titles or dates, so that a calendar
application that imported an event updates it in place when the file is downloaded again.
SEQUENCE is the event's `ics_sequence`, which `Event.save()` bumps when the date, times,
venue or cancellation change.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from .templatetags.q2030 import hour

PRODID = "-//Quartiers 2030//Portail des evenements//FR"
# Where the events happen, whatever the server's TIME_ZONE says.
TZID = "Europe/Paris"
UID_DOMAIN = "quartiers2030"


def event_uid(event) -> str:
    return f"event-{event.pk}@{UID_DOMAIN}"


def local_datetime(date: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(date, time, tzinfo=ZoneInfo(TZID))


def venue_location(venue) -> str:
    """'Maison Régionale des Sports, 13 Rue Jean Moulin, 54510 Tomblaine', or ''."""
    if venue is None:
        return ""
    return ", ".join(p for p in [venue.name, venue.full_address] if p)


def vevent(
    *,
    uid: str,
    summary: str,
    date: dt.date,
    start: dt.time | None = None,
    end: dt.time | None = None,
    location: str = "",
    description: str = "",
    url: str = "",
    cancelled: bool = False,
    last_modified: dt.datetime | None = None,
    sequence: int | None = None,
    organizer: str = "",
):
    """One VEVENT: timed in Europe/Paris when `start` and `end` are given, else all day.

    SEQUENCE is `sequence`; without it, 0, and 1 once cancelled, so that clients apply the
    cancellation.
    """
    from icalendar import Event as VEvent

    if start is not None and end is not None:
        dtstart, dtend = local_datetime(date, start), local_datetime(date, end)
    else:
        # All-day: DATE values, DTEND is the (exclusive) next day (RFC 5545 §3.6.1).
        dtstart, dtend = date, date + dt.timedelta(days=1)
    component = VEvent.new(
        uid=uid,
        summary=summary,
        start=dtstart,
        end=dtend,
        location=location or None,
        description=description or None,
        url=url or None,
        status="CANCELLED" if cancelled else "CONFIRMED",
        sequence=(1 if cancelled else 0) if sequence is None else sequence,
        last_modified=last_modified,
    )
    if organizer:  # a cal-address, needed by METHOD:CANCEL (RFC 5546 §3.2.5)
        component.add("organizer", organizer)
    return component


def event_description(event, *, programme=None) -> str:
    """Plain text: kind, theme, organiser and the programme ("9h30 Accueil café").

    `programme` is the (start, title) of the slots in time order; by default the event's
    slots are read (prefetch them).
    """
    # No ORGANIZER property: RFC 5545 wants a cal-address (mailto:) there, and organisers
    # have no public email address, so the organiser is named here instead.
    lines = [str(event.get_kind_display())]
    if event.theme:
        lines.append(_("Thème : %(theme)s") % {"theme": event.theme})
    lines.append(_("Organisation : %(name)s") % {"name": event.organiser.display_name})
    if programme is None:
        programme = [(slot.start, slot.title) for slot in event.slots.all()]
    if programme:
        lines += ["", _("Programme :")]
        lines += [f"{hour(start)} {title}" for start, title in programme]
    return "\n".join(lines)


def event_url(event, *, site_url: str) -> str:
    return site_url.rstrip("/") + event.get_absolute_url()


def event_vevent(event, *, site_url: str, programme=None):
    """The VEVENT of the event day, the same in the public file, the feeds and personal
    agendas. `programme`: see `event_description`."""
    return vevent(
        uid=event_uid(event),
        summary=event.title,
        date=event.date,
        start=event.start_time,
        end=event.end_time,
        location=venue_location(event.venue),
        description=event_description(event, programme=programme),
        url=event_url(event, site_url=site_url),
        cancelled=event.is_cancelled,
        last_modified=event.updated_at,
        sequence=event.ics_sequence,
    )


def slot_uid(slot) -> str:
    return f"slot-{slot.pk}@{UID_DOMAIN}"


def _person(speaker) -> str:
    return ", ".join(p for p in [speaker.name, speaker.role, speaker.organisation] if p)


def _names(people) -> str:
    return ", ".join(person.name for person in people)


def slot_description(slot) -> str:
    """Plain text: kind, speakers, description, and for an ateliers slot each atelier."""
    lines = [str(slot.get_kind_display())]
    for appearance in slot.appearances.all():
        lines.append(f"{_person(appearance.speaker)} ({appearance.get_part_display().lower()})")
    if slot.description:
        lines += ["", slot.description]
    if slot.is_workshops:
        for workshop in slot.workshops.all():
            heading = " — ".join(p for p in [str(workshop.label), workshop.title] if p)
            details = [workshop.colour_name, workshop.room.name if workshop.room else ""]
            lines += ["", ", ".join(p for p in [heading, *details] if p)]
            if facilitators := _names(workshop.facilitators.all()):
                lines.append(_("Animé par %(names)s") % {"names": facilitators})
            if presenters := _names(workshop.presenters.all()):
                lines.append(_("Présenté par %(names)s") % {"names": presenters})
    return "\n".join(lines)


def slot_vevent(slot, event, *, site_url: str):
    """One programme slot of the event, at its own times, in its room."""
    room = slot.room.name if slot.room else ""
    return vevent(
        uid=slot_uid(slot),
        summary=slot.title,
        date=event.date,
        start=slot.start,
        end=slot.end,
        location=", ".join(p for p in [room, venue_location(event.venue)] if p),
        description=slot_description(slot),
        url=event_url(event, site_url=site_url),
        cancelled=event.is_cancelled,
        last_modified=event.updated_at,
        # A new date or a cancellation moves every slot: they follow the event's revision.
        sequence=event.ics_sequence,
    )


def calendar_bytes(
    components,
    *,
    name: str = "",
    refresh_interval: dt.timedelta | None = None,
    method: str = "PUBLISH",
) -> bytes:
    """A VCALENDAR holding `components`, with the VTIMEZONEs they use.

    `method` is PUBLISH for every file the portal serves or mails, CANCEL for the one that
    takes a cancelled registration out of its person's calendar. `name` goes to NAME and
    X-WR-CALNAME; `refresh_interval` tells subscribed clients how often to poll
    (REFRESH-INTERVAL, RFC 7986, and X-PUBLISHED-TTL for Outlook). A calendar with no event
    still holds one component, the Paris time zone: RFC 5545 wants at least one, and some
    readers (ical.js) reject an empty calendar.
    """
    from icalendar import Calendar, Timezone, vDuration

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    if name:
        calendar.calendar_name = name
    if refresh_interval is not None:
        calendar.add("refresh-interval", refresh_interval, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", vDuration(refresh_interval))
    days = []
    for component in components:
        calendar.add_component(component)
        days += [_day(component.start), _day(component.end)]
    if days:
        # Transitions of the years the events cover only: a few lines instead of 1970-2038.
        calendar.add_missing_timezones(
            first_date=dt.date(min(days).year, 1, 1), last_date=dt.date(max(days).year + 1, 1, 1)
        )
    else:
        year = dt.date.today().year
        calendar.add_component(
            Timezone.from_tzid(
                TZID, first_date=dt.date(year, 1, 1), last_date=dt.date(year + 1, 1, 1)
            )
        )
    return to_ical(calendar)


# RFC 5545 §3.1: content lines are folded at 75 octets ("\r\n" + a space, then 74 more).
_FOLD_OCTETS = 74


def to_ical(calendar) -> bytes:
    """`calendar.to_ical()`, byte for byte (a test compares), with the line folding done a
    line at a time on bytes: icalendar folds character by character in Python, which is a
    third of the time of a 200-event feed."""
    lines = [_fold(line) for line in calendar.content_lines() if line]
    return b"\r\n".join(lines) + b"\r\n"


def _fold(line: str) -> bytes:
    data = line.encode()
    if len(data) <= _FOLD_OCTETS:
        return data
    chunks, start = [], 0
    while len(data) - start > _FOLD_OCTETS:
        end = start + _FOLD_OCTETS
        while data[end] & 0xC0 == 0x80:  # never inside a UTF-8 sequence
            end -= 1
        # Like icalendar: keep a backslash or caret escape with the character it escapes.
        if data[end - 1] in b"\\^":
            end -= 1
        chunks.append(data[start:end])
        start = end
    chunks.append(data[start:])
    return b"\r\n ".join(chunks)


def _day(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def event_calendar(event, *, site_url: str, detail: bool = False) -> bytes:
    """The public .ics of one event: a single VEVENT for the day or, with `detail`, one
    VEVENT per programme slot (the day itself when the programme is empty).

    `detail` reads the slots' rooms, speakers and ateliers: prefetch them
    (`selectors.event_for_page`).
    """
    slots = list(event.slots.all()) if detail else []
    if slots:
        return calendar_bytes([slot_vevent(slot, event, site_url=site_url) for slot in slots])
    return calendar_bytes([event_vevent(event, site_url=site_url)])


# Subscribed calendars poll the feed this often.
FEED_REFRESH_INTERVAL = dt.timedelta(hours=12)


def feed_calendar(events, *, site_url: str, name: str) -> bytes:
    """A subscribable feed: one VEVENT per event (the day), in the order given.

    Reads each event's organiser, venue and `programme_outline`: use
    `selectors.calendar_feed_events`.
    """
    return calendar_bytes(
        [
            event_vevent(event, site_url=site_url, programme=event.programme_outline)
            for event in events
        ],
        name=name,
        refresh_interval=FEED_REFRESH_INTERVAL,
    )
