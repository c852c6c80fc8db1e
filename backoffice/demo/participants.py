"""Fictitious participants for the demo events, so that the event day can be tried out:
badges, check-in at the door, attestations, activity figures.

People are made up (names from fixed lists, addresses in the reserved `.invalid` domain) and
deterministic: the same run gives the same people, and running it again adds nobody. They
are written directly (not through the registration service, which would email them); the
ateliers are filled in turn without exceeding any capacity.
"""

import datetime as dt
import itertools
import zoneinfo

from django.db import transaction

from events.enums import HalfDay, SlotKind
from events.models import Event
from registrations.enums import Attendance, Category, RegistrationStatus
from registrations.models import CheckIn, Registration, WorkshopChoice, search_name_of

from .loader import demo_data

DOMAIN = "demo.quartiers2030.invalid"
FIRST_NAMES = (
    "Camille", "Nadia", "Karim", "Sophie", "Mehdi", "Claire", "Thomas", "Fatou", "Julien",
    "Inès", "Marc", "Aïcha", "Laurent", "Élodie", "Yannick", "Samira", "Pierre", "Léa",
    "Rachid", "Hélène", "Bruno", "Mélanie", "Ousmane", "Anne",
)  # fmt: skip
LAST_NAMES = (
    "MARTIN", "BERNARD", "BENALI", "SCHMITT", "MULLER", "N'DIAYE", "LEROY", "KLEIN",
    "MOREAU", "HOFFMANN", "DIALLO", "WEBER", "FONTAINE", "MEYER", "HADDAD", "GIRARD",
    "ROUSSEL", "BOURGEOIS", "FISCHER", "TRAORÉ", "COLIN", "MATHIEU", "OULD-ALI",
)  # fmt: skip
# (organisation, function, category): the mix of a regional day in Grand Est.
PROFILES = (
    ("Ville de Tomblaine", "Adjoint·e au maire chargé·e de la politique de la ville",
     Category.ELECTED_MUNICIPAL),
    ("Eurométropole de Strasbourg", "Chef·fe de projet politique de la ville",
     Category.LOCAL_AUTHORITY),
    ("Préfecture de la Moselle", "Délégué·e du préfet", Category.PREFECT_DELEGATE),
    ("DREETS Grand Est", "Chargé·e de mission", Category.DREETS),
    ("Metz Métropole", "Chargé·e de mission cohésion sociale", Category.LOCAL_AUTHORITY),
    ("Association Les Petits Débrouillards", "Animateur·rice", Category.ASSOCIATION),
    ("Conseil citoyen de Hautepierre", "Membre", Category.CITIZENS_COUNCIL),
    ("CAF de la Marne", "Conseiller·e territorial·e", Category.CAF),
    ("Ville de Mulhouse", "Conseiller·e municipal·e", Category.ELECTED_MUNICIPAL),
    ("Reims Métropole", "Directeur·rice de la cohésion sociale", Category.LOCAL_AUTHORITY),
    ("Moselis", "Chargé·e de développement social", Category.SOCIAL_LANDLORD),
    ("Mission locale du Grand Nancy", "Conseiller·e", Category.EMPLOYMENT),
    ("Régie de quartier de Colmar", "Médiateur·rice", Category.MEDIATOR),
    ("Préfecture du Bas-Rhin", "Délégué·e du préfet", Category.PREFECT_DELEGATE),
    ("Ville de Troyes", "Chef·fe de projet politique de la ville", Category.LOCAL_AUTHORITY),
    ("Centre social Le Lierre", "Directeur·rice", Category.ASSOCIATION),
)  # fmt: skip

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def plan() -> tuple[tuple[str, int, float, float], ...]:
    """(slug, people, share checked in the morning, share checked in the afternoon): the
    2 October 2025 day and its demonstration copy, as named in `demo.yaml`."""
    demonstration = demo_data()["demonstration"]
    return (
        (demonstration["copy_of"], 96, 0.85, 0.75),
        # The day is still to come: the door team checks them in.
        (demonstration["slug"], 48, 0, 0),
    )


DIETS = ("", "", "", "", "Végétarien", "", "", "", "", "Sans gluten")
ACCESS_NEEDS = "Place accessible en fauteuil roulant"


def people(count: int, prefix: str):
    names = itertools.product(LAST_NAMES, FIRST_NAMES)
    for index, ((last_name, first_name), profile) in enumerate(
        zip(names, itertools.cycle(PROFILES), strict=False)
    ):
        if index == count:
            return
        organisation, function, category = profile
        yield {
            "first_name": first_name,
            "last_name": last_name,
            "email": f"{prefix}-{index + 1:03d}@{DOMAIN}",
            "organisation": organisation,
            "function": function,
            "category": category,
            "territory": "Grand Est",
        }


def _arrival(event: Event, half_day: str, index: int) -> dt.datetime:
    base = dt.time(9, 30) if half_day == HalfDay.MORNING else dt.time(13, 15)
    start = dt.datetime.combine(event.date, base, tzinfo=PARIS)
    return start + dt.timedelta(minutes=index % 40)


@transaction.atomic
def load_demo_participants() -> dict[str, int]:
    """{event slug: registrations created}; events missing from the database are skipped."""
    created = {}
    for slug, count, morning, afternoon in plan():
        event = Event.objects.filter(slug=slug).first()
        if event is None:
            continue
        existing = set(
            Registration.objects.filter(event=event, email__endswith=DOMAIN).values_list(
                "email", flat=True
            )
        )
        new = [
            Registration(
                event=event,
                status=RegistrationStatus.CONFIRMED,
                attendance=Attendance.ON_SITE,
                lunch=event.lunch_on_site,
                list_consent=index % 3 != 0,
                registered_by_staff=True,
                # A few needs, as on a real day (erased the day after: apply_retention).
                diet=DIETS[index % len(DIETS)],
                accessibility_needs=ACCESS_NEEDS if index % 12 == 5 else "",
                **person,
            )
            for index, person in enumerate(people(count, slug.split("-")[0]))
            if person["email"] not in existing
        ]
        for registration in new:  # bulk_create() bypasses save(), which fills it
            registration.search_name = search_name_of(registration)
        Registration.objects.bulk_create(new)
        _choose_ateliers(event, new)
        _check_in(event, new, morning=morning, afternoon=afternoon)
        created[slug] = len(new)
    return created


def _choose_ateliers(event: Event, registrations: list[Registration]) -> None:
    """Each person gets an atelier in every ateliers slot, in turn, within capacities."""
    choices = []
    for slot in event.slots.filter(kind=SlotKind.WORKSHOPS).prefetch_related("workshops__room"):
        workshops = list(slot.workshops.all())
        if not workshops:
            continue
        taken = {w.pk: w.choices.count() for w in workshops}
        turn = itertools.cycle(workshops)
        for registration in registrations:
            for _attempt in workshops:
                workshop = next(turn)
                capacity = workshop.effective_capacity
                if capacity is None or taken[workshop.pk] < capacity:
                    taken[workshop.pk] += 1
                    choices.append(
                        WorkshopChoice(registration=registration, slot=slot, workshop=workshop)
                    )
                    break
    WorkshopChoice.objects.bulk_create(choices)


def _check_in(event, registrations, *, morning: float, afternoon: float) -> None:
    checkins = []
    for half_day, share in ((HalfDay.MORNING, morning), (HalfDay.AFTERNOON, afternoon)):
        present = registrations[: round(len(registrations) * share)]
        checkins += [
            CheckIn(registration=r, half_day=half_day, checked_at=_arrival(event, half_day, i))
            for i, r in enumerate(present)
        ]
    CheckIn.objects.bulk_create(checkins)
