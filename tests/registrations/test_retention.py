"""Personal data kept only as long as promised: each rule, with the clock moved."""

import datetime as dt
import json
import zoneinfo
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from backoffice import activity
from events.models import Organiser
from registrations.enums import PersonalDataAction
from registrations.models import (
    CheckIn,
    InactiveAccountWarning,
    OpeningNotice,
    PersonalDataAccess,
    Registration,
    WorkshopChoice,
)
from registrations.services import privacy
from registrations.services.retention import retention_apply
from tests.factories import (
    EventFactory,
    OrganiserFactory,
    RegistrationFactory,
    TeamMemberFactory,
    UserFactory,
    WorkshopChoiceFactory,
)

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
NOW = dt.datetime(2026, 11, 30, 3, 0, tzinfo=PARIS)  # the daily run, before dawn
TODAY = NOW.date()
ZERO = {
    "needs_purged": 0,
    "events_anonymised": 0,
    "registrations_anonymised": 0,
    "opening_notices_deleted": 0,
    "unverified_accounts_deleted": 0,
    "inactive_accounts_deleted": 0,
    "inactive_accounts_warned": 0,
    "trail_entries_deleted": 0,
}


def day_of(date, **kwargs):
    """A published event on `date` with one confirmed participant who has needs, an
    atelier and a morning check-in."""
    event = EventFactory(date=date, **kwargs)
    registration = RegistrationFactory(
        event=event, first_name="Zoé", last_name="FONTIER", email="zoe@example.org",
        phone="06 12 34 56 78", function="Cheffe de projet", territory="Bas-Rhin",
        diet="Végétarien", accessibility_needs="Fauteuil", category="etat",
    )  # fmt: skip
    WorkshopChoiceFactory(registration=registration)
    CheckIn.objects.create(registration=registration, half_day="matin")
    return event, registration


def test_needs_are_erased_from_the_day_after_the_event():
    yesterday, _r = day_of(TODAY - dt.timedelta(days=1))
    _today, _r = day_of(TODAY)

    counts = retention_apply(now=NOW)

    assert counts["needs_purged"] == 1
    assert list(
        Registration.objects.order_by("event__date").values_list(
            "diet", "accessibility_needs", "needs_purged_at"
        )
    ) == [("", "", NOW), ("Végétarien", "Fauteuil", None)]
    entry = PersonalDataAccess.objects.get(action=PersonalDataAction.NEEDS_PURGE)
    assert (entry.event, entry.count, entry.user) == (yesterday, 1, None)


def test_registrations_are_anonymised_when_their_retention_runs_out():
    due, registration = day_of(dt.date(2025, 11, 29))  # 12 months and a day
    not_yet, _r = day_of(dt.date(2025, 12, 1))  # 12 months less a day

    counts = retention_apply(now=NOW)

    assert (counts["events_anonymised"], counts["registrations_anonymised"]) == (1, 1)
    registration.refresh_from_db()
    assert {
        field: getattr(registration, field)
        for field in (
            "first_name", "last_name", "email", "phone", "organisation", "function", "diet",
            "accessibility_needs", "token", "user", "list_consent", "image_consent",
        )
    } == {
        "first_name": "", "last_name": "Anonyme",
        "email": f"anonyme-{registration.pk}@anonymise.invalid", "phone": "",
        "organisation": "", "function": "", "diet": "", "accessibility_needs": "",
        "token": f"anonyme-{registration.pk}", "user": None, "list_consent": False,
        "image_consent": False,
    }  # fmt: skip
    # What the figures count stays.
    assert (registration.category, registration.territory, registration.status) == (
        "etat",
        "Bas-Rhin",
        "confirmed",
    )
    assert CheckIn.objects.filter(registration=registration).count() == 1
    assert WorkshopChoice.objects.filter(registration=registration).count() == 1
    assert Registration.objects.get(event=not_yet).last_name == "FONTIER"
    # The door's search column is blanked too (update() does not call save()).
    assert registration.search_name == "anonyme"
    entry = PersonalDataAccess.objects.get(action=PersonalDataAction.ANONYMISATION)
    assert (entry.event, entry.count, entry.detail) == (due, 1, "12 mois")


def test_durations_come_from_the_event_then_the_organiser_then_the_portal(settings):
    settings.RETENTION_MONTHS_DEFAULT = 12
    six = OrganiserFactory(retention_months=6)
    short, _r = day_of(dt.date(2026, 5, 29), organiser=six)  # 6 months ago: due
    kept, _r = day_of(dt.date(2025, 6, 1), organiser=six, retention_months=24)
    assert (short.personal_data_kept_until, kept.personal_data_kept_until) == (
        dt.date(2026, 11, 29),
        dt.date(2027, 6, 1),
    )

    retention_apply(now=NOW)

    assert list(Registration.objects.order_by("event__date").values_list("event", "last_name")) == [
        (kept.pk, "FONTIER"),
        (short.pk, "Anonyme"),
    ]


def test_durations_outside_the_bounds_are_refused_in_french(settings):
    settings.RETENTION_MONTHS_MAX = 36
    organiser = OrganiserFactory(retention_months=40)
    with pytest.raises(ValidationError) as error:
        organiser.full_clean()
    assert error.value.message_dict["retention_months"] == [
        "Choisissez une durée entre 1 et 36 mois."
    ]


def test_activity_figures_of_an_anonymised_event_are_unchanged():
    event, _r = day_of(dt.date(2025, 10, 2))
    for index in range(5):
        RegistrationFactory(
            event=event, category="association" if index % 2 else "elu",
            attendance="remote" if index == 4 else "on_site", walk_in=index == 3,
        )  # fmt: skip
    RegistrationFactory(event=event, status="cancelled")
    before = activity.activity_report(year=2025)

    retention_apply(now=NOW)

    after = activity.activity_report(year=2025)
    assert Registration.objects.filter(anonymised_at__isnull=True).count() == 0
    assert [(row.event.pk, row.figures) for row in after.events] == [
        (row.event.pk, row.figures) for row in before.events
    ]
    assert after.categories == before.categories
    assert after.departments == before.departments


def test_the_daily_command_is_idempotent_and_its_dry_run_changes_nothing():
    day_of(dt.date(2025, 1, 10))
    out = StringIO()

    call_command("apply_retention", "--dry-run", stdout=out)
    assert "Simulation (rien n'a été changé) :" in out.getvalue()
    assert "  inscriptions anonymisées : 1" in out.getvalue()
    assert Registration.objects.get().last_name == "FONTIER"

    call_command("apply_retention", stdout=StringIO())
    assert Registration.objects.get().last_name == "Anonyme"
    assert retention_apply() == ZERO


def test_documents_naming_people_are_gone_once_anonymised(organiser_client):
    event, _r = day_of(dt.date(2025, 1, 10))
    retention_apply(now=NOW)

    response = organiser_client.get(reverse("backoffice:participants_csv", args=[event.slug]))

    assert response.status_code == 410
    html = response.content.decode()
    assert "Les inscriptions de cet événement ont été anonymisées le 30 novembre 2026" in html
    assert "12 mois après l'événement" in html
    assert (
        organiser_client.get(reverse("backoffice:attestations", args=[event.slug])).status_code
        == 410
    )


def test_unconfirmed_accounts_are_deleted_after_a_week():
    User = get_user_model()
    old = UserFactory(username="jamais", email="jamais@example.org")
    User.objects.filter(pk=old.pk).update(date_joined=NOW - dt.timedelta(days=8))
    EmailAddress.objects.create(user=old, email=old.email, verified=False)
    recent = UserFactory(username="recent", email="recent@example.org")
    User.objects.filter(pk=recent.pk).update(date_joined=NOW - dt.timedelta(days=6))
    confirmed = UserFactory(username="confirme", email="confirme@example.org")
    User.objects.filter(pk=confirmed.pk).update(date_joined=NOW - dt.timedelta(days=30))
    EmailAddress.objects.create(user=confirmed, email=confirmed.email, verified=True)

    assert retention_apply(now=NOW)["unverified_accounts_deleted"] == 1

    assert sorted(User.objects.values_list("username", flat=True)) == ["confirme", "recent"]


def test_unused_accounts_are_warned_then_deleted_unless_used(
    settings, django_capture_on_commit_callbacks
):
    settings.INACTIVE_ACCOUNT_MONTHS = 24
    User = get_user_model()
    long_ago = NOW - dt.timedelta(days=30 * 25)
    idle = UserFactory(username="idle", email="idle@example.org", last_login=long_ago)
    back = UserFactory(username="back", email="back@example.org", last_login=long_ago)
    registered = UserFactory(username="inscrite", email="zoe@example.org", last_login=long_ago)
    RegistrationFactory(email="zoe@example.org")
    staff = TeamMemberFactory().user
    User.objects.filter(pk=staff.pk).update(last_login=long_ago)
    for user in (idle, back, registered, staff):
        EmailAddress.objects.create(user=user, email=user.email, verified=True)

    with django_capture_on_commit_callbacks(execute=True):
        assert retention_apply(now=NOW)["inactive_accounts_warned"] == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["back@example.org", "idle@example.org"]
    assert mail.outbox[0].subject == "Votre compte Quartiers 2030 sera supprimé"
    assert "il sera supprimé dans 30 jours" in mail.outbox[0].body

    User.objects.filter(pk=back.pk).update(last_login=NOW + dt.timedelta(days=3))
    later = NOW + dt.timedelta(days=31)
    counts = retention_apply(now=later)

    assert counts["inactive_accounts_deleted"] == 1
    assert sorted(User.objects.values_list("username", flat=True)) == sorted(
        ["back", "inscrite", staff.username]
    )
    assert not InactiveAccountWarning.objects.exists()  # back's warning is forgotten


def test_opening_notices_are_not_kept_after_the_event():
    event, _r = day_of(TODAY - dt.timedelta(days=2))
    OpeningNotice.objects.create(event=event, email="alerte@example.org")
    retention_apply(now=NOW)
    assert not OpeningNotice.objects.exists()


# --- The participant's own data --------------------------------------------------------------


def test_my_data_download_holds_everything_about_me(client):
    user = UserFactory(username="zoe", email="zoe@example.org")
    _event, _registration = day_of(dt.date(2026, 12, 10))
    client.force_login(user)

    response = client.get(reverse("registrations:my_data"))

    assert response["Content-Disposition"] == (
        'attachment; filename="mes-donnees-quartiers2030.json"'
    )
    data = json.loads(response.content)
    assert data["compte"]["adresse"] == "zoe@example.org"
    [mine] = data["inscriptions"]
    assert (mine["last_name"], mine["diet"], mine["phone"]) == (
        "FONTIER", "Végétarien", "06 12 34 56 78",
    )  # fmt: skip
    assert mine["evenement"]["date"] == "2026-12-10"
    assert mine["emargements"][0]["demi_journee"] == "matin"
    assert len(mine["ateliers"]) == 1
    assert mine["anonymisee_le"] == "2027-12-10"
    entry = PersonalDataAccess.objects.get(action=PersonalDataAction.PARTICIPANT_EXPORT)
    assert (entry.user, entry.count) == (user, 1)


def test_deleting_my_account_cancels_what_is_ahead_and_anonymises_the_rest(client):
    user = UserFactory(username="zoe", email="zoe@example.org")
    ahead = EventFactory(onsite_capacity=1)
    mine = RegistrationFactory(event=ahead, email="zoe@example.org", user=user)
    waiting = RegistrationFactory(event=ahead, status="waiting")
    _past, old = day_of(dt.date(2026, 3, 1))
    client.force_login(user)

    page = client.get(reverse("registrations:delete_account"))
    assert ahead.title in page.content.decode()
    response = client.post(reverse("registrations:delete_account"), follow=True)

    assert "Votre compte est supprimé." in response.content.decode()
    assert not get_user_model().objects.filter(pk=user.pk).exists()
    mine.refresh_from_db()
    waiting.refresh_from_db()
    old.refresh_from_db()
    assert (mine.status, mine.last_name) == ("cancelled", "Anonyme")
    assert waiting.status == "confirmed"  # promoted into the freed seat
    assert (old.last_name, old.status) == ("Anonyme", "confirmed")
    assert (
        PersonalDataAccess.objects.get(action=PersonalDataAction.ACCOUNT_DELETION).user_label
        == "zoe@example.org"
    )


def test_team_members_cannot_delete_their_account_themselves(client):
    member = TeamMemberFactory(user__email="orga@example.org").user
    client.force_login(member)
    response = client.post(reverse("registrations:delete_account"), follow=True)
    assert "demandez à son administrateur·rice" in response.content.decode()
    assert get_user_model().objects.filter(pk=member.pk).exists()
    with pytest.raises(privacy.AccountDeletionRefused):
        privacy.account_delete(user=member)


def test_my_space_says_when_each_registration_is_anonymised(client):
    user = UserFactory(username="zoe", email="zoe@example.org")
    event = EventFactory(date=dt.date(2027, 3, 4), organiser=OrganiserFactory(retention_months=6))
    RegistrationFactory(event=event, email=user.email, user=user)
    client.force_login(user)
    html = client.get(reverse("registrations:my_space")).content.decode()
    assert f"{event.title} : vos besoins particuliers sont effacés le lendemain de " in html
    assert "votre inscription est anonymisée le 4 septembre 2027." in html
    assert Organiser.objects.count() == 1
