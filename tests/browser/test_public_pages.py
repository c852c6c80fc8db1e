import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEED_EVENT = "/evenements/2025-10-02-journee-regionale-cooperations/"


def violations(axe, page):
    results = axe.run(page)
    return [
        (v["id"], [node["target"] for node in v["nodes"]]) for v in results.response["violations"]
    ]


def test_home_and_seed_event_page_have_no_axe_violations(page, axe, live_server):
    call_command("load_demo", verbosity=0)

    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "Les rencontres régionales des contrats de ville"
    assert page.get_by_role("link", name="Démonstration — Concevoir des coopérations").count() == 1
    assert violations(axe, page) == []

    page.goto(live_server.url + SEED_EVENT)
    assert page.locator("h1").inner_text() == (
        "Concevoir des coopérations pour mieux agir auprès des habitants et habitantes !"
    )
    codev = page.locator(".workshop", has_text="Codéveloppement")
    assert "Couleur : Bleu" in codev.inner_text()
    assert "Salle : Salle Chardon" in codev.inner_text()
    assert violations(axe, page) == []

    # The skip link is the first thing a keyboard reaches, and it moves focus to the content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Aller au contenu"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"
    assert page.foreign_requests == []


def test_seed_event_page_reads_on_a_phone(browser, live_server):
    call_command("load_demo", verbosity=0)
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.goto(live_server.url + SEED_EVENT)
    # Nothing is wider than the screen: no horizontal scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.get_by_text("Serious Game").is_visible()
    context.close()
