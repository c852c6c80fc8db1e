"""The permission matrix: every staff and admin URL, requested by every kind of visitor.

The URLs come from the URL resolver, so a new page cannot be forgotten: a URL with no row
below fails the test until someone decides who may open it. Organiser A owns everything
requested; "other" is the administrator of organiser B. Each cell is the exact status:
302 to the login page, 200, 403 (may see the event, lacks the capability), 404 (outside
the user's scope: nothing confirms it exists), 405 (the URL only takes POST).

A document's URL asks for it to be prepared in the background and leads, through redirects
under staff/, to its file (at once here: the immediate backend): its cell is the status at
the end of those redirects, what the user finally gets. A redirect to the login page stays
a 302.
"""

import datetime as dt
import re
import uuid

import pytest
from allauth.account.models import EmailAddress
from django.contrib.admin.sites import site
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from backoffice.models import PreparedDocument
from events.enums import TeamRole
from events.models import Cycle, LegalPage, TeamMember
from registrations.enums import PersonalDataAction
from registrations.models import (
    CheckIn,
    Evaluation,
    EvaluationTemplate,
    OpeningNotice,
    Profile,
    StandardQuestion,
    WorkingGroup,
)
from registrations.services import trail
from tests.factories import (
    EventFactory,
    OrganiserFactory,
    ProgrammeSlotFactory,
    RegistrationFactory,
    ResourceFactory,
    SpeakerFactory,
    TakeawayFactory,
    TeamMemberFactory,
    UserFactory,
    VenueFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "participant", "admin", "manager", "door", "partner", "other", "superuser"]


def row(codes: str) -> dict[str, int]:
    return dict(zip(ROLES, map(int, codes.split()), strict=True))


# --- Admin pages of a model, by the model's policy ----------------------------------------
#                 anonymous participant admin manager door partner other superuser
EVENT_CONTENT = {  # the event, its programme, ateliers, resources: built by admin/manager
    "changelist": row("302 302 200 200 200 200 200 200"),
    "add": row("302 302 200 200 403 403 200 200"),
    "change": row("302 302 200 200 200 200 404 200"),  # door, partner: read only
    "delete": row("302 302 200 200 403 403 404 200"),
    "history": row("302 302 200 200 200 200 404 200"),
}
PEOPLE = {  # registrations and opening notices: personal data
    "changelist": row("302 302 200 200 403 403 200 200"),
    "add": row("302 302 200 200 403 403 200 200"),
    "change": row("302 302 200 200 404 404 404 200"),
    "delete": row("302 302 200 200 404 404 404 200"),
    "history": row("302 302 200 200 404 404 404 200"),
}
ORGANISER = {  # identity edited by the organisation's administrators; created by superusers
    "changelist": row("302 302 200 200 403 200 200 200"),
    "add": row("302 302 403 403 403 403 403 200"),
    "change": row("302 302 200 200 404 200 404 200"),  # manager, partner: read only
    "delete": row("302 302 403 403 404 403 404 200"),
    "history": row("302 302 200 200 404 200 404 200"),
}
CYCLE = {
    "changelist": row("302 302 200 200 403 200 200 200"),
    "add": row("302 302 200 200 403 403 200 200"),
    "change": row("302 302 200 200 404 200 404 200"),
    "delete": row("302 302 200 200 404 403 404 200"),
    "history": row("302 302 200 200 404 200 404 200"),
}
TEAM = {  # managed by the organisation's administrators only
    "changelist": row("302 302 200 403 403 403 200 200"),
    "add": row("302 302 200 403 403 403 200 200"),
    "change": row("302 302 200 404 404 404 404 200"),
    "delete": row("302 302 200 404 404 404 404 200"),
    "history": row("302 302 200 404 404 404 404 200"),
}
TRAIL = {  # the trail of personal-data access: the administrators read it, nobody edits it
    "changelist": row("302 302 200 403 403 403 200 200"),
    "add": row("302 302 403 403 403 403 403 403"),
    "change": row("302 302 200 404 404 404 404 200"),  # read only
    "delete": row("302 302 403 404 404 404 404 403"),
    "history": row("302 302 200 404 404 404 404 200"),
}
STANDARD_QUESTIONS = {  # an organiser's standard questions: those who build its events
    "changelist": row("302 302 200 200 403 403 200 200"),
    "add": row("302 302 200 200 403 403 200 200"),
    "change": row("302 302 200 200 404 404 404 200"),
    "delete": row("302 302 200 200 404 404 404 200"),
    "history": row("302 302 200 200 404 404 404 200"),
}
SHARED = {  # venues and speakers: every event editor corrects them, superusers delete
    "changelist": row("302 302 200 200 403 403 200 200"),
    "add": row("302 302 200 200 403 403 200 200"),
    "change": row("302 302 200 200 403 403 200 200"),
    "delete": row("302 302 403 403 403 403 403 200"),
    "history": row("302 302 200 200 403 403 200 200"),
}
SUPERUSER_ONLY = {
    action: row("302 302 403 403 403 403 403 200")
    for action in ("changelist", "add", "change", "delete", "history")
}
TASK_RESULTS = {  # django-tasks' own admin: read only, even for superusers
    **SUPERUSER_ONLY,
    "add": row("302 302 403 403 403 403 403 403"),
    "delete": row("302 302 403 403 403 403 403 403"),
}
POLICIES = {
    "events.event": EVENT_CONTENT,
    "events.programmeslot": EVENT_CONTENT,
    "workshops.workshop": EVENT_CONTENT,
    "resources.resource": EVENT_CONTENT,
    "resources.takeaway": EVENT_CONTENT,
    "registrations.registration": PEOPLE,
    "registrations.openingnotice": PEOPLE,
    "events.organiser": ORGANISER,
    "events.cycle": CYCLE,
    "events.teammember": TEAM,
    "registrations.standardquestion": STANDARD_QUESTIONS,
    "registrations.personaldataaccess": TRAIL,
    # The evaluation questionnaire: built with the event; the organiser's templates too.
    "registrations.evaluation": EVENT_CONTENT,
    "registrations.evaluationtemplate": CYCLE,
    "events.venue": SHARED,
    "events.speaker": SHARED,
    "registrations.profile": SUPERUSER_ONLY,
    "events.legalpage": SUPERUSER_ONLY,  # the portal's legal pages
    "auth.user": SUPERUSER_ONLY,
    "auth.group": SUPERUSER_ONLY,
    "account.emailaddress": SUPERUSER_ONLY,
    "django_tasks_database.dbtaskresult": TASK_RESULTS,
}

# --- The other pages ----------------------------------------------------------------------
#              anonymous participant admin manager door partner other superuser
PRINT = row("302 403 200 200 200 403 404 200")  # badges, sign-in sheets: the door prints
PERSONAL = row("302 403 200 200 403 403 404 200")  # lists, exports, attestations, groups
DOOR = row("302 403 200 200 200 403 404 200")
MAILING = row("302 403 200 200 403 403 404 200")
FIGURES = row("302 403 200 200 403 200 200 200")  # each sees the figures of their scope
EVENT_FIGURES = row("302 403 200 200 403 200 404 200")  # one event's evaluation results
GROUPS_ACTION = row("302 403 405 405 403 403 404 405")  # POST only
PAGES = {
    "backoffice:badges": PRINT,
    "backoffice:signin_sheet": PRINT,
    "backoffice:workshop_signin_sheet": PRINT,
    "backoffice:working_groups_pdf": PERSONAL,
    "backoffice:participants_csv": PERSONAL,
    "backoffice:participants_xlsx": PERSONAL,
    "backoffice:attestations": PERSONAL,
    # Remote participants: the report's import (its check step leads back to the upload
    # form while nothing was read), the remote sign-in record.
    "backoffice:remote_import": PERSONAL,
    "backoffice:remote_import_preview": PERSONAL,
    "backoffice:remote_signin_pdf": PERSONAL,
    "backoffice:remote_signin_xlsx": PERSONAL,
    # A prepared document (badges: the door prints them): as the document itself.
    "backoffice:document_progress": PRINT,
    "backoffice:document_status": PRINT,
    "backoffice:document_download": PRINT,
    "backoffice:checkin": DOOR,
    "backoffice:walk_in": DOOR,
    "backoffice:message": MAILING,
    "backoffice:post_event_email": MAILING,
    "backoffice:activity": FIGURES,
    "backoffice:activity_xlsx": FIGURES,
    "backoffice:activity_pdf": FIGURES,
    # Figures without personal data (free texts only for those who see the participants).
    "backoffice:evaluation": EVENT_FIGURES,
    "backoffice:evaluation_xlsx": EVENT_FIGURES,
    "admin:events_event_duplicate": row("302 302 200 200 403 403 404 200"),
    "admin:events_event_copy_questions": row("302 302 200 200 403 403 404 200"),
    "admin:events_event_working_groups": row("302 403 200 200 403 403 404 200"),
    "admin:events_event_working_groups_assign": GROUPS_ACTION,
    "admin:events_event_working_groups_move": GROUPS_ACTION,
    "admin:events_event_working_groups_fill": GROUPS_ACTION,
    "admin:events_event_working_groups_rename": GROUPS_ACTION,
    "admin:index": row("302 302 200 200 200 200 200 200"),
    "admin:login": row("200 200 302 302 302 302 302 302"),
    "admin:logout": row("302 302 405 405 405 405 405 405"),  # POST only
    "admin:password_change": row("302 302 200 200 200 200 200 200"),
    "admin:password_change_done": row("302 302 200 200 200 200 200 200"),
    "admin:jsi18n": row("302 302 200 200 200 200 200 200"),
    # The public page of the object, for those who may open the admin.
    "admin:view_on_site": row("302 302 302 302 302 302 302 302"),
    # The events one may attach a resource to, among those one may see.
    "admin:autocomplete": row("302 302 200 200 200 200 200 200"),
    "admin:auth_user_password_change": row("302 302 403 403 403 403 403 200"),
}
# An app's page of the admin lists the models the user may see: none is a 404.
APP_PAGES = {
    "events": row("302 302 200 200 200 200 200 200"),
    "workshops": row("302 302 200 200 200 200 200 200"),
    "resources": row("302 302 200 200 200 200 200 200"),
    # Door and partner see the evaluation questionnaires there (read only), nothing personal.
    "registrations": row("302 302 200 200 200 200 200 200"),
    "auth": row("302 302 404 404 404 404 404 200"),
    "account": row("302 302 404 404 404 404 404 200"),
    "django_tasks_database": row("302 302 404 404 404 404 404 200"),
}


def staff_urls() -> dict[str, str]:
    """{name: pattern} of every admin and staff URL of the project."""

    def walk(patterns, prefix="", namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield prefix + str(pattern.pattern), namespace + pattern.name

    return {
        name: path
        for path, name in walk(get_resolver().url_patterns)
        if path.startswith(("admin/", "staff/"))
    }


@pytest.fixture
def world():
    """Organiser A's event of today, with one of everything; organiser B with its own."""
    today = timezone.localdate()
    oriv, labo = OrganiserFactory(short_name="ORIV"), OrganiserFactory(short_name="Labo Cités")
    event = EventFactory(organiser=oriv, slug="journee-a", date=today)
    EventFactory(organiser=labo, slug="journee-b", date=today)
    slot = ProgrammeSlotFactory(event=event, kind="ateliers", start=dt.time(14), end=dt.time(15))
    workshop = WorkshopFactory(slot=slot)
    participant = UserFactory(username="participante", email="zoe@example.org")
    registration = RegistrationFactory(event=event, email=participant.email, user=participant)
    CheckIn.objects.create(registration=registration, half_day="apres_midi")
    group = WorkingGroup.objects.create(event=event, number=1)
    users = {"anonymous": None, "participant": participant}
    for role in (TeamRole.ADMIN, TeamRole.MANAGER, TeamRole.DOOR, TeamRole.PARTNER):
        users[role.value] = TeamMemberFactory(organiser=oriv, role=role).user
    users["other"] = TeamMemberFactory(organiser=labo, role=TeamRole.ADMIN).user
    users["superuser"] = UserFactory(username="root", is_staff=True, is_superuser=True)
    objects = {
        "events.event": event,
        "events.programmeslot": slot,
        "workshops.workshop": workshop,
        "resources.resource": ResourceFactory(event=event),
        "resources.takeaway": TakeawayFactory(event=event),
        "registrations.registration": registration,
        "registrations.openingnotice": OpeningNotice.objects.create(
            event=event, email="alerte@example.org"
        ),
        "events.organiser": oriv,
        "registrations.evaluation": Evaluation.objects.create(event=event),
        "registrations.evaluationtemplate": EvaluationTemplate.objects.create(
            organiser=oriv, name="Modèle"
        ),
        "events.cycle": Cycle.objects.create(organiser=oriv, title="Cycle A", slug="cycle-a"),
        "events.teammember": TeamMember.objects.get(user=users["door"]),
        "registrations.standardquestion": StandardQuestion.objects.create(
            organiser=oriv, label="Quel contrat de ville représentez-vous ?"
        ),
        "registrations.personaldataaccess": trail.access_record(
            user=users["admin"], action=PersonalDataAction.EXPORT_CSV, event=event, count=1
        ),
        "events.venue": VenueFactory(),
        "events.speaker": SpeakerFactory(),
        "registrations.profile": Profile.objects.create(
            user=participant,
            first_name="Zoé",
            last_name="FONTIER",
            organisation="SGARE",
            category="etat",
        ),
        "auth.user": participant,
        "events.legalpage": LegalPage.objects.create(
            kind="accessibilite", title="Accessibilité", body="Conforme."
        ),
        "auth.group": Group.objects.create(name="Groupe"),
        "account.emailaddress": EmailAddress.objects.create(
            user=participant, email=participant.email
        ),
        "django_tasks_database.dbtaskresult": _task_result(),
    }
    prepared = PreparedDocument.objects.create(
        event=event, kind="badges", params={"format": "a4"}, status="ready", people=1
    )
    prepared.file.save("badges.pdf", ContentFile(b"%PDF-1.7"))
    kwargs = {
        "pk": prepared.pk,
        "slug": event.slug,
        "workshop_pk": workshop.pk,
        "object_id": event.pk,
        "group_pk": group.pk,
        "content_type_id": ContentType.objects.get_for_model(event).pk,
        "id": participant.pk,
    }
    return users, objects, kwargs


def _task_result():
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.create(
        id=uuid.uuid4(), args_kwargs={}, task_path="x", backend_name="default",
        run_after=timezone.now(),
    )  # fmt: skip


def status_of(client, url: str) -> int:
    """The status at the end of the redirects under staff/ (see the module's docstring)."""
    response = client.get(url)
    while response.status_code == 302 and response["Location"].startswith("/staff/"):
        response = client.get(response["Location"])
    return response.status_code


def requests_for(name: str, objects, kwargs) -> tuple[str, dict]:
    """(URL, expected statuses by role) of the URL named `name`."""
    if name == "admin:app_list":
        raise LookupError  # one URL per app: see APP_PAGES
    if name in PAGES:
        pattern = staff_urls()[name]
        needed = set(re.findall(r"<(?:\w+:)?(\w+)>", pattern))
        url = reverse(name, kwargs={k: v for k, v in kwargs.items() if k in needed})
        if name == "admin:autocomplete":
            url += "?app_label=resources&model_name=resource&field_name=event&term=a"
        return url, PAGES[name]
    label, action = name.removeprefix("admin:").rsplit("_", 1)
    for key, policy in POLICIES.items():
        if key.replace(".", "_") == label and action in policy:
            args = [objects[key].pk] if action in ("change", "delete", "history") else []
            return reverse(name, args=args), policy[action]
    raise LookupError(f"No row for {name}")


def test_every_staff_and_admin_url_has_a_row(world):
    _users, objects, kwargs = world
    missing = []
    for name in staff_urls():
        try:
            requests_for(name, objects, kwargs)
        except LookupError as error:
            if name != "admin:app_list":
                missing.append(str(error) or name)
    assert missing == []
    assert {f"{m._meta.app_label}.{m._meta.model_name}" for m in site._registry} == set(POLICIES)


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, world, role):
    users, objects, kwargs = world
    if users[role] is not None:
        client.force_login(users[role])
    expected, actual = {}, {}
    for name in staff_urls():
        if name == "admin:app_list":
            for app_label, statuses in APP_PAGES.items():
                url = reverse(name, kwargs={"app_label": app_label})
                expected[url], actual[url] = statuses[role], client.get(url).status_code
            continue
        url, statuses = requests_for(name, objects, kwargs)
        expected[url], actual[url] = statuses[role], status_of(client, url)
    assert actual == expected


# --- Admin actions, on organiser A's object -------------------------------------------------
#   302 after an action that ran (or, for "other", that found nothing of theirs among the
#   selected: nothing changes), 200 for a document (prepared in the background: the status
#   at the end of the redirects under staff/, as above), a form or a confirmation page (for
#   "other" a confirmation that lists nothing; for those who may see the list but not run
#   the action, the list again: the action is not offered), 403 without the right to see
#   the list.
#                  anonymous participant admin manager door partner other superuser
RAN = row("302 302 302 302 403 403 302 302")
DOCUMENT = row("302 302 200 200 403 403 302 200")
CONFIRMATION = row("302 302 200 200 403 403 200 200")
ACTIONS = {
    "registrations.registration": {
        "approve": RAN,
        "promote": RAN,
        "badges_a4": DOCUMENT,
        "badges_a6": DOCUMENT,
        "attestations": DOCUMENT,
        "delete_selected": CONFIRMATION,
        "refuse": RAN,
        "cancel": RAN,  # last: it changes the registration
    },
    "events.event": {
        "duplicate": row("302 302 200 200 200 200 302 200"),  # the form asking the date
        "delete_selected": row("302 302 200 200 200 200 200 200"),
    },
    "auth.user": {
        "reset_second_factor": row("302 302 403 403 403 403 403 302"),
        "delete_selected": row("302 302 403 403 403 403 403 200"),
    },
    "events.teammember": {
        "reset_second_factor": row("302 302 302 403 403 403 302 302"),
        "delete_selected": row("302 302 200 403 403 403 200 200"),
    },
    "account.emailaddress": {
        "make_verified": row("302 302 403 403 403 403 403 302"),
        "delete_selected": row("302 302 403 403 403 403 403 200"),
    },
}


def test_every_admin_action_has_a_row(rf):
    request = rf.get("/admin/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    found = {
        f"{model._meta.app_label}.{model._meta.model_name}": set(admin.get_actions(request))
        for model, admin in site._registry.items()
        if set(admin.get_actions(request)) - {"delete_selected"}
    }
    assert found == {key: set(actions) for key, actions in ACTIONS.items()}


@pytest.mark.parametrize("role", ROLES)
def test_admin_actions_matrix(client, world, role):
    users, objects, _kwargs = world
    if users[role] is not None:
        client.force_login(users[role])
    expected, actual = {}, {}
    for key, actions in ACTIONS.items():
        obj = objects[key]
        url = reverse(f"admin:{key.replace('.', '_')}_changelist")
        for action, statuses in actions.items():
            response = client.post(url, {"action": action, "_selected_action": [obj.pk]})
            while response.status_code == 302 and response["Location"].startswith("/staff/"):
                response = client.get(response["Location"])
            expected[(key, action)], actual[(key, action)] = statuses[role], response.status_code
    assert actual == expected
    registration = objects["registrations.registration"]
    registration.refresh_from_db()
    cancelled = role in ("admin", "manager", "superuser")
    assert registration.status == ("cancelled" if cancelled else "confirmed")


def test_another_organiser_cannot_delete_or_change_through_actions(client, world):
    users, objects, _kwargs = world
    client.force_login(users["other"])
    for key in ("registrations.registration", "events.event"):
        url = reverse(f"admin:{key.replace('.', '_')}_changelist")
        pk = objects[key].pk
        client.post(url, {"action": "delete_selected", "_selected_action": [pk], "post": "yes"})
        assert type(objects[key]).objects.filter(pk=pk).exists(), key
    duplicate = reverse("admin:events_event_changelist")
    client.post(
        duplicate,
        {"action": "duplicate", "_selected_action": [objects["events.event"].pk], "apply": "1",
         "date": "2030-01-01"},
    )  # fmt: skip
    assert not type(objects["events.event"]).objects.filter(date=dt.date(2030, 1, 1)).exists()
