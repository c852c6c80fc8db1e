"""quartiers2030/tasks.py: a task queued from a transaction runs only if it commits."""

import pytest
from django.core import mail
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from events.tasks import send_team_invitation
from quartiers2030.tasks import enqueue_on_commit
from registrations import services
from registrations.enums import EmailKind
from registrations.models import Registration
from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}


def queued():
    return list(DBTaskResult.objects.values_list("task_path", "args_kwargs"))


def test_database_queue_writes_the_task_within_the_transaction(
    settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_QUEUE

    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        enqueue_on_commit(send_team_invitation, member_id=7)
        # Written now, visible to the worker when the transaction commits.
        assert queued() == [
            ("events.tasks.send_team_invitation", {"args": [], "kwargs": {"member_id": 7}})
        ]

    assert callbacks == []


def test_database_queue_keeps_no_task_of_a_rolled_back_transaction(settings):
    settings.TASKS = DATABASE_QUEUE

    with pytest.raises(ZeroDivisionError), transaction.atomic():
        enqueue_on_commit(send_team_invitation, member_id=7)
        1 / 0  # noqa: B018

    assert queued() == []


def test_registration_and_its_email_task_are_committed_together(
    settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_QUEUE
    event = EventFactory(onsite_capacity=10)

    # Commit callbacks are captured, not run: the task is there without them.
    with django_capture_on_commit_callbacks():
        registration = services.registration_create(
            event=event,
            user=UserFactory(email="nadia@example.org"),
            data={"email": "nadia@example.org", "first_name": "Nadia", "last_name": "Ben"},
        )

    assert queued() == [
        (
            "registrations.tasks.send_registration_email",
            {
                "args": [],
                "kwargs": {"registration_id": registration.pk, "kind": EmailKind.CONFIRMED},
            },
        )
    ]


def test_immediate_backend_runs_the_task_once_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    event = EventFactory(onsite_capacity=10)

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(
            event=event,
            user=UserFactory(email="nadia@example.org"),
            data={"email": "nadia@example.org", "first_name": "Nadia", "last_name": "Ben"},
        )
        assert Registration.objects.count() == 1
        assert mail.outbox == []  # not before the commit

    assert [message.to for message in mail.outbox] == [["nadia@example.org"]]
    assert queued() == []
