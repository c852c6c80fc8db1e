"""The public read API (/api/v1/): exact content for the seed events, filters, live places,
schema validity of every answer, no personal data, caching, CORS and the rate limit."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from events.enums import EventStatus, SlotKind
from tests.factories import (
    CycleFactory,
    EventFactory,
    OrganiserFactory,
    ProgrammeSlotFactory,
    RegistrationFactory,
    ResourceFactory,
    SpeakerFactory,
    VenueFactory,
    WorkshopChoiceFactory,
    WorkshopFactory,
)

from .conftest import SEED_EVENT, assert_matches_schema

pytestmark = pytest.mark.django_db

EVENTS = "/api/v1/events"


def days(n):
    return timezone.localdate() + dt.timedelta(days=n)


def test_openapi_document_lists_every_endpoint(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert {path: sorted(ops) for path, ops in document["paths"].items()} == {
        "/api/v1/events": ["get"],
        "/api/v1/events/{slug}": ["get"],
        "/api/v1/cycles": ["get"],
        "/api/v1/organisers": ["get"],
    }
    params = [p["name"] for p in document["paths"]["/api/v1/events"]["get"]["parameters"]]
    assert params == [
        "organiser", "cycle", "kind", "from", "to", "department", "status", "page", "page_size"
    ]  # fmt: skip


def test_docs_page_serves_swagger_ui_from_our_static_files(client):
    response = client.get("/api/v1/docs")
    html = response.content.decode()
    assert response.status_code == 200
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert '"url": "/api/v1/openapi.json"' in html
    assert "cdn" not in html.lower()
    bundle = client.get("/static/ninja/swagger-ui-bundle.js")
    assert bundle.status_code == 200
    bundle.close()


def test_event_list_seed_content(client, demo, openapi):
    response = client.get(EVENTS, {"organiser": "oriv", "from": "2025-10-01", "to": "2025-10-31"})
    assert_matches_schema(openapi, "/api/v1/events", response)
    assert response.json() == {
        "count": 1,
        "page": 1,
        "pages": 1,
        "page_size": 20,
        "items": [
            {
                "slug": SEED_EVENT,
                "url": f"http://127.0.0.1:8000/evenements/{SEED_EVENT}/",
                "title": (
                    "Concevoir des coopérations pour mieux agir auprès des habitants et "
                    "habitantes !"
                ),
                "theme": "2ème journée régionale - Contrats de ville en Grand Est",
                "kind": "journee_regionale",
                "kind_label": "Journée régionale",
                "status": "published",
                "date": "2025-10-02",
                "start": "2025-10-02T10:00:00+02:00",
                "end": "2025-10-02T16:30:00+02:00",
                "organiser": {
                    "slug": "oriv",
                    "name": "Observatoire Régional de l'Intégration et de la Ville",
                    "short_name": "ORIV",
                    "url": "http://127.0.0.1:8000/organisateurs/oriv/",
                },
                "cycle": {
                    "slug": "grand-est-2025",
                    "title": "Contrats de ville en Grand Est — 2025",
                    "url": "http://127.0.0.1:8000/cycles/grand-est-2025/",
                },
                "venue": {
                    "name": "Maison Régionale des Sports",
                    "address": "13 Rue Jean Moulin",
                    "postcode": "54510",
                    "city": "Tomblaine",
                    "department": "54",
                    "latitude": None,
                    "longitude": None,
                },
                "remote_attendance": False,
                "calendar_url": f"http://127.0.0.1:8000/evenements/{SEED_EVENT}/agenda.ics",
            }
        ],
    }


def test_event_list_seed_oriv_2026_in_date_order(client, demo):
    response = client.get(EVENTS, {"organiser": "oriv", "from": "2026-01-01", "to": "2026-12-01"})
    assert [item["slug"] for item in response.json()["items"]] == [
        "2026-05-28-rencontre-thematique-cadre-de-vie",
        "2026-06-18-rencontre-thematique-insertion",
        "2026-09-24-rencontre-thematique-education-populaire",
        "2026-11-05-journee-regionale-associations-territoires",
    ]


def test_event_detail_seed_programme(client, demo, openapi):
    response = client.get(f"{EVENTS}/{SEED_EVENT}")
    assert_matches_schema(openapi, "/api/v1/events/{slug}", response)
    event = response.json()
    assert event["doors_open"] == "2025-10-02T09:30:00+02:00"
    assert [partner["slug"] for partner in event["partners"]] == [
        "dreets-grand-est", "reseau-dsu-grand-est", "sgare-grand-est"
    ]  # fmt: skip
    assert event["lunch"] == "Déjeuner offert sur place"
    assert event["registration"] == {
        "state": "closed",
        "state_label": "Inscriptions closes",
        "opens_at": None,
        "closes_at": None,
        "places_left": None,
        "url": None,
    }
    assert [(s["start"][11:16], s["end"][11:16], s["title"]) for s in event["programme"]] == [
        ("09:30", "10:00", "Accueil café"),
        ("10:00", "10:30", "Ouverture officielle - Enjeux de la journée"),
        ("10:30", "10:50", "Enjeux de coopération en politique de la ville"),
        ("10:50", "11:00", "Pause"),
        ("11:00", "11:30", "Coopérer : Quartiers à Impact Collectif"),
        ("11:30", "12:30", "Illustration d'expériences"),
        ("12:30", "13:30", "Pause déjeuner sur place (offert)"),
        ("13:30", "15:00", "Coproduire de la coopération à partir de situation de cas"),
        ("15:00", "15:15", "Pause"),
        ("15:15", "16:15", "Retour sur les temps en atelier et intervention du grand témoin"),
        ("16:15", "16:30", "Clôture"),
    ]
    opening = event["programme"][1]
    assert opening["speakers"][0]["name"] == "Zoé FONTIER"
    assert [s["name"] for s in opening["speakers"]] == ["Zoé FONTIER", "Nicolas BACHET"]
    codev = event["programme"][7]["ateliers"][0]
    assert codev == {
        "number": 1,
        "title": "Codéveloppement",
        "description": codev["description"],
        "kind": codev["kind"],
        "kind_label": codev["kind_label"],
        "room": "Salle Chardon",
        "territory": "",
        "colour": "#1F5FAD",
        "facilitators": [
            {"name": "Emilie", "role": codev["facilitators"][0]["role"],
             "organisation": codev["facilitators"][0]["organisation"]},
            {"name": "Murielle", "role": codev["facilitators"][1]["role"],
             "organisation": codev["facilitators"][1]["organisation"]},
        ],
        "presenters": [],
        "capacity": None,
        "places_left": None,
    }  # fmt: skip
    assert [a["title"] for a in event["programme"][5]["ateliers"]] == [
        "Répondre aux besoins des habitants à partir de l'abattement TFPB",
        "Trouver des réponses à l'isolement social dans le QPV Chantereigne Montvilliers "
        "Beau Toquat",
        "Mettre en place une animation territoriale",
        "Concevoir un village des solidarités",
    ]
    assert [r["title"] for r in event["resources"]] == [
        "Coopérations en quartier populaire : des pratiques renouvelées (webdocumentaire)",
        "Cartographie des contrats de ville en Grand Est",
    ]


def test_event_list_filters(client, openapi):
    oriv = OrganiserFactory(slug="oriv")
    cycle = CycleFactory(slug="grand-est-2026", organiser=oriv)
    moselle = VenueFactory(city="Metz", department="57")
    EventFactory(slug="a", organiser=oriv, cycle=cycle, date=days(1))
    EventFactory(slug="b", organiser=oriv, date=days(2), venue=moselle, kind="rencontre_thematique")
    EventFactory(slug="c", date=days(3), status=EventStatus.CANCELLED)
    EventFactory(slug="draft", organiser=oriv, date=days(4), status=EventStatus.DRAFT)

    def slugs(**params):
        response = client.get(EVENTS, params)
        assert response.status_code == 200
        assert_matches_schema(openapi, "/api/v1/events", response)
        return [item["slug"] for item in response.json()["items"]]

    assert slugs() == ["a", "b", "c"]  # never the draft
    assert slugs(organiser="oriv") == ["a", "b"]
    assert slugs(cycle="grand-est-2026") == ["a"]
    assert slugs(kind="rencontre_thematique") == ["b"]
    assert slugs(department="57") == ["b"]
    assert slugs(status="cancelled") == ["c"]
    assert slugs(**{"from": days(2).isoformat()}) == ["b", "c"]
    assert slugs(**{"to": days(2).isoformat()}) == ["a", "b"]
    assert slugs(organiser="nobody") == []
    assert slugs(page_size=2, page=2) == ["c"]
    assert client.get(EVENTS, {"page_size": 2}).json()["pages"] == 2


@pytest.mark.parametrize(
    "params",
    [
        {"kind": "bal"},
        {"from": "hier"},
        {"to": "0"},
        {"status": "draft"},
        {"page": 0},
        {"page_size": 101},
        {"cycle": "cycle\x00"},  # PostgreSQL refuses a NUL byte: it was a 500
        {"organiser": "l'oriv"},
        {"department": "5\x004"},
        {"department": "5400"},
    ],
)
def test_event_list_refuses_bad_parameters_with_422(client, openapi, params):
    response = client.get(EVENTS, params)
    assert response.status_code == 422
    assert_matches_schema(openapi, "/api/v1/events", response)


def test_draft_or_unknown_event_is_404_in_french(client, openapi):
    EventFactory(slug="brouillon", status=EventStatus.DRAFT)
    for slug in ("brouillon", "inconnu"):
        response = client.get(f"{EVENTS}/{slug}")
        assert response.status_code == 404
        assert response.json() == {"detail": "Événement introuvable."}
        assert_matches_schema(openapi, "/api/v1/events/{slug}", response)


def test_event_slug_that_cannot_be_one_is_422(client, openapi):
    response = client.get(f"{EVENTS}/a%00b")  # PostgreSQL refuses a NUL byte: it was a 500
    assert response.status_code == 422
    assert_matches_schema(openapi, "/api/v1/events/{slug}", response)


def test_cycles_and_organisers_match_schema(client, demo, openapi):
    cycles = client.get("/api/v1/cycles")
    assert_matches_schema(openapi, "/api/v1/cycles", cycles)
    assert [(c["slug"], c["event_count"]) for c in cycles.json()] == [
        ("labo-cites-2024-annee-1", 2), ("grand-est-2025", 4), ("grand-est-2026", 4)
    ]  # fmt: skip
    organisers = client.get("/api/v1/organisers")
    assert_matches_schema(openapi, "/api/v1/organisers", organisers)
    assert [o["slug"] for o in organisers.json()] == [
        "dreets-grand-est", "grand-chambery", "labo-cites", "oriv", "reseau-dsu-grand-est",
        "sgare-grand-est",
    ]  # fmt: skip


def test_places_left_are_live_while_the_rest_is_cached(client, openapi):
    event = EventFactory(onsite_capacity=10)
    workshop = WorkshopFactory(slot__event=event, capacity=5)
    url = f"{EVENTS}/{event.slug}"
    first = client.get(url).json()
    assert first["registration"]["places_left"] == 10
    assert first["registration"]["state"] == "open"
    assert (
        first["registration"]["url"]
        == f"http://127.0.0.1:8000/evenements/{event.slug}/inscription/"
    )
    assert first["programme"][0]["ateliers"][0]["places_left"] == 5

    WorkshopChoiceFactory(registration__event=event, workshop=workshop)  # no version bumped
    response = client.get(url)
    assert_matches_schema(openapi, "/api/v1/events/{slug}", response)
    again = response.json()
    assert again["registration"]["places_left"] == 9
    assert again["programme"][0]["ateliers"][0]["places_left"] == 4


def test_event_answer_follows_staff_edits(client, committed):
    event = EventFactory(title="Avant")
    url = f"{EVENTS}/{event.slug}"
    assert client.get(url).json()["title"] == "Avant"
    assert client.get(EVENTS).json()["items"][0]["title"] == "Avant"
    event.title = "Après"
    with committed():
        event.save()
        ProgrammeSlotFactory(event=event, title="Nouveau temps")
    assert client.get(url).json()["title"] == "Après"
    assert client.get(url).json()["programme"][0]["title"] == "Nouveau temps"
    assert client.get(EVENTS).json()["items"][0]["title"] == "Après"


def test_cancelled_event_is_listed_as_cancelled(client):
    event = EventFactory(status=EventStatus.CANCELLED)
    detail = client.get(f"{EVENTS}/{event.slug}").json()
    assert detail["status"] == "cancelled"
    assert detail["registration"]["state"] == "closed"


def walk(value, path=""):
    """Every (path, key) and every string of a JSON value."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield ("key", key)
            yield from walk(item, f"{path}.{key}")
    elif isinstance(value, list):
        for item in value:
            yield from walk(item, path)
    elif isinstance(value, str):
        yield ("text", value)


EVERY_KEY = {
    "count", "page", "pages", "page_size", "items", "slug", "url", "title", "theme", "kind",
    "kind_label", "status", "date", "start", "end", "organiser", "name", "short_name", "cycle",
    "venue", "address", "postcode", "city", "department", "latitude", "longitude",
    "remote_attendance", "calendar_url", "partners", "doors_open", "audience", "objectives",
    "description", "lunch", "remote_details", "programme_pdf_url", "registration", "state",
    "state_label", "opens_at", "closes_at", "places_left", "programme", "room", "streamed",
    "speakers", "role", "organisation", "part", "part_label", "ateliers", "number",
    "territory", "colour", "facilitators", "presenters", "capacity", "resources", "region",
    "website", "fil_rouge", "event_count",
}  # fmt: skip


def test_no_personal_field_reachable(client, demo):
    """Every key of every answer is one of the published fields above (a new one must be
    added there on purpose), and nothing a participant or the team typed about people
    comes out."""
    event = EventFactory(
        organiser__slug="org", remote_attendance=True, onsite_capacity=50,
        videoconference_url="https://visio.example.org/secret-room",
    )  # fmt: skip
    workshop = WorkshopFactory(slot__event=event, capacity=5)
    workshop.facilitators.add(SpeakerFactory(first_name="Anne", last_name="PUBLIQUE"))
    ProgrammeSlotFactory(event=event, kind=SlotKind.PLENARY, streamed=True)
    ResourceFactory(event=event, title="Ressource publiée")
    ResourceFactory(event=event, title="Brouillon caché", published=False)
    registration = RegistrationFactory(
        event=event, first_name="Zélie", last_name="CONFIDENTIELLE",
        email="zelie.confidentielle@example.org", phone="06 12 34 56 78",
        accessibility_needs="fauteuil roulant", diet="sans gluten",
        organisation="Association secrète",
    )  # fmt: skip
    WorkshopChoiceFactory(registration=registration, workshop=workshop)

    urls = ["/api/v1/cycles", "/api/v1/organisers", f"{EVENTS}?page_size=100"]
    urls += [f"{EVENTS}/{item['slug']}" for item in client.get(urls[-1]).json()["items"]]
    assert f"{EVENTS}/{event.slug}" in urls
    keys, texts = set(), []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        for kind, found in walk(response.json()):
            (keys.add if kind == "key" else texts.append)(found)
    assert keys == EVERY_KEY
    text = "\n".join(texts)
    for secret in [
        "CONFIDENTIELLE", "zelie", "06 12 34 56 78", "fauteuil", "gluten", "Association secrète",
        "visio.example.org", "Brouillon caché", "@oriv.invalid", "Exemple",
    ]:  # fmt: skip
        assert secret not in text
    assert "Anne PUBLIQUE" in text  # speakers are public: they are on the programme


def test_cors_lets_any_origin_read(client):
    response = client.get("/api/v1/organisers", HTTP_ORIGIN="https://www.oriv.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        EVENTS, HTTP_ORIGIN="https://www.oriv.org", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    # The rest of the site is not opened to other origins.
    assert not client.get("/", HTTP_ORIGIN="https://www.oriv.org").has_header(
        "Access-Control-Allow-Origin"
    )


def test_rate_limit_answers_429_in_french(client, settings, openapi):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "api": "3/m/ip"}
    for _ in range(3):
        assert client.get("/api/v1/organisers").status_code == 200
    response = client.get(EVENTS)
    assert response.status_code == 429
    assert response.json() == {
        "detail": "Trop de requêtes : patientez une minute avant de réessayer."
    }
    assert response["Retry-After"] == "60"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert_matches_schema(openapi, "/api/v1/events", response)
    # Another address is not limited.
    assert client.get(EVENTS, REMOTE_ADDR="203.0.113.9").status_code == 200
    cache.clear()
