"""The production configuration, run for real: settings built from the environment, the
documented environment passing `check --deploy`, and allauth's rate limits holding across two
gunicorn processes sharing one Redis."""

import os
import re
import runpy
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from events.enums import LegalPageKind
from events.models import LegalPage
from tests.factories import UserFactory

ROOT = Path(settings.BASE_DIR)
ENV_EXAMPLE = ROOT / "deploy" / "env.example"
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
TOO_MANY = "Trop de tentatives de connexion échouées. Veuillez réessayer ultérieurement."


def _redis_reachable() -> bool:
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5, socket_timeout=0.5)
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False
    finally:
        client.close()


REDIS_UP = _redis_reachable()
# CI (.ci/run) starts Redis and sets REDIS_REQUIRED=1: there, an unreachable Redis fails.
REDIS_REQUIRED = os.environ.get("REDIS_REQUIRED") == "1"
needs_redis = pytest.mark.skipif(
    not REDIS_UP and not REDIS_REQUIRED,
    reason=f"Redis unreachable at {REDIS_URL} (set REDIS_URL or start redis-server; "
    ".ci/run starts it and sets REDIS_REQUIRED=1, so this runs in CI)",
)


def strong_key() -> str:
    return secrets.token_urlsafe(50)


def documented_env() -> dict[str, str]:
    """deploy/env.example as the deploy steps use it: uncommented lines, every value kept but
    the secret, which the operator generates."""
    values = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name] = value.strip('"')  # quoted like systemd and the shell read it
    values["DJANGO_SECRET_KEY"] = strong_key()
    return values


def production_settings(monkeypatch, **env) -> dict:
    """The namespace of quartiers2030.settings.production built with `env` (on top of the
    minimal mandatory variables), in this process."""
    base = {
        "DJANGO_SECRET_KEY": strong_key(),
        "ALLOWED_HOSTS": "quartiers2030.example.fr",
        "DATABASE_URL": "postgres://q2030@127.0.0.1:5432/q2030",
        "EMAIL_URL": "smtp://127.0.0.1:25",
        "SITE_URL": "https://quartiers2030.example.fr",
    }
    for name in (
        "REDIS_URL", "MEDIA_STORAGE", "CACHE_KEY_PREFIX", "TASKS_BACKEND",
        "DATABASE_PREPARE_THRESHOLD",
    ):  # fmt: skip
        monkeypatch.delenv(name, raising=False)
    for name, value in {**base, **env}.items():
        monkeypatch.setenv(name, value)
    return runpy.run_module("quartiers2030.settings.production")


# -- settings ------------------------------------------------------------------------------


def test_production_cache_is_redis_when_redis_url_is_set(monkeypatch):
    namespace = production_settings(monkeypatch, REDIS_URL="redis://cache.internal:6379/2")

    assert namespace["CACHES"] == {
        "default": {
            "BACKEND": "quartiers2030.cache.RedisCache",
            "LOCATION": "redis://cache.internal:6379/2",
            "KEY_PREFIX": "q2030",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    assert namespace["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"


def test_production_postgresql_prepares_statements(monkeypatch):
    database = production_settings(monkeypatch)["DATABASES"]["default"]
    assert database["OPTIONS"] == {"server_side_binding": True, "prepare_threshold": 5}
    assert (database["CONN_MAX_AGE"], database["ATOMIC_REQUESTS"]) == (60, False)


def test_production_behind_a_transaction_pooler_prepares_nothing(monkeypatch):
    namespace = production_settings(monkeypatch, DATABASE_PREPARE_THRESHOLD="")
    options = namespace["DATABASES"]["default"]["OPTIONS"]
    assert options == {"server_side_binding": True, "prepare_threshold": None}


@needs_redis
def test_redis_cache_keeps_one_client_and_works_on_redis():
    from quartiers2030.cache import RedisCache

    cache = RedisCache(REDIS_URL, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    try:
        cache.set("seats", 3)
        assert cache.incr("seats") == 4
        assert cache.get_many(["seats", "none"]) == {"seats": 4}
        # Django's own backend builds a new redis.Redis for every call.
        assert cache._cache.get_client("seats") is cache._cache.get_client(None, write=True)
    finally:
        cache.delete("seats")
        cache.close()


def test_production_cache_is_the_database_without_redis_url(monkeypatch):
    namespace = production_settings(monkeypatch)
    assert "SESSION_ENGINE" not in namespace  # Django's default: the database

    assert namespace["CACHES"] == {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
            "KEY_PREFIX": "q2030",
        }
    }


def test_production_tasks_go_to_the_database_queue(monkeypatch):
    namespace = production_settings(monkeypatch)

    assert namespace["TASKS"] == {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}


@pytest.mark.parametrize(
    "key",
    [
        "",
        "short-but-random-Zx81",
        "a" * 49 + "b",  # long enough, two characters
        "django-insecure-" + "k3Jx9Qm2" * 6,  # Django's generated development key
    ],
    ids=["empty", "short", "few-unique", "django-insecure"],
)
def test_production_refuses_a_weak_secret_key(monkeypatch, key):
    with pytest.raises(ImproperlyConfigured, match=r"^DJANGO_SECRET_KEY must be set"):
        production_settings(monkeypatch, DJANGO_SECRET_KEY=key)


def test_production_refuses_a_missing_secret_key(monkeypatch):
    production_settings(monkeypatch)  # the environment is fine…
    monkeypatch.delenv("DJANGO_SECRET_KEY")

    with pytest.raises(ImproperlyConfigured, match=r"^DJANGO_SECRET_KEY must be set"):
        runpy.run_module("quartiers2030.settings.production")


def test_production_refuses_a_weak_fallback_key(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match=r"^DJANGO_SECRET_KEY_FALLBACKS "):
        production_settings(
            monkeypatch, DJANGO_SECRET_KEY_FALLBACKS=f"{strong_key()},old-short-key"
        )


def test_production_media_on_the_filesystem_by_default(monkeypatch):
    namespace = production_settings(monkeypatch)

    assert namespace["STORAGES"]["default"] == {
        "BACKEND": "django.core.files.storage.FileSystemStorage"
    }


def test_production_media_in_s3_when_asked(monkeypatch):
    namespace = production_settings(
        monkeypatch,
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="q2030-media",
        AWS_ACCESS_KEY_ID="id",
        AWS_SECRET_ACCESS_KEY="secret",
    )

    storage = namespace["STORAGES"]["default"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "q2030-media"
    assert (storage["OPTIONS"]["default_acl"], storage["OPTIONS"]["querystring_auth"]) == (
        "private",
        True,
    )


def test_production_refuses_an_unknown_media_storage(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match=r"^MEDIA_STORAGE must be"):
        production_settings(monkeypatch, MEDIA_STORAGE="ftp")


def test_production_logs_one_json_object_per_line(monkeypatch):
    namespace = production_settings(monkeypatch)

    handler = namespace["LOGGING"]["handlers"]["console"]
    assert (handler["formatter"], handler["filters"]) == ("json", ["request_id"])
    assert namespace["LOGGING"]["formatters"]["json"] == {"()": "quartiers2030.logs.JsonFormatter"}


def test_env_example_lists_every_variable_the_settings_read():
    read = set()
    for module in (ROOT / "quartiers2030" / "settings").glob("*.py"):
        read |= set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z0-9_]+)"', module.read_text()))
    documented = set(re.findall(r"^#?([A-Z0-9_]+)=", ENV_EXAMPLE.read_text(), re.MULTILINE))

    assert read - documented == set()


# -- live processes ------------------------------------------------------------------------


@pytest.fixture
def live_database_url(transactional_db, tmp_path):
    """A callable giving a DATABASE_URL other processes can use, with what the test has
    written so far: the test database itself on PostgreSQL (committed data, the
    transactional_db fixture empties it afterwards), a file copy of the in-memory test
    database on SQLite."""

    def make() -> str:
        config = connection.settings_dict
        if connection.vendor == "postgresql":
            credentials = urllib.parse.quote(config["USER"] or "", safe="")
            if config["PASSWORD"]:
                credentials += ":" + urllib.parse.quote(config["PASSWORD"], safe="")
            host = config["HOST"] or "127.0.0.1"
            return f"postgres://{credentials}@{host}:{config['PORT'] or 5432}/{config['NAME']}"
        assert connection.vendor == "sqlite"
        path = tmp_path / "live.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        return f"sqlite:///{path}"

    return make


def live_env(database_url: str, tmp_path: Path, **extra) -> dict[str, str]:
    """The environment of a production process run by the tests: the documented variables,
    with the database, mail, media and logs of the test."""
    # Nothing else from this process: pytest's own variables (the browser tests set
    # DJANGO_ALLOW_ASYNC_UNSAFE, which `check --deploy` rightly refuses) stay out.
    inherited = {
        name: os.environ[name] for name in ("PATH", "HOME", "LANG", "TMPDIR") if name in os.environ
    }
    return {
        **inherited,
        **documented_env(),
        "DJANGO_SETTINGS_MODULE": "quartiers2030.settings.production",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "https://127.0.0.1",
        "DATABASE_URL": database_url,
        "CONN_MAX_AGE": "0",
        "EMAIL_URL": f"filemail:///{tmp_path / 'mail'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        **extra,
    }


def test_check_deploy_with_the_documented_environment_finds_no_issue(live_database_url, tmp_path):
    # The documented deploy writes the legal pages before opening (deploy/README.md); until
    # then `check` rightly warns (q2030.W001). Written here like a superuser would.
    for kind in LegalPageKind:
        LegalPage.objects.create(kind=kind, title=f"Page {kind}", body="Rédigée, sans crochets.")
    env = live_env(live_database_url(), tmp_path)

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert (result.returncode, result.stdout.strip()) == (
        0,
        "System check identified no issues (1 silenced).",
    ), result.stderr


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """One gunicorn process (one worker) with the production configuration."""

    def __init__(self, env: dict[str, str], log: Path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log.open("wb")
        self.process = subprocess.Popen(  # noqa: S603 (our own command line)
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "deploy/gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the worker is stopped with it
        )

    def wait_ready(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}")
            try:
                url = f"{self.base}/sante/"
                with urllib.request.urlopen(url, timeout=3) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except OSError:  # not listening yet (URLError), or slow to answer (TimeoutError)
                time.sleep(0.1)
        raise TimeoutError(f"gunicorn on port {self.port} not ready")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        self.log.close()


class Visitor:
    """A browser without cookies, behind the TLS proxy (X-Forwarded-Proto: https), so that
    the production settings (secure cookies, SSL redirect, CSRF origin check) apply."""

    def __init__(self, base: str):
        self.base = base
        self.cookies: dict[str, str] = {}
        self.opener = urllib.request.build_opener(NoRedirect)

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        headers = {"X-Forwarded-Proto": "https", "Host": self.base.removeprefix("http://")}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data).encode()
            headers["Origin"] = "https://" + headers["Host"]
            headers["Referer"] = f"https://{headers['Host']}{path}"
        # http://127.0.0.1 only (S310 warns about file: URLs)
        request = urllib.request.Request(self.base + path, data=body, headers=headers)  # noqa: S310
        try:
            response = self.opener.open(request, timeout=10)
        except urllib.error.HTTPError as error:
            response = error
        with response:
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, response.read().decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def request_code(server: Server, email: str) -> tuple[int, str]:
    """A new visitor asks for a login code: the form page, then the form."""
    visitor = Visitor(server.base)
    status, page = visitor.request("/compte/login/code/")
    assert status == 200, page[:500]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    return visitor.request("/compte/login/code/", {"csrfmiddlewaretoken": token, "email": email})


@pytest.fixture
def redis_prefix():
    """A key prefix of this test run alone; its keys are deleted afterwards."""
    import redis

    prefix = f"q2030-test-{uuid.uuid4().hex}"
    yield prefix
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        keys = list(client.scan_iter(match=f"{prefix}:*"))
        if keys:
            client.delete(*keys)
    except redis.ConnectionError:
        pass  # no Redis, no keys: the test itself says so
    finally:
        client.close()


@needs_redis
def test_login_code_rate_limit_holds_across_two_server_processes(
    live_database_url, tmp_path, redis_prefix
):
    assert REDIS_UP, f"Redis unreachable at {REDIS_URL} and REDIS_REQUIRED=1"
    started = time.monotonic()  # bounded: servers ready within 15 s, all under 20 s (~2 s here)
    user = UserFactory(username="marie", email="marie.curie@example.org", password=None)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    env = live_env(
        live_database_url(),
        tmp_path,
        DJANGO_SETTINGS_MODULE="tests.production_settings",  # static files uncollected
        REDIS_URL=REDIS_URL,
        CACHE_KEY_PREFIX=redis_prefix,
        # Emails sent within the request: no worker in this test.
        TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
    )
    servers = [Server(env, tmp_path / f"gunicorn-{n}.log") for n in (1, 2)]
    try:
        for server in servers:
            server.wait_ready(deadline=started + 15)
        assert servers[0].process.pid != servers[1].process.pid

        # Alternately on each process: 1st, 3rd, 5th on the first, the others on the second.
        results = [request_code(servers[n % 2], user.email) for n in range(6)]
    finally:
        for server in servers:
            server.stop()

    assert [status for status, _ in results] == [302, 302, 302, 200, 200, 200]
    assert all(TOO_MANY in page for _, page in results[3:])
    assert len(list((tmp_path / "mail").iterdir())) == 3
    assert time.monotonic() - started < 20
