"""Organisers' teams: invitations, roles, the last administrator, and what each member sees."""

import datetime as dt

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events import services
from events.enums import TeamRole
from events.models import TeamMember
from registrations.models import CheckIn
from registrations.tokens import make_checkin_token
from tests.factories import (
    EventFactory,
    OrganiserFactory,
    RegistrationFactory,
    TeamMemberFactory,
    UserFactory,
)

from .test_mfa import (
    ACTIVATE_URL,
    SECRET_SESSION_KEY,
    code_from,
    login_by_code,
    totp_code,
    with_totp,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def oriv():
    return OrganiserFactory(name="Observatoire régional de l'intégration", short_name="ORIV")


@pytest.fixture
def oriv_admin(oriv):
    admin = TeamMemberFactory(
        organiser=oriv, role=TeamRole.ADMIN, user__email="murielle@oriv.example"
    ).user
    EmailAddress.objects.create(user=admin, email=admin.email, verified=True, primary=True)
    return admin


def test_invite_creates_the_account_and_emails_the_way_in(
    oriv, oriv_admin, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://quartiers2030.example"

    with django_capture_on_commit_callbacks(execute=True):
        member = services.team_member_invite(
            organiser=oriv,
            email=" Camille.Durand@oriv.example ",
            role=TeamRole.MANAGER,
            by=oriv_admin,
        )

    user = member.user
    assert (user.email, user.is_staff, user.has_usable_password()) == (
        "Camille.Durand@oriv.example",
        True,
        False,
    )
    assert EmailAddress.objects.get(user=user).verified
    assert (member.organiser, member.role, member.event, member.invited_by) == (
        oriv,
        TeamRole.MANAGER,
        None,
        oriv_admin,
    )
    [message] = mail.outbox
    assert message.to == ["Camille.Durand@oriv.example"]
    assert message.subject == "Vous rejoignez l'équipe ORIV sur Quartiers 2030"
    assert "Votre rôle : Chargé·e d'événements." in message.body
    assert "https://quartiers2030.example/compte/login/code/" in message.body


def test_invite_an_existing_participant_reuses_their_account(
    oriv, oriv_admin, django_capture_on_commit_callbacks
):
    participant = UserFactory(username="zoe", email="zoe@example.org")
    EmailAddress.objects.create(user=participant, email=participant.email, verified=True)
    event = EventFactory(organiser=oriv)

    with django_capture_on_commit_callbacks(execute=True):
        member = services.team_member_invite(
            organiser=oriv, email="ZOE@example.org", role=TeamRole.DOOR, event=event, by=oriv_admin
        )

    assert member.user == participant
    assert get_user_model().objects.filter(email__iexact="zoe@example.org").count() == 1
    assert "pour l'événement « " in mail.outbox[0].body


def test_invite_twice_or_for_another_organisers_event_is_refused(oriv, oriv_admin):
    with pytest.raises(services.TeamError) as error:
        services.team_member_invite(
            organiser=oriv, email="murielle@oriv.example", role=TeamRole.DOOR, by=oriv_admin
        )
    assert error.value.message == "Cette personne a déjà un rôle dans cette équipe."
    with pytest.raises(services.TeamError) as error:
        services.team_member_invite(
            organiser=oriv, email="x@example.org", role=TeamRole.DOOR, event=EventFactory()
        )
    assert error.value.message == "Choisissez un événement de cet organisateur."
    assert TeamMember.objects.count() == 1
    assert not get_user_model().objects.filter(email="x@example.org").exists()


def test_a_team_always_keeps_an_administrator(oriv, oriv_admin):
    last = TeamMember.objects.get(user=oriv_admin)
    message = "L'équipe doit garder au moins un·e administrateur·rice."
    with pytest.raises(services.TeamError) as error:
        services.team_member_change(member=last, role=TeamRole.MANAGER)
    assert error.value.message == message
    with pytest.raises(services.TeamError) as error:
        services.team_member_remove(member=last)
    assert error.value.message == message

    second = services.team_member_invite(organiser=oriv, email="b@oriv.example", role="admin")
    services.team_member_change(member=last, role=TeamRole.PARTNER)  # another admin remains
    last.refresh_from_db()
    assert last.role == TeamRole.PARTNER
    with pytest.raises(services.TeamError):
        services.team_member_remove(member=second)  # now the last one
    assert TeamMember.objects.filter(organiser=oriv).count() == 2


def test_removing_the_last_role_closes_the_admin(oriv, oriv_admin):
    member = services.team_member_invite(organiser=oriv, email="c@oriv.example", role="door")
    services.team_member_remove(member=member)
    member.user.refresh_from_db()
    assert member.user.is_staff is False


def test_admin_invite_form_says_why_and_keeps_what_was_typed(client, oriv, oriv_admin):
    client.force_login(oriv_admin)
    response = client.post(
        reverse("admin:events_teammember_add"),
        {"email": "murielle@oriv.example", "organiser": oriv.pk, "role": "door", "event": ""},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cette personne a déjà un rôle dans cette équipe." in html
    assert 'value="murielle@oriv.example"' in html
    assert TeamMember.objects.count() == 1


def test_admin_page_offers_only_the_organisers_one_administers(client, oriv, oriv_admin):
    OrganiserFactory(short_name="Labo Cités")
    client.force_login(oriv_admin)
    response = client.get(reverse("admin:events_teammember_add"))
    organisers = response.context["adminform"].form.fields["organiser"].queryset
    assert list(organisers) == [oriv]


def test_invited_colleague_signs_in_by_code_sets_up_the_second_factor_and_sees_only_oriv(
    client, oriv, oriv_admin, settings
):
    """The issue's end-to-end journey, through HTTP."""
    settings.MFA_REQUIRED_FOR_STAFF = True
    EventFactory(organiser=oriv, title="Journée régionale ORIV")
    EventFactory(organiser=OrganiserFactory(short_name="Labo Cités"), title="Rencontre Labo")
    with_totp(oriv_admin)
    client.force_login(oriv_admin)
    response = client.post(
        reverse("admin:events_teammember_add"),
        {"email": "camille@oriv.example", "organiser": oriv.pk, "role": "manager", "event": ""},
    )
    assert response.status_code == 302
    client.logout()

    colleague = get_user_model().objects.get(email="camille@oriv.example")
    login_by_code(client, colleague, next_url="/admin/")  # the invitation's way in
    assert client.get("/admin/")["Location"] == f"{ACTIVATE_URL}?next=%2Fadmin%2F"
    client.get(ACTIVATE_URL)
    secret = client.session[SECRET_SESSION_KEY]
    client.post(ACTIVATE_URL, {"code": totp_code(secret)})

    events = client.get(reverse("admin:events_event_changelist"))
    assert [event.title for event in events.context["cl"].result_list] == ["Journée régionale ORIV"]
    assert code_from(mail.outbox[-1])  # the sign-in code was mailed to the colleague


def test_door_volunteer_checks_people_in_but_cannot_export(client, oriv):
    event = EventFactory(organiser=oriv, date=timezone.localdate())
    registration = RegistrationFactory(event=event)
    volunteer = TeamMemberFactory(organiser=oriv, role=TeamRole.DOOR, event=event).user
    client.force_login(volunteer)

    response = client.post(
        reverse("backoffice:checkin", args=[event.slug]),
        {"code": make_checkin_token(registration), "demi": "matin"},
    )
    assert response.status_code == 200
    assert CheckIn.objects.filter(registration=registration, half_day="matin").exists()
    assert client.get(reverse("backoffice:participants_csv", args=[event.slug])).status_code == 403
    # The week after, the volunteer's role no longer opens the door of that event.
    later = EventFactory(organiser=oriv, date=timezone.localdate() + dt.timedelta(days=7))
    TeamMember.objects.filter(user=volunteer).update(event=later)
    assert client.get(reverse("backoffice:checkin", args=[later.slug])).status_code == 404


@pytest.mark.parametrize(
    "name", ["admin:events_event_changelist", "admin:registrations_registration_changelist"]
)
def test_scoped_admin_lists_at_a_constant_number_of_queries(client, oriv, oriv_admin, name):
    client.force_login(oriv_admin)
    url = reverse(name)

    def queries() -> int:
        client.get(url)  # warm the menu's content types
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    RegistrationFactory(event=EventFactory(organiser=oriv))
    RegistrationFactory(event=EventFactory())  # another organiser's: never listed
    one = queries()
    for _ in range(2):
        RegistrationFactory(event=EventFactory(organiser=oriv))
    assert queries() == one


def test_admin_invite_says_the_invitation_went_out(client, oriv, oriv_admin):
    client.force_login(oriv_admin)
    form = client.get(reverse("admin:events_teammember_add")).context["adminform"].form
    assert form.fields["organiser"].initial == oriv  # one team: already chosen
    response = client.post(
        reverse("admin:events_teammember_add"),
        {"email": "camille@oriv.example", "organiser": oriv.pk, "role": "manager", "event": ""},
        follow=True,
    )
    assert response.redirect_chain == [(reverse("admin:events_teammember_changelist"), 302)]
    assert (
        "Invitation envoyée à camille@oriv.example : un courriel explique comment se connecter."
        in response.content.decode()
    )


def test_door_volunteer_is_told_which_events_they_see(client, oriv):
    EventFactory(organiser=oriv, title="Journée du jour", date=timezone.localdate())
    EventFactory(organiser=oriv, title="Dans un mois", date=timezone.localdate() + dt.timedelta(30))
    client.force_login(TeamMemberFactory(organiser=oriv, role=TeamRole.DOOR).user)
    response = client.get(reverse("admin:events_event_changelist"))
    assert [e.title for e in response.context["cl"].result_list] == ["Journée du jour"]
    assert "vous voyez les événements d'aujourd'hui et de demain" in response.text
