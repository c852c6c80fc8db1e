"""The health endpoint (/sante/): is this web process able to serve?

For monitors and load balancers: no authentication, no personal data, never cached. Each check
reports its status and how long it took; HTTP 200 when every check is "ok", 503 otherwise. A
failed check names the exception's class only: its message may hold a host or a password.

Cross-cutting, it knows no app of the project; it knows django-tasks-db, a library, to measure
the queue when that backend is configured.
"""

import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Case, F, When
from django.db.models.functions import Greatest
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks.backends.immediate import ImmediateBackend

OK = "ok"


def _database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"status": OK}


def _cache() -> dict:
    key = f"health:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=10)
    found = cache.get(key)
    cache.delete(key)
    return {"status": OK if found == "1" else "error"}


def _tasks() -> dict:
    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    if isinstance(backend, ImmediateBackend):
        return {"status": OK, "backend": "immediate"}
    from django_tasks_db.backend import DatabaseBackend

    if not isinstance(backend, DatabaseBackend):
        return {"status": OK, "backend": type(backend).__name__}
    from django_tasks_db.models import DBTaskResult, get_date_max

    # A task is ready from its enqueueing, or from its run_after when it was deferred.
    ready = DBTaskResult.objects.ready().annotate(
        ready_since=Case(
            When(run_after=get_date_max(), then=F("enqueued_at")),
            default=Greatest("enqueued_at", "run_after"),
        )
    )
    oldest = ready.order_by("ready_since").values_list("ready_since", flat=True).first()
    age = (timezone.now() - oldest).total_seconds() if oldest else 0.0
    # The worker polls every second: a task ready for longer than this means no worker runs.
    late = age > timedelta(seconds=settings.HEALTH_TASKS_MAX_AGE).total_seconds()
    return {
        "status": "late" if late else OK,
        "backend": "database",
        "ready": ready.count(),
        "oldest_ready_age_s": round(age, 1) if oldest else None,
    }


CHECKS = {"database": _database, "cache": _cache, "tasks": _tasks}


@never_cache
@require_GET
def health(request):
    results = {}
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            result = check()
        except Exception as error:  # any failure is the answer, not a 500
            result = {"status": "error", "error": type(error).__name__}
        result["ms"] = round((time.perf_counter() - started) * 1000, 1)
        results[name] = result
    healthy = all(result["status"] == OK for result in results.values())
    return JsonResponse(
        {"status": OK if healthy else "error", "checks": results},
        status=200 if healthy else 503,
    )
