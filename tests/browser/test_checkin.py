"""The door team checks participants in from a phone-sized browser."""

import pytest
from django.utils import timezone

from registrations.models import CheckIn
from registrations.tokens import make_checkin_token
from tests.factories import (
    EventFactory,
    RegistrationFactory,
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
    result.get_by_role("heading", name="Présent·e").wait_for()
    assert "Nicolas BACHET" in result.inner_text()
    assert page.locator("[data-counter=present]").inner_text() == "2"

    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # no horizontal scrolling on a phone
    assert violations(axe, page) == []
    assert page.foreign_requests == []
