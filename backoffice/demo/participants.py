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


# --- The evaluation questionnaire of the 2 October 2025 day ---------------------------------

TEMPLATE_NAME = "Évaluation des journées régionales"
TEMPLATE_INTRO = (
    "Merci de prendre cinq minutes pour nous dire ce que vous avez pensé de la journée : "
    "vos réponses nourrissent le bilan remis à nos financeurs et la préparation des "
    "prochaines rencontres."
)
# (kind, label, choices, required, per atelier, satisfaction)
TEMPLATE_QUESTIONS = (
    ("rating", "Globalement, êtes-vous satisfait·e de la journée ?", "", True, False, True),
    ("rating", "Les interventions de la matinée vous ont-elles été utiles ?", "", False, False,
     False),
    ("choice", "Comment avez-vous connu cette journée ?",
     "Courriel de l'organisateur\nSite internet\nCollègue ou partenaire\nRéseaux sociaux",
     False, False, False),
    ("choice", "Souhaitez-vous une suite à cette journée ?",
     "Oui, une rencontre sur mon territoire\nOui, une ressource écrite\nNon", False, False,
     False),
    ("rating", "Comment évaluez-vous cet atelier ?", "", True, True, False),
    ("text", "Qu'allez-vous retenir de la journée ?", "", False, False, False),
    ("text", "Des suggestions pour les prochaines rencontres ?", "", False, False, False),
)  # fmt: skip
SATISFACTION = (5, 4, 4, 5, 3, 4, 5, 4, 2, 5, 4, 4)
USEFULNESS = (4, 3, 5, 4, 4, 3, 2, 5, 4, 4, 3)
WORKSHOP_RATINGS = ((5, 4, 5, 4, 4), (4, 3, 4, 5, 3), (3, 4, 3, 2, 4), (5, 5, 4, 4, 5))
RETAINED = (
    "Les exemples de coopération entre centres sociaux et bailleurs, très concrets.",
    "L'importance d'associer les conseils citoyens dès le début des projets.",
    "Des contacts avec d'autres communes du département.",
    "La méthode pour co-construire un diagnostic avec les habitant·es.",
    "Qu'une coopération se construit dans la durée, avec des temps informels.",
    "Le témoignage du conseil citoyen sur la gestion urbaine de proximité.",
    "Les outils de l'atelier pour animer une réunion partenariale.",
    "Qu'il faut partir des besoins exprimés par les habitant·es, pas de nos dispositifs.",
)
SUGGESTIONS = (
    "Plus de temps d'échange en petits groupes.",
    "Envoyer les supports avant la journée.",
    "Prévoir une pause plus longue l'après-midi.",
    "Une visite de site dans le quartier serait précieuse.",
    "Ouvrir davantage aux associations de proximité.",
)


def _demo_template(organiser):
    from registrations.models import EvaluationTemplate, EvaluationTemplateQuestion

    template, created = EvaluationTemplate.objects.get_or_create(
        organiser=organiser, name=TEMPLATE_NAME, defaults={"intro": TEMPLATE_INTRO}
    )
    if created:
        EvaluationTemplateQuestion.objects.bulk_create(
            EvaluationTemplateQuestion(
                template=template, kind=kind, label=label, choices=choices, required=required,
                per_workshop=per_workshop, satisfaction=satisfaction, order=10 * (index + 1),
            )
            for index, (kind, label, choices, required, per_workshop, satisfaction) in enumerate(
                TEMPLATE_QUESTIONS
            )
        )  # fmt: skip
    return template


def _demo_answers(index: int, registration, questions, ateliers) -> dict:
    """A respondent's answers, from their rank: the same on every run."""
    answers = {}
    for question in questions:
        if question.per_workshop:
            for workshop in ateliers:
                ratings = WORKSHOP_RATINGS[workshop.number % len(WORKSHOP_RATINGS)]
                answers[(question.pk, workshop.pk)] = str(ratings[index % len(ratings)])
        elif question.satisfaction:
            answers[(question.pk, None)] = str(SATISFACTION[index % len(SATISFACTION)])
        elif question.kind == "rating" and index % 7 != 6:  # optional: some leave it blank
            answers[(question.pk, None)] = str(USEFULNESS[index % len(USEFULNESS)])
        elif question.kind == "choice":
            choices = question.choice_list()
            answers[(question.pk, None)] = choices[
                (index * 3 + len(question.label)) % 4 % len(choices)
            ]
        elif question.kind == "text" and question.label.startswith("Qu'allez") and index % 3 == 0:
            answers[(question.pk, None)] = RETAINED[index // 3 % len(RETAINED)]
        elif question.kind == "text" and question.label.startswith("Des sug") and index % 5 == 1:
            answers[(question.pk, None)] = SUGGESTIONS[index // 5 % len(SUGGESTIONS)]
    return answers


@transaction.atomic
def load_demo_evaluation() -> int:
    """The organiser's evaluation template, the 2 October 2025 day's (anonymous)
    questionnaire made from it, and the answers of four present people out of five, given
    through the domain function on the day after the event. Returns the responses added:
    none once the day has answers."""
    from registrations.models import Evaluation
    from registrations.services import evaluation as service

    event = Event.objects.filter(slug=demo_data()["demonstration"]["copy_of"]).first()
    if event is None:
        return 0
    template = _demo_template(event.organiser)
    questionnaire = Evaluation.objects.filter(event=event).first() or service.evaluation_create(
        event=event, template=template, anonymous=True, days_open=21
    )
    if questionnaire.responses.exists():
        return 0
    questions = list(questionnaire.questions.all())
    answered_on = questionnaire.starts_at + dt.timedelta(days=1)
    present = (
        Registration.objects.filter(event=event, email__endswith=DOMAIN, checkins__isnull=False)
        .distinct()
        .order_by("email")
    )
    added = 0
    for index, registration in enumerate(present):
        if index % 5 == 4:  # one in five does not answer
            continue
        ateliers = service.attended_workshops(registration)
        service.evaluation_submit(
            registration=registration,
            answers=_demo_answers(index, registration, questions, ateliers),
            now=answered_on,
        )
        added += 1
    return added
