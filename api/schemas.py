"""What the API answers, as pydantic models (django-ninja derives the OpenAPI document from
them). Every field is listed on purpose: the models are never built from a model's fields, so
that a new column (an e-mail, a videoconference link) cannot reach the API by itself."""

import datetime as dt

from ninja import Schema
from pydantic import Field

from events.enums import EventKind, EventStatus, RegistrationState, SlotKind, SpeakerPart
from resources.enums import ResourceKind
from workshops.enums import WorkshopKind


class Error(Schema):
    detail: str = Field(description="Le message, en français.")


class ValidationErrorOut(Schema):
    detail: list[dict] = Field(description="Les paramètres refusés et pourquoi.")


class OrganiserRef(Schema):
    slug: str
    name: str
    short_name: str
    url: str = Field(description="La page publique de l'organisateur.")


class Organiser(OrganiserRef):
    region: str
    website: str = Field(description="Son propre site, s'il en a un (sinon vide).")
    calendar_url: str = Field(description="Son agenda iCalendar (.ics).")


class CycleRef(Schema):
    slug: str
    title: str
    url: str


class Cycle(CycleRef):
    organiser: OrganiserRef
    fil_rouge: str = Field(description="Markdown.")
    description: str = Field(description="Markdown.")
    audience: str
    event_count: int = Field(description="Ses événements publiés ou annulés.")
    calendar_url: str


class Venue(Schema):
    name: str
    address: str
    postcode: str
    city: str
    department: str = Field(description="Numéro du département, p. ex. « 54 » (ou vide).")
    latitude: float | None
    longitude: float | None


class EventSummary(Schema):
    slug: str
    url: str = Field(description="La page de l'événement.")
    title: str
    theme: str
    kind: EventKind
    kind_label: str
    status: EventStatus = Field(description="published, ou cancelled (annulé).")
    date: dt.date
    start: dt.datetime | None = Field(description="Début, heure de Paris avec son décalage.")
    end: dt.datetime | None
    organiser: OrganiserRef
    cycle: CycleRef | None
    venue: Venue | None
    remote_attendance: bool = Field(description="Participation possible en visioconférence.")
    calendar_url: str


class EventPage(Schema):
    count: int = Field(description="Le nombre d'événements qui répondent aux filtres.")
    page: int
    pages: int
    page_size: int
    items: list[EventSummary]


class Speaker(Schema):
    name: str
    role: str
    organisation: str
    part: SpeakerPart
    part_label: str


class Person(Schema):
    name: str
    role: str
    organisation: str


class Workshop(Schema):
    number: int | None
    title: str
    description: str = Field(description="Markdown.")
    kind: WorkshopKind
    kind_label: str
    room: str
    territory: str
    colour: str = Field(description="Code couleur #RRVVBB, ou vide.")
    facilitators: list[Person]
    presenters: list[Person]
    capacity: int | None = Field(description="Places de l'atelier ; null : sans limite.")
    places_left: int | None = Field(description="Places encore libres, à l'instant de la demande.")


class Resource(Schema):
    title: str
    kind: ResourceKind
    kind_label: str
    description: str
    url: str


class Slot(Schema):
    start: dt.datetime
    end: dt.datetime
    kind: SlotKind
    kind_label: str
    title: str
    description: str = Field(description="Markdown.")
    room: str
    streamed: bool = Field(description="Retransmis en visioconférence.")
    speakers: list[Speaker]
    ateliers: list[Workshop]
    resources: list[Resource]


class Registration(Schema):
    state: RegistrationState
    state_label: str
    opens_at: dt.datetime | None
    closes_at: dt.datetime | None
    places_left: int | None = Field(
        description=(
            "Places sur place encore libres ; null : sans limite. À l'instant de la demande."
        )
    )
    url: str | None = Field(description="Le formulaire d'inscription, quand il est ouvert.")


class EventDetail(EventSummary):
    partners: list[OrganiserRef]
    doors_open: dt.datetime | None
    audience: str
    objectives: str = Field(description="Markdown.")
    description: str = Field(description="Markdown.")
    lunch: str
    remote_details: str
    programme_pdf_url: str
    registration: Registration
    programme: list[Slot]
    resources: list[Resource] = Field(description="Les ressources publiées de tout l'événement.")
