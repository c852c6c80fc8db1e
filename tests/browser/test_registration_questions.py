"""The demonstration day with the organiser's own questions: an organisation's
administrator adds two questions on the event's admin page, a participant answers them on
the registration form (which passes axe-core with the questions and with their errors), and
finds them on their registration page."""

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client

from events.models import Event
from registrations.models import Answer
from tests.factories import TeamMemberFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO = "demonstration-journee-regionale"


def violations(axe, page):
    return [
        (v["id"], [node["target"] for node in v["nodes"]][:5])
        for v in axe.run(page).response["violations"]
    ]


def log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_organiser_adds_two_questions_and_a_participant_answers_them(
    page, live_server, axe, tmp_path
):
    call_command("load_demo", stdout=io.StringIO())
    event = Event.objects.get(slug=DEMO)
    administrator = UserFactory(username="administratrice", is_staff=True)
    TeamMemberFactory(user=administrator, organiser=event.organiser, role="admin")

    # The organiser adds two questions on the event's page.
    log_in(page, live_server, administrator)
    page.goto(live_server.url + f"/admin/events/event/{event.pk}/change/")
    add = page.get_by_role("button", name=re.compile("Ajouter .*question", re.I))
    add.click()
    page.locator("#id_questions-0-order").fill("1")
    page.locator("#id_questions-0-label").fill("Quel contrat de ville représentez-vous ?")
    page.locator("#id_questions-0-required").check()
    add.click()
    page.locator("#id_questions-1-order").fill("2")
    page.locator("#id_questions-1-label").fill(
        "Participerez-vous à la visite de site de l'après-midi ?"
    )
    page.locator("#id_questions-1-kind").select_option("yes_no")
    page.locator("#id_questions-1-required").check()
    page.locator("input[name=_continue]").first.click()
    page.screenshot(path=tmp_path / "admin.png", full_page=True)
    assert "a été modifié avec succès" in page.locator(".messagelist").inner_text()
    assert list(event.questions.values_list("label", "kind")) == [
        ("Quel contrat de ville représentez-vous ?", "short_text"),
        ("Participerez-vous à la visite de site de l'après-midi ?", "yes_no"),
    ]

    # A participant answers them.
    page.context.clear_cookies()
    log_in(page, live_server, UserFactory(username="elue", email="elue@example.org"))
    page.goto(live_server.url + f"/evenements/{DEMO}/inscription/")
    assert page.locator("h1").inner_text() == "Inscription"
    assert violations(axe, page) == []
    page.locator("#id_first_name").fill("Camille")
    page.locator("#id_last_name").fill("MARTIN")
    page.locator("#id_organisation").fill("Ville de Metz")
    page.locator("#id_category").select_option(label="Élu·e communal·e")
    page.get_by_label(re.compile("Répondre aux besoins des habitants")).check()
    page.get_by_label(re.compile("Codéveloppement — Bleu")).check()
    page.locator("#id_privacy").check()
    page.get_by_label(re.compile("Quel contrat de ville")).fill("Contrat de ville de Metz")
    page.get_by_role("button", name="Valider mon inscription").click()

    # The missing answer: said in French, the rest kept, still accessible.
    summary = page.locator(".error-summary").inner_text()
    assert (
        "Participerez-vous à la visite de site de l'après-midi ? : Répondez à cette question."
        in summary
    )
    assert page.get_by_label(re.compile("Quel contrat de ville")).input_value() == (
        "Contrat de ville de Metz"
    )
    assert violations(axe, page) == []
    visit = event.questions.get(kind="yes_no")
    page.locator(f"input[name=question_{visit.pk}][value=oui]").check()
    page.locator("#id_privacy").check()
    page.get_by_role("button", name="Valider mon inscription").click()

    assert page.locator("h1").inner_text() == "Mon inscription"
    facts = page.locator("dl.facts").inner_text()
    assert "Quel contrat de ville représentez-vous ?\nContrat de ville de Metz" in facts
    assert "Participerez-vous à la visite de site de l'après-midi ?\noui" in facts
    assert violations(axe, page) == []
    assert sorted(Answer.objects.values_list("label", "value")) == [
        ("Participerez-vous à la visite de site de l'après-midi ?", True),
        ("Quel contrat de ville représentez-vous ?", "Contrat de ville de Metz"),
    ]
    assert page.foreign_requests == []
