"""The reads behind the API, as plain dicts shaped like api/schemas.py.

Two kinds of data, like the event page (backoffice/views/event_page.py):
- what changes only when staff edit something (events, programme, ateliers, resources):
  built here, then kept in the shared cache under the page-cache versions (api/caching.py);
- what changes with every registration (seats and atelier places left, the registration
  state): `live_registration`, computed on every request and put into the cached dict.

Only published data goes out: visible events (published or cancelled, never drafts),
published resources; never anything of a registration.
"""

import datetime as dt
import functools

from django.conf import settings
from django.db.models import Prefetch
from django.urls import get_script_prefix, reverse
from django.utils import timezone

from events import selectors as event_selectors
from events.enums import RegistrationState
from events.models import Cycle, Event, Organiser
from registrations import selectors as registration_selectors
from resources.models import Resource

MARK = "slug-mark"


@functools.lru_cache(maxsize=32)
def _pattern(name: str, script_prefix: str) -> str:
    """An absolute URL with MARK for the slug: resolved once, not once per row."""
    return settings.SITE_URL.rstrip("/") + reverse(name, kwargs={"slug": MARK})


def url(name: str, slug: str) -> str:
    return _pattern(name, get_script_prefix()).replace(MARK, slug)


def absolute(path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + path


def at(day: dt.date, time: dt.time | None) -> dt.datetime | None:
    """`day` at `time`, in Paris (aware), or None without a time."""
    if time is None:
        return None
    return timezone.make_aware(dt.datetime.combine(day, time))


# --- Organisers and cycles -------------------------------------------------------------------


def organiser_ref(organiser: Organiser) -> dict:
    return {
        "slug": organiser.slug,
        "name": organiser.name,
        "short_name": organiser.short_name,
        "url": url("events:organiser_detail", organiser.slug),
    }


def organisers() -> list[dict]:
    return [
        {
            **organiser_ref(organiser),
            "region": organiser.region,
            "website": organiser.website,
            "calendar_url": url("events:organiser_feed", organiser.slug),
        }
        for organiser in Organiser.objects.order_by("name")
    ]


def cycle_ref(cycle: Cycle | None) -> dict | None:
    if cycle is None:
        return None
    return {"slug": cycle.slug, "title": cycle.title, "url": url("events:cycle_detail", cycle.slug)}


def cycles() -> list[dict]:
    return [
        {
            **cycle_ref(cycle),
            "organiser": organiser_ref(cycle.organiser),
            "fil_rouge": cycle.fil_rouge,
            "description": cycle.description,
            "audience": cycle.audience,
            "event_count": cycle.event_count,
            "calendar_url": url("events:cycle_feed", cycle.slug),
        }
        for cycle in event_selectors.cycles_with_counts().order_by("title")
    ]


# --- Events ----------------------------------------------------------------------------------


def events(
    *,
    organiser: str | None = None,
    cycle: str | None = None,
    kind: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    department: str | None = None,
    status: str | None = None,
):
    """Visible events matching the filters, oldest first (organiser, cycle and venue
    joined: one query for a page of them)."""
    found = Event.objects.visible().for_listing()
    if organiser:
        found = found.filter(organiser__slug=organiser)
    if cycle:
        found = found.filter(cycle__slug=cycle)
    if kind:
        found = found.filter(kind=kind)
    if date_from:
        found = found.filter(date__gte=date_from)
    if date_to:
        found = found.filter(date__lte=date_to)
    if department:
        found = found.filter(venue__department=department)
    if status:
        found = found.filter(status=status)
    return found.order_by("date", "start_time", "pk")


def venue(event: Event) -> dict | None:
    place = event.venue
    if place is None:
        return None
    return {
        "name": place.name,
        "address": place.address,
        "postcode": place.postcode,
        "city": place.city,
        "department": place.department,
        "latitude": float(place.latitude) if place.latitude is not None else None,
        "longitude": float(place.longitude) if place.longitude is not None else None,
    }


def event_summary(event: Event) -> dict:
    return {
        "slug": event.slug,
        "url": absolute(event.get_absolute_url()),
        "title": event.title,
        "theme": event.theme,
        "kind": event.kind,
        "kind_label": event.get_kind_display(),
        "status": event.status,
        "date": event.date,
        "start": at(event.date, event.start_time),
        "end": at(event.date, event.end_time),
        "organiser": organiser_ref(event.organiser),
        "cycle": cycle_ref(event.cycle),
        "venue": venue(event),
        "remote_attendance": event.remote_attendance,
        "calendar_url": url("events:event_ics", event.slug),
    }


def _person(speaker) -> dict:
    return {"name": speaker.name, "role": speaker.role, "organisation": speaker.organisation}


def _resource(resource: Resource) -> dict:
    return {
        "title": resource.title,
        "kind": resource.kind,
        "kind_label": resource.get_kind_display(),
        "description": resource.description,
        "url": absolute(resource.href),
    }


def _workshop(workshop) -> dict:
    return {
        "id": workshop.pk,  # kept for `live_registration`, not in the schema
        "number": workshop.number,
        "title": workshop.title,
        "description": workshop.description,
        "kind": workshop.kind,
        "kind_label": workshop.get_kind_display(),
        "room": workshop.room.name if workshop.room else "",
        "territory": workshop.territory,
        "colour": workshop.colour_hex,
        "facilitators": [_person(speaker) for speaker in workshop.facilitators.all()],
        "presenters": [_person(speaker) for speaker in workshop.presenters.all()],
        "capacity": workshop.effective_capacity,
        "places_left": None,
    }


def event_detail(*, slug: str) -> dict:
    """The event with its programme, ateliers, speakers and published resources, in a
    fixed number of queries. Raises Event.DoesNotExist for a draft or an unknown slug."""
    event = event_selectors.event_for_page(
        slug=slug,
        prefetch=(
            Prefetch(
                "resources",
                queryset=Resource.objects.filter(published=True).order_by("order", "title", "pk"),
            ),
        ),
    )
    resources_of_slot: dict[int | None, list[dict]] = {}
    for resource in event.resources.all():
        resources_of_slot.setdefault(resource.slot_id, []).append(_resource(resource))
    programme = [
        {
            "start": at(event.date, slot.start),
            "end": at(event.date, slot.end),
            "kind": slot.kind,
            "kind_label": slot.get_kind_display(),
            "title": slot.title,
            "description": slot.description,
            "room": slot.room.name if slot.room else "",
            "streamed": slot.streamed,
            "speakers": [
                {
                    **_person(appearance.speaker),
                    "part": appearance.part,
                    "part_label": appearance.get_part_display(),
                }
                for appearance in slot.appearances.all()
            ],
            "ateliers": [_workshop(workshop) for workshop in slot.workshops.all()],
            "resources": resources_of_slot.get(slot.pk, []),
        }
        for slot in event.slots.all()
    ]
    return {
        **event_summary(event),
        "partners": [organiser_ref(partner) for partner in event.partners.all()],
        "doors_open": at(event.date, event.doors_open),
        "audience": event.audience,
        "objectives": event.objectives,
        "description": event.description,
        "lunch": event.get_lunch_display(),
        "remote_details": event.remote_details if event.remote_attendance else "",
        "programme_pdf_url": url("events:programme_pdf", event.slug),
        "programme": programme,
        "resources": resources_of_slot.get(None, []),
    }


TAKING_REGISTRATIONS = (RegistrationState.OPEN, RegistrationState.FULL)


def live_registration(*, event: Event, detail: dict) -> dict:
    """Put the registration state and the places left now into `detail` (from the cache):
    two or three small queries, whatever the size of the programme."""
    state = registration_selectors.registration_state(event)
    detail["registration"] = {
        "state": state,
        "state_label": str(state.label),
        "opens_at": event.registration_opens_at,
        "closes_at": event.registration_closes_at,
        "places_left": registration_selectors.seats_left(event),
        "url": url("registrations:register", event.slug) if state in TAKING_REGISTRATIONS else None,
    }
    ateliers = [atelier for slot in detail["programme"] for atelier in slot["ateliers"]]
    if ateliers:
        taken = registration_selectors.workshop_seats_taken([atelier["id"] for atelier in ateliers])
        for atelier in ateliers:
            if atelier["capacity"] is not None:
                atelier["places_left"] = max(atelier["capacity"] - taken.get(atelier["id"], 0), 0)
    return detail
