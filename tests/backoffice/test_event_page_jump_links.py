"""The event page's summary and "Sur cette page" links, and what comes before the names."""

import datetime as dt
import re
from html import unescape

import pytest
from django.utils import timezone

from events.enums import RegistrationMode, SlotKind
from registrations.enums import RegistrationStatus
from tests.factories import (
    EventFactory,
    ProgrammeSlotFactory,
    RegistrationFactory,
    ResourceFactory,
    TakeawayFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db


def jump_links(html):
    nav = re.search(
        r'<nav class="jump-links[^>]*aria-labelledby="sur-cette-page">(.*?)</nav>', html, re.S
    )
    if nav is None:
        return None
    return re.findall(r'<a href="(#[^"]+)">([^<]+)</a>', unescape(nav.group(1)))


def test_jump_links_to_every_part_the_page_has(client):
    event = EventFactory(registration_mode=RegistrationMode.OPEN, remote_attendance=True)
    ProgrammeSlotFactory(event=event, title="Ouverture", start=dt.time(10), end=dt.time(10, 30))
    ateliers = ProgrammeSlotFactory(
        event=event, kind=SlotKind.WORKSHOPS, start=dt.time(14), end=dt.time(15)
    )
    WorkshopFactory(slot=ateliers, number=1, title="Codéveloppement")
    ResourceFactory(event=event, title="Cartographie", url="https://www.oriv.org/")

    html = client.get(event.get_absolute_url()).content.decode()

    links = jump_links(html)
    assert links == [
        ("#programme", "Programme"),
        ("#ateliers", "Ateliers"),
        ("#inscription", "S'inscrire"),
        ("#ressources", "Ressources"),
    ]
    for anchor, _label in links:
        assert html.count(f'id="{anchor[1:]}"') == 1, anchor
    # The ateliers anchor is the ateliers slot of the programme.
    assert re.search(r'<li id="ateliers">\s*<p class="mb-0"><time datetime="14:00">', html)
    summary = unescape(re.search(r'<p class="event-summary[^>]*>(.*?)</p>', html).group(1))
    date = event.date.strftime("%d").lstrip("0")
    assert f" {date} " in summary
    assert summary.endswith(", de 10h à 16h30 · Tomblaine · aussi à distance")
    # Near the top: before the practical information and far before the programme.
    assert html.index('class="jump-links') < html.index('id="infos-pratiques"')


def test_jump_links_only_for_what_exists(client):
    event = EventFactory(registration_mode=RegistrationMode.NONE)
    html = client.get(event.get_absolute_url()).content.decode()
    assert jump_links(html) is None


def test_jump_links_of_a_past_event_and_its_outcomes_before_the_names(client):
    event = EventFactory(date=timezone.localdate() - dt.timedelta(days=10))
    ProgrammeSlotFactory(event=event, title="Ouverture")
    TakeawayFactory(event=event, text="Coopérer, c'est d'abord se connaître.")
    ResourceFactory(event=event, title="Cartographie", url="https://www.oriv.org/")
    RegistrationFactory(
        event=event, status=RegistrationStatus.CONFIRMED, list_consent=True, last_name="MARTIN"
    )

    html = client.get(event.get_absolute_url()).content.decode()

    assert jump_links(html) == [
        ("#programme", "Programme"),
        ("#a-retenir", "À retenir"),
        ("#ressources", "Ressources"),
    ]
    assert 'id="participants"' in html
    assert (
        html.index('id="programme"')
        < html.index('id="a-retenir"')
        < html.index('id="ressources"')
        < html.index('id="participants"')
    )


def test_jump_links_survive_the_page_cache(client):
    event = EventFactory(registration_mode=RegistrationMode.OPEN)
    ProgrammeSlotFactory(event=event, title="Ouverture")
    first = client.get(event.get_absolute_url()).content.decode()
    second = client.get(event.get_absolute_url()).content.decode()
    assert (
        jump_links(first)
        == jump_links(second)
        == [
            ("#programme", "Programme"),
            ("#inscription", "S'inscrire"),
        ]
    )
