""" "Prévenez-moi à l'ouverture": double opt-in, rate limits, the address's length, the
states where it is offered, and the purge of what is no longer needed."""

import datetime as dt
import html
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from events.enums import RegistrationMode
from registrations import emails, services
from registrations.models import OpeningNotice
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

ASK_AGAIN = (
    "Presque terminé : si cette adresse n'est pas déjà confirmée, un courriel vous a été "
    "envoyé. Ouvrez le lien qu'il contient pour confirmer votre demande : sans confirmation, "
    "vous ne serez pas prévenu·e, et la demande sera effacée au bout de 7 jours."
)
TOO_MANY = "Trop de demandes en peu de temps : rien n'a été enregistré. Réessayez dans une heure."


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """allauth counts rate limits in the default (locmem) cache, shared by the whole run."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def event():
    return EventFactory(registration_mode=RegistrationMode.LATER, title="Rencontre 2026")


@pytest.fixture
def ask(client, event, django_capture_on_commit_callbacks):
    """POST the form as the event page does (emails sent once the request commits)."""

    def ask(email, *, on=None, ip="192.0.2.1"):
        url = reverse("registrations:opening_notice", args=[(on or event).slug])
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, {"email": email}, follow=True, REMOTE_ADDR=ip)

    return ask


def html_of(response) -> str:
    return response.content.decode()


def said(response, text) -> bool:
    """`text` is on the page (whether it came escaped, from a variable, or not)."""
    return text in html.unescape(html_of(response))


def address(length: int) -> str:
    """A valid address of exactly `length` characters (64-character local part)."""
    domain_tail = length - 64 - 1 - 64 - 64 - 3
    return f"{'a' * 64}@{'b' * 63}.{'c' * 63}.{'d' * domain_tail}.fr"


def confirm_url(notice) -> str:
    return reverse("registrations:opening_notice_confirm", args=[notice.token])


# --- Double opt-in -------------------------------------------------------------------------


def test_opening_notice_request_is_stored_unconfirmed_and_emails_the_link(ask, event, settings):
    response = ask("Elu@Example.org")
    assert response.redirect_chain == [(event.get_absolute_url(), 302)]
    assert said(response, ASK_AGAIN)
    notice = OpeningNotice.objects.get()
    assert (notice.event, notice.email, notice.confirmed_at) == (event, "Elu@Example.org", None)
    [message] = mail.outbox
    assert message.to == ["Elu@Example.org"]
    assert message.subject == "Confirmez votre demande d'alerte : Rencontre 2026"
    link = f"{settings.SITE_URL}/alerte/{notice.token}/"
    assert f"Pour confirmer votre adresse, ouvrez ce lien :\n{link}\n" in message.body
    assert (
        "Tant que votre adresse n'est pas confirmée, vous ne recevrez rien. Sans confirmation "
        "sous 7 jours, votre demande est effacée."
    ) in message.body
    html = message.alternatives[0][0]
    assert f'<a href="{link}"' in html
    assert re.fullmatch(r"[A-Za-z0-9_-]{32}", notice.token)


def test_opening_notice_nothing_sent_before_confirmation(ask, event):
    ask("elu@example.org")
    notice = OpeningNotice.objects.get()
    event.registration_mode = RegistrationMode.OPEN
    event.save()
    mail.outbox.clear()
    assert not emails.send_opening_notice(notice_id=notice.pk)
    assert mail.outbox == []
    services.opening_notice_confirm(token=notice.token)
    assert emails.send_opening_notice(notice_id=notice.pk)
    assert [m.to for m in mail.outbox] == [["elu@example.org"]]


def test_opening_notice_confirm_page_asks_then_confirms(ask, client):
    ask("elu@example.org")
    notice = OpeningNotice.objects.get()
    page = client.get(confirm_url(notice))  # mail scanners open links: GET changes nothing
    assert page.status_code == 200
    assert said(page, "Tant que vous n'avez pas confirmé, vous ne recevrez rien")
    assert "Confirmer mon adresse</button>" in html_of(page)
    notice.refresh_from_db()
    assert notice.confirmed_at is None

    response = client.post(confirm_url(notice), follow=True)
    assert response.redirect_chain == [(confirm_url(notice), 302)]
    assert said(
        response,
        "C'est confirmé : nous écrirons à elu@example.org une seule fois, à l'ouverture des "
        "inscriptions à « Rencontre 2026 »",
    )
    assert said(response, "Votre adresse ne sert à rien d'autre : elle est effacée une fois")
    notice.refresh_from_db()
    assert notice.confirmed_at is not None


def test_opening_notice_confirm_is_idempotent(ask, client):
    ask("elu@example.org")
    notice = OpeningNotice.objects.get()
    client.post(confirm_url(notice))
    notice.refresh_from_db()
    first = notice.confirmed_at
    mail.outbox.clear()
    response = client.post(confirm_url(notice), follow=True)
    assert response.status_code == 200
    assert said(response, "Adresse confirmée")
    assert services.opening_notice_confirm(token=notice.token).confirmed_at == first
    notice.refresh_from_db()
    assert notice.confirmed_at == first
    assert mail.outbox == []


@pytest.mark.parametrize("method", ["get", "post"])
def test_opening_notice_confirm_bad_token_is_a_clear_404(client, method):
    response = getattr(client, method)(reverse("registrations:opening_notice_confirm", args=["x"]))
    assert response.status_code == 404
    assert said(response, "Ce lien de confirmation n'est pas, ou plus, valable")


@pytest.mark.parametrize("method", ["get", "post"])
def test_opening_notice_confirm_link_expires_after_seven_days(client, event, method):
    notice = OpeningNotice.objects.create(
        event=event, email="elu@example.org", created_at=timezone.now() - dt.timedelta(days=8)
    )
    assert getattr(client, method)(confirm_url(notice)).status_code == 404
    notice.refresh_from_db()
    assert notice.confirmed_at is None
    with pytest.raises(OpeningNotice.DoesNotExist):
        services.opening_notice_confirm(token=notice.token)


def test_opening_notice_asking_again_sends_the_same_link_and_restarts_the_clock(ask, event):
    ask("Elu@Example.org")
    notice = OpeningNotice.objects.get()
    OpeningNotice.objects.update(created_at=timezone.now() - dt.timedelta(days=6))
    ask("elu@example.org", ip="192.0.2.2")
    again = OpeningNotice.objects.get()
    assert again.token == notice.token
    assert timezone.now() - again.created_at < dt.timedelta(minutes=1)
    assert len(mail.outbox) == 2
    assert all(notice.token in message.body for message in mail.outbox)


def test_opening_notice_confirmed_address_asking_again_gets_no_email(ask):
    ask("elu@example.org")
    services.opening_notice_confirm(token=OpeningNotice.objects.get().token)
    mail.outbox.clear()
    response = ask("ELU@example.org")
    assert said(response, ASK_AGAIN)  # the same answer: nobody learns the address asked
    assert mail.outbox == []
    assert OpeningNotice.objects.get().confirmed_at is not None


# --- Rate limits ---------------------------------------------------------------------------


def test_opening_notice_rate_limit_per_ip(ask, event):
    for n in range(5):
        assert said(ask(f"elu{n}@example.org"), ASK_AGAIN)
    response = ask("elu5@example.org")
    assert response.status_code == 429
    assert said(response, TOO_MANY)
    assert 'value="elu5@example.org"' in html_of(response)
    assert OpeningNotice.objects.count() == 5
    assert not OpeningNotice.objects.filter(email="elu5@example.org").exists()
    assert len(mail.outbox) == 5
    assert said(ask("elu5@example.org", ip="192.0.2.99"), ASK_AGAIN)  # another visitor


def test_opening_notice_rate_limit_per_address(ask, event):
    for n in range(3):
        assert said(ask("elu@example.org", ip=f"192.0.2.{n + 1}"), ASK_AGAIN)
    other = EventFactory(registration_mode=RegistrationMode.LATER)
    response = ask("ELU@example.org", on=other, ip="192.0.2.50")  # any case, any event
    assert response.status_code == 429
    assert said(response, TOO_MANY)
    assert not OpeningNotice.objects.filter(event=other).exists()
    assert len(mail.outbox) == 3
    assert said(ask("autre@example.org", on=other, ip="192.0.2.50"), ASK_AGAIN)


# --- The address ---------------------------------------------------------------------------


def test_opening_notice_accepts_a_254_character_address(ask):
    email = address(254)
    assert len(email) == 254
    assert said(ask(email), ASK_AGAIN)
    assert OpeningNotice.objects.get().email == email
    assert mail.outbox[0].to == [email]


def test_opening_notice_refuses_a_255_character_address_in_french_keeping_it(ask):
    email = address(255)
    assert len(email) == 255
    response = ask(email)
    assert response.status_code == 200
    assert response.redirect_chain == []
    assert said(
        response, "Cette adresse est trop longue : 254 caractères au plus (elle en compte 255)."
    )
    assert f'value="{email}"' in html_of(response)
    assert 'maxlength="254"' in html_of(response)
    assert not OpeningNotice.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("email", "error"),
    [
        (
            "pas-une-adresse",
            "Saisissez une adresse électronique valide, par exemple nom@exemple.fr.",
        ),
        ("", "Saisissez votre adresse électronique."),
    ],
)
def test_opening_notice_invalid_address_is_said_in_french(ask, email, error):
    response = ask(email)
    assert response.status_code == 200
    assert said(response, error)
    assert f'value="{email}"' in html_of(response)
    assert not OpeningNotice.objects.exists()


# --- Offered only while registration is not open yet ---------------------------------------


def test_opening_notice_form_offered_on_the_event_page_before_opening(client):
    later = EventFactory(registration_mode=RegistrationMode.LATER)
    soon = EventFactory(registration_opens_at=timezone.now() + dt.timedelta(days=3))
    for event in (later, soon):
        page = client.get(event.get_absolute_url())
        assert said(page, "M'avertir")
        assert said(page, "Vous recevrez d'abord un lien pour confirmer votre adresse (valable 7")
    assert not said(client.get(EventFactory().get_absolute_url()), "M'avertir")


def test_opening_notice_page_shows_the_form(client, event):
    response = client.get(reverse("registrations:opening_notice", args=[event.slug]))
    assert response.status_code == 200
    assert 'name="email"' in html_of(response)


OPEN = "Les inscriptions à cet événement sont ouvertes : inscrivez-vous directement."
CLOSED = "Les inscriptions à cet événement sont closes : aucune alerte n'a été enregistrée."
NONE = "Cet événement n'a pas d'inscription en ligne : aucune alerte n'a été enregistrée."


@pytest.mark.parametrize(
    ("mode", "message"),
    [
        (RegistrationMode.OPEN, OPEN),
        (RegistrationMode.FULL, OPEN),
        (RegistrationMode.CLOSED, CLOSED),
        (RegistrationMode.NONE, NONE),
    ],
)
def test_opening_notice_refused_once_registration_is_open_or_closed(ask, mode, message):
    event = EventFactory(registration_mode=mode)
    response = ask("elu@example.org", on=event)
    assert response.redirect_chain == [(event.get_absolute_url(), 302)]
    assert said(response, message)
    assert not OpeningNotice.objects.exists()
    assert mail.outbox == []
    with pytest.raises(services.OpeningNoticeUnavailable):
        services.opening_notice_request(event=event, email="elu@example.org")


def test_opening_notice_refused_for_a_past_event(ask):
    event = EventFactory(
        registration_mode=RegistrationMode.LATER, date=timezone.localdate() - dt.timedelta(days=1)
    )
    ask("elu@example.org", on=event)
    assert not OpeningNotice.objects.exists()


# --- Purge ---------------------------------------------------------------------------------


def test_opening_notices_purge_deletes_unconfirmed_sent_and_past(event):
    now = timezone.now()
    past = EventFactory(date=timezone.localdate() - dt.timedelta(days=1))
    today = EventFactory(date=timezone.localdate(), registration_mode=RegistrationMode.OPEN)

    def notice(email, *, on=event, age=0, confirmed=None, sent=None):
        return OpeningNotice.objects.create(
            event=on, email=email, created_at=now - dt.timedelta(days=age),
            confirmed_at=confirmed, sent_at=sent,
        )  # fmt: skip

    notice("six.jours@example.org", age=6)
    notice("huit.jours@example.org", age=8)
    notice("confirmee@example.org", age=30, confirmed=now - dt.timedelta(days=29))
    notice("envoyee@example.org", age=2, confirmed=now, sent=now)
    notice("passe@example.org", on=past, age=1, confirmed=now)
    notice("aujourdhui@example.org", on=today, age=1, confirmed=now)

    assert services.opening_notices_purge(now=now) == 3
    assert sorted(OpeningNotice.objects.values_list("email", flat=True)) == [
        "aujourdhui@example.org", "confirmee@example.org", "six.jours@example.org",
    ]  # fmt: skip
    assert services.opening_notices_purge(now=now) == 0
    # Two days later: the six-day-old request is past its seven days, today's event is over.
    assert services.opening_notices_purge(now=now + dt.timedelta(days=2)) == 2
    assert list(OpeningNotice.objects.values_list("email", flat=True)) == ["confirmee@example.org"]


def test_opening_notices_purge_boundary_is_seven_days(event):
    now = timezone.now()
    OpeningNotice.objects.create(event=event, email="a@example.org", created_at=now)
    assert services.opening_notices_purge(now=now + dt.timedelta(days=7)) == 0
    assert services.opening_notices_purge(now=now + dt.timedelta(days=7, seconds=1)) == 1
