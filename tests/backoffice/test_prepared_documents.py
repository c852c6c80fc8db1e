"""Documents prepared in the background: the progress page and its state, reuse, rebuild
when the data changed, old files purged, scoping, the trail at download, failures."""

import datetime as dt
import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from backoffice import documents, preparation
from backoffice.models import PreparedDocument
from registrations.enums import PersonalDataAction as Access
from registrations.models import PersonalDataAccess
from tests.factories import TeamMemberFactory

from .test_badges import Day

pytestmark = pytest.mark.django_db

BADGES = "/staff/evenements/journee-2025/badges.pdf?format=a6"


@pytest.fixture
def day(media_root):
    day = Day(slug="journee-2025")
    day.participant("Zoé", "FONTIER", day.tfpb, day.blue)
    day.participant("Nicolas", "BACHET", day.yellow)
    return day


def url(name, document):
    return reverse(f"backoffice:{name}", args=[document.event.slug, document.pk])


def running(day, **fields):
    return PreparedDocument.objects.create(
        event=day.event, kind="badges", params={"format": "a6"}, status="running",
        done=3, total=10, **fields,
    )  # fmt: skip


def test_one_click_gives_the_file_with_the_immediate_backend(organiser_client, day):
    response = organiser_client.get(BADGES, follow=True)

    document = PreparedDocument.objects.get()
    assert response.redirect_chain == [(url("document_download", document), 302)]
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="badges-journee-2025-a6.pdf"'
    assert response.content.startswith(b"%PDF-")
    assert (document.status, document.done, document.total, document.people) == (
        "ready", 2, 2, 2,
    )  # fmt: skip
    assert document.size == len(response.content)
    assert document.file.name.startswith("prepared-documents/")


def test_progress_page_follows_the_preparation(organiser_client, day):
    document = running(day)

    html = organiser_client.get(url("document_progress", document)).content.decode()

    assert "<title>Préparation des badges… — Quartiers 2030</title>" in html
    assert '<div role="status" aria-live="polite" data-state>' in html
    assert "<p data-label>Préparation des badges… (3 / 10)</p>" in html
    assert (
        '<label for="document-progress-bar" class="visually-hidden">'
        "Avancement de la préparation</label>"
    ) in html
    assert (
        '<progress id="document-progress-bar" class="document-progress-bar" max="10" value="3"'
        in html
    )
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in html
    assert f'data-status-url="{url("document_status", document)}"' in html
    assert "js/document-progress" in html


def test_status_of_a_running_then_ready_document(organiser_client, day):
    document = running(day)

    state = organiser_client.get(url("document_status", document)).json()

    assert state == {
        "status": "running", "done": 3, "total": 10,
        "label": "Préparation des badges… (3 / 10)", "download_url": "", "error": "",
    }  # fmt: skip
    document.status, document.done = "ready", 10
    document.file.save("badges.pdf", ContentFile(b"%PDF-1.7"))
    state = organiser_client.get(url("document_status", document)).json()
    assert state == {
        "status": "ready", "done": 10, "total": 10,
        "label": "Préparation des badges… (10 / 10)",
        "download_url": url("document_download", document), "error": "",
    }  # fmt: skip
    html = organiser_client.get(url("document_progress", document)).content.decode()
    assert 'http-equiv="refresh"' not in html
    assert f'<a href="{url("document_download", document)}" class="btn btn-primary"' in html


def test_download_before_it_is_ready_goes_to_the_progress_page(organiser_client, day):
    document = running(day)

    response = organiser_client.get(url("document_download", document))

    assert response.status_code == 302
    assert response["Location"] == url("document_progress", document)
    assert not PersonalDataAccess.objects.exists()


def test_same_request_while_one_is_running_reuses_it(organiser_client, day, queued):
    first = organiser_client.get(BADGES)
    second = organiser_client.get(BADGES)

    document = PreparedDocument.objects.get()
    assert first["Location"] == second["Location"] == url("document_progress", document)
    assert document.status == "pending"
    assert len(queued.results) == 1
    organiser_client.get(BADGES.replace("a6", "a4"))
    assert PreparedDocument.objects.count() == 2  # another format: another document


def test_a_document_stuck_for_long_is_not_waited_for(organiser_client, day, queued):
    stuck = running(day)
    PreparedDocument.objects.filter(pk=stuck.pk).update(
        updated_at=timezone.now() - dt.timedelta(minutes=20)
    )

    organiser_client.get(BADGES)

    assert PreparedDocument.objects.count() == 2


def test_ready_document_is_rebuilt_only_when_its_data_changed(organiser_client, day):
    organiser_client.get(BADGES)
    organiser_client.get(BADGES)
    assert PreparedDocument.objects.count() == 1

    day.participant("Paul", "AUBRY", day.blue)
    response = organiser_client.get(BADGES, follow=True)

    assert PreparedDocument.objects.count() == 2
    newest = PreparedDocument.objects.order_by("-created_at").first()
    assert newest.people == 3
    assert response.redirect_chain == [(url("document_download", newest), 302)]


def test_data_version_changes_with_check_ins_and_ateliers(day):
    def version():
        return preparation.data_version(event=day.event, kind="badges", params={})

    before = version()
    assert version() == before
    registration = day.event.registrations.first()
    registration.checkins.create(half_day="matin")
    after_checkin = version()
    assert after_checkin != before
    day.blue.title = "Codéveloppement (salle changée)"
    day.blue.save()
    assert version() != after_checkin


def test_purge_deletes_old_documents_and_their_files(day, settings):
    settings.PREPARED_DOCUMENTS_HOURS = 24
    old, recent = running(day), running(day)
    for document in (old, recent):
        document.file.save("badges.pdf", ContentFile(b"%PDF-1.7"))
    now = timezone.now()
    PreparedDocument.objects.filter(pk=old.pk).update(created_at=now - dt.timedelta(hours=25))
    storage, old_name = old.file.storage, old.file.name

    assert preparation.prepared_documents_purge(now=now) == 1

    assert list(PreparedDocument.objects.all()) == [recent]
    assert not storage.exists(old_name)
    assert storage.exists(recent.file.name)


def test_purge_command_and_dry_run(day):
    old = running(day)
    PreparedDocument.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(days=2)
    )
    out = io.StringIO()
    call_command("purge_prepared_documents", "--dry-run", stdout=out)
    assert out.getvalue() == "1 document(s) à supprimer (simulation).\n"
    assert PreparedDocument.objects.exists()
    call_command("purge_prepared_documents", stdout=out)
    assert not PreparedDocument.objects.exists()


def test_a_new_request_purges_the_old_documents(organiser_client, day):
    old = running(day, data_version="before")
    old.status = "ready"
    old.save()
    PreparedDocument.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(days=2)
    )

    organiser_client.get(BADGES)

    assert not PreparedDocument.objects.filter(pk=old.pk).exists()


def test_download_records_the_trail_each_time(organiser_client, organiser_user, day):
    organiser_client.get(BADGES, follow=True)
    document = PreparedDocument.objects.get()
    organiser_client.get(url("document_download", document))

    entries = list(
        PersonalDataAccess.objects.order_by("pk").values_list("user", "action", "count", "detail")
    )
    assert entries == [(organiser_user.pk, Access.BADGES, 2, "A6")] * 2


def test_prepared_document_urls_are_scoped(client, organiser_client, day):
    day.event.date = timezone.localdate()  # the door sees the events of the day
    day.event.save()
    document = running(day)
    other = Day(slug="autre-journee")
    elsewhere = running(other)
    for name in ("document_progress", "document_status", "document_download"):
        # A document of another event, under this event's URL: not found.
        mixed = reverse(f"backoffice:{name}", args=[day.event.slug, elsewhere.pk])
        assert organiser_client.get(mixed).status_code == 404, name
    door = TeamMemberFactory(organiser=day.event.organiser, role="door").user
    partner = TeamMemberFactory(organiser=day.event.organiser, role="partner").user
    outsider = TeamMemberFactory(organiser=other.event.organiser, role="admin").user
    attestations = PreparedDocument.objects.create(
        event=day.event, kind="attestations", status="running"
    )
    for user, target, expected in [
        (door, document, 200),  # the door prints the badges
        (door, attestations, 403),  # but sees no list of people
        (partner, document, 403),
        (outsider, document, 404),
    ]:
        client.force_login(user)
        assert client.get(url("document_status", target)).status_code == expected


def test_failure_is_told_in_french(organiser_client, day, monkeypatch, caplog):
    def broken(**kwargs):
        raise RuntimeError("WeasyPrint crashed")

    monkeypatch.setattr(documents, "badges_document", broken)

    response = organiser_client.get(BADGES, follow=True)

    document = PreparedDocument.objects.get()
    assert response.redirect_chain == [(url("document_progress", document), 302)]
    message = (
        "La préparation du document a échoué. Réessayez ; si l&#x27;échec se répète, "
        "signalez-le à l&#x27;équipe technique du portail."
    )
    assert f'<p class="alert alert-danger" data-error>{message}</p>' in response.content.decode()
    assert document.status == "failed"
    assert organiser_client.get(url("document_status", document)).json()["error"] == (
        "La préparation du document a échoué. Réessayez ; si l'échec se répète, "
        "signalez-le à l'équipe technique du portail."
    )
    assert "WeasyPrint crashed" in caplog.text
    assert not PersonalDataAccess.objects.exists()
    # Failed documents are not reused: the next click tries again.
    monkeypatch.undo()
    organiser_client.get(BADGES)
    assert PreparedDocument.objects.filter(status="ready").count() == 1
