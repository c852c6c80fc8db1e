import re
from html import unescape

import pytest
from django.core.management import call_command

from backoffice.demo.loader import load_demo
from resources.models import Resource, Takeaway

pytestmark = pytest.mark.django_db

COOPERATIONS = "2025-10-02-journee-regionale-cooperations"
WEBDOC_URL = (
    "https://www.oriv.org/publication/"
    "cooperations-en-quartier-populaire-des-pratiques-renouvelees-webdocumentaire/"
)
MAP_URL = "https://www.oriv.org/politique-de-la-ville-en-grand-est/"
TERRITORIAL_TAKEAWAYS = {
    "2025-03-07-rencontre-territoriale-jeunesse": (
        "Privilégier une approche globale et travailler sur les parcours en tenant compte des "
        "besoins des jeunes et de leurs aspirations."
    ),
    "2025-04-24-rencontre-territoriale-familles-monoparentalite": (
        "Articuler les structures de droit commun pour permettre aux parents de bénéficier les "
        "équipements existants."
    ),
    "2025-05-16-rencontre-territoriale-isolement-vulnerabilite": (
        "Confronter les constats pour identifier les « besoins » et à partir de l'existant "
        "construire, en commun, des actions y répondre."
    ),
}


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def text_of(response):
    html = response.content.decode()
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def test_demo_resources_are_in_the_library(client, demo):
    response = client.get("/ressources/", {"cycle": "grand-est-2025", "year": "2025"})

    assert [(r.event.slug, r.slot, r.kind, r.title, r.url) for r in response.context["page"]] == [
        (
            COOPERATIONS,
            None,
            "webdocumentaire",
            "Coopérations en quartier populaire : des pratiques renouvelées (webdocumentaire)",
            WEBDOC_URL,
        ),
        (COOPERATIONS, None, "carte", "Cartographie des contrats de ville en Grand Est", MAP_URL),
    ]
    assert response.context["page"].paginator.count == Resource.objects.count() == 2


def test_demo_resources_are_on_the_event_page(client, demo):
    html = client.get(f"/evenements/{COOPERATIONS}/").content.decode()

    assert f'<a href="{WEBDOC_URL}" rel="noopener noreferrer">' in html
    assert f'<a href="{MAP_URL}" rel="noopener noreferrer">' in html


@pytest.mark.parametrize("slug", list(TERRITORIAL_TAKEAWAYS))
def test_demo_territorial_meetings_show_their_takeaway(client, demo, slug):
    text = text_of(client.get(f"/evenements/{slug}/"))

    assert f"À retenir {TERRITORIAL_TAKEAWAYS[slug]}" in text


def test_demo_resources_and_takeaways_are_loaded_once(demo):
    resources = list(Resource.objects.order_by("pk").values())
    takeaways = list(Takeaway.objects.order_by("pk").values())

    summary = load_demo()

    assert list(Resource.objects.order_by("pk").values()) == resources
    assert list(Takeaway.objects.order_by("pk").values()) == takeaways
    assert summary["resources"] == {"total": 2, "created": 0, "updated": 0}
    assert summary["takeaways"] == {"total": 4, "created": 0, "updated": 0}
