"""The team's documents: staff only, from the event's admin page and admin actions."""

import io
import re

import pypdf
import pytest
from django.urls import reverse

from backoffice.models import PreparedDocument
from registrations.models import Registration
from tests.factories import TeamMemberFactory, UserFactory

from .test_badges import Day

pytestmark = pytest.mark.django_db

PDF = "application/pdf"
CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def day():
    day = Day(slug="journee-2025")
    day.participant("Zoé", "FONTIER", day.tfpb, day.blue)
    day.participant("Nicolas", "BACHET", day.yellow)
    return day


def documents_of(day):
    """(URL, content type, file name) of every document of the day."""
    base = "/staff/evenements/journee-2025"
    return [
        (f"{base}/badges.pdf?format=a4", PDF, "badges-journee-2025-a4.pdf"),
        (f"{base}/badges.pdf?format=a6", PDF, "badges-journee-2025-a6.pdf"),
        (f"{base}/badges.pdf", PDF, "badges-journee-2025-a4.pdf"),
        (f"{base}/emargement.pdf", PDF, "emargement-journee-2025.pdf"),
        (
            f"{base}/emargement-atelier-{day.blue.pk}.pdf",
            PDF,
            f"emargement-journee-2025-atelier-{day.blue.pk}.pdf",
        ),
        (f"{base}/participants.csv", CSV, "participants-journee-2025.csv"),
        (f"{base}/participants.xlsx", XLSX, "participants-journee-2025.xlsx"),
    ]


def test_documents_urls():
    assert reverse("backoffice:badges", args=["x"]) == "/staff/evenements/x/badges.pdf"
    assert (
        reverse("backoffice:workshop_signin_sheet", args=["x", 7])
        == "/staff/evenements/x/emargement-atelier-7.pdf"
    )


def test_documents_download_for_the_organising_team(organiser_client, day):
    for url, content_type, filename in documents_of(day):
        response = organiser_client.get(url, follow=True)
        assert response.status_code == 200, url
        assert response["Content-Type"] == content_type
        assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
        if content_type == PDF:
            assert response.content.startswith(b"%PDF-")
    badges = organiser_client.get(documents_of(day)[1][0], follow=True)
    pages = pypdf.PdfReader(io.BytesIO(badges.content)).pages
    assert [page.extract_text().splitlines()[2] for page in pages] == ["BACHET", "FONTIER"]
    xlsx = organiser_client.get(documents_of(day)[-1][0], follow=True).content
    assert xlsx.startswith(b"PK")  # a zip: the XLSX container
    csv = organiser_client.get(documents_of(day)[-2][0]).content.decode("utf-8-sig")
    assert "FONTIER" in csv and "BACHET" in csv


def test_documents_send_anonymous_visitors_to_the_admin_login(client, day):
    for url, _content_type, _filename in documents_of(day):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/?next=/staff/evenements/")


def test_documents_refused_to_participants_and_to_a_partner_of_the_event(client, day):
    participant = UserFactory(username="participante")
    partner = TeamMemberFactory(organiser=day.event.organiser, role="partner").user
    for user in (participant, partner):
        client.force_login(user)
        for url, _content_type, _filename in documents_of(day):
            assert client.get(url).status_code == 403, (user, url)


def test_documents_of_an_unknown_event_atelier_or_format(organiser_client, day):
    other_event = Day(slug="autre-journee")
    assert organiser_client.get("/staff/evenements/inconnu/emargement.pdf").status_code == 404
    assert (
        organiser_client.get(
            f"/staff/evenements/journee-2025/emargement-atelier-{other_event.blue.pk}.pdf"
        ).status_code
        == 404
    )
    response = organiser_client.get("/staff/evenements/journee-2025/badges.pdf?format=a5")
    assert response.status_code == 400


def test_event_admin_page_has_the_documents_buttons(organiser_client, day):
    response = organiser_client.get(reverse("admin:events_event_change", args=[day.event.pk]))
    html = response.content.decode()
    base = "/staff/evenements/journee-2025"
    for label, url in [
        ("Badges A4", f"{base}/badges.pdf?format=a4"),
        ("Badges A6", f"{base}/badges.pdf?format=a6"),
        ("Feuilles d&#x27;émargement", f"{base}/emargement.pdf"),
        ("Émargement Abattement TFPB", f"{base}/emargement-atelier-{day.tfpb.pk}.pdf"),
        ("Émargement Codéveloppement", f"{base}/emargement-atelier-{day.blue.pk}.pdf"),
        ("Émargement Anarchaise", f"{base}/emargement-atelier-{day.yellow.pk}.pdf"),
        ("Participants (XLSX)", f"{base}/participants.xlsx"),
        ("Participants (CSV)", f"{base}/participants.csv"),
        ("Agenda (.ics)", "/evenements/journee-2025/agenda.ics"),
    ]:
        assert f'<a href="{url}" class="button event-document">{label}</a>' in html
    assert html.index("Ateliers de 11h30 :") < html.index("Émargement Abattement TFPB")
    assert html.index("Ateliers de 13h30 :") < html.index("Émargement Codéveloppement")


def test_event_admin_page_shows_a_partner_only_the_documents_without_personal_data(client, day):
    partner = TeamMemberFactory(organiser=day.event.organiser, role="partner").user
    client.force_login(partner)
    response = client.get(reverse("admin:events_event_change", args=[day.event.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert re.findall(r'class="button event-document">([^<]+)<', html) == [
        "Chiffres d&#x27;activité 2025",
        "Agenda (.ics)",
    ]
    assert "Groupes de travail" not in html


def test_admin_action_prints_the_badges_of_the_selected_registrations(organiser_client, day):
    """Prepared as the event's documents are: the action leads to the file (at once with
    the immediate backend), through the prepared document of that selection."""
    chosen = Registration.objects.filter(last_name="FONTIER")
    changelist = reverse("admin:registrations_registration_changelist")
    for action, size in [("badges_a4", [595, 842]), ("badges_a6", [298, 420])]:
        response = organiser_client.post(
            changelist, {"action": action, "_selected_action": [r.pk for r in chosen]}, follow=True
        )
        document = PreparedDocument.objects.get(params__format=action[-2:])
        download = reverse("backoffice:document_download", args=["journee-2025", document.pk])
        assert response.redirect_chain == [(download, 302)]
        assert document.params == {"format": action[-2:], "registrations": [chosen.get().pk]}
        assert response.status_code == 200
        assert response["Content-Type"] == PDF
        assert response["Content-Disposition"] == (
            f'attachment; filename="badges-journee-2025-{action[-2:]}.pdf"'
        )
        (page,) = pypdf.PdfReader(io.BytesIO(response.content)).pages
        assert "FONTIER" in page.extract_text() and "BACHET" not in page.extract_text()
        assert [round(x) for x in page.mediabox[2:]] == size


def test_admin_action_refuses_badges_of_several_events(organiser_client, day):
    other = Day(slug="autre").participant("Paul", "AUTRE")
    changelist = reverse("admin:registrations_registration_changelist")
    response = organiser_client.post(
        changelist,
        {
            "action": "badges_a4",
            "_selected_action": [other.pk, *day.event.registrations.values_list("pk", flat=True)],
        },
        follow=True,
    )
    assert response["Content-Type"].startswith("text/html")
    assert (
        "Sélectionnez les inscriptions d&#x27;un seul événement pour imprimer des badges."
        in response.content.decode()
    )
    assert not PreparedDocument.objects.exists()


def test_admin_action_without_confirmed_on_site_registration(organiser_client):
    pending = Day(slug="attente").participant("Paul", "AUBRY", status="pending")
    response = organiser_client.post(
        reverse("admin:registrations_registration_changelist"),
        {"action": "badges_a6", "_selected_action": [pending.pk]},
        follow=True,
    )
    assert "Aucune inscription confirmée sur place dans la sélection : aucun badge." in (
        response.content.decode()
    )
    assert not PreparedDocument.objects.exists()
