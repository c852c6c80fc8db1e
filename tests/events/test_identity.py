"""Each organiser's identity: its images (validated), its emails' sender and Reply-To,
its privacy notice, its admin page. The PDFs are tested where each document is."""

import io
import re
from email import message_from_bytes
from email.header import decode_header, make_header

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from events import validators
from events.models import Organiser
from events.validators import validate_identity_image, validate_privacy_contact
from quartiers2030.pdf import image_src
from registrations import emails
from registrations.models import OpeningNotice
from tests.factories import EventFactory, OrganiserFactory, RegistrationFactory, UserFactory
from tests.images import image_bytes, image_file

pytestmark = pytest.mark.django_db

PORTAL_ADDRESS = "ne-pas-repondre@quartiers2030.example.org"


@pytest.fixture(autouse=True)
def portal_address(settings):
    settings.DEFAULT_FROM_EMAIL = f"Quartiers 2030 <{PORTAL_ADDRESS}>"


def upload(name, content):
    return SimpleUploadedFile(name, content)


# --- Images ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "image_format"), [("logo.png", "PNG"), ("logo.jpg", "JPEG"), ("LOGO.JPEG", "JPEG")]
)
def test_identity_image_accepts_png_and_jpeg(name, image_format):
    validate_identity_image(upload(name, image_bytes(image_format)))


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "file_type"),
        ("logo.gif", b"GIF89a", "file_type"),
        ("logo", image_bytes(), "file_type"),
        ("logo.png", b"<html><script>alert(1)</script>", "file_content"),
        ("logo.jpg", image_bytes("PNG"), "file_content"),
    ],
)
def test_identity_image_refuses_other_types_and_renamed_files(name, content, code):
    with pytest.raises(ValidationError) as error:
        validate_identity_image(upload(name, content))
    assert error.value.code == code


def test_identity_image_refuses_a_file_over_the_limit():
    limit = validators.IDENTITY_IMAGE_MAX_MB * 1024 * 1024
    validate_identity_image(upload("logo.png", b"\x89PNG\r\n\x1a\n".ljust(limit, b"0")))
    with pytest.raises(ValidationError) as error:
        validate_identity_image(upload("logo.png", b"\x89PNG\r\n\x1a\n".ljust(limit + 1, b"0")))
    assert error.value.messages == [
        "Cette image est trop volumineuse : la taille maximale est de 2 Mo."
    ]


@pytest.mark.parametrize("value", ["dpo@oriv.invalid", "https://www.example.org/contact"])
def test_privacy_contact_is_an_email_or_a_web_page(value):
    validate_privacy_contact(value)


@pytest.mark.parametrize("value", ["javascript:alert(1)", "ftp://example.org", "DPO de l'ORIV"])
def test_privacy_contact_refuses_anything_else(value):
    with pytest.raises(ValidationError):
        validate_privacy_contact(value)


def test_image_src_is_the_media_url_of_a_readable_image(media_root):
    organiser = OrganiserFactory()
    organiser.logo.save("logo.png", image_file())
    assert image_src(organiser.logo) == f"/media/{organiser.logo.name}"


@pytest.mark.parametrize("content", [b"", b"\x89PNG\r\n\x1a\nnot a png at all", b"GIF89a..."])
def test_image_src_is_empty_for_an_unreadable_image(media_root, content):
    organiser = OrganiserFactory()
    organiser.logo.save("logo.png", io.BytesIO(content))
    assert image_src(organiser.logo) == ""


def test_image_src_is_empty_for_a_missing_file_or_no_file(media_root):
    organiser = OrganiserFactory(logo="organisers/gone.png")
    assert image_src(organiser.logo) == ""
    assert image_src(OrganiserFactory().logo) == ""


# --- Emails ------------------------------------------------------------------------------


def header(message, name) -> str:
    """A header as the recipient's mail client shows it (encoded words decoded)."""
    parsed = message_from_bytes(message.message().as_bytes())
    if not parsed[name]:
        return ""
    return re.sub(r"\r?\n(?=[ \t])", "", str(make_header(decode_header(parsed[name]))))


@pytest.fixture
def registration():
    organiser = OrganiserFactory(
        name="Labo Cités — centre de ressources politique de la ville Auvergne-Rhône-Alpes",
        short_name="Labo Cités",
    )
    return RegistrationFactory(event=EventFactory(organiser=organiser), status="confirmed")


def test_email_about_an_event_goes_out_under_the_sender_name_with_its_reply_to(registration):
    organiser = registration.event.organiser
    organiser.email_sender_name = "Labo Cités — Rencontres"
    organiser.reply_to = "contact@labo-cites.invalid"
    organiser.save()
    emails.send(registration_id=registration.pk, kind="confirmed")
    [message] = mail.outbox
    assert message.from_email == f'"Labo Cités — Rencontres via Quartiers 2030" <{PORTAL_ADDRESS}>'
    assert message.reply_to == ["contact@labo-cites.invalid"]
    assert header(message, "From") == (
        f"Labo Cités — Rencontres via Quartiers 2030 <{PORTAL_ADDRESS}>"
    )
    assert header(message, "Reply-To") == "contact@labo-cites.invalid"


def test_email_without_sender_name_uses_the_short_name_and_no_reply_to(registration):
    emails.send(registration_id=registration.pk, kind="confirmed")
    [message] = mail.outbox
    assert message.from_email == f'"Labo Cités via Quartiers 2030" <{PORTAL_ADDRESS}>'
    assert message.reply_to == []
    assert "Reply-To" not in message.message()


def test_email_sender_name_with_quotes_and_newline_stays_one_header(registration):
    organiser = registration.event.organiser
    organiser.email_sender_name = 'Le "Labo"\nBcc: x@example.org'
    organiser.save()
    emails.send(registration_id=registration.pk, kind="cancelled")
    [message] = mail.outbox
    assert header(message, "From") == (
        f'"Le \\"Labo\\" Bcc: x@example.org via Quartiers 2030" <{PORTAL_ADDRESS}>'
    )
    assert message.recipients() == [registration.email]


def test_opening_notice_and_staff_message_use_the_organiser_identity(registration):
    from registrations.models import StaffMessage

    event = registration.event
    event.organiser.reply_to = "contact@labo-cites.invalid"
    event.organiser.save()
    event.registration_mode = "open"
    event.save()
    notice = OpeningNotice.objects.create(
        event=event, email="elu@example.org", confirmed_at=timezone.now()
    )
    assert emails.send_opening_notice(notice_id=notice.pk)
    staff_message = StaffMessage.objects.create(event=event, subject="Salle", body="Salle B.")
    staff_message.recipients.add(registration)
    assert emails.send_staff_message(message_id=staff_message.pk) == 1
    assert [(m.from_email, m.reply_to) for m in mail.outbox] == [
        (f'"Labo Cités via Quartiers 2030" <{PORTAL_ADDRESS}>', ["contact@labo-cites.invalid"])
    ] * 2


# --- Privacy notice of the registration form ---------------------------------------------


def notice(client, event) -> str:
    client.force_login(UserFactory())
    html = client.get(reverse("registrations:register", args=[event.slug])).content.decode()
    section = html.split('id="notice"')[1].split("</section>")[0]
    return re.sub(r"\s+", " ", section)


def test_privacy_notice_names_the_data_controller_and_links_to_its_contact(client):
    organiser = OrganiserFactory(
        data_controller="l'association ORIV",
        privacy_contact="donnees-personnelles@oriv.invalid",
    )
    text = notice(client, EventFactory(organiser=organiser, registration_mode="open"))
    assert "l&#x27;association ORIV, responsable du traitement, traite ces informations" in text
    assert (
        'en écrivant à <a href="mailto:donnees-personnelles@oriv.invalid">'
        "donnees-personnelles@oriv.invalid</a>." in text
    )


def test_privacy_notice_links_to_a_contact_page(client):
    organiser = OrganiserFactory(privacy_contact="https://www.example.org/rgpd")
    text = notice(client, EventFactory(organiser=organiser, registration_mode="open"))
    assert '<a href="https://www.example.org/rgpd">https://www.example.org/rgpd</a>' in text


def test_privacy_notice_without_identity_names_the_organiser(client):
    organiser = OrganiserFactory(name="Grand Chambéry", short_name="")
    text = notice(client, EventFactory(organiser=organiser, registration_mode="open"))
    assert "Grand Chambéry, responsable du traitement, traite ces informations" in text
    assert "en écrivant à l'organisateur." in text


# --- Admin ---------------------------------------------------------------------------------


def test_organiser_admin_groups_the_identity_fields(admin_client):
    organiser = OrganiserFactory()
    html = admin_client.get(
        reverse("admin:events_organiser_change", args=[organiser.pk])
    ).content.decode()
    legends = re.findall(r"<h2[^>]*>([^<]+)</h2>", html)
    for legend in ["Identité", "Attestations", "Courriels", "Données personnelles"]:
        assert legend in legends
    for field in [
        "logo", "signatory_name", "signatory_function", "signature", "email_sender_name",
        "reply_to", "data_controller", "privacy_contact",
    ]:  # fmt: skip
        assert f'name="{field}"' in html


def test_organiser_admin_refuses_an_svg_logo(admin_client, media_root):
    organiser = OrganiserFactory()
    data = {
        "name": organiser.name, "short_name": organiser.short_name, "slug": organiser.slug,
        "region": "", "website": "", "signatory_name": "", "signatory_function": "",
        "email_sender_name": "", "reply_to": "", "data_controller": "", "privacy_contact": "",
        "logo": upload("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
    }  # fmt: skip
    url = reverse("admin:events_organiser_change", args=[organiser.pk])
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert not Organiser.objects.get(pk=organiser.pk).logo
    data["logo"] = upload("logo.png", image_bytes())
    assert admin_client.post(url, data).status_code == 302
    assert Organiser.objects.get(pk=organiser.pk).logo.name.startswith("organisers/logo")
