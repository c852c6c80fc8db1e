import datetime as dt

import pytest
from django.core import mail
from icalendar import Calendar

from events.enums import LunchOption, SlotKind
from registrations import emails, services
from registrations.enums import Attendance, EmailKind, RegistrationStatus
from tests.factories import (
    EventFactory,
    OrganiserFactory,
    ProgrammeSlotFactory,
    RegistrationFactory,
    RoomFactory,
    VenueFactory,
    WorkshopChoiceFactory,
    WorkshopFactory,
)

from .helpers import register

pytestmark = pytest.mark.django_db

SITE_URL = "https://quartiers2030.example.org"
MANAGE_URL = f"{SITE_URL}/inscription/jeton-camille/"
VISIO_URL = "https://visio.example.org/journee-2025"

SUBJECTS = {
    "confirmed": "Inscription confirmée : Journée régionale 2025",
    "pending": "Inscription en attente de validation : Journée régionale 2025",
    "waiting": "Inscription sur liste d'attente : Journée régionale 2025",
    "promoted": "Une place s'est libérée : Journée régionale 2025",
    "approved": "Inscription validée : Journée régionale 2025",
    "refused": "Inscription non retenue : Journée régionale 2025",
    "cancelled": "Inscription annulée : Journée régionale 2025",
    "workshops_changed": "Ateliers modifiés : Journée régionale 2025",
}
WITH_DETAILS = ["confirmed", "promoted", "approved", "workshops_changed"]
WITHOUT_DETAILS = ["pending", "waiting", "refused", "cancelled"]


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE_URL
    settings.DEFAULT_FROM_EMAIL = "Quartiers 2030 <ne-pas-repondre@quartiers2030.example.org>"


@pytest.fixture
def event():
    event = EventFactory(
        title="Journée régionale 2025",
        slug="journee-regionale-2025",
        date=dt.date(2025, 10, 2),
        doors_open=dt.time(9, 30),
        start_time=dt.time(10),
        end_time=dt.time(16, 30),
        lunch=LunchOption.OFFERED,
        remote_attendance=True,
        videoconference_url=VISIO_URL,
        organiser=OrganiserFactory(
            name="Observatoire régional de l'intégration et de la ville", short_name="ORIV"
        ),
        venue=VenueFactory(
            name="Maison Régionale des Sports",
            address="13 Rue Jean Moulin",
            postcode="54510",
            city="Tomblaine",
            access_notes="Tram 1, arrêt **Tomblaine**.",
        ),
    )
    ProgrammeSlotFactory(
        event=event, start=dt.time(10), end=dt.time(12, 30), title="Plénière d'ouverture",
        streamed=True,
    )  # fmt: skip
    return event


@pytest.fixture
def workshop(event):
    slot = ProgrammeSlotFactory(
        event=event, kind=SlotKind.WORKSHOPS, start=dt.time(13, 30), end=dt.time(15),
        title="Ateliers",
    )  # fmt: skip
    return WorkshopFactory(
        slot=slot,
        number=1,
        title="Codéveloppement",
        colour_name="Rouge",
        colour_hex="#C0392B",
        room=RoomFactory(venue=event.venue, name="Salle Moselle"),
    )


@pytest.fixture
def on_site(event, workshop):
    registration = RegistrationFactory(
        event=event,
        first_name="Camille",
        last_name="MARTIN",
        email="camille.martin@example.org",
        lunch=True,
        token="jeton-camille",
    )
    WorkshopChoiceFactory(registration=registration, workshop=workshop)
    return registration


@pytest.fixture
def remote(event):
    return RegistrationFactory(
        event=event,
        first_name="Camille",
        last_name="MARTIN",
        email="camille.martin@example.org",
        attendance=Attendance.REMOTE,
        token="jeton-camille",
    )


def sent(registration, kind):
    emails.send(registration_id=registration.pk, kind=kind)
    [message] = mail.outbox
    return message, message.alternatives[0].content


@pytest.mark.parametrize("kind", list(SUBJECTS))
def test_send_every_kind_has_subject_recipient_date_and_manage_link(on_site, kind):
    message, html = sent(on_site, kind)
    assert message.subject == SUBJECTS[kind]
    assert message.to == ["camille.martin@example.org"]
    assert message.from_email == (
        '"ORIV via Quartiers 2030" <ne-pas-repondre@quartiers2030.example.org>'
    )
    assert [a.mimetype for a in message.alternatives] == ["text/html"]
    for part in (message.body, html):
        assert "Journée régionale 2025" in part
        assert "jeudi 2 octobre 2025, de 10h à 16h30 (accueil à partir de 9h30)" in part
        assert MANAGE_URL in part


def test_send_subjects_cover_every_kind():
    assert set(emails.SUBJECTS) == set(EmailKind)


def test_send_confirmed_on_site_text(on_site):
    message, _html = sent(on_site, "confirmed")
    assert message.body == (
        "Bonjour Camille MARTIN,\n"
        "\n"
        "Votre inscription à « Journée régionale 2025 » est confirmée. "
        "Nous nous réjouissons de vous y retrouver.\n"
        "\n"
        "Journée régionale 2025\n"
        "Date : jeudi 2 octobre 2025, de 10h à 16h30 (accueil à partir de 9h30)\n"
        "Lieu : Maison Régionale des Sports, Tomblaine\n"
        "\n"
        "Adresse : 13 Rue Jean Moulin, 54510 Tomblaine\n"
        "Plan : https://www.openstreetmap.org/search?query="
        "13+Rue+Jean+Moulin%2C+54510+Tomblaine%2C+France\n"
        "Accès :\n"
        "Tram 1, arrêt **Tomblaine**.\n"
        "\n"
        "Vos ateliers :\n"
        "- 13h30–15h : Atelier 1 — Codéveloppement (Rouge), salle : Salle Moselle\n"
        "\n"
        "Repas : Déjeuner offert sur place. Vous avez indiqué que vous déjeunerez sur place.\n"
        "\n"
        "Votre agenda est joint à ce message (fichier .ics) : "
        "ouvrez-le pour l'ajouter à votre calendrier.\n"
        "\n"
        "Programme : https://quartiers2030.example.org/evenements/journee-regionale-2025/\n"
        "Pour consulter, modifier ou annuler votre inscription : "
        "https://quartiers2030.example.org/inscription/jeton-camille/\n"
        "\n"
        "L'équipe organisatrice\n"
        "ORIV (Observatoire régional de l'intégration et de la ville)\n"
    )


@pytest.mark.parametrize("kind", WITH_DETAILS)
def test_send_on_site_details_have_ateliers_address_and_no_videoconference(on_site, kind):
    message, html = sent(on_site, kind)
    assert (
        "- 13h30–15h : Atelier 1 — Codéveloppement (Rouge), salle : Salle Moselle" in message.body
    )
    assert "<strong>Atelier 1 — Codéveloppement</strong>" in html
    assert "(Rouge), salle : Salle Moselle</li>" in html
    assert "background-color:#C0392B;" in html
    assert "Maison Régionale des Sports, 13 Rue Jean Moulin, 54510 Tomblaine<br>" in html
    assert "<p>Tram 1, arrêt <strong>Tomblaine</strong>.</p>" in html
    for part in (message.body, html):
        assert VISIO_URL not in part
        assert "visioconférence" not in part


@pytest.mark.parametrize("kind", ["confirmed", "promoted", "approved"])
def test_send_remote_details_have_the_personal_join_link_and_streamed_slots(remote, kind):
    from registrations.remote import join_path

    message, html = sent(remote, kind)
    link = f"{SITE_URL}{join_path(remote)}"
    assert f"Votre lien de connexion personnel : {link}\n" in message.body
    assert "Temps retransmis :\n- 10h–12h30 : Plénière d'ouverture\n" in message.body
    assert f'<a href="{link}" style="color:#1f5fad;">{link}</a>' in html
    # The raw videoconference URL stays in the admin.
    assert VISIO_URL not in message.body and VISIO_URL not in html
    assert "<li>10h–12h30 : Plénière d&#x27;ouverture</li>" in html
    for part in (message.body, html):
        assert "Participation : à distance (visioconférence)" in part
        assert "13 Rue Jean Moulin" not in part
        assert "Vos ateliers" not in part
        assert "Repas" not in part


def test_send_remote_without_videoconference_url_still_gives_the_personal_link(event, remote):
    from registrations.remote import join_path

    event.videoconference_url = ""
    event.save()
    message, html = sent(remote, "confirmed")
    assert join_path(remote) in message.body
    assert join_path(remote) in html


@pytest.mark.parametrize("kind", WITHOUT_DETAILS)
def test_send_without_details_has_no_practical_details_nor_agenda(on_site, kind):
    message, html = sent(on_site, kind)
    # Ending a registration attaches the calendar that removes it (test below).
    ended = kind in ("refused", "cancelled")
    assert [a.mimetype for a in message.attachments] == (
        ["text/calendar; charset=utf-8; method=CANCEL"] if ended else []
    )
    for part in (message.body, html):
        assert "Lieu : Maison Régionale des Sports, Tomblaine" in part
        assert "Codéveloppement" not in part
        assert "13 Rue Jean Moulin" not in part
        assert ".ics" not in part


@pytest.mark.parametrize("kind", WITHOUT_DETAILS)
def test_send_without_details_never_gives_the_videoconference_link(remote, kind):
    message, html = sent(remote, kind)
    assert VISIO_URL not in message.body
    assert VISIO_URL not in html


@pytest.mark.parametrize("kind", WITH_DETAILS)
def test_send_attaches_the_personal_agenda(event, on_site, workshop, kind):
    message, _html = sent(on_site, kind)
    [attachment] = message.attachments
    assert (attachment.filename, attachment.mimetype) == (
        "journee-regionale-2025.ics",
        "text/calendar; charset=utf-8; method=PUBLISH",
    )
    calendar = Calendar.from_ical(attachment.content)
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert [(str(v["UID"]), str(v["SUMMARY"])) for v in calendar.events] == [
        (f"event-{event.pk}@quartiers2030", "Journée régionale 2025"),
        (
            f"slot-{workshop.slot_id}-registration-{on_site.pk}@quartiers2030",
            "Atelier : Codéveloppement",
        ),
    ]
    assert str(calendar.events[1]["LOCATION"]) == (
        "Salle Moselle, Maison Régionale des Sports, 13 Rue Jean Moulin, 54510 Tomblaine"
    )


def test_send_waiting_says_clearly_it_is_not_confirmed(on_site):
    on_site.status = RegistrationStatus.WAITING
    on_site.save()
    message, html = sent(on_site, "waiting")
    assert (
        "L'événement « Journée régionale 2025 » est complet : "
        "vous êtes inscrit·e sur la liste d'attente.\n\n"
        "Votre inscription n'est PAS confirmée : "
        "merci de ne pas vous présenter sans confirmation.\n\n"
        "Si une place se libère, nous vous écrirons aussitôt.\n"
    ) in message.body
    assert "<strong>Votre inscription n'est pas confirmée :</strong>" in html


def test_send_pending_says_it_awaits_approval(on_site):
    on_site.status = RegistrationStatus.PENDING
    on_site.save()
    message, _html = sent(on_site, "pending")
    assert (
        "Elle est en attente de validation par l'équipe organisatrice : "
        "votre inscription n'est pas encore confirmée."
    ) in message.body


def test_send_promoted_on_an_event_with_approval_says_pending_without_agenda(on_site):
    on_site.status = RegistrationStatus.PENDING
    on_site.save()
    message, _html = sent(on_site, "promoted")
    assert message.subject == "Une place s'est libérée : Journée régionale 2025"
    assert "Votre inscription est maintenant en attente de validation" in message.body
    assert "confirmée" not in message.body
    assert message.attachments == []


def test_send_escapes_html_but_not_the_text_part(event, workshop):
    registration = RegistrationFactory(
        event=event, first_name="<script>alert(1)</script>", last_name="O'Hara & Fils"
    )
    workshop.title = "<b>Atelier</b>"
    workshop.save()
    WorkshopChoiceFactory(registration=registration, workshop=workshop)
    message, html = sent(registration, "confirmed")
    assert "Bonjour <script>alert(1)</script> O'Hara & Fils,\n" in message.body
    assert "- 13h30–15h : Atelier 1 — <b>Atelier</b> (Rouge)" in message.body
    assert "Bonjour &lt;script&gt;alert(1)&lt;/script&gt; O&#x27;Hara &amp; Fils," in html
    assert "<strong>Atelier 1 — &lt;b&gt;Atelier&lt;/b&gt;</strong>" in html
    assert "<script>" not in html


def test_send_html_is_a_french_page_with_inline_styles_and_no_images(on_site):
    _message, html = sent(on_site, "confirmed")
    assert html.startswith('<!DOCTYPE html>\n<html lang="fr">\n')
    assert "<title>Inscription confirmée : Journée régionale 2025</title>" in html
    assert "<img" not in html
    assert "<link" not in html
    assert "<style" not in html


def test_send_registration_gone_sends_nothing():
    emails.send(registration_id=999_999, kind="confirmed")
    assert mail.outbox == []


def test_registration_create_sends_one_email_after_commit(
    workshop, django_capture_on_commit_callbacks
):
    event = EventFactory(remote_attendance=True, title="Rencontre territoriale")
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(event, "camille.martin@example.org")
        assert mail.outbox == []
    [message] = mail.outbox
    assert message.subject == "Inscription confirmée : Rencontre territoriale"
    assert message.to == ["camille.martin@example.org"]
    assert [a.filename for a in message.attachments] == [f"{event.slug}.ics"]
    assert f"{SITE_URL}/inscription/{registration.token}/" in message.body


def test_registration_cancel_promotes_and_emails_the_ateliers_left(
    django_capture_on_commit_callbacks,
):
    event = EventFactory(title="Rencontre", onsite_capacity=2, lunch=LunchOption.FREE)
    slot = ProgrammeSlotFactory(
        event=event, kind=SlotKind.WORKSHOPS, start=dt.time(10, 45), end=dt.time(12),
        title="Ateliers du matin",
    )  # fmt: skip
    small = WorkshopFactory(slot=slot, number=1, title="Codéveloppement", capacity=1)
    later = WorkshopFactory(
        slot=ProgrammeSlotFactory(
            event=event, kind=SlotKind.WORKSHOPS, start=dt.time(14), end=dt.time(15)
        ),
        number=2,
        title="Serious Game",
        colour_name="Vert",
        room=RoomFactory(venue=event.venue, name="Salle Rhin"),
    )
    register(event, "a@example.org", workshops=[small])
    other = register(event, "b@example.org")
    waiting = register(event, "c@example.org", workshops=[small, later])
    assert waiting.status == RegistrationStatus.WAITING
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=other)

    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["b@example.org"], "Inscription annulée : Rencontre"),
        (["c@example.org"], "Une place s'est libérée : Rencontre"),
    ]
    body = mail.outbox[1].body
    assert "Votre inscription est maintenant confirmée." in body
    assert "Si un atelier que vous aviez choisi était complet entre-temps" in body
    assert (
        "Vos ateliers :\n"
        "- 10h45–12h : aucun atelier choisi pour « Ateliers du matin »\n"
        "- 14h–15h : Atelier 2 — Serious Game (Vert), salle : Salle Rhin\n"
    ) in body
    assert "Repas : Déjeuner libre.\n" in body


@pytest.mark.parametrize("kind", ["cancelled", "refused"])
def test_ending_a_registration_mails_the_calendar_cancellation(
    event, on_site, workshop, kind, settings
):
    settings.DEFAULT_FROM_EMAIL = "Quartiers 2030 <portail@quartiers2030.example>"
    on_site.status = kind
    on_site.agenda_sequence = 2
    on_site.save()
    message, _html = sent(on_site, kind)
    [attachment] = message.attachments
    calendar = Calendar.from_ical(attachment.content)
    assert str(calendar["METHOD"]) == "CANCEL"
    assert [
        (str(v["UID"]), str(v["STATUS"]), int(v["SEQUENCE"]), str(v["ORGANIZER"]))
        for v in calendar.events
    ] == [
        (f"event-{event.pk}@quartiers2030", "CANCELLED", event.ics_sequence + 2,
         "mailto:portail@quartiers2030.example"),
        (f"slot-{workshop.slot_id}-registration-{on_site.pk}@quartiers2030", "CANCELLED",
         event.ics_sequence + 2, "mailto:portail@quartiers2030.example"),
    ]  # fmt: skip


@pytest.mark.parametrize("ateliers", [1, 3])
def test_send_reads_the_same_three_queries_whatever_the_ateliers(
    event, on_site, workshop, django_assert_num_queries, ateliers
):
    # The registration, the event's programme and the person's ateliers: the text and
    # the agenda attached both read them, once (registrations/ics.py, agenda_prefetch).
    for hour in range(1, ateliers):
        slot = ProgrammeSlotFactory(
            event=event, kind=SlotKind.WORKSHOPS, start=dt.time(15, hour), end=dt.time(16)
        )
        WorkshopChoiceFactory(
            registration=on_site, workshop=WorkshopFactory(slot=slot, room=workshop.room)
        )
    with django_assert_num_queries(3):
        message, html = sent(on_site, "confirmed")
    agenda = Calendar.from_ical(message.attachments[0][1])
    assert len(agenda.walk("VEVENT")) == 1 + ateliers
    assert html.count("Salle Moselle") == ateliers
