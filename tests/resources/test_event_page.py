import datetime as dt
import re
from html import unescape

import pytest

from resources.enums import ResourceKind
from tests.factories import EventFactory, ProgrammeSlotFactory, ResourceFactory, TakeawayFactory

from .helpers import PDF, file_resource

pytestmark = pytest.mark.django_db


def text_of(response):
    html = response.content.decode()
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def test_event_page_shows_slot_resources_under_their_slot(client):
    event = EventFactory(date=dt.date(2025, 10, 2))
    opening = ProgrammeSlotFactory(
        event=event, title="Ouverture officielle", start=dt.time(10), end=dt.time(10, 30)
    )
    talk = ProgrammeSlotFactory(
        event=event, title="Enjeux de coopération", start=dt.time(10, 30), end=dt.time(10, 50)
    )
    ProgrammeSlotFactory(event=event, title="Pause", start=dt.time(10, 50), end=dt.time(11))
    slides = file_resource(
        "diaporama.pdf", PDF, event=event, slot=talk, title="Diaporama ORIV",
        kind=ResourceKind.PRESENTATION,
    )  # fmt: skip
    ResourceFactory(event=event, slot=opening, title="Brouillon d'ouverture", published=False)
    ResourceFactory(
        event=event,
        title="Cartographie des contrats de ville",
        kind=ResourceKind.MAP,
        url="https://www.oriv.org/politique-de-la-ville-en-grand-est/",
    )

    response = client.get(event.get_absolute_url())

    text = text_of(response)
    assert re.search(
        r"10h30 – 10h50 Enjeux de coopération .*? Ressources Diaporama ORIV \(PDF, "
        rf"{len(PDF)} octets\) \(présentation\) 10h50 – 11h Pause",
        text,
    )
    assert text.index("Pause") < text.index("Ressources Cartographie des contrats de ville")
    assert "Brouillon d'ouverture" not in text
    assert text.count("Diaporama ORIV") == 1  # under its slot only, not again below
    html = response.content.decode()
    assert f'<a href="/ressources/{slides.pk}/telecharger/">Diaporama ORIV' in html
    assert "D'autres ressources sont présentées avec le temps du programme" in text
    assert '<a href="/ressources/">Toutes les ressources</a>' in html


def test_event_page_without_published_resources_has_no_resources_section(client):
    event = EventFactory()
    ResourceFactory(event=event, published=False)

    html = client.get(event.get_absolute_url()).content.decode()

    assert 'id="ressources"' not in html
    assert "Toutes les ressources" not in html


def test_event_page_with_only_event_resources_says_nothing_of_slots(client):
    event = EventFactory()
    ResourceFactory(event=event, title="Compte rendu", kind=ResourceKind.REPORT)

    text = text_of(client.get(event.get_absolute_url()))

    assert "Ressources Compte rendu (site externe) (compte rendu) Toutes les ressources" in text
    assert "D'autres ressources" not in text


def test_past_event_page_shows_its_takeaways(client):
    event = EventFactory(date=dt.date(2025, 5, 16))
    TakeawayFactory(event=event, text="Confronter les constats pour identifier les besoins.")
    TakeawayFactory(event=event, text="Texte pas encore publié", published=False)

    text = text_of(client.get(event.get_absolute_url()))

    assert "À retenir Confronter les constats pour identifier les besoins." in text
    assert "pas encore publié" not in text
