import io
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.management import call_command

from registrations.enums import RegistrationStatus
from registrations.models import Registration
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO = "/evenements/demonstration-journee-regionale/"


def test_sign_in_by_code_register_with_two_ateliers_then_cancel(page, axe, live_server):
    call_command("load_demo", stdout=io.StringIO())
    user = UserFactory(username="elue", email="elue@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    mail.outbox.clear()

    # From the event page to the login page, which asks for an email only.
    page.goto(live_server.url + DEMO)
    page.get_by_role("link", name="M'inscrire").click()
    assert page.locator("h1").inner_text() == "Se connecter"
    assert violations(axe, page) == []
    page.get_by_label("Adresse électronique").fill("elue@example.org")
    page.get_by_role("button", name=re.compile("code", re.I)).first.click()

    # The code comes by email.
    assert page.locator("h1").inner_text() == "Saisir le code de connexion"
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    page.get_by_label(re.compile("Code", re.I)).fill(code)
    page.get_by_role("button", name="Se connecter").click()

    # Back on the registration form, with the ateliers of the two ateliers slots.
    assert page.locator("h1").inner_text() == "Inscription"
    assert violations(axe, page) == []
    page.locator("#id_first_name").fill("Camille")
    page.locator("#id_last_name").fill("MARTIN")
    page.locator("#id_organisation").fill("Ville de Metz")
    page.locator("#id_category").select_option(label="Élu·e communal·e")
    page.get_by_label(re.compile("Répondre aux besoins des habitants")).check()
    page.get_by_label(re.compile("Codéveloppement — Bleu")).check()
    page.locator("#id_privacy").check()
    page.get_by_role("button", name="Valider mon inscription").click()

    # The registration page: confirmed, with both ateliers and their rooms.
    assert page.locator("h1").inner_text() == "Mon inscription"
    assert violations(axe, page) == []
    summary = page.locator("dl.facts").inner_text()
    assert "Confirmée" in summary
    assert (
        "Répondre aux besoins des habitants à partir de l'abattement TFPB — Salle Chardon"
        in summary
    )
    assert "Codéveloppement — Salle Chardon (Bleu)" in summary
    registration = Registration.objects.get(email="elue@example.org")
    assert [c.workshop.title for c in registration.choices.order_by("slot__start")] == [
        "Répondre aux besoins des habitants à partir de l'abattement TFPB",
        "Codéveloppement",
    ]
    confirmation = mail.outbox[-1]
    assert confirmation.subject.startswith("Inscription confirmée")
    assert confirmation.attachments[0][0] == "demonstration-journee-regionale.ics"

    # Mon espace lists it; cancelling from there frees the seat.
    page.goto(live_server.url + "/mon-espace/")
    assert "Démonstration — Concevoir des coopérations" in page.locator("main").inner_text()
    assert violations(axe, page) == []
    page.get_by_role("link", name=re.compile("^Annuler")).first.click()
    page.get_by_role("button", name="Oui, annuler mon inscription").click()
    assert "Votre inscription est annulée." in page.locator("main").inner_text()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    assert page.foreign_requests == []


def violations(axe, page):
    return [v["id"] for v in axe.run(page).response["violations"]]
