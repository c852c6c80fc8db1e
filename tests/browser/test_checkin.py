"""The door team checks participants in from a phone-sized browser."""

import os

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from registrations.models import CheckIn
from registrations.tokens import make_checkin_token
from tests.factories import (
    EventFactory,
    RegistrationFactory,
    RoomFactory,
    TeamMemberFactory,
    UserFactory,
    WorkshopChoiceFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def violations(axe, page):
    results = axe.run(page)
    return [
        (v["id"], [node["target"] for node in v["nodes"]]) for v in results.response["violations"]
    ]


def screenshot(page, name):
    """Saved when BROWSER_SCREENSHOTS names a folder, to look at the pages by eye."""
    folder = os.environ.get("BROWSER_SCREENSHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)


def log_in_at_the_door(page, live_server, event):
    volunteer = UserFactory(username="benevole", is_staff=True)
    TeamMemberFactory(user=volunteer, organiser=event.organiser, role="door")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + f"/admin/login/?next=/staff/evenements/{event.slug}/accueil/")
    page.locator("#id_username").fill("benevole")
    page.locator("#id_password").fill("motdepasse-solide-2025")
    page.locator("input[type=submit]").click()
    page.get_by_role("link", name="Matin").click()


def test_the_day_at_the_door_tolerates_what_people_type(page, live_server, axe):
    event = EventFactory(
        slug="journee-2025", title="Journée régionale", onsite_capacity=50,
        date=timezone.localdate(),
    )  # fmt: skip
    # Id "1001" in Crockford's base32: the volunteer types O for 0 and I for 1.
    zoe = RegistrationFactory(pk=32**3 + 1, event=event, first_name="Zoé",
                              last_name="FONTIER", organisation="SGARE Grand Est")  # fmt: skip
    WorkshopChoiceFactory(registration=zoe, workshop__title="Codéveloppement",
                          workshop__colour_name="", workshop__colour_hex="",
                          workshop__room=RoomFactory(name="Salle Gruber"))  # fmt: skip
    helene = RegistrationFactory(event=event, first_name="Hélène", last_name="D'ALEMBERT",
                                 organisation="Ville de Pont-à-Mousson")  # fmt: skip
    cancelled = RegistrationFactory(event=event, first_name="Hélène", last_name="MULLER",
                                    organisation="Pont-à-Mousson", status="cancelled")  # fmt: skip
    log_in_at_the_door(page, live_server, event)

    # The code as read aloud: lower case, spaces for dots, groups of four, O for 0, I for 1.
    payload, _dot, signature = make_checkin_token(zoe).rpartition(".")
    assert payload.startswith("1001.")
    groups = " ".join(signature[i : i + 4] for i in range(0, 16, 4))
    typed = f"{payload.replace('.', ' ')} {groups}".replace("0", "o").replace("1", "i").lower()
    page.get_by_label("Code du badge").fill(typed)
    page.get_by_label("Code du badge").press("Enter")
    result = page.locator("#checkin-result")
    result.get_by_role("heading", name="Présent·e").wait_for()
    card = result.inner_text()
    assert "Zoé FONTIER" in card and "Codéveloppement — Salle Gruber" in card
    assert "salle Salle" not in card and result.locator(".colour-chip").count() == 0
    expect(result).to_be_in_viewport()
    assert page.get_by_label("Code du badge").input_value() == ""
    screenshot(page, "door-1-typed-code")

    # The name without accents nor hyphens.
    page.get_by_label("Nom, prénom ou structure").fill("helene pont a mousson")
    page.get_by_role("button", name="Chercher").click()
    found = page.locator("#search-results li")
    expect(found).to_have_count(2)
    # The expected person first, with the green button; the cancelled one greyed, no button.
    expect(found.nth(0)).to_have_attribute("data-person", "expected")
    expect(found.nth(1)).to_have_attribute("data-person", "unexpected")
    assert "Annulée" in found.nth(1).inner_text()
    assert "Inscription annulée." in found.nth(1).inner_text()
    expect(found.nth(1).get_by_role("button")).to_have_count(0)
    assert found.nth(1).evaluate("e => getComputedStyle(e).backgroundColor") != (
        found.nth(0).evaluate("e => getComputedStyle(e).backgroundColor")
    )
    screenshot(page, "door-2-search")
    assert violations(axe, page) == []

    page.get_by_role("button", name="Marquer présent·e : Hélène D'ALEMBERT").click()
    # Her card takes the button's place, in view and focused; the list stays.
    person = page.locator(f"#personne-{helene.pk}")
    heading = person.get_by_role("heading", name="Présent·e")
    heading.wait_for()
    expect(heading).to_be_focused()
    expect(person).to_be_in_viewport()
    assert "Hélène D'ALEMBERT" in person.inner_text()
    expect(page.locator(f"#personne-{cancelled.pk}")).to_be_visible()
    assert page.locator("#checkin-result").inner_text().strip() == ""
    assert page.locator("[data-counter=present]").inner_text() == "2"
    screenshot(page, "door-3-checked-in-from-search")

    assert sorted(CheckIn.objects.values_list("registration__last_name", flat=True)) == [
        "D'ALEMBERT",
        "FONTIER",
    ]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert violations(axe, page) == []
    assert page.foreign_requests == []


def test_staff_checks_in_a_badge_from_a_typed_code_on_a_phone(page, live_server, axe):
    event = EventFactory(
        slug="journee-2025", title="Journée régionale", onsite_capacity=50,
        date=timezone.localdate(),
    )  # fmt: skip
    zoe = RegistrationFactory(event=event, first_name="Zoé", last_name="FONTIER",
                              organisation="SGARE Grand Est")  # fmt: skip
    WorkshopChoiceFactory(registration=zoe, workshop__title="Codéveloppement",
                          workshop__colour_name="Bleu", workshop__colour_hex="#1F4E9D")  # fmt: skip
    RegistrationFactory(event=event, first_name="Nicolas", last_name="BACHET")
    volunteer = UserFactory(username="organisatrice", is_staff=True)
    TeamMemberFactory(user=volunteer, organiser=event.organiser, role="door")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/admin/login/?next=/staff/evenements/journee-2025/accueil/")
    page.locator("#id_username").fill("organisatrice")
    page.locator("#id_password").fill("motdepasse-solide-2025")
    page.locator("input[type=submit]").click()
    page.get_by_role("link", name="Matin").click()
    assert page.locator("[data-counter=expected]").inner_text() == "2"
    assert page.locator("[data-counter=present]").inner_text() == "0"
    # The camera button is offered (the reader is loaded); here the code is typed.
    page.get_by_role("button", name="Scanner un badge avec la caméra").wait_for()
    url_before = page.url

    page.get_by_label("Code du badge").fill(make_checkin_token(zoe))
    page.get_by_label("Code du badge").press("Enter")
    result = page.locator("#checkin-result")
    result.get_by_role("heading", name="Présent·e").wait_for()
    assert "Zoé FONTIER" in result.inner_text()
    assert "Codéveloppement" in result.inner_text() and "Bleu" in result.inner_text()
    assert page.locator("[data-counter=present]").inner_text() == "1"
    assert page.url == url_before  # no reload: the camera would have stopped
    assert page.get_by_label("Code du badge").input_value() == ""
    assert list(CheckIn.objects.values_list("registration__last_name", "half_day")) == [
        ("FONTIER", "matin")
    ]

    page.get_by_label("Code du badge").fill(make_checkin_token(zoe))
    page.get_by_label("Code du badge").press("Enter")
    result.get_by_role("heading", name="Déjà enregistré·e à").wait_for()
    assert CheckIn.objects.count() == 1

    # Fallback: find someone by name.
    page.get_by_label("Nom, prénom ou structure").fill("bachet")
    page.get_by_role("button", name="Chercher").click()
    page.get_by_role("button", name="Marquer présent·e : Nicolas BACHET").click()
    # The card shows where the button was, in the search results.
    card = page.locator("#search-results .checkin-result")
    card.get_by_role("heading", name="Présent·e").wait_for()
    assert "Nicolas BACHET" in card.inner_text()
    assert page.locator("[data-counter=present]").inner_text() == "2"

    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # no horizontal scrolling on a phone
    assert violations(axe, page) == []
    assert page.foreign_requests == []
