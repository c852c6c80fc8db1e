import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from resources.enums import ResourceKind
from resources.models import Resource
from tests.factories import EventFactory

from .helpers import GIF, HTML, JPEG, OLE, PDF, PNG, SVG, WEBP, ZIP, file_resource, stored_files

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/resources/resource/add/"


def post_resource(client, event, name, content, content_type="application/octet-stream", **data):
    return client.post(
        ADD_URL,
        {
            "event": event.pk,
            "slot": "",
            "kind": ResourceKind.PRESENTATION,
            "title": "Diaporama de la journée",
            "description": "",
            "url": "",
            "published": "on",
            "order": "0",
            "file": SimpleUploadedFile(name, content, content_type=content_type),
            **data,
        },
    )


def file_errors(response):
    return response.context["adminform"].form.errors["file"]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("diaporama.pdf", PDF),
        ("Compte-rendu.ODT", ZIP),
        ("tableau.ods", ZIP),
        ("diaporama.odp", ZIP),
        ("compte-rendu.doc", OLE),
        ("compte-rendu.docx", ZIP),
        ("chiffres.xls", OLE),
        ("chiffres.xlsx", ZIP),
        ("diaporama.ppt", OLE),
        ("diaporama.pptx", ZIP),
        ("carte.png", PNG),
        ("photo.jpg", JPEG),
        ("photo.jpeg", JPEG),
        ("photo.webp", WEBP),
        ("schema.gif", GIF),
    ],
)
def test_upload_allowed_types_are_accepted(organiser_client, media_root, name, content):
    event = EventFactory()

    response = post_resource(organiser_client, event, name, content)

    assert response.status_code == 302
    resource = Resource.objects.get()
    extension = name.rsplit(".", 1)[1].lower()
    # A random name: nothing of the original file name is kept in the storage.
    assert re.fullmatch(rf"resources/\d{{4}}/[\w-]{{22}}\.{extension}", resource.file.name)
    assert stored_files(media_root) == [resource.file.name]
    assert resource.file_size == len(content)


def test_upload_html_renamed_as_pdf_is_refused(organiser_client, media_root):
    event = EventFactory()

    response = post_resource(organiser_client, event, "programme.pdf", HTML, "application/pdf")

    assert response.status_code == 200
    assert file_errors(response) == [
        "Le contenu de ce fichier ne correspond pas à un fichier PDF : il a peut-être été "
        "renommé. Déposez le document d'origine."
    ]
    assert "il a peut-être été renommé" in response.content.decode()
    assert not Resource.objects.exists()
    assert stored_files(media_root) == []


@pytest.mark.parametrize(
    ("name", "content", "label"),
    [("carte.png", SVG, "PNG"), ("compte-rendu.docx", HTML, "DOCX"), ("photo.jpg", PNG, "JPEG")],
)
def test_upload_content_not_matching_its_extension_is_refused(
    organiser_client, name, content, label
):
    response = post_resource(organiser_client, EventFactory(), name, content)

    assert file_errors(response) == [
        f"Le contenu de ce fichier ne correspond pas à un fichier {label} : il a peut-être "
        "été renommé. Déposez le document d'origine."
    ]
    assert not Resource.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "extension"),
    [
        ("page.html", HTML, ".html"),
        ("logo.svg", SVG, ".svg"),
        ("installeur.exe", b"MZ\x90\x00", ".exe"),
        ("archive.zip", ZIP, ".zip"),
        ("sans-extension", PDF, "sans extension"),
    ],
)
def test_upload_other_extensions_are_refused(
    organiser_client, media_root, name, content, extension
):
    response = post_resource(organiser_client, EventFactory(), name, content)

    assert file_errors(response) == [
        f"Ce type de fichier n'est pas accepté ({extension}). Formats acceptés : PDF, documents "
        "bureautiques (odt, ods, odp, doc, docx, xls, xlsx, ppt, pptx) et images (png, jpg, "
        "jpeg, webp, gif)."
    ]
    assert not Resource.objects.exists()
    assert stored_files(media_root) == []


@override_settings(RESOURCE_MAX_UPLOAD_MB=1)
def test_upload_over_the_size_limit_is_refused(organiser_client, media_root):
    content = PDF + b"0" * (1024 * 1024)  # 1 Mo and a few bytes

    response = post_resource(organiser_client, EventFactory(), "rapport.pdf", content)

    assert file_errors(response) == [
        "Ce fichier est trop volumineux (1,0 Mo) : la taille maximale est de 1 Mo."
    ]
    assert not Resource.objects.exists()
    assert stored_files(media_root) == []


@override_settings(RESOURCE_MAX_UPLOAD_MB=1)
def test_upload_at_the_size_limit_is_accepted(organiser_client):
    content = PDF + b"0" * (1024 * 1024 - len(PDF))

    response = post_resource(organiser_client, EventFactory(), "rapport.pdf", content)

    assert response.status_code == 302
    assert Resource.objects.get().file_size == 1024 * 1024


def test_upload_form_says_what_is_accepted(organiser_client, settings):
    settings.RESOURCE_MAX_UPLOAD_MB = 15
    EventFactory()  # an event of the user's organiser, to attach resources to

    html = organiser_client.get(ADD_URL).content.decode()

    assert (
        'accept=".pdf,.odt,.ods,.odp,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.png,.jpg,.jpeg,.gif,.webp"'
        in html
    )
    assert (
        "Formats acceptés : PDF, documents bureautiques (odt, ods, odp, doc, docx, xls, xlsx, "
        "ppt, pptx) et images (png, jpg, jpeg, webp, gif). 15 Mo au plus." in html
    )


def test_upload_validation_runs_in_model_full_clean():
    """The checks sit on the model field: every ModelForm (the event page's inline too)
    runs them, not only this admin."""
    resource = Resource(
        event=EventFactory(),
        title="Programme",
        file=SimpleUploadedFile("programme.pdf", HTML),
    )

    with pytest.raises(ValidationError) as error:
        resource.full_clean()

    assert error.value.message_dict == {
        "file": [
            "Le contenu de ce fichier ne correspond pas à un fichier PDF : il a peut-être été "
            "renommé. Déposez le document d'origine."
        ]
    }


def test_admin_links_the_current_file_through_the_download_view(organiser_client):
    resource = file_resource("diaporama.pdf", PDF, title="Diaporama ORIV")

    html = organiser_client.get(f"/admin/resources/resource/{resource.pk}/change/").content.decode()

    assert f'<a href="/ressources/{resource.pk}/telecharger/">Diaporama ORIV.pdf</a>' in html
    assert "/media/" not in html
