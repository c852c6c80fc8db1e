"""The trail of personal-data access: each export, printed list, message to registrants and
view of a participant's needs leaves exactly one entry (who, which event, what, how many
people); a refused request leaves none; the organisation's administrators read their
organiser's entries in the admin, nobody edits or deletes them; the purge deletes the
entries older than the period."""

import csv
import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from backoffice.models import PreparedDocument
from events.enums import SlotKind, TeamRole
from registrations.enums import PersonalDataAction as Access
from registrations.models import PersonalDataAccess
from registrations.services import trail
from tests.factories import (
    CheckInFactory,
    EventFactory,
    OrganiserFactory,
    ProgrammeSlotFactory,
    RegistrationFactory,
    TeamMemberFactory,
    UserFactory,
    WorkingGroupFactory,
    WorkshopChoiceFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db

UTC = dt.UTC


class World:
    """ORIV's day of the day before yesterday (five registrations: two confirmed on site
    and checked in, one of them in the blue atelier and with a diet; one remote; one
    waiting; one cancelled) and its team; Labo Cités with its own day and administrator."""

    def __init__(self):
        self.oriv = OrganiserFactory(short_name="ORIV")
        self.labo = OrganiserFactory(short_name="Labo Cités")
        past = timezone.localdate() - dt.timedelta(days=2)
        self.event = EventFactory(
            organiser=self.oriv, slug="journee-oriv", date=past, remote_attendance=True
        )
        self.labo_event = EventFactory(organiser=self.labo, slug="journee-labo", date=past)
        slot = ProgrammeSlotFactory(
            event=self.event, kind=SlotKind.WORKSHOPS, start=dt.time(14), end=dt.time(15)
        )
        self.workshop = WorkshopFactory(slot=slot, title="Atelier bleu")
        group = WorkingGroupFactory(event=self.event)
        self.zoe = RegistrationFactory(
            event=self.event, first_name="Zoé", last_name="FONTIER", diet="Végétarien",
            working_group=group,
        )  # fmt: skip
        WorkshopChoiceFactory(registration=self.zoe, workshop=self.workshop)
        self.nicolas = RegistrationFactory(
            event=self.event, first_name="Nicolas", last_name="BACHET"
        )
        for registration, half_day in [
            (self.zoe, "matin"), (self.zoe, "apres_midi"), (self.nicolas, "matin"),
        ]:  # fmt: skip
            CheckInFactory(registration=registration, half_day=half_day)
        self.remote = RegistrationFactory(event=self.event, attendance="remote")
        RegistrationFactory(event=self.event, status="waiting")
        RegistrationFactory(event=self.event, status="cancelled")
        self.labo_registration = RegistrationFactory(event=self.labo_event, diet="Sans gluten")
        CheckInFactory(registration=self.labo_registration)

        def member(organiser, role):
            return TeamMemberFactory(organiser=organiser, role=role).user

        self.admin = member(self.oriv, TeamRole.ADMIN)
        self.admin.first_name, self.admin.last_name = "Claire", "ROUSSEL"
        self.admin.save()
        self.manager = member(self.oriv, TeamRole.MANAGER)
        self.door = member(self.oriv, TeamRole.DOOR)
        self.partner = member(self.oriv, TeamRole.PARTNER)
        self.labo_admin = member(self.labo, TeamRole.ADMIN)
        self.superuser = UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def world():
    return World()


def entries():
    return [
        (e.user, e.event, e.action, e.count)
        for e in PersonalDataAccess.objects.select_related("user", "event").order_by("pk")
    ]


def staff_url(name, event, **kwargs):
    return reverse(f"backoffice:{name}", kwargs={"slug": event.slug, **kwargs})


# --- Each recorded action -------------------------------------------------------------------


def test_trail_csv_export_records_the_registrations_listed(client, world):
    client.force_login(world.admin)
    response = client.get(staff_url("participants_csv", world.event))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    listed = len(rows) - 1  # the header
    assert listed == 5
    assert entries() == [(world.admin, world.event, Access.EXPORT_CSV, listed)]
    entry = PersonalDataAccess.objects.get()
    assert entry.organiser == world.oriv
    assert entry.user_label == f"Claire ROUSSEL <{world.admin.email}>"
    assert entry.event_label == str(world.event)


def test_trail_xlsx_export_records_the_registrations_listed(client, world):
    client.force_login(world.manager)
    assert client.get(staff_url("participants_xlsx", world.event), follow=True).status_code == 200
    assert entries() == [(world.manager, world.event, Access.EXPORT_XLSX, 5)]


@pytest.mark.parametrize(
    ("name", "kwargs", "action", "count", "detail"),
    [
        ("badges", {}, Access.BADGES, 2, "A4"),
        ("signin_sheet", {}, Access.SIGNIN_SHEET, 2, ""),
        ("workshop_signin_sheet", "WORKSHOP", Access.SIGNIN_SHEET, 1, "Atelier 1"),
        ("working_groups_pdf", {}, Access.GROUP_LIST, 2, ""),
        ("attestations", {}, Access.ATTESTATIONS, 2, ""),
    ],
)
def test_trail_documents_record_the_people_printed(
    client, world, name, kwargs, action, count, detail
):
    if kwargs == "WORKSHOP":
        world.workshop.number = 1
        world.workshop.save()
        kwargs = {"workshop_pk": world.workshop.pk}
    client.force_login(world.admin)
    response = client.get(staff_url(name, world.event, **kwargs), follow=True)
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    assert entries() == [(world.admin, world.event, action, count)]
    assert PersonalDataAccess.objects.get().detail == detail


def test_trail_badges_format_is_the_detail(client, world):
    client.force_login(world.admin)
    client.get(staff_url("badges", world.event) + "?format=a6", follow=True)
    assert PersonalDataAccess.objects.get().detail == "A6"


def test_trail_staff_message_records_its_recipients(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.admin)
    data = {"statuses": ["confirmed"], "subject": "Salle changée", "body": "Salle B."}
    client.post(staff_url("message", world.event), {**data, "preview": ""})
    assert entries() == []  # a preview sends nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(staff_url("message", world.event), {**data, "send": ""})
    assert response.status_code == 302
    assert entries() == [(world.admin, world.event, Access.STAFF_MESSAGE, 3)]
    assert PersonalDataAccess.objects.get().detail == "Confirmées"


def test_trail_post_event_email_records_the_attendees_queued(client, world):
    client.force_login(world.admin)
    url = staff_url("post_event_email", world.event)
    client.get(url)  # the preview page
    assert entries() == []
    assert client.post(url).status_code == 302
    assert entries() == [(world.admin, world.event, Access.POST_EVENT_EMAIL, 2)]


def test_trail_post_event_email_refused_before_the_event_records_nothing(client, world):
    world.event.date = timezone.localdate()
    world.event.save()
    client.force_login(world.admin)
    client.post(staff_url("post_event_email", world.event))
    assert entries() == []


def changelist_action(client, action, registrations, **kwargs):
    return client.post(
        reverse("admin:registrations_registration_changelist"),
        {"action": action, "_selected_action": [r.pk for r in registrations]},
        **kwargs,
    )


@pytest.mark.parametrize("action", ["badges_a4", "badges_a6"])
def test_trail_admin_badges_record_the_selection_printed(client, world, action):
    client.force_login(world.admin)
    # The remote registration is selected but gets no badge.
    response = changelist_action(
        client, action, [world.zoe, world.nicolas, world.remote], follow=True
    )
    assert response["Content-Type"] == "application/pdf"
    assert entries() == [(world.admin, world.event, Access.BADGES, 2)]
    expected = f"{action[-2:].upper()}, sélection dans la liste"
    assert PersonalDataAccess.objects.get().detail == expected


def test_trail_admin_attestations_record_the_people_attested(client, world):
    client.force_login(world.admin)
    response = changelist_action(
        client, "attestations", [world.zoe, world.nicolas, world.remote], follow=True
    )
    assert response["Content-Type"] == "application/pdf"
    assert entries() == [(world.admin, world.event, Access.ATTESTATIONS, 2)]
    assert PersonalDataAccess.objects.get().detail == "sélection dans la liste"


def test_trail_admin_selection_recorded_at_each_download_not_at_the_request(client, world):
    """One way of recording, as for the event's documents: the download is the access."""
    client.force_login(world.admin)
    response = changelist_action(client, "badges_a4", [world.zoe, world.nicolas])
    assert response.status_code == 302
    assert entries() == []
    client.get(response["Location"])
    client.get(response["Location"])
    assert entries() == [(world.admin, world.event, Access.BADGES, 2)] * 2


def test_trail_admin_attestations_of_two_organisers_refused_and_not_recorded(client, world):
    """A prepared document is one event's: a selection over two events is refused."""
    client.force_login(world.superuser)
    response = changelist_action(
        client, "attestations", [world.zoe, world.labo_registration], follow=True
    )
    assert response.redirect_chain == [
        (reverse("admin:registrations_registration_changelist"), 302)
    ]
    assert (
        "Sélectionnez les inscriptions d&#x27;un seul événement pour préparer des attestations."
        in response.content.decode()
    )
    assert entries() == []


def change_url(registration):
    return reverse("admin:registrations_registration_change", args=[registration.pk])


def test_trail_needs_viewed_on_the_registration_page(client, world):
    client.force_login(world.manager)
    assert client.get(change_url(world.zoe)).status_code == 200
    assert entries() == [(world.manager, world.event, Access.NEEDS_VIEWED, 1)]
    assert PersonalDataAccess.objects.get().detail == f"Inscription n° {world.zoe.pk}"
    client.get(change_url(world.zoe))  # each display is a reading
    assert len(entries()) == 2


def test_trail_needs_not_recorded_without_needs_nor_on_save(client, world):
    client.force_login(world.admin)
    client.get(change_url(world.nicolas))  # nothing to read
    world.zoe.diet = ""
    world.zoe.accessibility_needs = "Fauteuil roulant"
    world.zoe.save()
    form = client.get(change_url(world.zoe)).context["adminform"].form
    assert len(entries()) == 1
    data = {
        **{k: v for k, v in form.initial.items() if v is not None and k in form.fields},
        "choices-TOTAL_FORMS": 0, "choices-INITIAL_FORMS": 0,
        "answers-TOTAL_FORMS": 0, "answers-INITIAL_FORMS": 0,
    }  # fmt: skip
    client.post(change_url(world.zoe), data)  # a save is not a reading
    assert len(entries()) == 1


def test_trail_user_deleted_keeps_the_label(client, world):
    client.force_login(world.admin)
    client.get(staff_url("participants_csv", world.event))
    label = f"Claire ROUSSEL <{world.admin.email}>"
    get_user_model().objects.filter(pk=world.admin.pk).delete()
    entry = PersonalDataAccess.objects.get()
    assert (entry.user, entry.user_label, entry.count) == (None, label, 5)


# --- Refused requests ---------------------------------------------------------------------


def test_trail_refused_requests_record_nothing(client, world):
    requests = [
        # (who, method, URL, expected status)
        (world.partner, "get", staff_url("participants_csv", world.event), 403),
        (world.manager, "get", staff_url("participants_xlsx", world.labo_event), 404),
        (world.door, "get", staff_url("signin_sheet", world.event), 404),  # not the day
        (world.partner, "get", staff_url("badges", world.event), 403),
        (world.partner, "post", staff_url("post_event_email", world.event), 403),
        (world.labo_admin, "get", staff_url("participants_csv", world.event), 404),
        (world.labo_admin, "get", staff_url("signin_sheet", world.event), 404),
        (world.labo_admin, "get", staff_url("working_groups_pdf", world.event), 404),
        (world.labo_admin, "post", staff_url("message", world.event), 404),
        (world.labo_admin, "get", change_url(world.zoe), 404),
        (world.partner, "get", change_url(world.zoe), 404),
        (world.admin, "get", staff_url("badges", world.event) + "?format=a3", 400),
    ]
    for user, method, url, status in requests:
        client.force_login(user)
        assert getattr(client, method)(url).status_code == status, url
    client.force_login(world.labo_admin)  # ORIV's registrations are not in their list
    for action in ("badges_a4", "attestations"):
        changelist_action(client, action, [world.zoe, world.nicolas], follow=True)
    assert entries() == []
    assert not PreparedDocument.objects.exists()


# --- The admin ----------------------------------------------------------------------------


@pytest.fixture
def trail_entries(world):
    """One entry of ORIV's, one of Labo Cités', one portal-wide run."""
    return {
        "oriv": trail.access_record(
            user=world.manager, action=Access.EXPORT_CSV, event=world.event, count=5
        ),
        "labo": trail.access_record(
            user=world.labo_admin, action=Access.BADGES, event=world.labo_event, count=1
        ),
        "portal": trail.access_record(user=None, action=Access.ANONYMISATION, count=40),
    }


TRAIL_LIST = reverse("admin:registrations_personaldataaccess_changelist")


def listed(client) -> set[int]:
    response = client.get(TRAIL_LIST)
    assert response.status_code == 200
    return {entry.pk for entry in response.context["cl"].result_list}


def test_trail_admin_shows_each_organisation_its_own_entries(client, world, trail_entries):
    client.force_login(world.admin)
    assert listed(client) == {trail_entries["oriv"].pk}
    assert "Export CSV des participant·es" in client.get(TRAIL_LIST).content.decode()
    client.force_login(world.labo_admin)
    assert listed(client) == {trail_entries["labo"].pk}
    labo_url = reverse(
        "admin:registrations_personaldataaccess_change", args=[trail_entries["oriv"].pk]
    )
    assert client.get(labo_url).status_code == 404
    client.force_login(world.superuser)
    assert listed(client) == {e.pk for e in trail_entries.values()}


@pytest.mark.parametrize("role", ["manager", "door", "partner"])
def test_trail_admin_is_closed_to_the_rest_of_the_team(client, world, trail_entries, role):
    client.force_login(getattr(world, role))
    assert client.get(TRAIL_LIST).status_code == 403


def test_trail_admin_filters_by_action_event_and_date(client, world, trail_entries):
    client.force_login(world.superuser)
    response = client.get(TRAIL_LIST, {"action__exact": Access.BADGES})
    assert {e.pk for e in response.context["cl"].result_list} == {trail_entries["labo"].pk}
    response = client.get(TRAIL_LIST, {"event__id__exact": world.event.pk})
    assert {e.pk for e in response.context["cl"].result_list} == {trail_entries["oriv"].pk}
    tomorrow = timezone.localtime().replace(hour=0, minute=0) + dt.timedelta(days=1)
    response = client.get(TRAIL_LIST, {"at__gte": str(tomorrow)})
    assert list(response.context["cl"].result_list) == []


@pytest.mark.parametrize("who", ["admin", "superuser"])
def test_trail_nobody_changes_or_deletes_an_entry(client, world, trail_entries, who):
    client.force_login(getattr(world, who))
    entry = trail_entries["oriv"]
    change = reverse("admin:registrations_personaldataaccess_change", args=[entry.pk])
    page = client.get(change)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert client.post(change, {"count": 0, "detail": "effacé"}).status_code == 403
    delete = reverse("admin:registrations_personaldataaccess_delete", args=[entry.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    add = reverse("admin:registrations_personaldataaccess_add")
    assert client.get(add).status_code == 403
    client.post(
        TRAIL_LIST, {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"}
    )
    entry.refresh_from_db()
    assert (entry.count, entry.detail) == (5, "")


@pytest.mark.parametrize("count", [1, 3])
def test_trail_admin_list_queries(client, world, count):
    for i in range(count):
        event = EventFactory(organiser=world.oriv, slug=f"journee-{i}")
        trail.access_record(user=world.manager, action=Access.BADGES, event=event, count=i)
    client.force_login(world.admin)
    client.get(TRAIL_LIST)  # content types, templates: read once per process
    with CaptureQueriesContext(connection) as queries:
        assert len(listed(client)) == count
    assert len(queries) == TRAIL_LIST_QUERIES


# Session, user, roles; the event and organiser filters' choices (one each; the action and
# date filters need none); the paginator's and the list's counts; the admin's model
# permissions (two, read once); the rows with their organiser.
TRAIL_LIST_QUERIES = 10


# --- The purge ----------------------------------------------------------------------------


def test_trail_purge_deletes_only_the_entries_older_than_the_period(world, settings):
    settings.PERSONAL_DATA_TRAIL_MONTHS = 36
    now = dt.datetime(2029, 3, 31, 12, tzinfo=UTC)
    moments = [
        dt.datetime(2026, 3, 31, 11, 59, tzinfo=UTC),  # 36 months and a minute before
        dt.datetime(2026, 3, 31, 12, tzinfo=UTC),  # exactly 36 months before: kept
        dt.datetime(2028, 1, 1, tzinfo=UTC),
    ]
    made = []
    for moment in moments:
        entry = trail.access_record(
            user=world.admin, action=Access.EXPORT_CSV, event=world.event, count=1
        )
        PersonalDataAccess.objects.filter(pk=entry.pk).update(at=moment)
        made.append(entry.pk)
    assert trail.access_trail_purge(now=now) == 1
    assert set(PersonalDataAccess.objects.values_list("pk", flat=True)) == set(made[1:])
    # The clock moved two years on: the rest is old enough.
    assert trail.access_trail_purge(now=now + dt.timedelta(days=2 * 366)) == 2
    assert not PersonalDataAccess.objects.exists()


def test_trail_purge_period_comes_from_the_settings(world, settings):
    settings.PERSONAL_DATA_TRAIL_MONTHS = 1
    trail.access_record(user=world.admin, action=Access.BADGES, event=world.event, count=1)
    assert trail.access_trail_purge(now=timezone.now() + dt.timedelta(days=20)) == 0
    assert trail.access_trail_purge(now=timezone.now() + dt.timedelta(days=32)) == 1


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        (dt.datetime(2029, 3, 31, 8, tzinfo=UTC), 36, dt.datetime(2026, 3, 31, 8, tzinfo=UTC)),
        (dt.datetime(2028, 5, 31, tzinfo=UTC), 3, dt.datetime(2028, 2, 29, tzinfo=UTC)),
        (dt.datetime(2029, 1, 15, tzinfo=UTC), 1, dt.datetime(2028, 12, 15, tzinfo=UTC)),
    ],
)
def test_trail_months_before(moment, months, expected):
    assert trail.months_before(moment, months) == expected
