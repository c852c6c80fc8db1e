import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from events.enums import EventKind, EventStatus, RegistrationMode, SlotKind
from events.models import Cycle, Event, Organiser, ProgrammeSlot, Room, SlotSpeaker, Speaker, Venue
from resources.models import Resource, Takeaway
from workshops.models import Workshop


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("motdepasse-solide-2025")


class OrganiserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organiser

    name = factory.Sequence(lambda n: f"Centre de ressources {n}")
    short_name = factory.Sequence(lambda n: f"CR{n}")
    slug = factory.Sequence(lambda n: f"cr-{n}")
    region = "Grand Est"


class CycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cycle

    organiser = factory.SubFactory(OrganiserFactory)
    title = factory.Sequence(lambda n: f"Cycle de rencontres {n}")
    slug = factory.Sequence(lambda n: f"cycle-{n}")


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    name = "Maison Régionale des Sports"
    address = "13 Rue Jean Moulin"
    postcode = "54510"
    city = "Tomblaine"
    department = "54"


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    venue = factory.SubFactory(VenueFactory)
    name = factory.Sequence(lambda n: f"Salle {n}")
    capacity = 30


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    first_name = factory.Sequence(lambda n: f"Prénom{n}")
    last_name = factory.Sequence(lambda n: f"NOM{n}")
    role = "Chargée de mission"
    organisation = "DREETS Grand Est"


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    kind = EventKind.REGIONAL_DAY
    title = factory.Sequence(lambda n: f"Journée régionale {n}")
    slug = factory.Sequence(lambda n: f"journee-{n}")
    organiser = factory.SubFactory(OrganiserFactory)
    venue = factory.SubFactory(VenueFactory)
    status = EventStatus.PUBLISHED
    date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))
    doors_open = dt.time(9, 30)
    start_time = dt.time(10, 0)
    end_time = dt.time(16, 30)
    registration_mode = RegistrationMode.OPEN


class ProgrammeSlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeSlot

    event = factory.SubFactory(EventFactory)
    start = dt.time(10, 0)
    end = dt.time(10, 30)
    kind = SlotKind.PLENARY
    title = factory.Sequence(lambda n: f"Temps {n}")


class SlotSpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SlotSpeaker

    slot = factory.SubFactory(ProgrammeSlotFactory)
    speaker = factory.SubFactory(SpeakerFactory)


class WorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workshop

    slot = factory.SubFactory(
        ProgrammeSlotFactory, kind=SlotKind.WORKSHOPS, start=dt.time(13, 30), end=dt.time(15)
    )
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Atelier {n}")
    colour_name = "Bleu"
    colour_hex = "#1F5FAD"


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Ressource {n}")
    url = "https://www.oriv.org/politique-de-la-ville-en-grand-est/"
    published = True


class TakeawayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Takeaway

    event = factory.SubFactory(EventFactory)
    text = "Privilégier une approche globale."


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed on-site registration (enum values written out: see registrations.enums)."""

    class Meta:
        model = "registrations.Registration"

    event = factory.SubFactory(EventFactory)
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"MARTIN{n}")
    email = factory.Sequence(lambda n: f"participant{n}@example.org")
    organisation = "Ville de Tomblaine"
    function = "Cheffe de projet politique de la ville"
    category = "collectivite"
    attendance = "on_site"
    status = "confirmed"


class WorkshopChoiceFactory(factory.django.DjangoModelFactory):
    """An atelier of the registration's event, in its own ateliers slot."""

    class Meta:
        model = "registrations.WorkshopChoice"

    registration = factory.SubFactory(RegistrationFactory)
    workshop = factory.SubFactory(
        WorkshopFactory, slot__event=factory.SelfAttribute("...registration.event")
    )
    slot = factory.SelfAttribute("workshop.slot")


class CheckInFactory(factory.django.DjangoModelFactory):
    """A morning check-in of a confirmed on-site registration."""

    class Meta:
        model = "registrations.CheckIn"

    registration = factory.SubFactory(RegistrationFactory)
    half_day = "matin"


class WorkingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "registrations.WorkingGroup"

    event = factory.SubFactory(EventFactory)
    number = factory.Sequence(lambda n: n + 1)


class TeamMemberFactory(factory.django.DjangoModelFactory):
    """A role in an organiser's team (on all its events, or on `event`)."""

    class Meta:
        model = "events.TeamMember"

    organiser = factory.SubFactory(OrganiserFactory)
    user = factory.SubFactory(UserFactory, is_staff=True)
    role = "admin"
    event = None
