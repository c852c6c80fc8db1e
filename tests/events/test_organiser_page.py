"""The organiser's public page: its upcoming events and the embed snippet."""

import datetime as dt
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from events.enums import EventStatus
from tests.factories import EventFactory, OrganiserFactory

pytestmark = pytest.mark.django_db


def days(n):
    return timezone.localdate() + dt.timedelta(days=n)


def test_organiser_page_lists_upcoming_visible_events_only(client):
    oriv = OrganiserFactory(slug="oriv", short_name="ORIV", name="Observatoire")
    EventFactory(organiser=oriv, title="À venir", date=days(5))
    EventFactory(organiser=oriv, title="Annulée", date=days(6), status=EventStatus.CANCELLED)
    EventFactory(organiser=oriv, title="Passée", date=days(-5))
    EventFactory(organiser=oriv, title="Brouillon", date=days(7), status=EventStatus.DRAFT)
    EventFactory(title="D'un autre", date=days(5))
    response = client.get(reverse("events:organiser_detail", args=["oriv"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>ORIV (Observatoire)</h1>" in html
    assert "À venir" in html and "Annulée" in html
    for absent in ("Passée", "Brouillon", "D'un autre"):
        assert absent not in html


def test_organiser_page_offers_the_embed_snippet(client):
    OrganiserFactory(slug="oriv")
    html = client.get("/organisateurs/oriv/").content.decode()
    snippet = unescape(html.split("data-copy-source>")[1].split("</textarea>")[0])
    assert snippet == (
        '<div id="agenda-oriv"></div>\n'
        '<script src="http://127.0.0.1:8000/static/js/embed.js" data-organiser="oriv" '
        'data-target="agenda-oriv" async></script>'
    )
    assert "readonly data-copy-source" in html
    assert "Copier le code" in html


def test_unknown_organiser_is_404(client):
    assert client.get("/organisateurs/inconnu/").status_code == 404
