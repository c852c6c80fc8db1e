import io

import pypdf
import pytest
from django.core.management import call_command

from events.models import Event
from registrations.models import Registration, WorkshopChoice
from tests.factories import TeamMemberFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLUG = "2025-10-02-journee-regionale-cooperations"


def test_staff_clicks_badges_a4_on_the_event_admin_page_and_gets_the_pdf(page, live_server):
    call_command("load_demo", stdout=io.StringIO())
    event = Event.objects.get(slug=SLUG)
    afternoon = event.slots.get(start="13:30")
    ateliers = list(afternoon.workshops.order_by("number"))  # Bleu, Rouge, Jaune, Vert
    for i in range(10):
        registration = Registration.objects.create(
            event=event, first_name="Camille", last_name=f"NOM{i:02d}",
            email=f"p{i}@example.org", organisation="Ville de Metz", category="collectivite",
            attendance="on_site", status="confirmed",
        )  # fmt: skip
        WorkshopChoice.objects.create(
            registration=registration, slot=afternoon, workshop=ateliers[i % 4]
        )
    manager = UserFactory(username="organisatrice", is_staff=True)
    TeamMemberFactory(user=manager, organiser=event.organiser, role="manager")

    page.goto(live_server.url + "/admin/login/")
    page.locator("#id_username").fill("organisatrice")
    page.locator("#id_password").fill("motdepasse-solide-2025")
    page.locator("input[type=submit]").click()
    page.goto(live_server.url + f"/admin/events/event/{event.pk}/change/")
    assert page.get_by_role("link", name="Badges A6").is_visible()
    assert page.get_by_role("link", name="Émargement Codéveloppement").is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Badges A4").click()

    assert download.value.suggested_filename == f"badges-{SLUG}-a4.pdf"
    reader = pypdf.PdfReader(download.value.path())
    assert len(reader.pages) == 2  # 8 badges per sheet
    text = reader.pages[0].extract_text()
    assert "NOM00" in text and "Bleu · Codéveloppement · Salle Chardon" in text
    assert "Rouge · Coop ou pas coop · Salle Myrtilles" in text
    assert page.foreign_requests == []
