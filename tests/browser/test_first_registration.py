"""A participant's first registration, on a phone: from the event page, a new address on
the login page, the code, the registration form (a mistake, the error summary), then the
confirmation with its status, the email and the calendar link. axe on every page."""

import io
import os
import re
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from registrations.enums import RegistrationStatus
from registrations.models import Registration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO = "/evenements/demonstration-journee-regionale/"
PHONE = {"width": 390, "height": 844}
ADDRESS = "premiere.fois@example.org"


def test_first_timer_registers_on_a_phone_and_gets_a_confirmation(page, axe, live_server):
    call_command("load_demo", stdout=io.StringIO())
    mail.outbox.clear()
    page.set_viewport_size(PHONE)

    # The event page: the summary and its jump links come before the long practical part.
    page.goto(live_server.url + DEMO)
    jump = page.get_by_role("navigation", name="Sur cette page :")
    # The demonstration has no resources yet: no link to them.
    assert jump.get_by_role("link").all_inner_texts() == ["Programme", "Ateliers", "S'inscrire"]
    assert jump.bounding_box()["y"] < PHONE["height"]
    assert violations(axe, page) == []
    shot(page, "event-page")
    jump.get_by_role("link", name="Programme").click()
    assert page.url.endswith("#programme")
    page.get_by_role("link", name="M'inscrire").click()

    # An address the portal has never seen gets a code too.
    assert page.locator("h1").inner_text() == "Se connecter"
    page.get_by_label("Adresse électronique").fill(ADDRESS)
    page.get_by_role("button", name=re.compile("code", re.I)).first.click()
    assert page.locator("h1").inner_text() == "Saisir le code de connexion"
    assert violations(axe, page) == []
    [code_email] = mail.outbox
    assert code_email.to == [ADDRESS]
    code = re.search(r"\b(\d{6})\b", code_email.body).group(1)
    page.get_by_label(re.compile("Code", re.I)).fill(code)
    page.get_by_role("button", name="Se connecter").click()

    # Back on the registration form of the same event.
    assert page.locator("h1").inner_text() == "Inscription"
    assert "Démonstration — Concevoir des coopérations" in page.locator("p.lead").inner_text()
    assert violations(axe, page) == []

    # A mistake: the error summary is read first and leads to the field.
    page.locator("#id_first_name").fill("Camille")
    page.get_by_role("button", name="Valider mon inscription").click()
    summary = page.locator("#form-errors")
    expect(summary).to_be_focused()  # static/js/focus.js runs after load: wait for it
    assert "Le formulaire contient des erreurs" in summary.inner_text()
    assert violations(axe, page) == []
    shot(page, "error-summary")
    summary.get_by_role("link", name=re.compile("^Nom : ")).click()
    expect(page.locator("#id_last_name")).to_be_focused()
    assert page.locator("#id_first_name").input_value() == "Camille"

    page.locator("#id_last_name").fill("MARTIN")
    page.locator("#id_organisation").fill("Ville de Metz")
    page.locator("#id_category").select_option(label="Élu·e communal·e")
    page.get_by_label(re.compile("Répondre aux besoins des habitants")).check()
    page.get_by_label(re.compile("Codéveloppement — Bleu")).check()
    page.locator("#id_privacy").check()
    page.get_by_role("button", name="Valider mon inscription").click()

    # The confirmation: status, what happens next, the email just sent, the calendar.
    assert page.locator("h1").inner_text() == "Mon inscription"
    panel = page.get_by_role("status").filter(has_text="C'est fait")
    expect(panel).to_be_focused()
    text = panel.inner_text()
    assert "C'est fait : votre inscription est confirmée." in text
    assert f"Un courriel récapitulatif vient d'être envoyé à {ADDRESS}." in text
    registration = Registration.objects.get(email=ADDRESS)
    assert registration.status == RegistrationStatus.CONFIRMED
    calendar = panel.get_by_role("link", name="Ajouter à mon agenda (.ics)")
    assert calendar.get_attribute("href") == f"/inscription/{registration.token}/agenda.ics"
    confirmation = mail.outbox[-1]
    assert confirmation.to == [ADDRESS]
    assert confirmation.subject.startswith("Inscription confirmée")
    assert violations(axe, page) == []
    shot(page, "confirmation")

    # Everything given is shown, and what can change changes there.
    summary = page.locator("dl.facts").inner_text()
    assert "Droit à l'image\npas d'accord" in summary
    page.get_by_label("Régime alimentaire").fill("Végétarien")
    page.get_by_role("button", name="Enregistrer les modifications").click()
    assert "Vos modifications sont enregistrées." in page.locator("main").inner_text()
    assert "Régime alimentaire\nVégétarien" in page.locator("dl.facts").inner_text()
    assert mail.outbox[-1].subject.startswith("Inscription modifiée")
    assert page.get_by_text("C'est fait").count() == 0  # the confirmation was shown once
    assert violations(axe, page) == []
    shot(page, "registration-page")
    assert page.foreign_requests == []


def violations(axe, page):
    return [v["id"] for v in axe.run(page).response["violations"]]


def shot(page, name):
    """Full-page screenshots for a human look, when Q2030_SCREENSHOTS names a folder."""
    folder = os.environ.get("Q2030_SCREENSHOTS")
    if folder:
        width = page.viewport_size["width"]
        page.screenshot(path=str(Path(folder) / f"{name}-{width}.png"), full_page=True)
