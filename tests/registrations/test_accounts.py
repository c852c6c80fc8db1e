"""Accounts (django-allauth): email only, a code sent by email is the way in, French pages."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = "/compte/login/"
REQUEST_CODE_URL = "/compte/login/code/"
CONFIRM_CODE_URL = "/compte/login/code/confirm/"
SIGNUP_URL = "/compte/signup/"
VERIFY_EMAIL_URL = "/compte/confirm-email/"
LOGOUT_URL = "/compte/logout/"
MY_SPACE_URL = "/mon-espace/"
TOO_MANY = "Trop de tentatives de connexion échouées. Veuillez réessayer ultérieurement."


@pytest.fixture(autouse=True)
def empty_rate_limits():
    """allauth counts rate limits in the default (locmem) cache, shared by the whole run."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def verified_user():
    user = UserFactory(username="marie", email="marie.curie@example.org", password=None)
    user.set_unusable_password()
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def code_from(message):
    """The 6-digit code alone on its line in a French login/verification email."""
    return re.search(r"^(\d{6})$", message.body, re.MULTILINE).group(1)


def main_of(response):
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def _same_but_tokens(known_html, unknown_html, known_email):
    """The two confirm pages differ only by the email shown and the CSRF tokens."""
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    return token.sub("", known_html).replace(known_email, "X") == token.sub(
        "", unknown_html
    ).replace("personne@example.org", "X")


def is_logged_in(client):
    return "_auth_user_id" in client.session


def test_account_urls_are_allauth_names():
    assert reverse("account_login") == LOGIN_URL
    assert reverse("account_request_login_code") == REQUEST_CODE_URL
    assert reverse("account_confirm_login_code") == CONFIRM_CODE_URL
    assert reverse("account_signup") == SIGNUP_URL
    assert reverse("account_email_verification_sent") == VERIFY_EMAIL_URL
    assert reverse("account_logout") == LOGOUT_URL


def test_login_page_asks_for_the_email_and_sends_a_code(client):
    response = client.get(LOGIN_URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Se connecter — Quartiers 2030</title>" in html
    assert html.count("<h1") == 1
    assert '<h1 class="mb-3">Se connecter</h1>' in html
    main = main_of(response)
    # The primary (only) form posts the email to the request-code view…
    assert re.findall(r'<form [^>]*action="([^"]+)"', main) == [REQUEST_CODE_URL]
    assert '<label class="form-label" for="id_email">Adresse électronique</label>' in main
    assert re.search(r'<input [^>]*type="email" name="email" id="id_email"', main)
    assert 'autocomplete="email"' in main
    assert "Recevoir un code de connexion</button>" in main
    # …and the password is a secondary link; signing up needs an email only.
    assert (
        '<a href="/compte/login/?methode=mot-de-passe">Se connecter avec un mot de passe</a>'
        in main
    )
    assert '<a href="/compte/signup/">Créer un compte</a>' in main
    assert 'type="password"' not in main


def test_login_page_loads_nothing_from_third_parties(client):
    html = client.get(LOGIN_URL).content.decode()

    assert re.findall(r'<script[^>]+src="(?:https?:)?//', html) == []
    assert re.findall(r'<link[^>]+href="(?:https?:)?//', html) == []
    assert '<script src="/static/vendor/bootstrap/bootstrap.bundle.min.js" defer>' in html


def test_login_by_code_logs_a_verified_user_in(client, verified_user):
    response = client.post(REQUEST_CODE_URL, {"email": "Marie.Curie@example.org"})

    assert response.status_code == 302
    assert response["Location"] == CONFIRM_CODE_URL
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["marie.curie@example.org"]
    assert message.subject == "[Quartiers 2030] Votre code de connexion"
    assert message.body.startswith("Bonjour,\n\nVoici votre code de connexion à Quartiers 2030 :")
    code = code_from(message)

    page = client.get(CONFIRM_CODE_URL)
    assert page.status_code == 200
    main = main_of(page)
    assert main.count("<h1") == 1
    assert '<h1 class="mb-3">Saisir le code de connexion</h1>' in main
    assert "Un code de connexion vient d&#x27;être envoyé à marie.curie@example.org." in main
    field = re.search(r'<input [^>]*name="code"[^>]*>', main, re.DOTALL).group(0)
    assert 'autocomplete="one-time-code"' in field
    assert 'inputmode="numeric"' in field
    assert 'aria-describedby="id_code-help"' in field
    assert '<label class="form-label" for="id_code">Code reçu par courriel</label>' in main
    assert not is_logged_in(client)

    response = client.post(CONFIRM_CODE_URL, {"code": code})

    assert response.status_code == 302
    assert response["Location"] == MY_SPACE_URL
    assert client.session["_auth_user_id"] == str(verified_user.pk)
    my_space = client.get(MY_SPACE_URL)
    assert my_space.status_code == 200
    assert "marie.curie@example.org" in my_space.content.decode()


def test_login_by_code_keeps_the_next_page(client, verified_user):
    response = client.post(f"{REQUEST_CODE_URL}?next=/evenements/", {"email": verified_user.email})

    assert response["Location"] == f"{CONFIRM_CODE_URL}?next=%2Fevenements%2F"
    response = client.post(
        response["Location"], {"code": code_from(mail.outbox[0]), "next": "/evenements/"}
    )
    assert response["Location"] == "/evenements/"


def test_request_code_unknown_email_answers_like_a_known_one(client, verified_user):
    known = client.post(REQUEST_CODE_URL, {"email": verified_user.email})
    known_page = client.get(known["Location"])
    other_client = Client()
    unknown = other_client.post(REQUEST_CODE_URL, {"email": "personne@example.org"})
    unknown_page = other_client.get(unknown["Location"])

    assert (known.status_code, known["Location"]) == (302, CONFIRM_CODE_URL)
    assert (unknown.status_code, unknown["Location"]) == (302, CONFIRM_CODE_URL)
    assert known_page.status_code == unknown_page.status_code == 200
    assert _same_but_tokens(main_of(known_page), main_of(unknown_page), verified_user.email)
    # Both get a code: a new address gets its account (unconfirmed, no password) on the spot.
    assert [m.to for m in mail.outbox] == [[verified_user.email], ["personne@example.org"]]
    assert [m.subject for m in mail.outbox] == ["[Quartiers 2030] Votre code de connexion"] * 2
    new = get_user_model().objects.get(email="personne@example.org")
    assert (new.has_usable_password(), new.emailaddress_set.get().verified) == (False, False)
    # Someone else's code signs nobody in…
    response = other_client.post(CONFIRM_CODE_URL, {"code": code_from(mail.outbox[0])})
    assert "Code incorrect." in response.content.decode()
    assert not is_logged_in(other_client)
    # …their own does, and confirms the address.
    other_client.post(CONFIRM_CODE_URL, {"code": code_from(mail.outbox[1])})
    assert is_logged_in(other_client)
    assert new.emailaddress_set.get().verified is True


def test_first_timer_goes_from_the_event_to_its_registration_form_with_one_code(client):
    from tests.factories import EventFactory

    event = EventFactory(slug="journee-2026")
    register_url = f"/evenements/{event.slug}/inscription/"
    login = client.get(register_url)
    assert login["Location"] == f"/compte/login/?next={register_url}"
    response = client.post(
        f"{REQUEST_CODE_URL}?next={register_url}", {"email": "premiere.fois@example.org"}
    )
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["premiere.fois@example.org"]
    response = client.post(
        f"{CONFIRM_CODE_URL}?next={register_url}",
        {"code": code_from(message), "next": register_url},
    )
    assert (response.status_code, response["Location"]) == (302, register_url)
    form = client.get(register_url)
    assert form.status_code == 200
    assert "Valider mon inscription" in form.content.decode()


def test_confirm_code_wrong_code_shows_a_french_error_and_stays_logged_out(client, verified_user):
    client.post(REQUEST_CODE_URL, {"email": verified_user.email})
    wrong = "000000" if code_from(mail.outbox[0]) != "000000" else "111111"

    response = client.post(CONFIRM_CODE_URL, {"code": wrong})

    assert response.status_code == 200
    main = main_of(response)
    field = re.search(r'<input [^>]*name="code"[^>]*>', main, re.DOTALL).group(0)
    assert 'aria-invalid="true"' in field
    assert 'aria-describedby="id_code-errors id_code-help"' in field
    assert (
        '<div class="invalid-feedback" id="id_code-errors"><p class="mb-0">Code incorrect.</p>'
        in main
    )
    assert not is_logged_in(client)
    assert client.get(MY_SPACE_URL)["Location"] == f"{LOGIN_URL}?next={MY_SPACE_URL}"


def test_confirm_code_third_wrong_code_drops_the_code(client, verified_user):
    client.post(REQUEST_CODE_URL, {"email": verified_user.email})
    code = code_from(mail.outbox[0])
    wrong = "000000" if code != "000000" else "111111"

    statuses = [client.post(CONFIRM_CODE_URL, {"code": wrong}).status_code for _ in range(2)]
    third = client.post(CONFIRM_CODE_URL, {"code": wrong})

    assert statuses == [200, 200]
    assert third.status_code == 302
    assert third["Location"] == REQUEST_CODE_URL
    assert TOO_MANY in main_of(client.get(REQUEST_CODE_URL))
    # The right code no longer works: it has been thrown away.
    late = client.post(CONFIRM_CODE_URL, {"code": code})
    assert (late.status_code, late["Location"]) == (302, REQUEST_CODE_URL)
    assert not is_logged_in(client)


def test_request_code_fourth_request_a_minute_for_one_email_is_refused(verified_user):
    # A browser with a code pending is sent back to the code page: each try is a new visitor.
    responses = [Client().post(REQUEST_CODE_URL, {"email": verified_user.email}) for _ in range(4)]

    assert [r.status_code for r in responses] == [302, 302, 302, 200]
    main = main_of(responses[3])
    assert '<div class="invalid-feedback" id="id_email-errors">' in main
    assert f'<p class="mb-0">{TOO_MANY}</p>' in main
    assert len(mail.outbox) == 3


def test_request_code_again_while_a_code_is_pending_goes_back_to_the_code_page(
    client, verified_user
):
    client.post(REQUEST_CODE_URL, {"email": verified_user.email})

    again = client.post(REQUEST_CODE_URL, {"email": verified_user.email})

    assert (again.status_code, again["Location"]) == (302, CONFIRM_CODE_URL)
    assert len(mail.outbox) == 1


def test_confirm_code_resend_mails_a_new_code_that_works(client, verified_user):
    client.post(REQUEST_CODE_URL, {"email": verified_user.email})
    page = main_of(client.get(CONFIRM_CODE_URL))
    assert 'form="resend">Recevoir un nouveau code</button>' in page

    response = client.post(CONFIRM_CODE_URL, {"action": "resend"})

    assert (response.status_code, response["Location"]) == (302, CONFIRM_CODE_URL)
    assert len(mail.outbox) == 2
    assert client.post(CONFIRM_CODE_URL, {"code": code_from(mail.outbox[1])})["Location"] == (
        MY_SPACE_URL
    )


def test_request_code_invalid_email_error_is_linked_to_the_field(client):
    response = client.post(REQUEST_CODE_URL, {"email": "pas-une-adresse"})

    assert response.status_code == 200
    main = main_of(response)
    assert main.count("<h1") == 1
    field = re.search(r'<input [^>]*name="email"[^>]*>', main, re.DOTALL).group(0)
    assert 'value="pas-une-adresse"' in field
    assert 'aria-invalid="true"' in field
    assert 'aria-describedby="id_email-errors"' in field
    assert (
        '<div class="invalid-feedback" id="id_email-errors">'
        '<p class="mb-0">Saisissez une adresse de courriel valide.</p></div>'
    ) in main
    assert mail.outbox == []


def test_signup_by_email_only_then_code_verifies_and_logs_in(client):
    page = client.get(SIGNUP_URL)
    assert page.status_code == 200
    main = main_of(page)
    assert '<h1 class="mb-3">Créer un compte</h1>' in main
    assert 'type="password"' not in main

    response = client.post(SIGNUP_URL, {"email": "Nouvelle@Example.org"})

    assert response.status_code == 302
    assert response["Location"] == VERIFY_EMAIL_URL
    User = get_user_model()
    user = User.objects.get(email="nouvelle@example.org")
    assert not user.has_usable_password()
    assert list(EmailAddress.objects.values_list("email", "verified", "primary")) == [
        ("nouvelle@example.org", False, True)
    ]
    assert not is_logged_in(client)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nouvelle@example.org"]
    assert message.subject == "[Quartiers 2030] Confirmez votre adresse électronique"
    page = client.get(VERIFY_EMAIL_URL)
    assert page.status_code == 200
    assert '<h1 class="mb-3">Confirmer votre adresse électronique</h1>' in main_of(page)
    assert 'inputmode="numeric"' in main_of(page)

    response = client.post(VERIFY_EMAIL_URL, {"code": code_from(message)})

    assert response.status_code == 302
    assert response["Location"] == MY_SPACE_URL
    assert client.session["_auth_user_id"] == str(user.pk)
    assert list(EmailAddress.objects.values_list("email", "verified", "primary")) == [
        ("nouvelle@example.org", True, True)
    ]
    assert "nouvelle@example.org" in client.get(MY_SPACE_URL).content.decode()


def test_signup_before_the_code_leaves_the_visitor_logged_out(client):
    client.post(SIGNUP_URL, {"email": "nouvelle@example.org"})

    assert client.get(MY_SPACE_URL)["Location"] == f"{LOGIN_URL}?next={MY_SPACE_URL}"
    assert not is_logged_in(client)


def test_signup_existing_email_answers_like_a_new_one(client, verified_user):
    response = client.post(SIGNUP_URL, {"email": verified_user.email})

    assert (response.status_code, response["Location"]) == (302, VERIFY_EMAIL_URL)
    assert get_user_model().objects.count() == 1
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([verified_user.email], "[Quartiers 2030] Vous avez déjà un compte")
    ]
    assert not is_logged_in(client)


def test_login_with_password_stays_possible_for_those_who_set_one(client):
    UserFactory(username="paul", email="paul@example.org")  # password "motdepasse-solide-2025"
    EmailAddress.objects.create(
        user_id=get_user_model().objects.get().pk,
        email="paul@example.org",
        verified=True,
        primary=True,
    )
    page = main_of(client.get(f"{LOGIN_URL}?methode=mot-de-passe"))
    assert re.findall(r'<form [^>]*action="([^"]+)"', page) == [LOGIN_URL]
    assert 'autocomplete="current-password"' in page
    assert '<a href="/compte/password/reset/">Mot de passe oublié ?</a>' in page

    response = client.post(
        LOGIN_URL, {"login": "paul@example.org", "password": "motdepasse-solide-2025"}
    )

    assert (response.status_code, response["Location"]) == (302, MY_SPACE_URL)
    assert is_logged_in(client)


def test_login_with_password_sixth_failure_in_five_minutes_is_refused(client):
    UserFactory(username="paul", email="paul@example.org")
    EmailAddress.objects.create(
        user_id=get_user_model().objects.get().pk,
        email="paul@example.org",
        verified=True,
        primary=True,
    )
    wrong = {"login": "paul@example.org", "password": "pas-le-bon"}
    failures = [client.post(LOGIN_URL, wrong) for _ in range(5)]

    assert {r.status_code for r in failures} == {200}
    assert "L’adresse e-mail ou le mot de passe sont incorrects." in main_of(failures[0])
    assert 'type="password"' in main_of(failures[0])  # the password form stays shown
    # Even the right password is refused now, for this email.
    right = client.post(LOGIN_URL, {**wrong, "password": "motdepasse-solide-2025"})
    assert right.status_code == 200
    assert TOO_MANY in main_of(right)
    assert not is_logged_in(client)


def test_login_view_answers_429_over_30_posts_a_minute(client):
    responses = [client.post(LOGIN_URL, {"login": "x@example.org"}) for _ in range(31)]

    assert [r.status_code for r in responses] == [200] * 30 + [429]
    assert "<h1>Trop de tentatives</h1>" in responses[-1].content.decode()


def test_logout_on_get_only_asks_then_post_logs_out(client, verified_user):
    client.force_login(verified_user)

    page = client.get(LOGOUT_URL)
    assert page.status_code == 200
    assert '<h1 class="mb-3">Se déconnecter</h1>' in main_of(page)
    assert is_logged_in(client)

    response = client.post(LOGOUT_URL)

    assert (response.status_code, response["Location"]) == (302, "/")
    assert not is_logged_in(client)


def test_navigation_shows_login_link_or_my_space_and_a_logout_button(client, verified_user):
    anonymous = client.get("/").content.decode()
    assert '<a class="nav-link" href="/compte/login/">Se connecter</a>' in anonymous
    assert "Mon espace" not in anonymous

    client.force_login(verified_user)
    html = client.get("/").content.decode()

    assert '<a class="nav-link" href="/mon-espace/">Mon espace</a>' in html
    logout = re.search(
        r'<form class="nav-logout" method="post" action="([^"]+)">(.*?)</form>', html
    )
    assert logout.group(1) == LOGOUT_URL
    assert 'name="csrfmiddlewaretoken"' in logout.group(2)
    assert '<button type="submit" class="nav-link">Se déconnecter</button>' in logout.group(2)
    assert "Se connecter</a>" not in html


@pytest.mark.parametrize(
    ("url", "h1"),
    [
        (LOGIN_URL, "Se connecter"),
        (REQUEST_CODE_URL, "Recevoir un code de connexion"),
        (SIGNUP_URL, "Créer un compte"),
        ("/compte/password/reset/", "Réinitialisation du mot de passe"),
    ],
)
def test_account_page_for_visitors_uses_the_site_layout(client, url, h1):
    response = client.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert re.search(rf'<h1 class="mb-3">\s*{h1}\s*</h1>', html)
    assert '<a class="visually-hidden-focusable skip-link" href="#contenu">' in html
    assert '<html lang="fr">' in html


@pytest.mark.parametrize(
    ("url", "h1"),
    [
        ("/compte/email/", "Adresses e-mail"),
        ("/compte/password/set/", "Définir un mot de passe"),
        (LOGOUT_URL, "Se déconnecter"),
    ],
)
def test_account_page_for_members_uses_the_site_layout(client, verified_user, url, h1):
    client.force_login(verified_user)

    response = client.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert re.search(rf'<h1 class="mb-3">\s*{h1}\s*</h1>', html)
    assert '<a class="nav-link" href="/mon-espace/">Mon espace</a>' in html


def test_confirm_code_wrong_code_gets_an_error_summary_linking_to_the_field(client, verified_user):
    client.post(REQUEST_CODE_URL, {"email": verified_user.email})
    wrong = "000000" if code_from(mail.outbox[0]) != "000000" else "111111"

    main = main_of(client.post(CONFIRM_CODE_URL, {"code": wrong}))

    assert (
        '<div class="alert alert-danger account-text" role="alert" id="code-errors" tabindex="-1">'
    ) in main
    assert '<li><a href="#id_code">Code incorrect.</a></li>' in main


def test_reauthentication_code_page_is_the_french_code_form(client, verified_user):
    client.force_login(verified_user)
    response = client.post(
        reverse("account_request_reauthentication_code"), {"recipient": verified_user.email}
    )
    assert response["Location"] == reverse("account_confirm_reauthentication_code")

    main = main_of(client.get(response["Location"]))

    assert '<h1 class="mb-3">Confirmer votre identité</h1>' in main
    field = re.search(r'<input [^>]*name="code"[^>]*>', main, re.DOTALL).group(0)
    assert 'autocomplete="one-time-code"' in field and 'inputmode="numeric"' in field
    assert '<label class="form-label" for="id_code">Code reçu par courriel</label>' in main
    assert f'action="{reverse("account_confirm_reauthentication_code")}"' in main
