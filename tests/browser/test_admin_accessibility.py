"""The admin pages an organisation's administrator works in pass axe-core: the event page
(programme table, documents bar, ateliers overview) and the registrations list, at 1280 px."""

import io

import pytest
from django.core.management import call_command

from events.models import Event
from registrations.models import Registration
from tests.factories import TeamMemberFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLUG = "2025-10-02-journee-regionale-cooperations"
BLOCKING = {"critical", "serious"}


def blocking_violations(axe, page):
    results = axe.run(page)
    return [
        (v["id"], v["impact"], [node["target"] for node in v["nodes"]][:5])
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
    ]


def log_in_as_organisation_administrator(page, live_server, event):
    administrator = UserFactory(username="administratrice", is_staff=True)
    TeamMemberFactory(user=administrator, organiser=event.organiser, role="admin")
    page.goto(live_server.url + "/admin/login/")
    page.locator("#id_username").fill("administratrice")
    page.locator("#id_password").fill("motdepasse-solide-2025")
    page.locator("input[type=submit]").click()


def test_admin_event_change_page_passes_axe_for_an_organisation_administrator(
    page, live_server, axe, tmp_path
):
    call_command("load_demo", stdout=io.StringIO())
    event = Event.objects.get(slug=SLUG)
    log_in_as_organisation_administrator(page, live_server, event)

    page.goto(live_server.url + f"/admin/events/event/{event.pk}/change/")
    page.screenshot(path=tmp_path / "event.png", full_page=True)  # to look at when it fails

    assert blocking_violations(axe, page) == []
    # Each input of the programme table is named after its column and row.
    assert page.get_by_label("Salle (temps du programme, ligne 1)").count() == 1
    assert page.get_by_label("Titre (temps du programme, ligne 2)").input_value() == (
        "Ouverture officielle - Enjeux de la journée"
    )
    assert page.get_by_label("Ouverture des inscriptions : heure").count() == 1
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1280
    assert page.foreign_requests == []


def test_admin_registrations_list_passes_axe_for_an_organisation_administrator(
    page, live_server, axe, tmp_path
):
    call_command("load_demo", stdout=io.StringIO())
    event = Event.objects.get(slug=SLUG)
    for i in range(5):
        Registration.objects.create(
            event=event, first_name="Camille", last_name=f"NOM{i:02d}",
            email=f"p{i}@example.org", category="collectivite", attendance="on_site",
            organisation="Communauté d'agglomération Portes de France-Thionville",
            status="confirmed",
        )  # fmt: skip
    log_in_as_organisation_administrator(page, live_server, event)

    page.goto(live_server.url + f"/admin/registrations/registration/?event__id__exact={event.pk}")
    page.screenshot(path=tmp_path / "registrations.png")

    assert blocking_violations(axe, page) == []
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1280
    visible = page.locator("#changelist .results").bounding_box()
    for cell in page.locator("td.field-status").all():
        box = cell.bounding_box()
        assert box["x"] + box["width"] <= visible["x"] + visible["width"]
    assert page.foreign_requests == []
