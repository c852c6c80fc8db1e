"""Hybrid days: the personal join link, the import of videoconference reports, remote
presence in attestations, retention."""

import datetime as dt
import io
import zoneinfo
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from events.enums import HalfDay, SlotKind
from registrations import remote, services
from registrations.attestations import attestation_pdf
from registrations.enums import Attendance, PresenceMode, RegistrationStatus
from registrations.models import CheckIn, Registration
from registrations.services.retention import anonymise
from registrations.visio_report import (
    BY_EMAIL,
    BY_NAME,
    DOUBTFUL,
    UNMATCHED,
    ReportError,
    Tool,
    match_report,
    read_report,
)
from tests.factories import EventFactory, ProgrammeSlotFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
DAY = dt.date(2026, 3, 20)
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "visio"
VISIO = "https://webconf.numerique.gouv.fr/rencontre-thematique"


def at(hour, minute=0, day=DAY):
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=PARIS)


@pytest.fixture
def event():
    """Streamed: the morning talks 9h30–12h30 and a plenary 13h30–15h00; ateliers at
    15h00 are on site only."""
    event = EventFactory(
        date=DAY, doors_open=dt.time(8, 45), start_time=dt.time(9), end_time=dt.time(16, 30),
        remote_attendance=True,
        videoconference_url=VISIO, stream_margin_minutes=15, title="Rencontre thématique",
    )  # fmt: skip
    ProgrammeSlotFactory(event=event, start=dt.time(9), end=dt.time(9, 30), kind=SlotKind.WELCOME)
    ProgrammeSlotFactory(event=event, start=dt.time(9, 30), end=dt.time(12, 30), streamed=True)
    ProgrammeSlotFactory(
        event=event, start=dt.time(12, 30), end=dt.time(13, 30), kind=SlotKind.MEAL
    )
    ProgrammeSlotFactory(event=event, start=dt.time(13, 30), end=dt.time(15), streamed=True)
    ProgrammeSlotFactory(
        event=event, start=dt.time(15), end=dt.time(16, 30), kind=SlotKind.WORKSHOPS
    )
    return event


def person(event, first, last, email, **kwargs):
    kwargs.setdefault("attendance", Attendance.REMOTE)
    kwargs.setdefault("status", RegistrationStatus.CONFIRMED)
    return RegistrationFactory(event=event, first_name=first, last_name=last, email=email, **kwargs)


@pytest.fixture
def people(event):
    return {
        "marie": person(event, "Marie", "DUPONT", "marie.dupont@metz.example.org"),
        "jean-luc": person(event, "Jean-Luc", "MÜLLER", "jl.muller@grandest.example.org"),
        "fatima": person(event, "Fatima", "EL AMRANI", "f.elamrani@caf.example.org"),
        "sophie-a": person(event, "Sophie", "MARTIN", "s.martin@ville-a.example.org"),
        "sophie-b": person(event, "Sophie", "MARTIN", "sophie.martin@ville-b.example.org"),
        "elodie": person(event, "Élodie", "LEFÈVRE", "elodie.lefevre@anct.example.org"),
        "paul": person(event, "Paul", "BERNARD", "p.bernard@example.org",
                       attendance=Attendance.ON_SITE),
    }  # fmt: skip


# --- The join link -------------------------------------------------------------------------


def test_join_link_inside_the_streamed_morning_records_once_and_redirects(client, event, people):
    marie = people["marie"]
    url = remote.join_path(marie)
    with_clock = pytest.MonkeyPatch()
    with_clock.setattr("django.utils.timezone.now", lambda: at(9, 20))  # margin: 15 min
    try:
        first = client.get(url)
        second = client.get(url)
    finally:
        with_clock.undo()
    assert first.status_code == 302 and first["Location"] == VISIO
    assert second.status_code == 302
    checkin = CheckIn.objects.get(registration=marie)
    assert (checkin.half_day, checkin.mode, checkin.source) == ("matin", "remote", "join_link")
    assert checkin.checked_at == at(9, 20)
    assert checkin.minutes == 180  # the streamed morning, 9h30–12h30
    assert CheckIn.objects.count() == 1


def test_join_link_outside_the_windows_says_when_the_stream_starts(client, event, people):
    outcome = services.remote_join_record(registration=people["marie"], now=at(9, 10))
    assert outcome.checkin is None and not outcome.created
    assert outcome.next_window.starts == at(9, 30)
    assert outcome.next_window.opens == at(9, 15)
    # Over lunch, after the margin of the morning and before the afternoon's.
    lunch = services.remote_join_record(registration=people["marie"], now=at(12, 50))
    assert lunch.checkin is None and lunch.next_window.starts == at(13, 30)
    assert CheckIn.objects.count() == 0

    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setattr("django.utils.timezone.now", lambda: at(8, 0))
    try:
        response = client.get(remote.join_path(people["marie"]))
    finally:
        monkeypatch.undo()
    assert response.status_code == 200
    assert "La retransmission commence le vendredi 20 mars 2026 à 09:30" in response.text
    assert VISIO not in response.text


def test_join_link_in_the_afternoon_records_the_afternoon(event, people):
    outcome = services.remote_join_record(registration=people["marie"], now=at(14, 58))
    assert outcome.created and outcome.checkin.half_day == HalfDay.AFTERNOON
    assert outcome.checkin.minutes == 90
    after = services.remote_join_record(registration=people["marie"], now=at(15, 16))
    assert after.checkin is None and after.next_window is None


def test_join_link_refused_for_on_site_or_waiting_registrations(client, event, people):
    with pytest.raises(services.RemoteJoinRefused):
        services.remote_join_record(registration=people["paul"], now=at(10))
    waiting = person(event, "Léa", "ROUX", "lea@example.org", status=RegistrationStatus.WAITING)
    with pytest.raises(services.RemoteJoinRefused):
        services.remote_join_record(registration=waiting, now=at(10))
    assert CheckIn.objects.count() == 0


def test_join_token_forged_or_of_another_registration_is_not_found(client, event, people):
    token = remote.join_token(people["marie"])
    other = f"{people['fatima'].pk}-{token.partition('-')[2]}"
    assert remote.registration_for_join_token(token) == people["marie"]
    assert remote.registration_for_join_token(other) is None
    assert client.get(reverse("registrations:visio", args=[other])).status_code == 404
    assert client.get(reverse("registrations:visio", args=["12-abc"])).status_code == 404


def test_join_link_unusable_after_anonymisation_and_presence_kept_as_count(event, people):
    marie = people["marie"]
    token = remote.join_token(marie)
    services.remote_report_apply(
        event=event, presences=[(marie.pk, [(at(9, 30), at(11, 0))])], by=None
    )
    anonymise(Registration.objects.filter(pk=marie.pk), now=at(12, day=dt.date(2027, 3, 20)))
    assert remote.registration_for_join_token(token) is None
    checkin = CheckIn.objects.get(registration=marie)
    assert (checkin.mode, checkin.half_day, checkin.minutes, checkin.left_at) == (
        "remote", "matin", 90, None,
    )  # fmt: skip


def test_emails_give_the_personal_link_never_the_raw_videoconference_url(event, people):
    from registrations.emails import build_message
    from registrations.enums import EmailKind

    marie = people["marie"]
    message = build_message(marie, EmailKind.REMINDER)
    html = message.alternatives[0][0]
    assert VISIO not in message.body and VISIO not in html
    assert f"http://testserver{remote.join_path(marie)}" in message.body or (
        remote.join_path(marie) in message.body
    )
    assert remote.join_path(marie) in html
    assert len(mail.outbox) == 0


def test_registration_page_shows_the_join_link_to_remote_registrants(client, event, people):
    event.date = dt.date.today() + dt.timedelta(days=3)
    event.save()
    response = client.get(people["marie"].get_manage_url())
    assert remote.join_path(people["marie"]) in response.text
    response = client.get(people["paul"].get_manage_url())
    assert "/visio/" not in response.text


# --- Reading and matching reports ----------------------------------------------------------


def summary(groups):
    return {
        status: sorted(g.registration.email if g.registration else g.report_name
                       for g in groups if g.status == status)
        for status in (BY_EMAIL, BY_NAME, DOUBTFUL, UNMATCHED)
    }  # fmt: skip


def read(filename, tool, event, **mapping):
    content = (FIXTURES / filename).read_bytes()
    return read_report(content, tool=tool, event=event, mapping=mapping)


def test_zoom_report_matched_by_email_then_name(event, people):
    report = read("zoom_participants.csv", Tool.ZOOM, event)
    groups = match_report(report, event=event)
    assert summary(groups) == {
        BY_EMAIL: ["f.elamrani@caf.example.org", "marie.dupont@metz.example.org"],
        BY_NAME: ["jl.muller@grandest.example.org"],
        DOUBTFUL: ["E. Lefevre", "Sophie Martin"],
        UNMATCHED: ["Animation ORIV", "Invité Zoom"],
    }
    doubtful = {
        g.report_name: {r.email for r in g.candidates} for g in groups if g.status == DOUBTFUL
    }
    assert doubtful == {
        "Sophie Martin": {"s.martin@ville-a.example.org", "sophie.martin@ville-b.example.org"},
        "E. Lefevre": {"elodie.lefevre@anct.example.org"},
    }
    spans = remote.stream_spans(event)
    minutes = {
        g.registration.first_name: remote.followed_minutes(g.intervals, spans)
        for g in groups
        if g.registration
    }
    # Marie's two connections overlap (10h38–10h40): counted once, 9h30–12h30 streamed.
    assert minutes["Marie"] == {"matin": 180, "apres_midi": 0}
    # Across the half-day boundary: 11h00–14h00 is 90 min of the morning's stream (until
    # 12h30) and 30 min of the afternoon's (from 13h30); lunch is not streamed.
    assert minutes["Fatima"] == {"matin": 90, "apres_midi": 30}
    assert minutes["Jean-Luc"] == {"matin": 120, "apres_midi": 0}


def test_teams_report_utf16_tabs_reads_the_detailed_section(event, people):
    report = read("teams_attendance.csv", Tool.TEAMS, event)
    assert [line.number for line in report.lines] == [18, 19, 20, 21, 22]
    groups = match_report(report, event=event)
    assert summary(groups) == {
        BY_EMAIL: ["marie.dupont@metz.example.org"],
        BY_NAME: ["elodie.lefevre@anct.example.org"],
        DOUBTFUL: ["Müller Jean-Luc (Région Grand Est)"],
        UNMATCHED: ["Organisation ORIV"],
    }
    spans = remote.stream_spans(event)
    marie = next(g for g in groups if g.status == BY_EMAIL)
    assert remote.followed_minutes(marie.intervals, spans) == {"matin": 175, "apres_midi": 0}


def test_bbb_learning_dashboard_in_french_without_emails(event, people):
    report = read("bbb_learning_dashboard.csv", Tool.BBB, event)
    groups = match_report(report, event=event)
    assert summary(groups) == {
        BY_EMAIL: [],
        BY_NAME: ["jl.muller@grandest.example.org", "marie.dupont@metz.example.org"],
        DOUBTFUL: ["Fatima E.", "S. Martin"],
        UNMATCHED: ["Animatrice ORIV"],
    }
    # "Quitté: -" (still connected when exported): the duration gives the end.
    jean_luc = next(g for g in groups if g.report_name == "jean luc muller")
    assert jean_luc.lines[0].left == at(11, 0)
    assert report.skipped == []  # the "Anonyme" line of anonymous polls is not a person


def test_generic_mapping_of_a_cp1252_semicolon_file(event, people):
    report = read(
        "generic_excel_cp1252.csv", Tool.GENERIC, event,
        name="Participant", email="Adresse", join="Connexion", leave="Déconnexion",
    )  # fmt: skip
    groups = match_report(report, event=event)
    assert summary(groups)[BY_NAME] == ["elodie.lefevre@anct.example.org"]
    assert summary(groups)[BY_EMAIL] == ["p.bernard@example.org"]


def test_zoom_file_resaved_by_excel_with_bom_and_semicolons(event, people):
    report = read("zoom_resaved_by_excel.csv", Tool.ZOOM, event)
    assert [(line.email, line.joined, line.left) for line in report.lines] == [
        ("marie.dupont@metz.example.org", at(9, 25), at(12, 31))
    ]


@pytest.mark.parametrize(
    ("content", "tool", "message"),
    [
        ((FIXTURES / "zoom_missing_columns.csv").read_bytes(), Tool.ZOOM,
         "Colonnes introuvables : le fichier doit contenir au moins « Name (Original Name) »"),
        ((FIXTURES / "zoom_participants.csv").read_bytes(), Tool.BBB, "Colonnes introuvables"),
        (b"PK\x03\x04\x14\x00\x06\x00", Tool.ZOOM, "Ce fichier est un classeur Excel"),
        (b"", Tool.ZOOM, "Le fichier est vide."),
        (b"Name (Original Name),User Email,Join Time,Leave Time\r\n"
         + b"Marie,m@example.org,03/21/2026 09:00:00 AM,03/21/2026 10:00:00 AM\r\n" * 3,
         Tool.ZOOM, "Ce rapport ne contient aucune connexion le 20/03/2026"),
        (b"Name (Original Name),User Email,Join Time,Leave Time\r\n"
         + b"Marie,m@example.org,03/20/2026 09:00:00 AM,03/20/2026 10:00:00 AM\r\n" * 10_001,
         Tool.ZOOM, "Le fichier compte plus de 10 000 lignes"),
    ],
)  # fmt: skip
def test_bad_files_get_a_french_message(event, content, tool, message):
    with pytest.raises(ReportError) as error:
        read_report(content, tool=tool, event=event)
    assert message in error.value.message


def test_unreadable_times_are_listed_not_guessed(event, people):
    content = (
        "Name (Original Name),User Email,Join Time,Leave Time\r\n"
        "Marie Dupont,marie.dupont@metz.example.org,"
        "03/20/2026 09:30:00 AM,03/20/2026 11:00:00 AM\r\n"
        "Fatima El Amrani,,bientôt,03/20/2026 11:00:00 AM\r\n"
    ).encode()
    report = read_report(content, tool=Tool.ZOOM, event=event)
    assert len(report.lines) == 1
    assert report.skipped == [(3, "heure d'arrivée illisible : « bientôt »")]


# --- Recording an import, attestations ------------------------------------------------------


def test_import_is_idempotent_and_never_overrides_the_door(event, people):
    services.checkin_record(registration=people["paul"], half_day=HalfDay.MORNING)
    presences = [
        (people["marie"].pk, [(at(9, 25), at(12, 31))]),
        (people["paul"].pk, [(at(9, 40), at(12, 0))]),
    ]
    first = services.remote_report_apply(event=event, presences=presences)
    second = services.remote_report_apply(event=event, presences=presences)
    assert (first.people, first.created, first.on_site) == (1, 1, 1)
    assert (second.people, second.created, second.updated) == (1, 0, 1)
    assert CheckIn.objects.remote().count() == 1
    assert CheckIn.objects.get(registration=people["paul"]).mode == PresenceMode.ON_SITE


def test_report_replaces_the_join_link_minutes(event, people):
    marie = people["marie"]
    services.remote_join_record(registration=marie, now=at(9, 40))
    services.remote_report_apply(event=event, presences=[(marie.pk, [(at(9, 40), at(11, 5))])])
    checkin = CheckIn.objects.get(registration=marie)
    assert (checkin.source, checkin.minutes, checkin.left_at) == ("report", 85, at(11, 5))


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_attestation_of_a_remote_participant_states_remote_and_the_duration(event, people):
    marie, fatima = people["marie"], people["fatima"]
    services.remote_join_record(registration=marie, now=at(9, 20))
    services.remote_report_apply(event=event, presences=[(fatima.pk, [(at(11), at(14))])])
    marie_text = " ".join(
        pdf_text(attestation_pdf(registrations=Registration.objects.filter(pk=marie.pk))).split()
    )
    assert "a participé à distance (visioconférence) à" in marie_text
    assert "Matin (9h00 – 12h30), à distance : 3h00 suivies" in marie_text
    assert "Durée suivie 3h00" in marie_text
    assert "lien personnel" in marie_text and "temps retransmis de la demi-journée" in marie_text
    fatima_text = " ".join(
        pdf_text(attestation_pdf(registrations=Registration.objects.filter(pk=fatima.pk))).split()
    )
    assert "Matin (9h00 – 12h30), à distance : 1h30 suivies" in fatima_text
    assert "Après-midi (13h30 – 16h30), à distance : 0h30 suivies" in fatima_text
    assert "Durée suivie 2h00" in fatima_text
    assert "rapport de connexion de l'outil de visioconférence" in fatima_text


# --- Remote capacity ------------------------------------------------------------------------


def test_remote_capacity_sends_the_next_remote_registrations_to_the_waiting_list(event):
    from tests.registrations.helpers import register

    event.remote_capacity = 2
    event.registration_opens_at = None
    event.date = dt.date.today() + dt.timedelta(days=10)
    event.save()
    statuses = [
        register(event, f"p{i}@example.org", attendance=Attendance.REMOTE).status for i in range(3)
    ]
    assert statuses == ["confirmed", "confirmed", "waiting"]
    # On site is not limited by the Visio room.
    assert register(event, "sur.place@example.org").status == "confirmed"
    first = Registration.objects.get(email="p0@example.org")
    promoted = services.registration_cancel(registration=first)
    assert [r.email for r in promoted] == ["p2@example.org"]
