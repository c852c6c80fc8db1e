"""Attestations de présence: hours from the programme, who gets one and when, the PDF."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pypdf
import pytest
from django.urls import reverse
from django.utils import formats, timezone

from backoffice.models import PreparedDocument
from events.enums import SlotKind
from registrations import attestations
from registrations.attestations import AttestationUnavailable, attestation_pdf, half_day_hours
from registrations.models import Registration
from tests.factories import (
    CheckInFactory,
    EventFactory,
    OrganiserFactory,
    ProgrammeSlotFactory,
    RegistrationFactory,
    TeamMemberFactory,
    UserFactory,
    VenueFactory,
)
from tests.images import image_file

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
DAY = dt.date(2025, 10, 2)


def pdf_pages(content: bytes) -> list[list[str]]:
    """The text lines of each page."""
    reader = pypdf.PdfReader(io.BytesIO(content))
    return [[line.strip() for line in page.extract_text().splitlines()] for page in reader.pages]


@pytest.fixture
def event():
    """The 2 October 2025 day: 9h–12h30, lunch, 13h30–16h30."""
    event = EventFactory(
        title="Concevoir des coopérations",
        slug="journee-2025",
        date=DAY,
        doors_open=dt.time(8, 45),
        start_time=dt.time(9),
        end_time=dt.time(16, 30),
        organiser=OrganiserFactory(
            name="ORIV",
            short_name="",
            signatory_name="Murielle Maffessoli",
            signatory_function="directrice",
        ),
        venue=VenueFactory(name="Maison Régionale des Sports", city="Tomblaine"),
    )
    for start, end, kind in [
        (dt.time(9), dt.time(9, 30), SlotKind.WELCOME),
        (dt.time(9, 30), dt.time(12, 30), SlotKind.PLENARY),
        (dt.time(12, 30), dt.time(13, 30), SlotKind.MEAL),
        (dt.time(13, 30), dt.time(15, 30), SlotKind.WORKSHOPS),
        (dt.time(15, 30), dt.time(16, 30), SlotKind.CLOSING),
    ]:
        ProgrammeSlotFactory(event=event, start=start, end=end, kind=kind)
    return event


def present(event, first_name, last_name, *half_days, **fields):
    registration = RegistrationFactory(
        event=event, first_name=first_name, last_name=last_name, **fields
    )
    for half_day in half_days:
        CheckInFactory(registration=registration, half_day=half_day)
    return registration


def test_attestation_pdf_prints_the_participant_event_hours_and_signatory(event):
    registration = present(
        event, "Zoé", "FONTIER", "matin", "apres_midi", civility="mme",
        organisation="SGARE Grand Est", function="Chargée de mission",
    )  # fmt: skip
    pdf = attestation_pdf(
        registrations=Registration.objects.filter(pk=registration.pk),
        issued_on=dt.date(2025, 10, 3),
    )
    assert pdf_pages(pdf) == [
        [
            "ORIV",
            "Attestation de présence",
            "ORIV atteste que",
            "Madame Zoé FONTIER",
            "Chargée de mission",
            "SGARE Grand Est",
            "a participé à",
            "Concevoir des coopérations",
            "Date Jeudi 2 octobre 2025",
            "Lieu Maison Régionale des Sports, Tomblaine",
            "Présence Matin (9h00 – 12h30)",
            "Après-midi (13h30 – 16h30)",
            "Durée totale 6h30",
            "Organisation ORIV",
            "Attestation établie d'après les émargements recueillis à l'accueil de l'événement, "
            "pour servir",
            "et valoir ce que de droit.",
            "Fait à Tomblaine, le 3 octobre 2025",
            "Pour ORIV,",
            "Murielle Maffessoli",
            "Directrice",
        ]
    ]
    metadata = pypdf.PdfReader(io.BytesIO(pdf)).metadata
    assert metadata.title == "Attestation de présence — Zoé FONTIER — Concevoir des coopérations"


def test_attestation_pdf_morning_only_participant_gets_only_the_morning(event):
    registration = present(event, "Nicolas", "BACHET", "matin", function="")
    pdf = attestation_pdf(
        registrations=Registration.objects.filter(pk=registration.pk),
        issued_on=dt.date(2025, 10, 3),
    )
    [lines] = pdf_pages(pdf)
    assert lines[3:6] == ["Nicolas BACHET", "Ville de Tomblaine", "a participé à"]
    assert lines[9:12] == [
        "Présence Matin (9h00 – 12h30)",
        "Durée totale 3h30",
        "Organisation ORIV",
    ]


def test_attestation_pdf_without_signatory_is_signed_by_the_organiser(event):
    event.organiser.signatory_name = ""
    event.organiser.save()
    registration = present(event, "Nicolas", "BACHET", "apres_midi")
    [lines] = pdf_pages(
        attestation_pdf(registrations=Registration.objects.filter(pk=registration.pk))
    )
    assert lines[-2:] == ["Pour ORIV,", "ORIV"]
    assert "Après-midi (13h30 – 16h30)" in lines[10]


def test_attestation_pdf_bulk_has_one_page_per_checked_in_participant_sorted_by_name(event):
    present(event, "Zoé", "FONTIER", "matin", "apres_midi")
    present(event, "Nicolas", "BACHET", "apres_midi")
    present(event, "Élodie", "ÉCHARD", "matin")
    RegistrationFactory(event=event, first_name="Jamais", last_name="VENU")
    present(EventFactory(), "Autre", "ÉVÉNEMENT", "matin")
    pages = pdf_pages(attestation_pdf(registrations=Registration.objects.filter(event=event)))
    assert [page[3] for page in pages] == ["Nicolas BACHET", "Élodie ÉCHARD", "Zoé FONTIER"]


def test_attestation_pdf_refuses_when_nobody_was_checked_in(event):
    RegistrationFactory(event=event)
    with pytest.raises(AttestationUnavailable) as error:
        attestation_pdf(registrations=Registration.objects.filter(event=event))
    assert str(error.value.message).startswith("Aucune attestation : personne")


def test_presences_take_three_queries_whatever_the_number_of_events(
    event, django_assert_num_queries
):
    present(event, "Zoé", "FONTIER", "matin")
    with django_assert_num_queries(3):
        assert len(attestations.presences(Registration.objects.all())) == 1
    for _ in range(3):
        present(EventFactory(), "Autre", "PERSONNE", "matin", "apres_midi")
    with django_assert_num_queries(3):
        assert len(attestations.presences(Registration.objects.all())) == 4


# --- Hours of a half-day ------------------------------------------------------------------


def hours(event):
    return {half: (str(start), str(end)) for half, (start, end) in half_day_hours(
        event, event.slots.all()).items()}  # fmt: skip


def test_half_day_hours_come_from_the_programme_without_meals(event):
    assert hours(event) == {
        "matin": ("09:00:00", "12:30:00"),
        "apres_midi": ("13:30:00", "16:30:00"),
    }


def test_half_day_hours_fall_back_on_the_event_times_without_slots():
    event = EventFactory(start_time=dt.time(9, 30), end_time=dt.time(17, 15))
    assert hours(event) == {
        "matin": ("09:30:00", "12:30:00"),
        "apres_midi": ("13:30:00", "17:15:00"),
    }


def test_half_day_hours_fall_back_on_defaults_without_times():
    event = EventFactory(doors_open=None, start_time=None, end_time=None)
    assert hours(event) == {
        "matin": ("09:00:00", "12:30:00"),
        "apres_midi": ("13:30:00", "17:00:00"),
    }


def test_half_day_hours_of_a_half_day_event_stay_within_it():
    morning = EventFactory(doors_open=None, start_time=dt.time(9), end_time=dt.time(12))
    afternoon = EventFactory(doors_open=None, start_time=dt.time(14), end_time=dt.time(17))
    assert hours(morning)["matin"] == ("09:00:00", "12:00:00")
    assert hours(afternoon)["apres_midi"] == ("14:00:00", "17:00:00")


def test_half_day_hours_use_the_slots_of_one_half_and_fall_back_for_the_other():
    event = EventFactory(doors_open=None, start_time=dt.time(9), end_time=dt.time(16))
    ProgrammeSlotFactory(event=event, start=dt.time(10), end=dt.time(11, 45))
    ProgrammeSlotFactory(event=event, start=dt.time(12), end=dt.time(13), kind=SlotKind.MEAL)
    assert hours(event) == {
        "matin": ("10:00:00", "11:45:00"),
        "apres_midi": ("13:30:00", "16:00:00"),
    }


# --- Participant download -----------------------------------------------------------------


def test_is_over_at_the_event_end_in_paris_time(event):
    end = dt.datetime(2025, 10, 2, 16, 30, tzinfo=PARIS)  # 14h30 UTC
    assert not attestations.is_over(event, now=end - dt.timedelta(seconds=1))
    assert attestations.is_over(event, now=end)
    event.start_time = event.end_time = event.doors_open = None
    assert not attestations.is_over(event, now=dt.datetime(2025, 10, 2, 23, 59, tzinfo=PARIS))
    assert attestations.is_over(event, now=dt.datetime(2025, 10, 3, 0, 0, tzinfo=PARIS))


def test_attestation_url_is_the_one_the_post_event_email_uses():
    assert (
        reverse("registrations:attestation", kwargs={"token": "abc"})
        == "/inscription/abc/attestation.pdf"
    )


def test_attestation_downloads_once_the_event_is_over(client, event):
    registration = present(event, "Zoé", "FONTIER", "matin", "apres_midi")
    response = client.get(reverse("registrations:attestation", args=[registration.token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="attestation-journee-2025.pdf"'
    [lines] = pdf_pages(response.content)
    assert lines[3] == "Zoé FONTIER"
    issued_on = formats.date_format(timezone.localdate(), "j F Y")
    assert lines[-4] == f"Fait à Tomblaine, le {issued_on}"


def test_attestation_is_not_available_before_the_event_is_over(client, event):
    event.date = timezone.localdate()  # ends at 16h30 today: still on when the tests run
    event.end_time = dt.time(23, 59)
    event.save()
    registration = present(event, "Zoé", "FONTIER", "matin", "apres_midi")
    response = client.get(reverse("registrations:attestation", args=[registration.token]))
    assert response.status_code == 404
    assert "Aucune attestation : l&#x27;événement n&#x27;est pas terminé." in response.text
    manage = client.get(registration.get_manage_url())
    assert "attestation.pdf" not in manage.text


def test_attestation_is_never_issued_to_someone_never_checked_in(client, event):
    registration = RegistrationFactory(event=event)
    response = client.get(reverse("registrations:attestation", args=[registration.token]))
    assert response.status_code == 404
    assert "Aucune attestation : aucune présence n&#x27;a été enregistrée" in response.text


def test_attestation_with_a_wrong_token_is_404(client, event):
    present(event, "Zoé", "FONTIER", "matin")
    response = client.get(reverse("registrations:attestation", args=["pas-un-jeton"]))
    assert response.status_code == 404


def test_attestation_is_linked_from_the_manage_page_when_available(client, event):
    registration = present(event, "Zoé", "FONTIER", "matin")
    absent = RegistrationFactory(event=event)
    url = reverse("registrations:attestation", args=[registration.token])
    assert f'href="{url}"' in client.get(registration.get_manage_url()).text
    assert "attestation.pdf" not in client.get(absent.get_manage_url()).text


def test_attestation_is_linked_from_my_space_for_past_events_only_when_checked_in(client, event):
    user = UserFactory(username="zoe", email="zoe@example.org")
    attended = present(event, "Zoé", "FONTIER", "matin", email="zoe@example.org")
    missed = RegistrationFactory(
        event=EventFactory(date=DAY - dt.timedelta(days=7)), email="zoe@example.org"
    )
    EventFactory()  # an upcoming event for the same person: no attestation either
    client.force_login(user)
    page = client.get(reverse("registrations:my_space")).text
    assert page.count("attestation.pdf") == 1
    assert reverse("registrations:attestation", args=[attended.token]) in page
    assert missed.token not in page


# --- Staff: bulk download, admin action, documents panel ----------------------------------

BULK = "/staff/evenements/journee-2025/attestations.pdf"


def test_staff_attestations_url():
    assert reverse("backoffice:attestations", args=["journee-2025"]) == BULK


def test_staff_attestations_bulk_has_one_page_per_checked_in_person(organiser_client, event):
    present(event, "Zoé", "FONTIER", "matin", "apres_midi")
    present(event, "Nicolas", "BACHET", "matin")
    RegistrationFactory(event=event, first_name="Jamais", last_name="VENU")
    response = organiser_client.get(BULK, follow=True)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="attestations-journee-2025.pdf"'
    pages = pdf_pages(response.content)
    assert len(pages) == 2
    assert [page[3] for page in pages] == ["Nicolas BACHET", "Zoé FONTIER"]


def test_staff_attestations_bulk_without_check_ins_goes_back_to_the_event(organiser_client, event):
    RegistrationFactory(event=event)
    response = organiser_client.get(BULK, follow=True)
    assert response.redirect_chain == [(f"/admin/events/event/{event.pk}/change/", 302)]
    assert "Aucune attestation : personne n&#x27;a été enregistré·e" in response.text


def test_staff_attestations_send_anonymous_visitors_to_the_admin_login(client, event):
    response = client.get(BULK)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={BULK}"


def test_staff_attestations_refused_to_participants_and_staff_without_permission(client, event):
    present(event, "Zoé", "FONTIER", "matin")
    participant = UserFactory(username="participante")
    partner = TeamMemberFactory(organiser=event.organiser, role="partner").user
    for user in (participant, partner):
        client.force_login(user)
        assert client.get(BULK).status_code == 403, user


def test_admin_action_prints_the_attestations_of_the_selected_registrations(
    organiser_client, event, media_root
):
    chosen = [
        present(event, "Zoé", "FONTIER", "matin"),
        present(event, "Paul", "AUBRY", "apres_midi"),
        RegistrationFactory(event=event, first_name="Jamais", last_name="VENU"),
    ]
    present(event, "Nicolas", "BACHET", "matin")  # not selected
    response = organiser_client.post(
        reverse("admin:registrations_registration_changelist"),
        {"action": "attestations", "_selected_action": [r.pk for r in chosen]},
        follow=True,
    )
    document = PreparedDocument.objects.get()
    assert response.redirect_chain == [
        (reverse("backoffice:document_download", args=[event.slug, document.pk]), 302)
    ]
    assert document.params == {"registrations": sorted(r.pk for r in chosen)}
    assert (document.status, document.people) == ("ready", 2)
    assert response["Content-Disposition"] == 'attachment; filename="attestations-journee-2025.pdf"'
    pages = pdf_pages(response.content)
    assert [(page[3], page[7]) for page in pages] == [
        ("Paul AUBRY", "Concevoir des coopérations"),
        ("Zoé FONTIER", "Concevoir des coopérations"),
    ]


def test_admin_action_refuses_the_attestations_of_several_events(organiser_client, event):
    """A prepared document is one event's (its scope, its page): the list's filter by event
    gives each event's selection."""
    chosen = [
        present(event, "Zoé", "FONTIER", "matin"),
        present(EventFactory(title="Autre rencontre"), "Paul", "AUBRY", "apres_midi"),
    ]
    response = organiser_client.post(
        reverse("admin:registrations_registration_changelist"),
        {"action": "attestations", "_selected_action": [r.pk for r in chosen]},
        follow=True,
    )
    assert response["Content-Type"].startswith("text/html")
    assert (
        "Sélectionnez les inscriptions d&#x27;un seul événement pour préparer des attestations."
        in response.text
    )
    assert not PreparedDocument.objects.exists()


def test_admin_action_without_checked_in_registration(organiser_client, event):
    absent = RegistrationFactory(event=event)
    response = organiser_client.post(
        reverse("admin:registrations_registration_changelist"),
        {"action": "attestations", "_selected_action": [absent.pk]},
        follow=True,
    )
    assert response["Content-Type"].startswith("text/html")
    assert "Aucune attestation : personne n&#x27;a été enregistré·e" in response.text
    assert not PreparedDocument.objects.exists()


def test_event_admin_page_has_the_attestations_button(organiser_client, event):
    response = organiser_client.get(reverse("admin:events_event_change", args=[event.pk]))
    assert (
        f'<a href="{BULK}" class="button event-document">Attestations de présence</a>'
        in response.text
    )


# --- The organiser's identity: logo, signatory, signature ---------------------------------


def image_count(pdf: bytes) -> int:
    return sum(len(page.images) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_attestation_pdf_prints_the_logo_and_the_signature_above_the_name(event, media_root):
    registration = present(event, "Zoé", "FONTIER", "matin")
    registrations = Registration.objects.filter(pk=registration.pk)
    assert image_count(attestation_pdf(registrations=registrations)) == 0
    event.organiser.logo.save("logo.png", image_file())
    event.organiser.signature.save("signature.jpg", image_file("signature.jpg", "JPEG"))
    pdf = attestation_pdf(registrations=registrations)
    assert image_count(pdf) == 2
    [lines] = pdf_pages(pdf)
    assert lines[0] == "ORIV"
    assert lines[-3:] == ["Pour ORIV,", "Murielle Maffessoli", "Directrice"]


def test_attestation_pdf_with_an_unreadable_signature_is_printed_without_it(event, media_root):
    registration = present(event, "Zoé", "FONTIER", "matin")
    event.organiser.signature.save("signature.png", io.BytesIO(b"\x89PNG\r\n\x1a\nbroken"))
    event.organiser.logo = "organisers/deleted.png"
    event.organiser.save()
    pdf = attestation_pdf(registrations=Registration.objects.filter(pk=registration.pk))
    assert image_count(pdf) == 0
    assert pdf_pages(pdf)[0][-2:] == ["Murielle Maffessoli", "Directrice"]


def test_attestation_pdf_bulk_reads_each_organiser_identity_once(event, media_root, monkeypatch):
    event.organiser.signature.save("signature.png", image_file("signature.png"))
    for name in ["FONTIER", "BACHET", "ÉCHARD"]:
        present(event, "Camille", name, "matin")
    calls = []
    real = attestations.image_src
    monkeypatch.setattr(attestations, "image_src", lambda f: calls.append(f.name) or real(f))
    pdf = attestation_pdf(registrations=Registration.objects.filter(event=event))
    assert len(calls) == 2  # logo and signature, for three pages
    assert [len(page.images) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages] == [1, 1, 1]


def test_attestation_pdf_names_the_organiser_with_its_article(event, media_root):
    """ "L'Observatoire … atteste que", "Pour l'Observatoire …,", "Logo de l'Observatoire …";
    the signatory's name and function, and the signature image, under it."""
    organiser = event.organiser
    organiser.name = "Observatoire Régional de l'Intégration et de la Ville"
    organiser.save()
    organiser.signature.save("signature.png", image_file("signature.png"))
    registration = present(event, "Zoé", "Fontier", "matin")

    pdf = attestation_pdf(registrations=Registration.objects.filter(pk=registration.pk))

    (lines,) = pdf_pages(pdf)
    assert "L'Observatoire Régional de l'Intégration et de la Ville atteste que" in lines
    assert lines[-4:] == [
        "Pour l'Observatoire Régional de",
        "l'Intégration et de la Ville,",
        "Murielle Maffessoli",
        "Directrice",
    ]
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    assert len(page.images) == 1  # the signature (no logo)
    assert b"Logo de l'Observatoire" not in pdf  # no logo: no alternative text either
