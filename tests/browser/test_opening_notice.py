""" "Prévenez-moi à l'ouverture" in the browser: ask, confirm through the emailed link, and
the pages along the way pass axe."""

import re

import pytest
from django.core import mail
from django.core.cache import cache

from events.enums import RegistrationMode
from registrations.models import OpeningNotice
from tests.factories import EventFactory

from .test_public_pages import violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def test_opening_notice_journey_from_the_event_page_to_the_confirmed_address(
    page, axe, live_server, settings
):
    settings.SITE_URL = live_server.url
    event = EventFactory(registration_mode=RegistrationMode.LATER, title="Rencontre 2026")
    page.goto(live_server.url + event.get_absolute_url())
    page.get_by_label("Être prévenu·e par courriel de l'ouverture").fill("elue@example.org")
    page.get_by_role("button", name="M'avertir").click()
    assert "Presque terminé" in page.locator("main").inner_text()
    assert violations(axe, page) == []

    [message] = mail.outbox
    link = re.search(r"^(http\S+/alerte/\S+/)$", message.body, re.MULTILINE).group(1)
    page.goto(link)
    assert page.locator("h1").inner_text() == "Confirmer votre adresse"
    assert violations(axe, page) == []
    page.get_by_role("button", name="Confirmer mon adresse").click()
    assert page.locator("h1").inner_text() == "Adresse confirmée"
    assert violations(axe, page) == []
    assert OpeningNotice.objects.get().confirmed_at is not None
    assert page.foreign_requests == []


def test_opening_notice_page_error_is_announced_and_keeps_the_address(page, axe, live_server):
    event = EventFactory(registration_mode=RegistrationMode.LATER)
    page.goto(f"{live_server.url}/evenements/{event.slug}/alerte/")
    page.get_by_label("Votre adresse électronique").fill("pas-une-adresse")
    page.get_by_role("button", name="M'avertir").click()
    summary = page.locator("#form-errors")
    assert "Saisissez une adresse électronique valide" in summary.inner_text()
    assert page.get_by_label("Votre adresse électronique").input_value() == "pas-une-adresse"
    assert page.get_by_label("Votre adresse électronique").get_attribute("aria-invalid") == "true"
    assert violations(axe, page) == []
    assert not OpeningNotice.objects.exists()
