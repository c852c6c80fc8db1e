import datetime as dt
import re

import pytest

from events.enums import EventStatus
from resources.enums import ResourceKind
from tests.factories import (
    CycleFactory,
    EventFactory,
    ProgrammeSlotFactory,
    ResourceFactory,
)

from .helpers import PDF, file_resource

pytestmark = pytest.mark.django_db

LIBRARY = "/ressources/"


def listed(response):
    return list(response.context["page"].object_list)


@pytest.fixture
def library():
    """Resources of two cycles, two years, two themes, each kind of link once."""
    cycle_2024 = CycleFactory(title="2024, année 1", slug="2024-annee-1")
    cycle_2025 = CycleFactory(title="Contrats de ville en Grand Est — 2025", slug="grand-est-2025")
    lyon = EventFactory(
        title="Sortir la programmation 2025",
        slug="lyon-2024",
        theme="Entrez dans la vie du contrat",
        cycle=cycle_2024,
        date=dt.date(2024, 9, 24),
    )
    bischheim = EventFactory(
        title="La jeunesse en quartiers populaires",
        slug="bischheim-2025",
        theme="Contrats de ville en Grand Est",
        cycle=cycle_2025,
        date=dt.date(2025, 3, 7),
    )
    tomblaine = EventFactory(
        title="Concevoir des coopérations",
        slug="tomblaine-2025",
        theme="Contrats de ville en Grand Est",
        cycle=cycle_2025,
        date=dt.date(2025, 10, 2),
    )
    return {
        "programmation": ResourceFactory(
            event=lyon,
            title="Programmation : les outils",
            kind=ResourceKind.PRESENTATION,
            description="Méthodes et outillages de programmation.",
        ),
        "jeunesse": ResourceFactory(
            event=bischheim, title="Compte rendu jeunesse", kind=ResourceKind.REPORT
        ),
        "webdoc": ResourceFactory(
            event=tomblaine,
            title="Coopérations en quartier populaire",
            kind=ResourceKind.WEBDOC,
            order=0,
        ),
        "carte": ResourceFactory(
            event=tomblaine,
            title="Cartographie des contrats de ville",
            kind=ResourceKind.MAP,
            order=1,
        ),
    }


def test_library_lists_published_resources_newest_event_first(client, library):
    response = client.get(LIBRARY)

    assert response.status_code == 200
    assert listed(response) == [
        library["webdoc"],
        library["carte"],
        library["jeunesse"],
        library["programmation"],
    ]
    assert response.context["page"].paginator.count == 4


def test_library_hides_unpublished_resources_and_hidden_events(client, library):
    ResourceFactory(title="Brouillon de ressource", published=False)
    ResourceFactory(title="Ressource d'un brouillon", event__status=EventStatus.DRAFT)

    response = client.get(LIBRARY)

    assert len(listed(response)) == 4
    html = response.content.decode()
    assert "Brouillon de ressource" not in html
    assert "Ressource d&#x27;un brouillon" not in html
    # Nor are their events offered as filters.
    assert [event.slug for event in response.context["form"].events.values()] == [
        "tomblaine-2025",
        "bischheim-2025",
        "lyon-2024",
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("theme=Contrats de ville en Grand Est", ["webdoc", "carte", "jeunesse"]),
        ("theme=Entrez dans la vie du contrat", ["programmation"]),
        ("event=tomblaine-2025", ["webdoc", "carte"]),
        ("event=bischheim-2025", ["jeunesse"]),
        ("cycle=grand-est-2025", ["webdoc", "carte", "jeunesse"]),
        ("cycle=2024-annee-1", ["programmation"]),
        ("kind=carte", ["carte"]),
        ("kind=compte_rendu", ["jeunesse"]),
        ("kind=publication", []),
        ("year=2025", ["webdoc", "carte", "jeunesse"]),
        ("year=2024", ["programmation"]),
        ("cycle=grand-est-2025&kind=webdocumentaire&year=2025", ["webdoc"]),
        ("event=lyon-2024&year=2025", []),
    ],
)
def test_library_filters_narrow_to_the_exact_list(client, library, query, expected):
    response = client.get(f"{LIBRARY}?{query}")

    assert listed(response) == [library[name] for name in expected]
    assert response.context["form"].errors == {}


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("cartographie", ["carte"]),  # title, any case
        ("outillages", ["programmation"]),  # description
        ("jeunesse", ["jeunesse"]),  # title and event title: listed once
        ("coopérations", ["webdoc", "carte"]),  # the event's title
        ("coopérations carto", ["carte"]),  # every word must match
        ("introuvable", []),
    ],
)
def test_library_search_looks_in_title_description_and_event(client, library, search, expected):
    response = client.get(LIBRARY, {"search": search})

    assert listed(response) == [library[name] for name in expected]


def test_library_unknown_filter_value_is_ignored_and_said(client, library):
    response = client.get(LIBRARY, {"event": "evenement-inconnu", "kind": "carte"})

    assert listed(response) == [library["carte"]]
    assert list(response.context["form"].errors) == ["event"]
    assert "Un des filtres demandés n'existe pas : il n'a pas été appliqué." in (
        response.content.decode()
    )


def test_library_offers_only_values_that_lead_to_resources(client, library):
    EventFactory(theme="Thème sans ressource", date=dt.date(2023, 5, 1))

    form = client.get(LIBRARY).context["form"]

    assert form.fields["theme"].choices == [
        ("", "Tous"),
        ("Contrats de ville en Grand Est", "Contrats de ville en Grand Est"),
        ("Entrez dans la vie du contrat", "Entrez dans la vie du contrat"),
    ]
    assert form.fields["cycle"].choices == [
        ("", "Tous"),
        ("2024-annee-1", "2024, année 1"),
        ("grand-est-2025", "Contrats de ville en Grand Est — 2025"),
    ]
    assert form.fields["year"].choices == [("", "Tous"), ("2025", "2025"), ("2024", "2024")]
    assert form.fields["event"].choices == [
        ("", "Tous"),
        ("tomblaine-2025", "Concevoir des coopérations (02/10/2025)"),
        ("bischheim-2025", "La jeunesse en quartiers populaires (07/03/2025)"),
        ("lyon-2024", "Sortir la programmation 2025 (24/09/2024)"),
    ]


def test_library_form_is_labelled_and_keeps_the_values(client, library):
    html = client.get(
        LIBRARY, {"search": "carto", "kind": "carte", "cycle": "grand-est-2025"}
    ).content.decode()
    flat = re.sub(r"\s+", " ", html)

    assert '<form method="get" action="/ressources/" role="search"' in html
    for field, label in [
        ("search", "Rechercher"),
        ("theme", "Thème"),
        ("event", "Événement"),
        ("cycle", "Cycle"),
        ("kind", "Type de ressource"),
        ("year", "Année"),
    ]:
        assert f'<label for="id_{field}" class="form-label"> {label} </label>' in flat
    assert '<input type="search" name="search" value="carto" maxlength="200"' in html
    assert 'aria-describedby="id_search_helptext"' in html
    assert '<option value="carte" selected>Carte</option>' in html
    assert '<option value="grand-est-2025" selected>' in html
    assert '<h2 id="resultats" class="h4">1 ressource</h2>' in html


def test_library_item_shows_kind_event_slot_and_file_details(client):
    event = EventFactory(title="Concevoir des coopérations", slug="tomblaine-2025")
    slot = ProgrammeSlotFactory(event=event, title="Enjeux de coopération")
    resource = file_resource(
        "diaporama.pdf", PDF, event=event, slot=slot, title="Diaporama ORIV",
        kind=ResourceKind.PRESENTATION,
    )  # fmt: skip

    html = client.get(LIBRARY).content.decode()

    assert (
        f'<a href="/ressources/{resource.pk}/telecharger/">Diaporama ORIV '
        f'<span class="resource-format">(PDF, {len(PDF)} octets)</span></a>'
    ) in html
    assert '<p class="mb-1 text-secondary-strong">Présentation</p>' in html
    assert '<a href="/evenements/tomblaine-2025/">Concevoir des coopérations</a>' in html
    assert "Temps du programme : Enjeux de coopération" in html
    assert "/media/" not in html


def test_library_link_resource_says_it_leads_elsewhere(client):
    ResourceFactory(
        title="Cartographie", url="https://www.oriv.org/politique-de-la-ville-en-grand-est/"
    )

    html = client.get(LIBRARY).content.decode()

    assert (
        '<a href="https://www.oriv.org/politique-de-la-ville-en-grand-est/" '
        'rel="noopener noreferrer">Cartographie<span class="visually-hidden"> (site externe)'
        "</span></a>"
    ) in html


def test_library_paginates_and_keeps_the_filters(client):
    event = EventFactory()
    resources = [
        ResourceFactory(event=event, title=f"Carte {n:02d}", kind=ResourceKind.MAP)
        for n in range(21)
    ]
    ResourceFactory(event=event, title="Autre chose", kind=ResourceKind.OTHER)

    first = client.get(LIBRARY, {"kind": "carte"})
    second = client.get(LIBRARY, {"kind": "carte", "page": "2"})

    assert listed(first) == resources[:20]
    assert listed(second) == resources[20:]
    assert '<a class="page-link" href="?kind=carte&amp;page=2">Page suivante</a>' in (
        first.content.decode()
    )
    assert "Page 2 sur 2" in second.content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_library_query_count_does_not_grow(client, django_assert_num_queries, count):
    cycle = CycleFactory()
    for i in range(count):
        event = EventFactory(cycle=cycle, date=dt.date(2025, 1, 1) + dt.timedelta(days=i))
        file_resource(event=event, slot=ProgrammeSlotFactory(event=event))
    with django_assert_num_queries(3):  # filter choices, count, page
        response = client.get(LIBRARY)
    assert len(listed(response)) == count


def test_library_is_in_the_site_menu(client):
    html = client.get("/").content.decode()

    assert '<a class="nav-link" href="/ressources/">Ressources</a>' in html
    assert (
        '<a class="nav-link" href="/ressources/" aria-current="page">Ressources</a>'
        in client.get(LIBRARY).content.decode()
    )
