"""The staff side of hybrid days: importing a videoconference report through its three
steps, the remote sign-in record, the trail."""

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse
from pypdf import PdfReader

from events.enums import TeamRole
from registrations.enums import PersonalDataAction
from registrations.models import CheckIn, PersonalDataAccess
from tests.factories import (
    EventFactory,
    ProgrammeSlotFactory,
    RegistrationFactory,
    TeamMemberFactory,
)

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "visio"


@pytest.fixture
def event():
    event = EventFactory(
        date=dt.date(2026, 3, 20), slug="rencontre-mixte", remote_attendance=True,
        doors_open=dt.time(8, 45), start_time=dt.time(9), end_time=dt.time(16, 30),
    )  # fmt: skip
    ProgrammeSlotFactory(event=event, start=dt.time(9, 30), end=dt.time(12, 30), streamed=True)
    ProgrammeSlotFactory(event=event, start=dt.time(13, 30), end=dt.time(15), streamed=True)
    for first, last, email in [
        ("Marie", "DUPONT", "marie.dupont@metz.example.org"),
        ("Jean-Luc", "MÜLLER", "jl.muller@grandest.example.org"),
        ("Fatima", "EL AMRANI", "f.elamrani@caf.example.org"),
        ("Sophie", "MARTIN", "s.martin@ville-a.example.org"),
        ("Sophie", "MARTIN", "sophie.martin@ville-b.example.org"),
        ("Élodie", "LEFÈVRE", "elodie.lefevre@anct.example.org"),
    ]:
        RegistrationFactory(
            event=event, first_name=first, last_name=last, email=email, status="confirmed",
            attendance="remote", organisation="Ville",
        )  # fmt: skip
    return event


@pytest.fixture
def manager(client, event):
    client.force_login(TeamMemberFactory(organiser=event.organiser, role=TeamRole.MANAGER).user)
    return client


def upload(client, event, filename, tool, **mapping):
    with (FIXTURES / filename).open("rb") as report:
        return client.post(
            reverse("backoffice:remote_import", args=[event.slug]),
            {"tool": tool, "report": report, **mapping},
        )


def test_import_shows_the_matches_then_records_them_on_confirmation(manager, event):
    response = upload(manager, event, "zoom_participants.csv", "zoom")
    preview = reverse("backoffice:remote_import_preview", args=[event.slug])
    assert response.status_code == 302 and response["Location"] == preview
    assert not CheckIn.objects.exists()  # nothing until confirmed
    page = manager.get(preview).text
    assert "2 personnes reconnues par leur adresse électronique" in page
    assert "1 par son nom" in page and "2 douteuses" in page and "2 sans inscription" in page
    assert "Invité Zoom" in page
    elodie = event.registrations.get(first_name="Élodie")
    response = manager.post(preview, {"confirm": "1", "doubtful-3": str(elodie.pk)})
    assert response.status_code == 302
    remote = CheckIn.objects.remote().order_by("registration__first_name", "half_day")
    assert [(c.registration.first_name, c.half_day, c.minutes) for c in remote] == [
        ("Fatima", "apres_midi", 30), ("Fatima", "matin", 90), ("Jean-Luc", "matin", 120),
        ("Marie", "matin", 180), ("Élodie", "matin", 60),
    ]  # fmt: skip
    entry = PersonalDataAccess.objects.get(action=PersonalDataAction.REMOTE_REPORT_IMPORT)
    assert (entry.count, entry.detail) == (
        4,
        "Zoom (rapport des participants) — zoom_participants.csv",
    )
    # The session no longer holds the report: the check step leads back to the upload.
    assert manager.get(preview)["Location"] == reverse(
        "backoffice:remote_import", args=[event.slug]
    )


def test_import_of_a_bad_file_says_why_in_french_and_keeps_nothing(manager, event):
    response = upload(manager, event, "zoom_missing_columns.csv", "zoom")
    assert response.status_code == 200
    assert "Colonnes introuvables" in response.text
    assert 'id="error-summary"' in response.text
    assert not CheckIn.objects.exists() and not PersonalDataAccess.objects.exists()


def test_generic_import_needs_the_column_names(manager, event):
    response = upload(manager, event, "generic_excel_cp1252.csv", "generic")
    assert response.text.count("Indiquez le nom de cette colonne") == 3
    response = upload(
        manager, event, "generic_excel_cp1252.csv", "generic", name_column="Participant",
        join_column="Connexion", leave_column="Déconnexion",
    )  # fmt: skip
    assert response.status_code == 302


def test_abandoning_an_import_records_nothing(manager, event):
    upload(manager, event, "teams_attendance.csv", "teams")
    preview = reverse("backoffice:remote_import_preview", args=[event.slug])
    manager.post(preview, {"cancel": "1"})
    assert not CheckIn.objects.exists()


def test_remote_signin_record_lists_connections_per_half_day(manager, event):
    upload(manager, event, "zoom_participants.csv", "zoom")
    manager.post(reverse("backoffice:remote_import_preview", args=[event.slug]), {"confirm": "1"})
    response = manager.get(reverse("backoffice:remote_signin_pdf", args=[event.slug]))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(
        " ".join(
            page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages
        ).split()
    )
    assert "Relevé des connexions à distance" in text
    assert "3 personnes suivies à distance" in text
    assert "DUPONT Marie Ville 09:30 12:30 3h00 Rapport de l'outil de visioconférence" in text
    assert "EL AMRANI Fatima Ville 13:30 14:00 0h30" in text
    response = manager.get(reverse("backoffice:remote_signin_xlsx", args=[event.slug]))
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][:5] == ("Nom", "Prénom", "Structure", "Adresse électronique", "Demi-journée")
    assert [(row[0], row[4], row[7]) for row in rows[1:]] == [
        ("DUPONT", "Matin", 180), ("EL AMRANI", "Matin", 90),
        ("EL AMRANI", "Après-midi", 30), ("MÜLLER", "Matin", 120),
    ]  # fmt: skip
    actions = list(
        PersonalDataAccess.objects.filter(action=PersonalDataAction.REMOTE_SIGNIN)
        .order_by("pk")
        .values_list("count", "detail")
    )
    assert actions == [(3, "PDF"), (3, "XLSX")]


def test_documents_bar_of_a_hybrid_event_links_the_remote_pages(manager, event):
    response = manager.get(reverse("admin:events_event_change", args=[event.pk]))
    assert reverse("backoffice:remote_import", args=[event.slug]) in response.text
    assert reverse("backoffice:remote_signin_pdf", args=[event.slug]) in response.text
