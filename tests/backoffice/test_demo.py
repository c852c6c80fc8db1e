"""The demo data: `backoffice/demo/demo.yaml`, written to the database by `load_demo`.

The first tests read the file and check that the database holds exactly what it lists,
that an edit of the file is applied and a misspelt one refused. The tests after them are
written out literally on purpose: they check facts of the seed documents (names, rooms,
times) and the counts, so that an edit of the file straying from the documents fails here.
"""

import copy
import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone

from backoffice.demo import loader
from backoffice.demo.loader import demo_data, load_demo
from events.enums import (
    EventKind,
    EventStatus,
    LunchOption,
    RegistrationMode,
    RegistrationState,
    SlotKind,
)
from events.models import (
    Cycle,
    Event,
    Organiser,
    ProgrammeSlot,
    Room,
    SlotSpeaker,
    Speaker,
    TeamMember,
    Venue,
)
from resources.models import Resource, Takeaway
from workshops.models import Workshop

COUNTED_MODELS = [
    Organiser,
    Cycle,
    Venue,
    Room,
    Speaker,
    Event,
    Event.partners.through,
    ProgrammeSlot,
    SlotSpeaker,
    Workshop,
    Workshop.facilitators.through,
    Workshop.presenters.through,
    Takeaway,
    Resource,
]
COOPERATIONS_SLUG = "2025-10-02-journee-regionale-cooperations"
DEMO_SLUG = "demonstration-journee-regionale"


def model_counts():
    return {model._meta.label: model.objects.count() for model in COUNTED_MODELS}


def run_load_demo(*args):
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


DATA = demo_data()


def t(value):
    return dt.time.fromisoformat(value)


def maybe_time(value):
    return t(value) if value else None


def person(key):
    """(first name, last name, organisation, role) of a speaker of the file."""
    data = DATA["speakers"][key]
    return tuple(data.get(k, "") for k in ("first_name", "last_name", "organisation", "role"))


def person_in_db(speaker):
    return (speaker.first_name, speaker.last_name, speaker.organisation, speaker.role)


def slot_in_file(data):
    return {
        "start": t(data["start"]),
        "end": t(data["end"]),
        "kind": data["kind"],
        "title": data["title"],
        "description": data.get("description", ""),
        "streamed": data.get("streamed", False),
        "speakers": [person(key) for key in data.get("speakers", [])],
        "ateliers": [
            {
                "number": atelier["number"],
                "title": atelier["title"],
                "kind": atelier["kind"],
                "room": atelier["room"],
                "description": atelier.get("description", ""),
                "territory": atelier.get("territory", ""),
                "colour": (atelier.get("colour_name", ""), atelier.get("colour_hex", "")),
                "capacity": None,
                "facilitators": sorted(person(key) for key in atelier.get("facilitators", [])),
                "presenters": sorted(person(key) for key in atelier.get("presenters", [])),
            }
            for atelier in data.get("ateliers", [])
        ],
    }


def slot_in_db(slot):
    return {
        "start": slot.start,
        "end": slot.end,
        "kind": slot.kind,
        "title": slot.title,
        "description": slot.description,
        "streamed": slot.streamed,
        "speakers": [person_in_db(a.speaker) for a in slot.appearances.filter(part="intervenant")],
        "ateliers": [
            {
                "number": w.number,
                "title": w.title,
                "kind": w.kind,
                "room": w.room.name,
                "description": w.description,
                "territory": w.territory,
                "colour": (w.colour_name, w.colour_hex),
                "capacity": w.capacity,
                "facilitators": sorted(person_in_db(s) for s in w.facilitators.all()),
                "presenters": sorted(person_in_db(s) for s in w.presenters.all()),
            }
            for w in slot.workshops.all()
        ],
    }


def event_in_file(data):
    venue = DATA["venues"][data["venue"]]
    return {
        "kind": data["kind"],
        "title": data["title"],
        "theme": data.get("theme", ""),
        "status": "published",
        "date": data["date"],
        "times": tuple(maybe_time(data.get(k)) for k in ("doors_open", "start", "end")),
        "organiser": data["organiser"],
        "partners": sorted(data.get("partners", [])),
        "cycle": data.get("cycle"),
        "venue": (venue["name"], venue["city"]),
        "audience": data.get("audience", ""),
        "objectives": data.get("objectives", ""),
        "description": data.get("description", ""),
        "registration_mode": data["registration_mode"],
        "lunch": data.get("lunch", "unknown"),
        "remote": (data.get("remote_attendance", False), data.get("remote_details", "")),
        "slots": [slot_in_file(slot) for slot in data.get("slots", [])],
        "takeaways": data.get("takeaways", []),
        "resources": [(r["kind"], r["title"], r["url"]) for r in data.get("resources", [])],
    }


def event_in_db(event):
    return {
        "kind": event.kind,
        "title": event.title,
        "theme": event.theme,
        "status": event.status,
        "date": event.date,
        "times": (event.doors_open, event.start_time, event.end_time),
        "organiser": event.organiser.slug,
        "partners": sorted(event.partners.values_list("slug", flat=True)),
        "cycle": event.cycle.slug if event.cycle else None,
        "venue": (event.venue.name, event.venue.city),
        "audience": event.audience,
        "objectives": event.objectives,
        "description": event.description,
        "registration_mode": event.registration_mode,
        "lunch": event.lunch,
        "remote": (event.remote_attendance, event.remote_details),
        "slots": [slot_in_db(slot) for slot in event.slots.all()],
        "takeaways": [tk.text for tk in event.takeaways.filter(published=True)],
        "resources": list(
            event.resources.filter(published=True).values_list("kind", "title", "url")
        ),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("data", DATA["events"], ids=[e["slug"] for e in DATA["events"]])
def test_load_demo_writes_each_event_of_the_file_exactly(data):
    load_demo()

    assert event_in_db(Event.objects.get(slug=data["slug"])) == event_in_file(data)


@pytest.mark.django_db
def test_load_demo_writes_nothing_but_the_file_and_the_demonstration():
    load_demo()

    assert set(Event.objects.values_list("slug", flat=True)) == {
        *(e["slug"] for e in DATA["events"]),
        DATA["demonstration"]["slug"],
    }
    assert {
        o.slug: (o.name, o.short_name, o.region, o.website) for o in Organiser.objects.all()
    } == {
        slug: (o["name"], o.get("short_name", ""), o["region"], o.get("website", ""))
        for slug, o in DATA["organisers"].items()
    }
    assert {
        c.slug: (c.organiser.slug, c.title, c.fil_rouge, c.description, c.audience)
        for c in Cycle.objects.all()
    } == {
        slug: (c["organiser"], c["title"], c["fil_rouge"], c["description"], c["audience"])
        for slug, c in DATA["cycles"].items()
    }
    assert {
        (v.name, v.city): (
            v.address,
            v.postcode,
            v.department,
            list(v.rooms.order_by("pk").values_list("name", flat=True)),
        )
        for v in Venue.objects.all()
    } == {
        (v["name"], v["city"]): (
            v.get("address", ""),
            v.get("postcode", ""),
            v["department"],
            v.get("rooms", []),
        )
        for v in DATA["venues"].values()
    }
    assert sorted(person_in_db(s) for s in Speaker.objects.all()) == sorted(
        person(key) for key in DATA["speakers"]
    )


@pytest.mark.django_db
def test_load_demo_updates_what_an_edit_of_the_file_changes(monkeypatch):
    load_demo()
    counts = model_counts()
    edited = copy.deepcopy(DATA)
    event = next(e for e in edited["events"] if e["slug"] == COOPERATIONS_SLUG)
    event["theme"] = "Thème modifié"
    atelier = event["slots"][5]["ateliers"][0]
    atelier["room"] = "Salle Gruber"
    monkeypatch.setattr(loader, "demo_data", lambda: edited)

    summary = load_demo()

    assert model_counts() == counts
    assert Event.objects.get(slug=COOPERATIONS_SLUG).theme == "Thème modifié"
    workshop = Workshop.objects.get(slot__event__slug=COOPERATIONS_SLUG, title=atelier["title"])
    assert workshop.room.name == "Salle Gruber"
    assert summary["events"] == {"total": 12, "created": 0, "updated": 1}
    assert summary["workshops"] == {"total": 16, "created": 0, "updated": 1}
    assert summary["slots"] == {"total": 46, "created": 0, "updated": 0}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("where", "key", "value", "error"),
    [
        ("event", "descripton", "Faute de frappe", "unknown key"),
        ("event", "kind", "journee_regional", "journee_regional"),
        ("slot", "kind", "plénière", "plénière"),
        ("atelier", "colour", "Bleu", "unknown key"),
    ],
)
def test_load_demo_refuses_a_misspelt_key_or_kind(monkeypatch, where, key, value, error):
    edited = copy.deepcopy(DATA)
    event = next(e for e in edited["events"] if e["slug"] == COOPERATIONS_SLUG)
    target = {
        "event": event,
        "slot": event["slots"][0],
        "atelier": event["slots"][5]["ateliers"][0],
    }[where]
    target[key] = value
    monkeypatch.setattr(loader, "demo_data", lambda: edited)

    with pytest.raises(ValueError, match=error):
        load_demo()

    assert not Event.objects.exists()  # one transaction: nothing half-written


@pytest.mark.django_db
def test_load_demo_creates_the_expected_counts():
    output = run_load_demo()

    assert model_counts() == {
        "events.Organiser": 6,
        "events.Cycle": 3,
        "events.Venue": 9,
        "events.Room": 4,
        "events.Speaker": 20,
        "events.Event": 12,
        "events.Event_partners": 18,
        "events.ProgrammeSlot": 46,
        "events.SlotSpeaker": 6,
        "workshops.Workshop": 16,
        "workshops.Workshop_facilitators": 14,
        "workshops.Workshop_presenters": 12,
        "resources.Takeaway": 4,
        "resources.Resource": 2,
    }
    assert "Données chargées : 12 événements, 46 temps du programme, 16 ateliers." in output


@pytest.mark.django_db
def test_load_demo_twice_changes_nothing():
    run_load_demo()
    counts = model_counts()
    slot_pks = list(ProgrammeSlot.objects.order_by("pk").values_list("pk", flat=True))
    workshop_pks = list(Workshop.objects.order_by("pk").values_list("pk", flat=True))
    updated_at = dict(Event.objects.values_list("slug", "updated_at"))

    summary = load_demo()

    assert model_counts() == counts
    assert list(ProgrammeSlot.objects.order_by("pk").values_list("pk", flat=True)) == slot_pks
    assert list(Workshop.objects.order_by("pk").values_list("pk", flat=True)) == workshop_pks
    assert dict(Event.objects.values_list("slug", "updated_at")) == updated_at
    assert summary["events"] == {"total": 12, "created": 0, "updated": 0}
    assert summary["slots"] == {"total": 46, "created": 0, "updated": 0}
    assert summary["workshops"] == {"total": 16, "created": 0, "updated": 0}


@pytest.mark.django_db
def test_load_demo_objects_pass_model_validation():
    load_demo()

    for model in COUNTED_MODELS:
        if model._meta.auto_created:  # the many-to-many tables
            continue
        for obj in model.objects.all():
            obj.full_clean()
    assert not Event.objects.exclude(status=EventStatus.PUBLISHED).exists()


@pytest.mark.django_db
def test_load_demo_gives_oriv_and_labo_cites_their_identity_without_real_addresses():
    load_demo()
    identities = {
        organiser.slug: (
            organiser.signatory_name,
            organiser.signatory_function,
            organiser.email_sender,
            organiser.reply_to,
            organiser.privacy_contact,
        )
        for organiser in Organiser.objects.filter(slug__in=["oriv", "labo-cites"])
    }
    assert identities == {
        "oriv": (
            "Claire Exemple",
            "directrice (démonstration)",
            "ORIV",
            "contact@oriv.invalid",
            "donnees-personnelles@oriv.invalid",
        ),
        "labo-cites": (
            "Dominique Exemple",
            "directeur (démonstration)",
            "Labo Cités",
            "contact@labo-cites.invalid",
            "donnees-personnelles@labo-cites.invalid",
        ),
    }
    assert not Organiser.objects.exclude(logo="").exists()


@pytest.mark.django_db
def test_load_demo_regional_day_2025_has_its_details():
    load_demo()
    event = Event.objects.get(slug=COOPERATIONS_SLUG)

    assert event.kind == EventKind.REGIONAL_DAY
    assert event.title == (
        "Concevoir des coopérations pour mieux agir auprès des habitants et habitantes !"
    )
    assert event.theme == "2ème journée régionale - Contrats de ville en Grand Est"
    assert event.date == dt.date(2025, 10, 2)
    assert (event.doors_open, event.start_time, event.end_time) == (
        t("09:30"),
        t("10:00"),
        t("16:30"),
    )
    assert event.organiser.short_name == "ORIV"
    assert event.organiser.name == "Observatoire Régional de l'Intégration et de la Ville"
    assert event.organiser.website == "https://www.oriv.org"
    assert sorted(p.short_name or p.name for p in event.partners.all()) == [
        "DREETS Grand Est",
        "Réseau DSU Grand Est",
        "SGARE Grand Est",
    ]
    assert event.cycle.slug == "grand-est-2025"
    assert event.cycle.title == "Contrats de ville en Grand Est — 2025"
    assert (event.lunch, event.registration_mode) == (LunchOption.OFFERED, RegistrationMode.CLOSED)
    assert event.status == EventStatus.PUBLISHED
    venue = event.venue
    assert (venue.name, venue.address, venue.postcode, venue.city, venue.department) == (
        "Maison Régionale des Sports",
        "13 Rue Jean Moulin",
        "54510",
        "Tomblaine",
        "54",
    )
    assert (venue.latitude, venue.longitude) == (None, None)
    assert list(venue.rooms.order_by("pk").values_list("name", "capacity")) == [
        ("Salle Chardon", None),
        ("Salle Myrtilles", None),
        ("Espace Lorraine", None),
        ("Salle Gruber", None),
    ]
    assert list(event.resources.values_list("kind", "title", "url", "published")) == [
        (
            "webdocumentaire",
            "Coopérations en quartier populaire : des pratiques renouvelées (webdocumentaire)",
            "https://www.oriv.org/publication/"
            "cooperations-en-quartier-populaire-des-pratiques-renouvelees-webdocumentaire/",
            True,
        ),
        (
            "carte",
            "Cartographie des contrats de ville en Grand Est",
            "https://www.oriv.org/politique-de-la-ville-en-grand-est/",
            True,
        ),
    ]


@pytest.mark.django_db
def test_load_demo_regional_day_2025_has_the_exact_programme():
    load_demo()
    event = Event.objects.get(slug=COOPERATIONS_SLUG)

    assert list(event.slots.values_list("start", "end", "kind", "title")) == [
        (t("09:30"), t("10:00"), SlotKind.WELCOME, "Accueil café"),
        (t("10:00"), t("10:30"), SlotKind.OPENING, "Ouverture officielle - Enjeux de la journée"),
        (
            t("10:30"),
            t("10:50"),
            SlotKind.TALK,
            "Enjeux de coopération en politique de la ville",
        ),
        (t("10:50"), t("11:00"), SlotKind.BREAK, "Pause"),
        (t("11:00"), t("11:30"), SlotKind.TALK, "Coopérer : Quartiers à Impact Collectif"),
        (t("11:30"), t("12:30"), SlotKind.WORKSHOPS, "Illustration d'expériences"),
        (t("12:30"), t("13:30"), SlotKind.MEAL, "Pause déjeuner sur place (offert)"),
        (
            t("13:30"),
            t("15:00"),
            SlotKind.WORKSHOPS,
            "Coproduire de la coopération à partir de situation de cas",
        ),
        (t("15:00"), t("15:15"), SlotKind.BREAK, "Pause"),
        (
            t("15:15"),
            t("16:15"),
            SlotKind.PLENARY,
            "Retour sur les temps en atelier et intervention du grand témoin",
        ),
        (t("16:15"), t("16:30"), SlotKind.CLOSING, "Clôture"),
    ]
    talk = event.slots.get(start=t("10:30"))
    assert talk.description == (
        "Sur la base des travaux menés en 2020-2022 par l'ORIV et le Réseau DSU Grand Est.\n"
        "\n"
        "- Les coopérations — Intervention de l'ORIV\n"
        "- Coopérer, ça veut dire quoi ? — Intervention du DSU Grand Est"
    )
    collective_impact = event.slots.get(start=t("11:00"))
    assert collective_impact.description == "Questions - Réponses"
    assert [(a.speaker.name, a.speaker.role, a.speaker.organisation, a.part) for a in
            collective_impact.appearances.all()] == [
        ("Laurent BIELICKI", "Chargé de mission", "Cité ressources", "intervenant")
    ]  # fmt: skip


@pytest.mark.django_db
def test_load_demo_opening_has_its_two_speakers():
    load_demo()
    opening = ProgrammeSlot.objects.get(event__slug=COOPERATIONS_SLUG, start=t("10:00"))

    assert [
        (a.order, a.part, a.speaker.first_name, a.speaker.last_name, a.speaker.role,
         a.speaker.organisation)
        for a in opening.appearances.select_related("speaker")
    ] == [
        (0, "intervenant", "Zoé", "FONTIER", "Chargée de mission",
         "Secrétariat Général pour les Affaires régionales et européennes"),
        (1, "intervenant", "Nicolas", "BACHET", "Chargé de mission",
         "Direction Régionale de l'économie, de l'emploi, du travail et des solidarités"),
    ]  # fmt: skip


def workshop_rows(slot):
    return [
        (
            w.number,
            w.title,
            w.kind,
            w.room.name,
            w.territory,
            w.colour_name,
            w.colour_hex,
            [s.name for s in w.facilitators.all()],
            [(s.name, s.organisation) for s in w.presenters.all()],
        )
        for w in slot.workshops.select_related("room")
    ]


@pytest.mark.django_db
def test_load_demo_experience_ateliers_are_exact():
    load_demo()
    slot = ProgrammeSlot.objects.get(event__slug=COOPERATIONS_SLUG, start=t("11:30"))

    assert workshop_rows(slot) == [
        (1, "Répondre aux besoins des habitants à partir de l'abattement TFPB",
         "retour_experience", "Salle Chardon", "Commune de Vandœuvre-lès-Nancy", "", "", [],
         [("Philippe ATAIN-KOUADIO", "Ville de Vandoeuvre")]),
        (2, "Trouver des réponses à l'isolement social dans le QPV Chantereigne Montvilliers "
            "Beau Toquat",
         "retour_experience", "Salle Myrtilles", "QPV Chantereigne Montvilliers Beau Toquat",
         "", "", [],
         [("Olivia BRULEFERT", "Ville de La Chapelle-Saint-Luc"),
          ("Anita NOBILI", "Ville de La Chapelle-Saint-Luc")]),
        (3, "Mettre en place une animation territoriale", "retour_experience", "Espace Lorraine",
         "Communauté d'Agglomération Forbach Porte de France", "", "", [],
         [("Carlo D'ANGELO", "Agglomération de Forbach Porte de France"),
          ("Jérome MARTIN", "Agglomération de Forbach Porte de France")]),
        (4, "Concevoir un village des solidarités", "retour_experience", "Salle Gruber",
         "Métropole du Grand Nancy", "", "", [],
         [("Adrien NOIRAULT", "Métropole du Grand Nancy")]),
    ]  # fmt: skip
    assert slot.workshops.get(number=1).description == "Abattement TFPB et « territoire commun »"


@pytest.mark.django_db
def test_load_demo_method_ateliers_are_exact():
    load_demo()
    slot = ProgrammeSlot.objects.get(event__slug=COOPERATIONS_SLUG, start=t("13:30"))

    assert workshop_rows(slot) == [
        (1, "Codéveloppement", "methode", "Salle Chardon", "", "Bleu", "#1F5FAD",
         ["Emilie", "Murielle"], []),
        (2, "Coop ou pas coop", "methode", "Salle Myrtilles", "", "Rouge", "#C0392B",
         ["Johan"], []),
        (3, "Anarchaise", "methode", "Espace Lorraine", "", "Jaune", "#F2C200",
         ["Gaëlle", "Laurent"], []),
        (4, "Serious Game", "methode", "Salle Gruber", "", "Vert", "#2E8540",
         ["Laëtitia", "Rémi"], []),
    ]  # fmt: skip
    facilitators = Speaker.objects.filter(facilitated_workshops__slot=slot).distinct()
    assert {(s.last_name, s.role, s.organisation) for s in facilitators} == {("", "", "ORIV")}
    assert slot.description.startswith(
        "**Testons les coopérations !** Travail en ateliers visant à répondre aux enjeux suivants"
    )
    assert slot.workshops.filter(capacity__isnull=False).count() == 0


@pytest.mark.django_db
def test_load_demo_territorial_meetings_2025_have_their_takeaways():
    load_demo()
    events = Event.objects.filter(kind=EventKind.TERRITORIAL_MEETING).order_by("date")

    assert [
        (e.date, e.title, e.venue.name, e.venue.city, e.venue.department, e.cycle.slug,
         e.start_time, e.end_time, e.registration_mode, [t.text for t in e.takeaways.all()])
        for e in events
    ] == [
        (dt.date(2025, 3, 7),
         "La jeunesse en quartiers populaires : agir entre émancipation, autonomie et "
         "engagements",
         "Lieu communiqué aux inscrit·es", "Bischheim", "67", "grand-est-2025", None, None,
         "closed",
         ["Privilégier une approche globale et travailler sur les parcours en tenant compte "
          "des besoins des jeunes et de leurs aspirations."]),
        (dt.date(2025, 4, 24), "Familles et monoparentalité : (re)penser l'accompagnement",
         "Lieu communiqué aux inscrit·es", "Metz Métropole", "57", "grand-est-2025", None,
         None, "closed",
         ["Articuler les structures de droit commun pour permettre aux parents de bénéficier "
          "les équipements existants."]),
        (dt.date(2025, 5, 16),
         "Isolement et vulnérabilité : agir sur les solitudes par les solidarités",
         "Lieu communiqué aux inscrit·es", "La Chapelle-Saint-Luc", "10", "grand-est-2025",
         None, None, "closed",
         ["Confronter les constats pour identifier les « besoins » et à partir de l'existant "
          "construire, en commun, des actions y répondre."]),
    ]  # fmt: skip


@pytest.mark.django_db
def test_load_demo_cycle_2026_has_its_four_events():
    load_demo()
    cycle = Cycle.objects.get(slug="grand-est-2026")

    assert cycle.title == "Rencontres 2026 — associations et institutions"
    assert cycle.organiser.short_name == "ORIV"
    assert "**les coopérations entre associations et institutions**" in cycle.fil_rouge
    assert [
        (e.date, e.kind, e.title, e.venue.city, e.venue.department, e.registration_mode,
         e.doors_open, e.start_time, e.end_time, e.remote_attendance, e.lunch)
        for e in cycle.events.order_by("date")
    ] == [
        (dt.date(2026, 5, 28), "rencontre_thematique", "Penser le cadre de vie pour vivre ensemble",
         "Épernay", "51", "closed", t("09:15"), t("09:30"), t("16:30"), True, "on_site"),
        (dt.date(2026, 6, 18), "rencontre_thematique",
         "Innover dans l'insertion sociale et professionnelle",
         "Bar-le-Duc", "55", "closed", t("09:15"), t("09:30"), t("16:30"), True, "on_site"),
        (dt.date(2026, 9, 24), "rencontre_thematique",
         "Engager les associations d'éducation populaire",
         "Mulhouse", "68", "closed", t("09:15"), t("09:30"), t("16:30"), True, "on_site"),
        (dt.date(2026, 11, 5), "journee_regionale",
         "Associations et territoires : repenser les modes de travail !",
         "Tomblaine", "54", "later", None, t("09:30"), t("16:30"), False, "unknown"),
    ]  # fmt: skip
    thematic = cycle.events.get(date=dt.date(2026, 6, 18))
    assert thematic.remote_details == (
        "Les interventions de la matinée peuvent être suivies en visioconférence."
    )
    assert sorted(thematic.partners.values_list("slug", flat=True)) == [
        "dreets-grand-est",
        "reseau-dsu-grand-est",
        "sgare-grand-est",
    ]
    assert list(thematic.slots.values_list("start", "end", "kind", "title", "streamed")) == [
        (t("09:15"), t("09:30"), "accueil", "Accueil", False),
        (t("09:30"), t("12:30"), "pleniere", "Interventions et échanges sur les enjeux", True),
        (t("12:30"), t("13:30"), "repas", "Repas sur place", False),
        (
            t("13:30"),
            t("16:30"),
            "autre",
            "Partage d'expériences et échanges de pratiques, ou visites sur site",
            False,
        ),
    ]
    regional_day = cycle.events.get(date=dt.date(2026, 11, 5))
    assert regional_day.venue.name == "Maison Régionale des Sports"
    assert regional_day.slots.count() == 0


@pytest.mark.django_db
def test_load_demo_labo_cites_days_have_their_programmes():
    load_demo()
    first, second = Event.objects.filter(cycle__slug="labo-cites-2024-annee-1").order_by("date")

    assert (first.date, first.doors_open, first.start_time, first.end_time) == (
        dt.date(2024, 9, 24),
        t("09:00"),
        t("09:30"),
        t("17:00"),
    )
    assert (second.date, second.doors_open, second.start_time, second.end_time) == (
        dt.date(2024, 10, 22),
        t("09:15"),
        t("09:45"),
        t("17:00"),
    )
    assert first.registration_mode == RegistrationMode.CLOSED
    assert second.registration_mode == RegistrationMode.FULL
    assert {first.lunch, second.lunch, first.kind, second.kind} == {
        LunchOption.FREE,
        EventKind.QUALIFICATION_DAY,
    }
    assert (first.venue, first.venue.city, first.venue.department) == (
        second.venue,
        "Lyon",
        "69",
    )
    assert first.organiser.name == (
        "Labo Cités — centre de ressources politique de la ville Auvergne-Rhône-Alpes"
    )
    assert list(first.slots.values_list("start", "end", "title")) == [
        (t("09:00"), t("09:30"), "Accueil café"),
        (t("09:30"), t("10:00"), "Introduction"),
        (t("10:00"), t("12:00"), "Sortir la programmation 2025"),
        (t("12:00"), t("13:30"), "Déjeuner libre"),
        (t("13:30"), t("15:00"), "Quartiers sortants, c'est quoi la suite ?"),
        (t("15:00"), t("17:00"), "Gouvernance : partenaires, gardons le rythme ?"),
    ]
    assert list(second.slots.values_list("start", "end", "title")) == [
        (t("09:15"), t("09:45"), "Accueil café"),
        (t("09:45"), t("10:00"), "Introduction"),
        (t("10:00"), t("12:00"), "Animation : faire passer son contrat de ville à la vitesse "
                                 "supérieure"),
        (t("12:00"), t("13:30"), "Déjeuner libre"),
        (t("13:30"), t("15:00"), "Manger mieux dans les quartiers : quels leviers aux mains des "
                                 "collectivités pour agir sur l'accessibilité à l'alimentation ?"),
        (t("15:00"), t("17:00"), "Suivre et évaluer le contrat de ville"),
    ]  # fmt: skip


@pytest.mark.django_db
def test_load_demo_day_of_22_october_2024_is_full():
    load_demo()

    event = Event.objects.get(date=dt.date(2024, 10, 22))
    assert event.registration_mode == RegistrationMode.FULL


@pytest.mark.django_db
def test_load_demo_chambery_partners_day_has_its_speakers_and_takeaway():
    load_demo()
    event = Event.objects.get(kind=EventKind.PARTNERS_DAY)

    assert (event.title, event.date, event.organiser.name) == (
        "Première rencontre des partenaires du Contrat de Ville 2030",
        dt.date(2024, 10, 15),
        "Grand Chambéry",
    )
    assert (event.venue.name, event.venue.city, event.venue.department) == (
        "Le Scarabée",
        "Chambéry",
        "73",
    )
    assert (event.start_time, event.end_time, event.slots.count()) == (None, None, 0)
    assert list(event.takeaways.values_list("text", flat=True)) == [
        "La synergie, la clef de voûte pour un contrat de ville réussi"
    ]
    assert "17 groupes de travail" in event.description
    assert Speaker.objects.filter(last_name="TUR").get().first_name == "Laurence"
    assert set(
        Speaker.objects.filter(last_name__in=["MORAT", "PAUCHET", "TUR", "CAVALIN"]).values_list(
            "first_name", "last_name"
        )
    ) == {("Franck", "MORAT"), ("Gaëtan", "PAUCHET"), ("Laurence", "TUR"), ("Rémy", "CAVALIN")}


@pytest.mark.django_db
def test_load_demo_demonstration_event_is_open_a_few_weeks_ahead():
    load_demo()
    demo = Event.objects.get(slug=DEMO_SLUG)
    today = timezone.localdate()

    assert demo.date == today + dt.timedelta(days=28)
    assert demo.title == (
        "Démonstration — Concevoir des coopérations pour mieux agir auprès des habitants et "
        "habitantes !"
    )
    assert demo.status == EventStatus.PUBLISHED
    assert demo.registration_mode == RegistrationMode.OPEN
    assert demo.registration_state() == RegistrationState.OPEN
    assert demo.registration_closes_at == dt.datetime.combine(
        demo.date - dt.timedelta(days=1), dt.time(23, 59), ZoneInfo("Europe/Paris")
    )
    assert (demo.onsite_capacity, demo.remote_attendance, demo.cycle) == (120, False, None)
    assert demo.description.startswith("**Ceci est un événement de démonstration**")
    assert demo.slots.count() == 11
    assert list(Workshop.objects.filter(slot__event=demo).values_list("title", "capacity")) == [
        ("Répondre aux besoins des habitants à partir de l'abattement TFPB", 30),
        (
            "Trouver des réponses à l'isolement social dans le QPV Chantereigne Montvilliers "
            "Beau Toquat",
            30,
        ),
        ("Mettre en place une animation territoriale", 30),
        ("Concevoir un village des solidarités", 30),
        ("Codéveloppement", 30),
        ("Coop ou pas coop", 30),
        ("Anarchaise", 30),
        ("Serious Game", 30),
    ]
    assert Event.objects.filter(date__gte=today).count() == 1


@pytest.mark.django_db
def test_load_demo_later_run_redates_the_demonstration_event():
    load_demo(today=dt.date(2026, 11, 21))
    demo = Event.objects.get(slug=DEMO_SLUG)
    counts = model_counts()

    summary = load_demo(today=dt.date(2027, 1, 10))

    demo_again = Event.objects.get(slug=DEMO_SLUG)
    assert demo_again.pk == demo.pk
    assert demo_again.date == dt.date(2027, 2, 7)
    assert demo_again.registration_closes_at == dt.datetime(
        2027, 2, 6, 23, 59, tzinfo=ZoneInfo("Europe/Paris")
    )
    assert model_counts() == counts
    assert demo_again.slots.count() == 11
    assert Workshop.objects.filter(slot__event=demo_again).count() == 8
    assert summary["events"] == {"total": 12, "created": 0, "updated": 1}


@pytest.mark.django_db
def test_load_demo_command_uses_the_local_date(monkeypatch):
    run_load_demo()
    monkeypatch.setattr(
        "backoffice.demo.loader.timezone.localdate", lambda *args: dt.date(2027, 3, 1)
    )

    run_load_demo()

    assert Event.objects.get(slug=DEMO_SLUG).date == dt.date(2027, 3, 29)
    assert Event.objects.filter(title__startswith="Démonstration").count() == 1


@pytest.mark.django_db
def test_load_demo_dry_run_leaves_the_database_empty():
    output = run_load_demo("--dry-run")

    assert set(model_counts().values()) == {0}
    assert output.startswith(
        "Simulation (rien n'a été enregistré) : 12 événements, 46 temps du programme, 16 ateliers."
    )
    assert "  ateliers : 16 (16 à créer, 0 à mettre à jour)" in output


@pytest.mark.django_db
def test_create_demo_admin_refuses_without_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="Refusé"):
        call_command("create_demo_admin", stdout=StringIO())

    assert not get_user_model().objects.exists()


@pytest.mark.django_db
def test_create_demo_admin_is_idempotent(settings):
    settings.DEBUG = True
    settings.SITE_URL = "http://poste.local:8080"
    call_command("load_demo", stdout=StringIO())
    out = StringIO()

    call_command("create_demo_admin", stdout=out)
    call_command("create_demo_admin", stdout=out)

    users = get_user_model().objects.order_by("username")
    assert [(u.username, u.is_staff, u.is_superuser, u.is_active) for u in users] == [
        ("admin", True, True, True),
        ("dreets-partenaire", True, False, True),
        ("labocites-accueil", True, False, True),
        ("labocites-admin", True, False, True),
        ("oriv-accueil", True, False, True),
        ("oriv-admin", True, False, True),
    ]
    assert all(u.check_password("quartiers2030") for u in users)
    roles = TeamMember.objects.order_by("user__username").values_list(
        "user__username", "organiser__slug", "role", "event"
    )
    assert list(roles) == [
        ("dreets-partenaire", "oriv", "partner", None),
        ("labocites-accueil", "labo-cites", "door", None),
        ("labocites-admin", "labo-cites", "admin", None),
        ("oriv-accueil", "oriv", "door", None),
        ("oriv-admin", "oriv", "admin", None),
    ]
    assert users.get(username="oriv-admin").email == "oriv-admin@demo.quartiers2030.invalid"
    assert "Administration : http://poste.local:8080/admin/" in out.getvalue()
    assert "administratrice de l'ORIV : oriv-admin / quartiers2030" in out.getvalue()


@pytest.mark.django_db
def test_create_demo_admin_force_works_without_debug(settings):
    settings.DEBUG = False

    call_command("create_demo_admin", "--force", stdout=StringIO())

    assert get_user_model().objects.filter(username__in=["admin", "oriv-admin"]).count() == 2
