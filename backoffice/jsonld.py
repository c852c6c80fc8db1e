"""schema.org `Event` JSON-LD of the public event page, for search engines' event results.

Built from what every visitor sees alike (never the visitor's registration): it is a fresh
part of the cached page (backoffice/views/event_page.py) only because its availability
follows the seats left, which change with every registration.

Choices, where schema.org leaves them to us:
- times: the event's local times in Europe/Paris with their offset ("+02:00" in summer);
  an event without published times gives its day only.
- eventStatus: EventCancelled for a cancelled event; EventRescheduled, with
  previousStartDate, for a published event moved to another day (`Event.rescheduled_from`,
  set by Event.save()); EventScheduled otherwise. A change of times or venue within the same
  day is not a rescheduling: the new times are simply given (calendars get it through
  the .ics SEQUENCE).
- eventAttendanceMode: mixed when remote attendance is offered, online without a venue,
  offline otherwise. The virtual location is the event page: the videoconference link is
  for registered people only and never appears here.
- offers: registration is free (the portal takes no payment): price 0 EUR, availability from
  the registration state: open → InStock, full (waiting list) or closed → SoldOut, not open
  yet or "retenez la date" → PreOrder (validFrom = the opening). No offer for an event
  without online registration.
"""

import datetime as dt
import json

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from events.enums import RegistrationState
from events.models import Event
from registrations import selectors

SCHEMA = "https://schema.org/"

AVAILABILITY = {
    RegistrationState.OPEN: "InStock",
    RegistrationState.FULL: "SoldOut",
    RegistrationState.CLOSED: "SoldOut",
    RegistrationState.NOT_YET_OPEN: "PreOrder",
    RegistrationState.LATER: "PreOrder",
}
TAKING_REGISTRATIONS = (RegistrationState.OPEN, RegistrationState.FULL)

# What may not appear raw inside <script>: "</script>", "<!--", and "&" for older parsers.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _moment(day: dt.date, time: dt.time | None) -> str:
    if time is None:
        return day.isoformat()
    return timezone.make_aware(dt.datetime.combine(day, time)).isoformat()


def _status(event: Event) -> str:
    if event.is_cancelled:
        return "EventCancelled"
    if event.rescheduled_from is not None:
        return "EventRescheduled"
    return "EventScheduled"


def _place(event: Event) -> dict | None:
    venue = event.venue
    if venue is None:
        return None
    address = {
        "@type": "PostalAddress",
        "streetAddress": venue.address,
        "postalCode": venue.postcode,
        "addressLocality": venue.city,
        "addressCountry": "FR",
    }
    place = {
        "@type": "Place",
        "name": venue.name,
        "address": {key: value for key, value in address.items() if value},
    }
    if venue.latitude is not None and venue.longitude is not None:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(venue.latitude),
            "longitude": float(venue.longitude),
        }
    return place


def _organizer(event: Event) -> dict:
    organiser = event.organiser
    return {
        "@type": "Organization",
        "name": organiser.display_name,
        "url": organiser.website
        or _absolute(reverse("events:organiser_detail", kwargs={"slug": organiser.slug})),
    }


def _offers(event: Event, state: RegistrationState, page_url: str) -> dict | None:
    availability = AVAILABILITY.get(state)
    if availability is None:
        return None
    offer = {
        "@type": "Offer",
        "price": 0,
        "priceCurrency": "EUR",
        "availability": SCHEMA + availability,
        "url": _absolute(reverse("registrations:register", kwargs={"slug": event.slug}))
        if state in TAKING_REGISTRATIONS
        else page_url,
    }
    if event.registration_opens_at:
        offer["validFrom"] = timezone.localtime(event.registration_opens_at).isoformat()
    return offer


def event_jsonld(event: Event) -> dict:
    """The JSON-LD of `event` (its venue and organiser joined), as a dict."""
    page_url = _absolute(event.get_absolute_url())
    place = _place(event)
    if event.remote_attendance:
        mode = "MixedEventAttendanceMode" if place else "OnlineEventAttendanceMode"
    else:
        mode = "OfflineEventAttendanceMode"
    locations = [place] if place else []
    if event.remote_attendance:
        locations.append({"@type": "VirtualLocation", "url": page_url})
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "url": page_url,
        "description": event.theme or event.get_kind_display(),
        "inLanguage": "fr",
        "startDate": _moment(event.date, event.start_time),
        "endDate": _moment(event.date, event.end_time),
        "eventStatus": SCHEMA + _status(event),
        "eventAttendanceMode": SCHEMA + mode,
        "organizer": _organizer(event),
        "isAccessibleForFree": True,
    }
    if event.rescheduled_from is not None and not event.is_cancelled:
        data["previousStartDate"] = event.rescheduled_from.isoformat()
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    offers = _offers(event, selectors.registration_state(event), page_url)
    if offers:
        data["offers"] = offers
    return data


def script_tag(data: dict) -> SafeString:
    """`data` in a <script type="application/ld+json">, safe inside HTML (like Django's
    json_script: no "</script>" can close it early)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))
