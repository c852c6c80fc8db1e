"""Badges and attestations of a selection in the admin's list of registrations: prepared in
the background as the event's documents are (backoffice/preparation.py), the selection part
of what identifies the document; reuse, rebuild, the rules of each action, scoping."""

import io

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from backoffice import documents, preparation
from backoffice.models import PreparedDocument
from registrations.enums import PersonalDataAction as Access
from registrations.models import PersonalDataAccess, Registration
from registrations.services.retention import anonymise
from tests.factories import CheckInFactory, TeamMemberFactory

from .test_badges import Day

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:registrations_registration_changelist")


@pytest.fixture
def day(media_root):
    """Zoé and Nicolas confirmed on site and checked in, Paul remote, Léa waiting."""
    day = Day(slug="journee-2025")
    day.zoe = day.participant("Zoé", "FONTIER", day.tfpb, day.blue)
    day.nicolas = day.participant("Nicolas", "BACHET", day.yellow)
    day.paul = day.participant("Paul", "AUBRY", attendance="remote")
    day.lea = day.participant("Léa", "CARON", status="waiting")
    for registration in (day.zoe, day.nicolas):
        CheckInFactory(registration=registration)
    return day


def act(client, action, registrations, **kwargs):
    return client.post(
        CHANGELIST, {"action": action, "_selected_action": [r.pk for r in registrations]}, **kwargs
    )


def url(name, document):
    return reverse(f"backoffice:{name}", args=[document.event.slug, document.pk])


def names(pdf: bytes) -> list[str]:
    """The surname on each A6 badge (one a page)."""
    return [page.extract_text().splitlines()[2] for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def test_selection_badges_lead_to_the_prepared_file_of_the_selection(organiser_client, day):
    selected = [day.zoe, day.nicolas, day.paul, day.lea]

    response = act(organiser_client, "badges_a6", selected)

    document = PreparedDocument.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("document_download", document)
    assert document.event == day.event
    assert (document.kind, document.status) == ("badges", "ready")
    assert document.params == {"format": "a6", "registrations": sorted(r.pk for r in selected)}
    # Only the confirmed on-site registrations get a badge.
    assert (document.people, document.detail) == (2, "A6, sélection dans la liste")
    download = organiser_client.get(response["Location"])
    assert download["Content-Disposition"] == 'attachment; filename="badges-journee-2025-a6.pdf"'
    assert names(download.content) == ["BACHET", "FONTIER"]


def test_selection_attestations_lead_to_the_prepared_file(organiser_client, day):
    response = act(organiser_client, "attestations", [day.zoe, day.paul], follow=True)

    document = PreparedDocument.objects.get()
    assert response.redirect_chain == [(url("document_download", document), 302)]
    assert document.kind == "attestations"
    assert document.params == {"registrations": sorted([day.zoe.pk, day.paul.pk])}
    assert (document.people, document.detail) == (1, "sélection dans la liste")
    (page,) = pypdf.PdfReader(io.BytesIO(response.content)).pages
    assert "Zoé FONTIER" in page.extract_text()


def test_selection_with_a_worker_is_not_rendered_in_the_request(
    organiser_client, day, queued, monkeypatch
):
    def rendered(**kwargs):
        raise AssertionError("rendered inside the web request")

    monkeypatch.setattr(documents, "badges_document", rendered)

    response = act(organiser_client, "badges_a4", [day.zoe, day.nicolas], follow=True)

    document = PreparedDocument.objects.get()
    assert response.redirect_chain == [(url("document_progress", document), 302)]
    assert document.status == "pending"
    assert len(queued.results) == 1
    html = response.content.decode()
    assert "<title>Préparation des badges… — Quartiers 2030</title>" in html
    assert f'data-status-url="{url("document_status", document)}"' in html


def test_same_selection_while_one_is_running_reuses_it(organiser_client, day, queued):
    first = act(organiser_client, "badges_a6", [day.zoe, day.nicolas])
    second = act(organiser_client, "badges_a6", [day.nicolas, day.zoe])  # another order

    document = PreparedDocument.objects.get()
    assert first["Location"] == second["Location"] == url("document_progress", document)
    assert len(queued.results) == 1
    # The whole event's badges, the other format, another selection: other documents.
    organiser_client.get(reverse("backoffice:badges", args=[day.event.slug]) + "?format=a6")
    act(organiser_client, "badges_a4", [day.zoe, day.nicolas])
    act(organiser_client, "badges_a6", [day.zoe])
    assert sorted(PreparedDocument.objects.values_list("params", flat=True), key=repr) == sorted(
        [
            {"format": "a6", "registrations": sorted([day.zoe.pk, day.nicolas.pk])},
            {"format": "a6"},
            {"format": "a4", "registrations": sorted([day.zoe.pk, day.nicolas.pk])},
            {"format": "a6", "registrations": [day.zoe.pk]},
        ],
        key=repr,
    )
    assert len(queued.results) == 4


def test_changed_selection_builds_a_new_document(organiser_client, day):
    first = act(organiser_client, "badges_a6", [day.zoe])
    second = act(organiser_client, "badges_a6", [day.zoe, day.nicolas])

    assert PreparedDocument.objects.count() == 2
    assert first["Location"] != second["Location"]
    assert names(organiser_client.get(first["Location"]).content) == ["FONTIER"]
    assert names(organiser_client.get(second["Location"]).content) == ["BACHET", "FONTIER"]


def test_same_selection_ready_is_reused_until_its_data_changes(organiser_client, day):
    first = act(organiser_client, "badges_a6", [day.zoe, day.nicolas])
    assert (
        act(organiser_client, "badges_a6", [day.zoe, day.nicolas])["Location"]
        == (first["Location"])
    )
    assert PreparedDocument.objects.count() == 1

    day.nicolas.last_name = "BACHET-ROUX"
    day.nicolas.save()
    second = act(organiser_client, "badges_a6", [day.zoe, day.nicolas])

    assert PreparedDocument.objects.count() == 2
    assert second["Location"] != first["Location"]
    assert names(organiser_client.get(second["Location"]).content) == ["BACHET-ROUX", "FONTIER"]


def test_select_all_across_pages_prepares_the_filtered_list(organiser_client, day):
    response = organiser_client.post(
        f"{CHANGELIST}?event__id__exact={day.event.pk}",
        {"action": "badges_a6", "_selected_action": [day.zoe.pk], "select_across": "1"},
    )

    document = PreparedDocument.objects.get()
    assert response["Location"] == url("document_download", document)
    assert document.params["registrations"] == sorted(
        day.event.registrations.values_list("pk", flat=True)
    )
    assert document.people == 2


def test_selection_refused_prepares_nothing(organiser_client, day):
    other = Day(slug="autre").participant("Paul", "AUTRE")
    CheckInFactory(registration=other)
    cases = [
        (
            "badges_a4", [day.zoe, other],
            "Sélectionnez les inscriptions d&#x27;un seul événement pour imprimer des badges.",
        ),
        (
            "attestations", [day.zoe, other],
            "Sélectionnez les inscriptions d&#x27;un seul événement pour préparer des "
            "attestations.",
        ),
        (
            "badges_a6", [day.paul, day.lea],
            "Aucune inscription confirmée sur place dans la sélection : aucun badge.",
        ),
        (
            "attestations", [day.paul, day.lea],
            "Aucune attestation : personne n&#x27;a été enregistré·e à l&#x27;accueil parmi ces "
            "inscriptions.",
        ),
    ]  # fmt: skip
    for action, selected, message in cases:
        response = act(organiser_client, action, selected, follow=True)
        assert response.redirect_chain == [(CHANGELIST, 302)], action
        assert message in response.content.decode(), action
    assert not PreparedDocument.objects.exists()
    assert not PersonalDataAccess.objects.exists()


def test_selection_of_anonymised_registrations_prepares_nothing(organiser_client, day):
    anonymise(Registration.objects.filter(pk__in=[day.zoe.pk, day.nicolas.pk]), now=timezone.now())

    badges = act(organiser_client, "badges_a6", [day.zoe, day.nicolas], follow=True)
    attestations = act(organiser_client, "attestations", [day.zoe, day.nicolas], follow=True)

    assert "Aucune inscription confirmée sur place dans la sélection : aucun badge." in (
        badges.content.decode()
    )
    assert (
        "Aucune attestation : personne n&#x27;a été enregistré·e à l&#x27;accueil parmi ces "
        "inscriptions."
    ) in attestations.content.decode()
    assert not PreparedDocument.objects.exists()


def test_selection_document_is_scoped_to_the_event(client, organiser_client, day):
    other = Day(slug="autre-journee")
    outsider = TeamMemberFactory(organiser=other.event.organiser, role="admin").user
    door = TeamMemberFactory(organiser=day.event.organiser, role="door").user
    partner = TeamMemberFactory(organiser=day.event.organiser, role="partner").user
    act(organiser_client, "badges_a4", [day.zoe, day.nicolas])
    act(organiser_client, "attestations", [day.zoe, day.nicolas])
    badges = PreparedDocument.objects.get(kind="badges")
    attestations = PreparedDocument.objects.get(kind="attestations")
    day.event.date = timezone.localdate()  # the door sees the events of the day
    day.event.save()

    for user, document, expected in [
        (outsider, badges, 404),
        (outsider, attestations, 404),
        (partner, badges, 403),
        (door, badges, 200),  # the door prints the badges
        (door, attestations, 403),  # but sees no list of people
    ]:
        client.force_login(user)
        for name in ("document_progress", "document_status", "document_download"):
            status = client.get(url(name, document)).status_code
            assert status == expected, (user.username, document.kind, name)
    # Another organiser's staff selecting these registrations finds nothing of theirs.
    client.force_login(outsider)
    response = act(client, "badges_a4", [day.zoe, day.nicolas], follow=True)
    assert response.redirect_chain == [(CHANGELIST, 302)]
    assert PreparedDocument.objects.count() == 2
    assert list(PersonalDataAccess.objects.values_list("user", "action")) == [
        (door.pk, Access.BADGES)
    ]


def test_task_prints_only_the_events_registrations_of_the_selection(day, organiser_user):
    """The ids come from the scoped list; the task still reads them within the event."""
    stranger = Day(slug="autre").participant("Paul", "AUTRE")

    document = preparation.document_request(
        event=day.event,
        kind="badges",
        params={"format": "a6", "registrations": sorted([day.zoe.pk, stranger.pk])},
        user=organiser_user,
    )

    assert (document.status, document.people) == ("ready", 1)
    with document.file.open("rb") as stored:
        assert names(stored.read()) == ["FONTIER"]
