"""Second factor of the staff (allauth.mfa): set up at the first staff page, asked at every
login (by emailed code or password), never asked from participants and partners."""

import re
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from backoffice.mfa import SecondFactorResetDenied, second_factor_reset
from events.enums import TeamRole
from events.models import TeamMember
from tests.factories import OrganiserFactory, UserFactory

pytestmark = pytest.mark.django_db

REQUEST_CODE_URL = "/compte/login/code/"
CONFIRM_CODE_URL = "/compte/login/code/confirm/"
LOGIN_URL = "/compte/login/"
MFA_AUTHENTICATE_URL = "/compte/2fa/authenticate/"
ACTIVATE_URL = "/compte/2fa/totp/activate/"
RECOVERY_CODES_URL = "/compte/2fa/recovery-codes/"
MY_SPACE_URL = "/mon-espace/"


@pytest.fixture(autouse=True)
def second_factor_required(settings):
    settings.MFA_REQUIRED_FOR_STAFF = True


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate limits and used TOTP codes live in the default (locmem) cache."""
    cache.clear()
    yield
    cache.clear()


def totp_code(secret: str) -> str:
    """The code an authenticator app shows now, computed with allauth's own HOTP."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


def code_from(message) -> str:
    return re.search(r"^(\d{6})$", message.body, re.MULTILINE).group(1)


def verified_user(username: str, **kwargs):
    user = UserFactory(username=username, email=f"{username}@example.org", **kwargs)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def staff_member(role: str, username: str = "porte", **kwargs):
    user = verified_user(username, is_staff=True, **kwargs)
    TeamMember.objects.create(user=user, organiser=OrganiserFactory(), role=role)
    return user


def with_totp(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return secret


def login_by_code(client, user, next_url=""):
    """Request a code, type it: returns the response to the code."""
    query = f"?next={next_url}" if next_url else ""
    client.post(f"{REQUEST_CODE_URL}{query}", {"email": user.email})
    data = {"code": code_from(mail.outbox[-1])}
    if next_url:
        data["next"] = next_url
    return client.post(f"{CONFIRM_CODE_URL}{query}", data)


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def main_of(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


# Enforcement: staff without an authenticator app are sent to set it up.


@pytest.mark.parametrize(
    "url",
    ["/admin/", "/admin/events/event/", "/staff/activite/", "/staff/evenements/journee/accueil/"],
)
def test_door_staff_without_totp_is_sent_to_the_setup_page(client, url):
    client.force_login(staff_member(TeamRole.DOOR))

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{ACTIVATE_URL}?next={url.replace('/', '%2F')}"
    assert client.session["backoffice_mfa_next"] == url


def test_superuser_without_totp_is_sent_to_the_setup_page(client):
    client.force_login(verified_user("racine", is_staff=True, is_superuser=True))

    assert client.get("/admin/")["Location"] == f"{ACTIVATE_URL}?next=%2Fadmin%2F"


def test_staff_without_totp_keeps_the_public_site_the_mfa_pages_and_logout(client):
    client.force_login(staff_member(TeamRole.MANAGER))

    assert client.get("/").status_code == 200
    assert client.get("/compte/2fa/").status_code == 200
    # allauth's own gate: a session without a recent sign-in confirms access first.
    assert client.get(ACTIVATE_URL)["Location"] == (
        "/compte/reauthenticate/?next=%2Fcompte%2F2fa%2Ftotp%2Factivate%2F"
    )
    assert client.get("/connexion/telephone-perdu/").status_code == 200
    static = client.get("/static/js/print.js")
    assert static.status_code == 200
    assert b"print" in b"".join(static.streaming_content)  # read to the end: closes the file
    response = client.post("/admin/logout/")
    assert response.status_code == 200  # Django's "Déconnecté·e" page, not the setup page
    assert not is_logged_in(client)


@pytest.mark.parametrize("role", [TeamRole.ADMIN, TeamRole.MANAGER, TeamRole.DOOR])
def test_every_role_reading_personal_data_is_sent_to_the_setup_page(client, role):
    client.force_login(staff_member(role))

    assert client.get("/admin/")["Location"] == f"{ACTIVATE_URL}?next=%2Fadmin%2F"


def test_partner_only_staff_is_not_forced(client):
    client.force_login(staff_member(TeamRole.PARTNER))

    response = client.get("/admin/")

    assert response.status_code == 200
    assert Authenticator.objects.count() == 0


def test_participant_is_not_forced(client):
    client.force_login(verified_user("participante"))

    assert client.get(MY_SPACE_URL).status_code == 200
    # Not staff: the admin answers with its own login, which sends to allauth's.
    assert client.get("/admin/")["Location"] == "/admin/login/?next=/admin/"


def test_enforcement_is_off_when_the_setting_is(client, settings):
    settings.MFA_REQUIRED_FOR_STAFF = False
    client.force_login(staff_member(TeamRole.DOOR))

    assert client.get("/admin/").status_code == 200


# Setting the app up, from the first staff sign-in.


def test_first_staff_login_by_code_sets_up_totp_then_the_admin_works(client):
    user = staff_member(TeamRole.DOOR)

    response = login_by_code(client, user, next_url="/admin/")
    assert response["Location"] == "/admin/"  # no app yet: nothing more to ask
    assert client.get("/admin/")["Location"] == f"{ACTIVATE_URL}?next=%2Fadmin%2F"

    page = client.get(f"{ACTIVATE_URL}?next=%2Fadmin%2F")
    assert page.status_code == 200
    main = main_of(page)
    assert '<h1 class="mb-3">Activer la double authentification</h1>' in main
    secret = client.session[SECRET_SESSION_KEY]
    assert f'<code class="d-block fs-5 my-2 user-select-all" id="totp-secret">{secret}</code>' in (
        main
    )
    assert 'src="data:image/svg+xml;base64,' in main
    field = re.search(r'<input [^>]*name="code"[^>]*>', main, re.DOTALL).group(0)
    assert 'autocomplete="one-time-code"' in field
    assert 'inputmode="numeric"' in field
    assert '<label class="form-label" for="id_code">Code affiché par l\'application</label>' in main

    response = client.post(ACTIVATE_URL, {"code": totp_code(secret)})

    assert response.status_code == 302
    assert response["Location"] == RECOVERY_CODES_URL
    assert sorted(Authenticator.objects.filter(user=user).values_list("type", flat=True)) == [
        "recovery_codes",
        "totp",
    ]
    codes_page = main_of(client.get(RECOVERY_CODES_URL))
    codes = RecoveryCodes(Authenticator.objects.get(user=user, type="recovery_codes"))
    assert all(f"<li>{code}</li>" in codes_page for code in codes.get_unused_codes())
    assert "10 codes disponibles sur 10." in codes_page
    continue_button = '<a class="btn btn-primary" href="/admin/">J\'ai noté mes codes, continuer'
    assert continue_button in codes_page
    assert client.get("/admin/").status_code == 200


def test_activate_with_a_wrong_code_shows_the_error_summary(client):
    user = staff_member(TeamRole.DOOR)
    login_by_code(client, user)
    client.get(ACTIVATE_URL)
    secret = client.session[SECRET_SESSION_KEY]
    wrong = "000000" if totp_code(secret) != "000000" else "111111"

    page = client.post(ACTIVATE_URL, {"code": wrong})

    assert page.status_code == 200
    main = main_of(page)
    assert '<div class="alert alert-danger account-text" role="alert" id="erreurs"' in main
    assert '<li><a href="#id_code">Code incorrect.</a></li>' in main
    assert 'aria-invalid="true"' in main
    assert Authenticator.objects.count() == 0


# Login with the app: allauth asks for the code after the emailed code as after the password.


def test_login_by_code_of_staff_with_totp_asks_for_the_app_code_before_logging_in(client):
    user = staff_member(TeamRole.DOOR)
    secret = with_totp(user)

    response = login_by_code(client, user, next_url="/admin/")

    assert response.status_code == 302
    assert response["Location"] == MFA_AUTHENTICATE_URL
    assert not is_logged_in(client)
    assert client.get("/admin/")["Location"] == "/admin/login/?next=/admin/"

    page = client.get(MFA_AUTHENTICATE_URL)
    main = main_of(page)
    assert '<h1 class="mb-3">Double authentification</h1>' in main
    field = re.search(r'<input [^>]*name="code"[^>]*>', main, re.DOTALL).group(0)
    assert 'autocomplete="one-time-code"' in field
    assert 'inputmode="numeric"' in field
    assert '<a href="/connexion/telephone-perdu/">Téléphone perdu ?</a>' in main

    response = client.post(MFA_AUTHENTICATE_URL, {"code": totp_code(secret)})

    assert response["Location"] == "/admin/"
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get("/admin/").status_code == 200


def test_login_by_password_of_staff_with_totp_asks_for_the_app_code(client):
    user = staff_member(TeamRole.MANAGER)
    with_totp(user)

    response = client.post(
        f"{LOGIN_URL}?next=/admin/",
        {"login": user.email, "password": "motdepasse-solide-2025", "next": "/admin/"},
    )

    assert response["Location"] == MFA_AUTHENTICATE_URL
    assert not is_logged_in(client)


def test_wrong_app_code_keeps_the_staff_member_logged_out(client):
    user = staff_member(TeamRole.DOOR)
    secret = with_totp(user)
    login_by_code(client, user)
    wrong = "000000" if totp_code(secret) != "000000" else "111111"

    page = client.post(MFA_AUTHENTICATE_URL, {"code": wrong})

    assert page.status_code == 200
    assert '<li><a href="#id_code">Code incorrect.</a></li>' in main_of(page)
    assert not is_logged_in(client)


def test_participant_login_by_code_is_never_asked_for_a_second_factor(client):
    user = verified_user("participante")

    response = login_by_code(client, user)

    assert response["Location"] == MY_SPACE_URL
    assert client.session["_auth_user_id"] == str(user.pk)


def test_partner_login_by_code_is_not_asked_for_a_second_factor(client):
    user = staff_member(TeamRole.PARTNER, username="partenaire")

    response = login_by_code(client, user, next_url="/admin/")

    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_recovery_code_logs_in_once(client):
    user = staff_member(TeamRole.DOOR)
    with_totp(user)
    recovery = Authenticator.objects.get(user=user, type="recovery_codes")
    code = RecoveryCodes(recovery).generate_codes()[0]
    login_by_code(client, user)

    response = client.post(MFA_AUTHENTICATE_URL, {"code": code})

    assert response["Location"] == MY_SPACE_URL
    assert client.session["_auth_user_id"] == str(user.pk)
    codes = RecoveryCodes(Authenticator.objects.get(user=user, type="recovery_codes"))
    assert len(codes.get_unused_codes()) == 9
    assert code not in codes.get_unused_codes()

    client.post("/compte/logout/")
    login_by_code(client, user)
    page = client.post(MFA_AUTHENTICATE_URL, {"code": code})

    assert page.status_code == 200
    assert '<li><a href="#id_code">Code incorrect.</a></li>' in main_of(page)
    assert not is_logged_in(client)


# The admin's own login form is no way around it.


def test_admin_login_sends_to_allauth_login_with_next(client):
    response = client.get("/admin/login/?next=/staff/activite/")

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next=%2Fstaff%2Factivite%2F"


def test_admin_login_post_does_not_log_in(client):
    user = staff_member(TeamRole.DOOR)
    with_totp(user)

    response = client.post(
        "/admin/login/", {"username": user.username, "password": "motdepasse-solide-2025"}
    )

    assert response["Location"] == f"{LOGIN_URL}?next=%2Fadmin%2F"
    assert not is_logged_in(client)


def test_admin_login_refuses_an_outside_next(client):
    response = client.get("/admin/login/?next=https://ailleurs.example/")

    assert response["Location"] == f"{LOGIN_URL}?next=%2Fadmin%2F"


def test_admin_login_is_djangos_when_the_setting_is_off(client, settings):
    settings.MFA_REQUIRED_FOR_STAFF = False

    assert client.get("/admin/login/").status_code == 200


# Lost phone.


def test_lost_phone_page_is_public_and_explains_both_ways(client):
    page = client.get("/connexion/telephone-perdu/")

    assert page.status_code == 200
    main = main_of(page)
    assert '<h1 class="mb-3">Téléphone perdu ?</h1>' in main
    assert '<h2 class="h4 mt-4">1. Avec un code de secours</h2>' in main
    assert '<h2 class="h4 mt-4">2. Sans code de secours</h2>' in main
    assert "réinitialiser votre double authentification" in main


def test_second_factor_reset_removes_every_authenticator(client):
    user = staff_member(TeamRole.DOOR)
    with_totp(user)
    other = staff_member(TeamRole.MANAGER, username="autre")
    with_totp(other)
    superuser = UserFactory(username="racine", is_superuser=True, is_staff=True)

    assert second_factor_reset(user=user, by=superuser) == 2

    assert not Authenticator.objects.filter(user=user).exists()
    assert Authenticator.objects.filter(user=other).count() == 2
    # Next login: the emailed code alone, then straight to setting a new app up.
    assert login_by_code(client, user, next_url="/admin/")["Location"] == "/admin/"
    assert client.get("/admin/")["Location"] == f"{ACTIVATE_URL}?next=%2Fadmin%2F"


def test_second_factor_reset_by_an_organisation_admin_for_their_team_only(client):
    user = staff_member(TeamRole.DOOR)
    with_totp(user)
    organiser = TeamMember.objects.get(user=user).organiser
    their_admin = verified_user("admin-orga", is_staff=True)
    TeamMember.objects.create(user=their_admin, organiser=organiser, role=TeamRole.ADMIN)
    with_totp(their_admin)
    other_admin = staff_member(TeamRole.ADMIN, username="admin-autre")  # another organiser

    with pytest.raises(SecondFactorResetDenied) as error:
        second_factor_reset(user=user, by=other_admin)
    assert error.value.message == (
        "Seuls les administrateur·rices de son équipe ou du portail peuvent "
        "réinitialiser cette double authentification."
    )
    assert Authenticator.objects.filter(user=user).count() == 2

    member = TeamMember.objects.get(user=user)
    client.force_login(their_admin)
    response = client.post(
        reverse("admin:events_teammember_changelist"),
        {"action": "reset_second_factor", "_selected_action": [member.pk]},
        follow=True,
    )
    assert "configurera de nouveau son application" in response.content.decode()
    assert not Authenticator.objects.filter(user=user).exists()


def test_user_admin_action_resets_the_second_factor(admin_client, admin_user):
    with_totp(admin_user)
    user = staff_member(TeamRole.DOOR)
    with_totp(user)

    response = admin_client.post(
        "/admin/auth/user/",
        {"action": "reset_second_factor", "_selected_action": [user.pk]},
        follow=True,
    )

    assert response.status_code == 200
    assert not Authenticator.objects.filter(user=user).exists()
    assert [str(m) for m in response.context["messages"]] == [
        "Double authentification réinitialisée pour 1 compte : à sa prochaine connexion, la "
        "personne configurera une nouvelle application."
    ]


def test_user_admin_shows_who_has_a_second_factor_and_offers_the_action(admin_client, admin_user):
    with_totp(admin_user)
    with_totp(staff_member(TeamRole.DOOR))
    staff_member(TeamRole.MANAGER, username="sans-appli")

    page = admin_client.get("/admin/auth/user/")

    html = page.content.decode()
    assert '<option value="reset_second_factor">' in html
    assert "Double authentification" in html
    cell = '<td class="field-has_second_factor"><img src="/static/admin/img/icon-{}.svg"'
    assert (html.count(cell.format("yes")), html.count(cell.format("no"))) == (2, 1)


def test_user_admin_action_is_not_offered_without_superuser_rights(client):
    org_admin = staff_member(TeamRole.ADMIN, username="admin-orga")
    org_admin.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_user", "change_user"])
    )
    with_totp(org_admin)
    client.force_login(org_admin)

    page = client.get("/admin/auth/user/")

    assert page.status_code == 200
    assert "reset_second_factor" not in page.content.decode()


def test_old_session_confirms_access_by_emailed_code_before_the_setup(client):
    user = staff_member(TeamRole.DOOR)
    user.set_unusable_password()
    user.save()
    client.force_login(user)  # no sign-in recorded in this session, as after a long while

    page = client.get("/compte/reauthenticate/code/?next=%2Fcompte%2F2fa%2Ftotp%2Factivate%2F")
    main = main_of(page)
    assert "Nous allons envoyer un code à <strong>porte@example.org</strong>." in main
    assert '<input type="hidden" name="recipient" id="id_recipient" value="porte@example.org">' in (
        main
    )
    response = client.post(
        "/compte/reauthenticate/code/", {"recipient": user.email, "next": ACTIVATE_URL}
    )
    response = client.post(
        response["Location"], {"code": code_from(mail.outbox[-1]), "next": ACTIVATE_URL}
    )

    assert response["Location"] == ACTIVATE_URL
    assert client.get(ACTIVATE_URL).status_code == 200
