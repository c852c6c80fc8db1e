import pytest

from events.enums import EventStatus
from tests.factories import EventFactory, ResourceFactory, TeamMemberFactory, UserFactory

from .helpers import HTML, OLE, PDF, PNG, ZIP, file_resource

pytestmark = pytest.mark.django_db


def download_url(resource):
    return f"/ressources/{resource.pk}/telecharger/"


def body(response):
    """The file served, read to the end: that also closes it, as a WSGI server would."""
    return b"".join(response.streaming_content)


def test_resource_href_of_a_file_is_the_download_view():
    resource = file_resource()
    link = ResourceFactory(url="https://www.oriv.org/politique-de-la-ville-en-grand-est/")

    assert resource.href == download_url(resource)
    assert link.href == "https://www.oriv.org/politique-de-la-ville-en-grand-est/"


def test_download_pdf_is_shown_inline_with_safe_headers(client):
    resource = file_resource("diaporama.pdf", PDF, title="Diaporama ORIV")

    response = client.get(download_url(resource))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="Diaporama ORIV.pdf"'
    assert response["Content-Length"] == str(len(PDF))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert "Cache-Control" not in response
    assert body(response) == PDF


def test_download_image_is_shown_inline(client):
    resource = file_resource("carte.png", PNG, title="Carte")

    response = client.get(download_url(resource))

    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'inline; filename="Carte.png"'
    assert body(response) == PNG


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        (
            "cr.docx",
            ZIP,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("cr.odt", ZIP, "application/vnd.oasis.opendocument.text"),
        ("cr.xls", OLE, "application/vnd.ms-excel"),
    ],
)
def test_download_office_document_is_an_attachment_named_after_its_title(
    client, name, content, content_type
):
    resource = file_resource(name, content, title="Compte rendu de la journée")
    extension = name.rsplit(".", 1)[1]

    response = client.get(download_url(resource))

    assert response["Content-Type"] == content_type
    # Not ASCII: the RFC 5987 form, percent-encoded UTF-8.
    assert response["Content-Disposition"] == (
        f"attachment; filename*=utf-8''Compte%20rendu%20de%20la%20journ%C3%A9e.{extension}"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert body(response) == content


def test_download_name_drops_characters_that_break_file_names(client):
    resource = file_resource(title='Atelier 1/2 : "TFPB" \\ bilan.')

    response = client.get(download_url(resource))

    assert response["Content-Disposition"] == 'inline; filename="Atelier 1 2 TFPB bilan.pdf"'
    assert body(response) == PDF


def test_download_type_comes_from_the_extension_never_from_the_upload(client):
    """Whatever the browser claimed on upload, the whitelist decides the served type."""
    resource = file_resource("diaporama.pdf", HTML)

    response = client.get(download_url(resource))

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Security-Policy"] == "sandbox"
    assert body(response) == HTML


def test_download_file_stored_with_a_type_off_the_whitelist_is_not_found(client):
    # Only possible by hand (the model refuses it): such a file is never served.
    resource = file_resource("page.html", HTML)

    assert client.get(download_url(resource)).status_code == 404


@pytest.mark.parametrize(
    "hidden",
    [
        {"published": False},
        {"event__status": EventStatus.DRAFT},
    ],
    ids=["unpublished resource", "draft event"],
)
def test_download_hidden_resource_is_not_found_for_anonymous(client, hidden):
    resource = file_resource(**hidden)

    assert client.get(download_url(resource)).status_code == 404


def test_download_hidden_resource_is_not_found_for_a_user_without_the_permission(client):
    resource = file_resource(published=False)
    client.force_login(UserFactory(is_staff=True))

    assert client.get(download_url(resource)).status_code == 404


def test_download_unpublished_resource_is_served_privately_to_organisers(organiser_client):
    resource = file_resource(published=False, event__status=EventStatus.DRAFT)

    response = organiser_client.get(download_url(resource))

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert body(response) == PDF


def test_download_unpublished_resource_is_served_to_its_organiser_team_only(client):
    resource = file_resource(published=False)
    partner = TeamMemberFactory(organiser=resource.event.organiser, role="partner").user
    other_team = TeamMemberFactory(role="admin").user  # of another organiser

    client.force_login(partner)
    response = client.get(download_url(resource))
    assert response.status_code == 200
    assert body(response) == PDF
    client.force_login(other_team)
    assert client.get(download_url(resource)).status_code == 404


def test_download_link_resource_or_unknown_pk_is_not_found(client):
    link = ResourceFactory()

    assert client.get(download_url(link)).status_code == 404
    assert client.get("/ressources/999999/telecharger/").status_code == 404


def test_download_missing_stored_file_is_not_found(client):
    resource = file_resource()
    resource.file.storage.delete(resource.file.name)

    assert client.get(download_url(resource)).status_code == 404


def test_download_published_resource_of_a_cancelled_event_is_served(client):
    # The event page of a cancelled event stays public, with its resources.
    resource = file_resource(event=EventFactory(status=EventStatus.CANCELLED))

    response = client.get(download_url(resource))

    assert response.status_code == 200
    assert body(response) == PDF
