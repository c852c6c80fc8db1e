"""/sante/: database, cache and task queue, 200 when all answer, 503 otherwise."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from events.tasks import send_team_invitation

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}


def test_health_url_is_sante():
    assert reverse("health") == "/sante/"


def test_health_is_200_with_everything_up(client):
    response = client.get("/sante/")

    body = response.json()
    assert (response.status_code, body["status"]) == (200, "ok")
    assert list(body) == ["status", "checks"]
    assert body["checks"]["database"].keys() == {"status", "ms"}
    assert body["checks"]["cache"].keys() == {"status", "ms"}
    assert body["checks"]["tasks"].keys() == {"status", "backend", "ms"}
    assert [check["status"] for check in body["checks"].values()] == ["ok", "ok", "ok"]
    assert body["checks"]["tasks"]["backend"] == "immediate"
    assert all(isinstance(check["ms"], float) for check in body["checks"].values())


def test_health_is_never_cached_and_needs_no_login(client):
    response = client.get("/sante/")

    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    assert "sessionid" not in response.cookies


def test_health_is_503_when_redis_is_unreachable(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }

    response = client.get("/sante/")

    body = response.json()
    assert (response.status_code, body["status"]) == (503, "error")
    assert body["checks"]["cache"].keys() == {"status", "error", "ms"}
    assert body["checks"]["cache"]["status"] == "error"
    assert body["checks"]["cache"]["error"] == "ConnectionError"
    assert [body["checks"][name]["status"] for name in ("database", "tasks")] == ["ok", "ok"]


def test_health_reports_the_database_queue(client, settings):
    settings.TASKS = DATABASE_QUEUE
    send_team_invitation.enqueue(member_id=1)
    send_team_invitation.enqueue(member_id=2)
    DBTaskResult.objects.update(enqueued_at=timezone.now() - dt.timedelta(seconds=42))

    response = client.get("/sante/")

    tasks = response.json()["checks"]["tasks"]
    assert response.status_code == 200
    assert tasks.keys() == {"status", "backend", "ready", "oldest_ready_age_s", "ms"}
    assert (tasks["status"], tasks["backend"], tasks["ready"]) == ("ok", "database", 2)
    assert 42 <= tasks["oldest_ready_age_s"] < 50


def test_health_queue_empty_has_no_age(client, settings):
    settings.TASKS = DATABASE_QUEUE

    tasks = client.get("/sante/").json()["checks"]["tasks"]

    assert (tasks["ready"], tasks["oldest_ready_age_s"]) == (0, None)


def test_health_is_503_when_a_task_waits_too_long(client, settings):
    settings.TASKS = DATABASE_QUEUE
    settings.HEALTH_TASKS_MAX_AGE = 600
    send_team_invitation.enqueue(member_id=1)
    DBTaskResult.objects.update(enqueued_at=timezone.now() - dt.timedelta(minutes=11))

    response = client.get("/sante/")

    assert response.status_code == 503
    assert response.json()["checks"]["tasks"]["status"] == "late"


def test_health_deferred_task_counts_from_its_run_after(client, settings):
    settings.TASKS = DATABASE_QUEUE
    settings.HEALTH_TASKS_MAX_AGE = 600
    now = timezone.now()
    send_team_invitation.using(run_after=now - dt.timedelta(seconds=30)).enqueue(member_id=1)
    DBTaskResult.objects.update(enqueued_at=now - dt.timedelta(days=2))

    tasks = client.get("/sante/").json()["checks"]["tasks"]

    assert tasks["status"] == "ok"
    assert 30 <= tasks["oldest_ready_age_s"] < 40
