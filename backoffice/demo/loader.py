"""Writes the demo data of `demo.yaml` to the database.

`load_demo()` can be run any number of times: every object is looked up by a natural key,
created if missing, updated only if it differs, never duplicated. The demonstration event is
made through the same service as the admin's "duplicate" action, then only re-dated.
"""

import datetime as dt
import functools
from collections import defaultdict
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from django.db import models, transaction
from django.utils import timezone

from events.enums import (
    EventKind,
    EventStatus,
    LunchOption,
    RegistrationMode,
    SlotKind,
    SpeakerPart,
)
from events.models import (
    Cycle,
    Event,
    Organiser,
    ProgrammeSlot,
    Room,
    SlotSpeaker,
    Speaker,
    Venue,
)
from resources.enums import ResourceKind
from resources.models import Resource, Takeaway
from workshops.enums import WorkshopKind
from workshops.models import Workshop
from workshops.services import event_duplicate_with_workshops

DATA_FILE = Path(__file__).with_name("demo.yaml")
PARIS = ZoneInfo("Europe/Paris")

SUMMARY_KEYS = {
    Organiser: "organisers",
    Cycle: "cycles",
    Venue: "venues",
    Room: "rooms",
    Speaker: "speakers",
    Event: "events",
    ProgrammeSlot: "slots",
    SlotSpeaker: "slot_speakers",
    Workshop: "workshops",
    Takeaway: "takeaways",
    Resource: "resources",
}


@functools.cache
def demo_data() -> dict:
    """The content of `demo.yaml` (read once per process)."""
    with DATA_FILE.open(encoding="utf-8") as file:
        return yaml.safe_load(file)


def _time(value: str | None) -> dt.time | None:
    # A time left unquoted in the file (10:00) would arrive here as a number: refuse it.
    return dt.time.fromisoformat(value) if value else None


def _check(data: dict, allowed: set[str], where: str) -> None:
    """A misspelt key in the file would otherwise be ignored without a word."""
    unknown = set(data) - allowed
    if unknown:
        raise ValueError(f"{where}: unknown key(s) {sorted(unknown)}")


EVENT_KEYS = {
    "slug", "kind", "title", "theme", "date", "organiser", "partners", "cycle", "venue",
    "doors_open", "start", "end", "audience", "objectives", "description",
    "registration_mode", "lunch", "remote_attendance", "remote_details", "slots",
    "takeaways", "resources",
}  # fmt: skip
SLOT_KEYS = {"start", "end", "kind", "title", "description", "streamed", "speakers", "ateliers"}
ATELIER_KEYS = {
    "number", "title", "kind", "room", "description", "territory", "facilitators",
    "presenters", "colour_name", "colour_hex",
}  # fmt: skip


class _Loader:
    """Writes the data, remembering what it created, updated or found unchanged."""

    def __init__(self):
        self.outcome: dict[str, dict[int, str]] = defaultdict(dict)

    def note(self, obj: models.Model, outcome: str):
        seen = self.outcome[SUMMARY_KEYS[type(obj)]]
        if seen.get(obj.pk) != "created":  # created earlier in this run stays "created"
            seen[obj.pk] = outcome

    def apply(self, obj: models.Model, values: dict) -> models.Model:
        """Set `values` on an existing object; save it only if something differs."""
        changed = {}
        for name, value in values.items():
            attname = obj._meta.get_field(name).attname
            wanted = value.pk if isinstance(value, models.Model) else value
            if getattr(obj, attname) != wanted:
                changed[name] = value
        for name, value in changed.items():
            setattr(obj, name, value)
        if changed:
            obj.save()
        self.note(obj, "updated" if changed else "unchanged")
        return obj

    def upsert(self, model: type[models.Model], key: dict, values: dict) -> models.Model:
        """Like `update_or_create` on a natural key, without saving an unchanged object."""
        obj = model.objects.filter(**key).order_by("pk").first()
        if obj is None:
            obj = model.objects.create(**key, **values)
            self.note(obj, "created")
            return obj
        return self.apply(obj, values)

    def summary(self) -> dict[str, dict[str, int]]:
        result = {}
        for key in SUMMARY_KEYS.values():
            outcomes = list(self.outcome[key].values())
            result[key] = {
                "total": len(outcomes),
                "created": outcomes.count("created"),
                "updated": outcomes.count("updated"),
            }
        return result

    # The objects, from the outside in. Each section of the file is a {key: fields} mapping
    # (or a list, for events); the keys are what the events refer to.

    def load(self, data: dict, today: dt.date) -> None:
        self.organisers = {
            slug: self.upsert(
                Organiser, {"slug": slug}, {"short_name": "", "website": "", **values}
            )
            for slug, values in data["organisers"].items()
        }
        self.cycles = {
            slug: self.upsert(
                Cycle,
                {"slug": slug},
                {**values, "organiser": self.organisers[values["organiser"]]},
            )
            for slug, values in data["cycles"].items()
        }
        self.venues = {key: self.venue(values) for key, values in data["venues"].items()}
        self.speakers = {key: self.speaker(values) for key, values in data["speakers"].items()}
        events = {values["slug"]: self.event(values) for values in data["events"]}
        demonstration = data["demonstration"]
        self.demonstration(demonstration, events[demonstration["copy_of"]], today)

    def venue(self, data: dict) -> tuple[Venue, dict[str, Room]]:
        # Coordinates and access notes are left to whoever edits them: the documents give none.
        venue = self.upsert(
            Venue,
            {"name": data["name"], "city": data["city"]},
            {
                "address": data.get("address", ""),
                "postcode": data.get("postcode", ""),
                "department": data["department"],
            },
        )
        rooms = {
            name: self.upsert(Room, {"venue": venue, "name": name}, {})
            for name in data.get("rooms", [])
        }
        return venue, rooms

    def speaker(self, data: dict) -> Speaker:
        return self.upsert(
            Speaker,
            {
                "first_name": data["first_name"],
                "last_name": data.get("last_name", ""),
                "organisation": data.get("organisation", ""),
            },
            {"role": data.get("role", "")},
        )

    def event(self, data: dict) -> Event:
        _check(data, EVENT_KEYS, data["slug"])
        venue, rooms = self.venues[data["venue"]]
        event = self.upsert(
            Event,
            {"slug": data["slug"]},
            {
                # The enums reject a misspelt kind or mode instead of storing it.
                "kind": EventKind(data["kind"]),
                "title": data["title"],
                "theme": data.get("theme", ""),
                "organiser": self.organisers[data["organiser"]],
                "cycle": self.cycles[data["cycle"]] if data.get("cycle") else None,
                "status": EventStatus.PUBLISHED,
                "date": data["date"],
                "doors_open": _time(data.get("doors_open")),
                "start_time": _time(data.get("start")),
                "end_time": _time(data.get("end")),
                "venue": venue,
                "audience": data.get("audience", ""),
                "objectives": data.get("objectives", ""),
                "description": data.get("description", ""),
                "registration_mode": RegistrationMode(data["registration_mode"]),
                "lunch": LunchOption(data.get("lunch", LunchOption.UNKNOWN)),
                "remote_attendance": data.get("remote_attendance", False),
                "remote_details": data.get("remote_details", ""),
            },
        )
        event.partners.set([self.organisers[slug] for slug in data.get("partners", [])])
        for slot in data.get("slots", []):
            self.slot(event, slot, rooms)
        for order, text in enumerate(data.get("takeaways", [])):
            self.upsert(
                Takeaway, {"event": event, "order": order}, {"text": text, "published": True}
            )
        for order, link in enumerate(data.get("resources", [])):
            self.upsert(
                Resource,
                {"event": event, "url": link["url"]},
                {
                    "slot": None,
                    "kind": ResourceKind(link["kind"]),
                    "title": link["title"],
                    "published": True,
                    "order": order,
                },
            )
        return event

    def slot(self, event: Event, data: dict, rooms: dict[str, Room]) -> ProgrammeSlot:
        _check(data, SLOT_KEYS, f"{event.slug} {data['start']}")
        slot = self.upsert(
            ProgrammeSlot,
            {"event": event, "start": _time(data["start"]), "title": data["title"]},
            {
                "end": _time(data["end"]),
                "kind": SlotKind(data["kind"]),
                "description": data.get("description", ""),
                "streamed": data.get("streamed", False),
            },
        )
        for order, key in enumerate(data.get("speakers", [])):
            self.upsert(
                SlotSpeaker,
                {"slot": slot, "speaker": self.speakers[key], "part": SpeakerPart.SPEAKER},
                {"order": order},
            )
        for atelier in data.get("ateliers", []):
            _check(atelier, ATELIER_KEYS, f"{event.slug} {data['start']} {atelier['number']}")
            workshop = self.upsert(
                Workshop,
                {"slot": slot, "number": atelier["number"]},
                {
                    "title": atelier["title"],
                    "description": atelier.get("description", ""),
                    "kind": WorkshopKind(atelier["kind"]),
                    "room": rooms[atelier["room"]],
                    "territory": atelier.get("territory", ""),
                    "colour_name": atelier.get("colour_name", ""),
                    "colour_hex": atelier.get("colour_hex", ""),
                },
            )
            # Looked up again (not created): every speaker is in the `speakers` section.
            for field in ("facilitators", "presenters"):
                keys = atelier.get(field, [])
                getattr(workshop, field).set([self.speakers[key] for key in keys])
        return slot

    def demonstration(self, data: dict, source: Event, today: dt.date) -> Event:
        """The copy of `source`, made once, then only re-dated on later runs."""
        date = today + dt.timedelta(days=data["days_ahead"])
        demo = Event.objects.filter(slug=data["slug"]).first()
        outcome = "unchanged"
        if demo is None:
            demo = event_duplicate_with_workshops(event=source, date=date, title=data["title"])
            outcome = "created"
        closes_at = dt.datetime.combine(date - dt.timedelta(days=1), dt.time(23, 59), PARIS)
        self.apply(
            demo,
            {
                "slug": data["slug"],
                "title": data["title"],
                "cycle": None,  # not one of the source cycle's events
                "status": EventStatus.PUBLISHED,
                "date": date,
                "registration_mode": RegistrationMode.OPEN,
                "registration_opens_at": None,
                "registration_closes_at": closes_at,
                "onsite_capacity": data["onsite_capacity"],
                "approval_required": False,
                "remote_attendance": False,
                "remote_details": "",
                "description": f"{data['intro']}\n\n{source.description}",
            },
        )
        if outcome == "created":
            self.note(demo, "created")
        for slot in demo.slots.all():
            self.note(slot, outcome)
            for appearance in slot.appearances.all():
                self.note(appearance, outcome)
        for workshop in Workshop.objects.filter(slot__event=demo):
            self.note(workshop, outcome)
            self.apply(workshop, {"capacity": data["workshop_capacity"]})
        return demo


@transaction.atomic
def load_demo(*, today: dt.date | None = None) -> dict[str, dict[str, int]]:
    """Load the demo data; return, per kind of object, how many were loaded ("total"), and
    among them how many were "created" and "updated" (the others were already up to date).

    `today` (default: the local date) sets the date of the demonstration event.
    """
    loader = _Loader()
    loader.load(demo_data(), today or timezone.localdate())
    return loader.summary()
