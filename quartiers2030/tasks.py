"""Queueing background tasks (django-tasks) from a transaction."""

from django.db import transaction
from django_tasks_db.backend import DatabaseBackend


def enqueue_on_commit(task, **kwargs) -> None:
    """Queue `task(**kwargs)` so that it runs only if the current transaction commits.

    With the database queue (production: django-tasks-db), the task is written within the
    transaction: it exists if and only if the transaction commits, even if the process dies
    right after, and both are committed at once. Any other backend is called once the
    transaction has committed: the immediate one (`make run`, the tests) runs the task on
    the spot. Outside a transaction, the task is queued at once.
    """
    if isinstance(task.get_backend(), DatabaseBackend):
        task.enqueue(**kwargs)
    else:
        transaction.on_commit(lambda: task.enqueue(**kwargs))
