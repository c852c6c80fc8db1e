"""iCalendar (RFC 5545): the one place that builds .ics files.

`icalendar` is imported inside the functions, so pages that never serve a calendar do not
load it. Callers assemble VEVENTs with `vevent` / `event_vevent` and serialise them with
`calendar_bytes`; `event_calendar` is the public file of one event.

UIDs are derived from primary keys only, never from titles or dates, so that a calendar
application that imported an event updates it in place when the file is downloaded again.
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
):
    """One VEVENT: timed in Europe/Paris when `start` and `end` are given, else all day.

    SEQUENCE is 0, and 1 once cancelled, so that clients apply the cancellation.
    """
    from icalendar import Event as VEvent

    if start is not None and end is not None:
        dtstart, dtend = local_datetime(date, start), local_datetime(date, end)
    else:
        # All-day: DATE values, DTEND is the (exclusive) next day (RFC 5545 §3.6.1).
        dtstart, dtend = date, date + dt.timedelta(days=1)
    return VEvent.new(
        uid=uid,
        summary=summary,
        start=dtstart,
        end=dtend,
        location=location or None,
        description=description or None,
        url=url or None,
        status="CANCELLED" if cancelled else "CONFIRMED",
        sequence=1 if cancelled else 0,
        last_modified=last_modified,
    )


def event_description(event) -> str:
    """Plain text: kind, theme, organiser and the programme ("9h30 Accueil café")."""
    # No ORGANIZER property: RFC 5545 wants a cal-address (mailto:) there, and organisers
    # have no public email address, so the organiser is named here instead.
    lines = [str(event.get_kind_display())]
    if event.theme:
        lines.append(_("Thème : %(theme)s") % {"theme": event.theme})
    lines.append(_("Organisation : %(name)s") % {"name": event.organiser.display_name})
    slots = list(event.slots.all())
    if slots:
        lines += ["", _("Programme :")]
        lines += [f"{hour(slot.start)} {slot.title}" for slot in slots]
    return "\n".join(lines)


def event_url(event, *, site_url: str) -> str:
    return site_url.rstrip("/") + event.get_absolute_url()


def event_vevent(event, *, site_url: str):
    """The VEVENT of the event day, the same in the public file and in personal agendas."""
    return vevent(
        uid=event_uid(event),
        summary=event.title,
        date=event.date,
        start=event.start_time,
        end=event.end_time,
        location=venue_location(event.venue),
        description=event_description(event),
        url=event_url(event, site_url=site_url),
        cancelled=event.is_cancelled,
        last_modified=event.updated_at,
    )


def calendar_bytes(components, *, name: str = "") -> bytes:
    """A VCALENDAR (METHOD:PUBLISH) holding `components`, with the VTIMEZONEs they use."""
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.calendar_name = name
    days = []
    for component in components:
        calendar.add_component(component)
        days += [_day(component.start), _day(component.end)]
    if days:
        # Transitions of the years the events cover only: a few lines instead of 1970-2038.
        calendar.add_missing_timezones(
            first_date=dt.date(min(days).year, 1, 1), last_date=dt.date(max(days).year + 1, 1, 1)
        )
    return calendar.to_ical()


def _day(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def event_calendar(event, *, site_url: str) -> bytes:
    """The public .ics of one event: a single VEVENT for the day."""
    return calendar_bytes([event_vevent(event, site_url=site_url)])
