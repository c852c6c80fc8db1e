"""HTTP load on the production stack: gunicorn + the task worker, PostgreSQL, Redis cache.

Starts gunicorn (2 × cores + 1 sync workers) and `manage.py db_worker` on a throwaway
PostgreSQL database (q2030_http_bench) with production settings (DEBUG off, the database
task backend, a shared cache on Redis: bench/support/q2030_bench_settings.py), loads the
demo (load_demo, load_demo_participants), creates users with their sessions straight in
the database, then measures with a small asyncio client, closed loop, at 10 and 50
concurrent clients (BENCH_SECONDS each, 5 by default; every row BENCH_ROUNDS times, 3 by
default, in interleaved rounds, the round of median throughput reported):

  bare view (the baseline, only in the bench's URLs), home page, the event page of
  2 October 2025, its programme PDF, /agenda.ics, the registration POST (distinct signed-in
  users) on an event with seats left, then on one that fills up;

then an open-loop burst: BENCH_BURST registrations (300) arriving at 10/s, with p95 and
the final seat counts. Every registration event is checked for overbooking at the end.
The database is vacuumed and analysed before every row (as autovacuum would have done).

A second table gives, for each row, the CPU time per request of each group of processes
(gunicorn, PostgreSQL, the task worker, this client, the rest of the machine), read from
/proc around the row: what a row costs, whatever the machine's speed that day.

With the stack still running, two figures of the task worker:

- how long after the burst it had sent every registration email of the run (polling
  django-tasks-db's table every 0.5 s);
- the peak memory of the worker while it prepares 3,000 attestations de présence: an event
  with 3,000 checked-in participants, the bulk document asked for as the organiser's page
  does (backoffice.preparation.document_request), the db_worker process and the children
  it forks sampled every 0.1 s (VmRSS) until the document is ready; then its page count,
  read back from storage. Target: under 300 MB per process (flagged, not failed).

The run fails (exit 1) on an error, overbooking, an email task failed or left unsent, or
an attestations document not ready within DOCUMENT_TIMEOUT or with the wrong page count.

    python bench/http_load.py                 # this tree
    python bench/http_load.py --before REF    # also the tree at git REF, same run, first
    python bench/http_load.py --only bare,burst   # a subset (names: see --help)

Environment: BENCH_POSTGRES_URL (postgres://postgres@127.0.0.1:5432/postgres),
BENCH_REDIS_URL (redis://127.0.0.1:6379/0; keys under a per-run prefix, removed at the
end), BENCH_SECONDS, BENCH_ROUNDS, BENCH_BURST. Skips (exit 0) when PostgreSQL or Redis is
unreachable. Only 127.0.0.1 is ever targeted.
"""

import argparse
import asyncio
import datetime as dt
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from importlib import import_module
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
SUPPORT = ROOT / "bench" / "support"
sys.path[:0] = [str(ROOT), str(SUPPORT)]

ADMIN_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
DB = "q2030_http_bench"
SECONDS = float(os.environ.get("BENCH_SECONDS", "5"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
BURST = int(os.environ.get("BENCH_BURST", "300"))
BURST_RATE = 10.0  # arrivals per second
CONCURRENCY = (10, 50)
HOST = "127.0.0.1"
EVENT_SLUG = "2025-10-02-journee-regionale-cooperations"
USERS = 20_000  # signed-in users per tree measured: each POST takes one who never registered
PREFIX = f"q2030bench{os.getpid()}"
EMAIL_TASK = "registrations.tasks.send_registration_email"
EMAILS_TIMEOUT = 600  # seconds after the burst
ATTESTATIONS = 3000
MEMORY_TARGET_MB = 300  # per process (issue 12)
DOCUMENT_TIMEOUT = 900  # seconds
# What --only picks from: the rows of the table, in order, then the worker's memory.
KEYS = ("bare", "home", "event", "pdf", "ics", "seats", "fills", "burst", "memory")


def admin(sql, database=None):
    import psycopg

    url = ADMIN_URL if database is None else ADMIN_URL.rsplit("/", 1)[0] + f"/{database}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql)


def vacuum():
    """What PostgreSQL's autovacuum does in production, done between rows: dead rows removed
    (every registration email's task is updated twice, registrations pile up) and statistics
    up to date, so that a row is not slowed by the rows before it. This machine's
    PostgreSQL runs with autovacuum off: without this, the queries of later rows were planned
    from the statistics of an empty database, and the rounds of one row went 164, 118, 117
    registrations/s."""
    admin("VACUUM (ANALYZE)", database=DB)


def reachable() -> str | None:
    """Why the bench cannot run here, or None."""
    import psycopg
    import redis

    try:
        admin("SELECT 1")
    except psycopg.OperationalError as error:
        return f"PostgreSQL unreachable at {ADMIN_URL} ({error})"
    try:
        redis.Redis.from_url(REDIS_URL, socket_timeout=2).ping()
    except redis.RedisError as error:
        return f"Redis unreachable at {REDIS_URL} ({error})"
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def environment(static_root: str, media_root: str, port: int) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "q2030_bench_settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": f"{HOST},localhost",
        "DATABASE_URL": ADMIN_URL.rsplit("/", 1)[0] + f"/{DB}",
        "EMAIL_URL": "dummymail://",
        "SITE_URL": f"http://{HOST}:{port}",
        "TASKS_BACKEND": "django_tasks_db.backend.DatabaseBackend",
        # Production's own cache and sessions on Redis (quartiers2030/settings/production.py).
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": PREFIX,
        "GUNICORN_LOG_LEVEL": "warning",
        # No recycling of workers (production's max_requests, a memory safety net): at
        # hundreds of requests a second each worker would restart every few seconds, and its
        # boot (about 1.5 s of CPU here) would be charged mostly to the cheapest rows, the bare
        # view first, flattering every ratio.
        "GUNICORN_MAX_REQUESTS": "0",
        "BENCH_STATIC_ROOT": static_root,
        "MEDIA_ROOT": media_root,
        "LOG_LEVEL": "ERROR",
    }


# --- Data -----------------------------------------------------------------------------------


def prepare_database(users_count: int):
    """Migrate, load the demo, and create `users_count` participants with a session each."""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    call_command("load_demo", verbosity=0)
    call_command("load_demo_participants", verbosity=0)

    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    user_model = get_user_model()
    password = make_password(None)
    users = user_model.objects.bulk_create(
        user_model(username=f"bench{i}", email=f"bench{i}@example.org", password=password)
        for i in range(users_count)
    )
    store = SessionStore()
    expires = timezone.now() + dt.timedelta(days=1)
    backend = settings.AUTHENTICATION_BACKENDS[0]
    sessions = [
        Session(
            session_key=secrets.token_hex(16),
            session_data=store.encode(
                {
                    SESSION_KEY: str(user.pk),
                    BACKEND_SESSION_KEY: backend,
                    HASH_SESSION_KEY: user.get_session_auth_hash(),
                }
            ),
            expire_date=expires,
        )
        for user in users
    ]
    Session.objects.bulk_create(sessions)
    # As a sign-in leaves them with a session engine that reads the cache first (production
    # on Redis: cached_db): in the cache too.
    engine = import_module(settings.SESSION_ENGINE).SessionStore
    if hasattr(engine, "cache_key_prefix"):
        from django.core.cache import caches

        caches[settings.SESSION_CACHE_ALIAS].set_many(
            {
                engine.cache_key_prefix + s.session_key: store.decode(s.session_data)
                for s in sessions
            },
            timeout=settings.SESSION_COOKIE_AGE,
        )
    from django.db import connections

    connections.close_all()
    return [session.session_key for session in sessions]


def registration_event(label: str, capacity: int):
    from django.db import connections
    from django.utils import timezone

    from events.enums import EventStatus, RegistrationMode
    from events.models import Event

    model = Event.objects.get(slug=EVENT_SLUG)
    event = Event.objects.create(
        kind=model.kind,
        title=f"Bench — {label}",
        slug=f"bench-{label}-{secrets.token_hex(3)}",
        organiser=model.organiser,
        venue=model.venue,
        status=EventStatus.PUBLISHED,
        date=timezone.localdate() + dt.timedelta(days=60),
        start_time=dt.time(9),
        end_time=dt.time(17),
        registration_mode=RegistrationMode.OPEN,
        onsite_capacity=capacity,
    )
    connections.close_all()
    return event


def seat_counts(event) -> dict:
    from django.db import connections

    from registrations.models import Registration

    registrations = Registration.objects.filter(event=event)
    counts = {
        "seats": event.onsite_capacity,
        "holding": registrations.on_site().seat_holding().count(),
        "waiting": registrations.waiting().count(),
        "total": registrations.count(),
    }
    connections.close_all()
    return counts


def attestations_event():
    """A copy of the demo day (and its programme, which sets the hours printed) with
    ATTESTATIONS confirmed on-site registrations, all checked in: two thirds all day, a
    third the morning only (as bench/attestations.py)."""
    from django.db import connections

    from events.models import Event, ProgrammeSlot
    from registrations.models import CheckIn, Registration

    event = Event.objects.get(slug=EVENT_SLUG)
    slots = list(event.slots.all())
    event.pk, event.slug = None, f"bench-attestations-{secrets.token_hex(3)}"
    event.save()
    for slot in slots:
        slot.pk, slot.event = None, event
    ProgrammeSlot.objects.bulk_create(slots)
    registrations = Registration.objects.bulk_create(
        Registration(
            event=event, first_name=("Camille", "Zoé", "Mohamed", "Anne-Sophie")[i % 4],
            last_name=f"MARTIN {i:04d}", email=f"attestation{i}@example.org",
            organisation="Ville de Tomblaine", function="Cheffe de projet politique de la ville",
            category="collectivite", attendance="on_site", status="confirmed",
        )
        for i in range(ATTESTATIONS)
    )  # fmt: skip
    CheckIn.objects.bulk_create(
        CheckIn(registration=registration, half_day=half_day)
        for i, registration in enumerate(registrations)
        for half_day in (("matin",) if i % 3 == 2 else ("matin", "apres_midi"))
    )
    connections.close_all()
    return event


# --- Stack ----------------------------------------------------------------------------------


# As its systemd unit (CPUWeight=idle, CPUSchedulingPolicy=idle): only the CPU nobody else
# wants.
IDLE_WORKER = ["chrt", "--idle", "0"]


def workers() -> int:
    return 2 * (os.cpu_count() or 1) + 1


def start_stack(tree: Path, env: dict, port: int) -> list[subprocess.Popen]:
    python = sys.executable
    gunicorn = str(Path(python).parent / "gunicorn")
    env = {**env, "PYTHONPATH": f"{tree}{os.pathsep}{SUPPORT}"}
    command = [gunicorn]
    config = tree / "deploy" / "gunicorn.conf.py"
    if config.exists():
        command += ["-c", str(config)]
    command += [
        "quartiers2030.wsgi",
        "--chdir", str(tree), "--bind", f"{HOST}:{port}", "--workers", str(workers()),
        "--timeout", "60",
    ]  # fmt: skip
    # The access log (one JSON line per request, deploy/gunicorn.conf.py) is written as in
    # production — the bare view pays it too — but not shown.
    server = subprocess.Popen(  # noqa: S603
        command, env=env, cwd=tree, process_group=0, stdout=subprocess.DEVNULL
    )
    # As its systemd unit runs it (deploy/quartiers2030-worker.service): below the web. Each
    # in a process group of its own (to be stopped whole), not in a session of its own: the
    # kernel's autogroups would then share the CPU between sessions, whatever the policy of
    # their processes (what the unit's CPUWeight=idle settles for systemd's cgroups).
    worker = subprocess.Popen(  # noqa: S603
        [*IDLE_WORKER, python, "manage.py", "db_worker", "--queue-name", "*", "--no-reload"],
        env=env,
        cwd=tree,
        process_group=0,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,  # one line per task run
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return [server, worker]
        except OSError:
            time.sleep(0.2)
    stop_stack([server, worker])
    raise SystemExit("gunicorn did not start")


def stop_stack(processes):
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


# --- CPU ------------------------------------------------------------------------------------

TICK = os.sysconf("SC_CLK_TCK")
PROCESS_GROUPS = ("web", "postgres", "worker", "client", "other")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process `pid` so far (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime


def machine_cpu_seconds() -> float:
    """CPU time spent by the whole machine so far (every core, idle and iowait excluded)."""
    with open("/proc/stat") as stat:
        user, nice, system, _idle, _iowait, irq, softirq, steal = map(
            int, stat.readline().split()[1:9]
        )
    return (user + nice + system + irq + softirq + steal) / TICK


def cpu_snapshot(stack) -> dict:
    """CPU time so far of each group: gunicorn and its workers, PostgreSQL's processes (the
    server's, whatever their database), the task worker, this client, the rest of the machine.
    A PostgreSQL backend that exits within a row takes its time with it: Django keeps its
    connections (CONN_MAX_AGE), so only the worker's polling ones come and go."""
    server, worker = stack
    groups = {
        "web": [server.pid, *descendants(server.pid)],
        "worker": [worker.pid, *descendants(worker.pid)],
        "postgres": [],
    }
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/comm") as comm:
                    if comm.read().strip() == "postgres":
                        groups["postgres"].append(int(entry))
            except OSError:
                continue
    snapshot = {name: {pid: cpu_seconds(pid) for pid in pids} for name, pids in groups.items()}
    times = os.times()
    snapshot["client"] = times.user + times.system
    snapshot["machine"] = machine_cpu_seconds()
    return snapshot


def cpu_per_request(before: dict, after: dict, requests: int) -> dict:
    """Milliseconds of CPU per request of each group between two snapshots; a process seen
    only in `after` started within the window and counts from zero."""
    used = {
        name: sum(seconds - before[name].get(pid, 0.0) for pid, seconds in after[name].items())
        for name in ("web", "postgres", "worker")
    }
    used["client"] = after["client"] - before["client"]
    used["other"] = max(0.0, after["machine"] - before["machine"] - sum(used.values()))
    return {name: 1000 * seconds / max(requests, 1) for name, seconds in used.items()}


# --- Client ---------------------------------------------------------------------------------


async def request(port, method, path, *, cookie="", body=b"") -> int:
    reader, writer = await asyncio.open_connection(HOST, port)
    lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}", "Connection: close"]
    if cookie:
        lines.append(f"Cookie: {cookie}")
    if body:
        lines += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
    await writer.drain()
    data = await reader.read()
    writer.close()
    return int(data[9:12])


class Result:
    def __init__(self, name, clients):
        self.name, self.clients = name, clients
        self.latencies, self.errors, self.elapsed = [], 0, 0.0
        self.cpu = {}  # ms of CPU per request, by group (PROCESS_GROUPS)

    def percentile(self, p):
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000

    @property
    def rate(self):
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0


async def timed(port, call, result, started=None):
    started = started or time.perf_counter()
    method, path, cookie, body, expected = call
    try:
        status = await asyncio.wait_for(request(port, method, path, cookie=cookie, body=body), 60)
    except (OSError, TimeoutError, ValueError):
        result.errors += 1
        return
    result.latencies.append(time.perf_counter() - started)
    if status != expected:
        result.errors += 1


async def closed_loop(port, name, clients, next_call, seconds=SECONDS, stack=None) -> Result:
    result = Result(name, clients)
    before = cpu_snapshot(stack) if stack else None
    stop = time.perf_counter() + seconds
    begun = time.perf_counter()

    async def client():
        while time.perf_counter() < stop:
            await timed(port, next_call(), result)

    await asyncio.gather(*(client() for _ in range(clients)))
    result.elapsed = time.perf_counter() - begun
    if stack:
        result.cpu = cpu_per_request(before, cpu_snapshot(stack), len(result.latencies))
    return result


async def open_loop(port, name, count, rate, next_call) -> Result:
    """`count` requests started at fixed times (rate per second), whatever the answers:
    latency counts from the planned start, so queueing shows."""
    result = Result(name, f"{rate:g}/s")
    begun = time.perf_counter()
    tasks = []
    for i in range(count):
        planned = begun + i / rate
        await asyncio.sleep(max(0.0, planned - time.perf_counter()))
        tasks.append(asyncio.create_task(timed(port, next_call(), result, started=planned)))
    await asyncio.gather(*tasks)
    result.elapsed = time.perf_counter() - begun
    return result


def registration_calls(slug, sessions):
    """One POST per call, each by a signed-in user who never registered to this event."""
    csrf = secrets.token_hex(16)  # 32 characters: an unmasked secret, valid as form token
    form = {
        "csrfmiddlewaretoken": csrf, "civility": "", "first_name": "Camille",
        "last_name": "Bench", "phone": "", "organisation": "Ville de Test",
        "function": "Cheffe de projet", "category": "collectivite", "territory": "Nancy",
        "accessibility_needs": "", "diet": "", "list_consent": "on", "privacy": "on",
    }  # fmt: skip
    body = urlencode(form).encode()
    from django.urls import reverse

    path = reverse("registrations:register", args=[slug])

    def call():
        session = sessions.pop()
        return ("POST", path, f"sessionid={session}; csrftoken={csrf}", body, 302)

    return call


def get_call(path):
    return lambda: ("GET", path, "", b"", 200)


async def suite(port, stack, sessions, label, events, only) -> list:
    """Each row ROUNDS times, the rounds interleaved (every row once, then again…), and the
    round of median throughput kept: a worker recycled by max_requests or a neighbour on
    the machine then weighs on every row alike, not on the one it happens to fall in."""
    from django.urls import reverse

    pages = [
        ("bare", "bare view", "/bench/bare/"),
        ("home", "home", reverse("events:home")),
        ("event", "event page 2 Oct 2025", reverse("event_detail", args=[EVENT_SLUG])),
        ("pdf", "programme PDF", reverse("events:programme_pdf", args=[EVENT_SLUG])),
        ("ics", "/agenda.ics", reverse("events:feed")),
    ]
    pages = [page for page in pages if page[0] in only]
    # gunicorn listens before its workers have loaded the project: whatever row comes first
    # (see --only), it must not pay for their start. Then every worker loads its templates
    # and fonts, the caches fill.
    vacuum()
    await closed_loop(port, "warm-up", workers(), get_call("/bench/bare/"), seconds=1)
    for _key, name, path in pages:
        await closed_loop(port, name, workers(), get_call(path), seconds=1)
    rounds = {}
    for _ in range(ROUNDS):
        for _key, name, path in pages:
            for clients in CONCURRENCY:
                vacuum()
                result = await closed_loop(port, name, clients, get_call(path), stack=stack)
                rounds.setdefault((name, clients), []).append(result)
        for key, name in (("seats", "seats left"), ("fills", "fills up")):
            if key not in only:
                continue
            for clients in CONCURRENCY:
                vacuum()
                call = registration_calls(events[key].slug, sessions)
                result = await closed_loop(
                    port, f"registration POST, {name}", clients, call, stack=stack
                )
                rounds.setdefault((result.name, clients), []).append(result)
    rows = []
    for results in rounds.values():
        ordered = sorted(results, key=lambda result: result.rate)
        rows.append(ordered[len(ordered) // 2])
        rows[-1].errors = sum(result.errors for result in results)
        report_progress(label, rows[-1], [result.rate for result in results])
    if "burst" in only:
        vacuum()
        burst = await open_loop(
            port,
            "registration burst",
            BURST,
            BURST_RATE,
            registration_calls(events["burst"].slug, sessions),
        )
        rows.append(burst)
        report_progress(label, burst)
    return rows


def emails_sent(since: float) -> tuple[str, bool]:
    """How long after `since` (time.monotonic(), the end of the burst) the worker had run
    every registration email of the run: django-tasks-db's table polled every 0.5 s until
    no send_registration_email task is left unfinished. (The line, failed.)"""
    from django.db import connections
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    tasks = DBTaskResult.objects.filter(task_path=EMAIL_TASK)
    finished = [TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED]
    while (left := tasks.exclude(status__in=finished).count()) and (
        time.monotonic() < since + EMAILS_TIMEOUT
    ):
        time.sleep(0.5)
    seconds = time.monotonic() - since
    total, failed = tasks.count(), tasks.filter(status=TaskResultStatus.FAILED).count()
    connections.close_all()
    if left:
        line = f"{left} of them still unfinished after {seconds:.0f} s  TIMEOUT"
    else:
        line = f"all sent {seconds:.1f} s after the end of the burst"
    line = f"Emails: {total} send_registration_email tasks ({failed} failed), {line}"
    return line + ("  FAILED TASKS" if failed else ""), bool(left or failed)


def rss_megabytes(pid: int) -> float:
    """The resident memory of process `pid` (VmRSS), 0 once it is gone."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


def descendants(pid: int) -> list[int]:
    """The processes forked by `pid` (the renderers of a long PDF), and theirs."""
    found, parents = [], [pid]
    while parents:
        parent = parents.pop()
        try:
            threads = os.listdir(f"/proc/{parent}/task")
        except OSError:
            continue
        for thread in threads:
            try:
                with open(f"/proc/{parent}/task/{thread}/children") as children:
                    pids = [int(child) for child in children.read().split()]
            except OSError:
                continue
            found += pids
            parents += pids
    return found


def worker_memory(worker_pid: int) -> tuple[str, bool]:
    """The organiser asks for the attestations of an event of ATTESTATIONS checked-in
    participants, as the page does (document_request, the task enqueued in the database);
    the running db_worker renders them while its memory and its children's is sampled every
    0.1 s. (The line, failed.)"""
    import pypdf
    from django.contrib.auth import get_user_model
    from django.db import connections

    from backoffice.enums import DocumentKind, PreparationStatus
    from backoffice.models import PreparedDocument
    from backoffice.preparation import document_request

    event = attestations_event()
    user = get_user_model().objects.create_user(f"bench-organiser-{event.pk}", is_staff=True)
    idle = rss_megabytes(worker_pid)
    worker_peak = child_peak = total_peak = 0.0
    started = time.monotonic()
    document = document_request(event=event, kind=DocumentKind.ATTESTATIONS, params={}, user=user)
    status = document.status
    while status not in (PreparationStatus.READY, PreparationStatus.FAILED):
        if time.monotonic() > started + DOCUMENT_TIMEOUT:
            break
        worker = rss_megabytes(worker_pid)
        children = [rss_megabytes(pid) for pid in descendants(worker_pid)]
        worker_peak = max(worker_peak, worker)
        child_peak = max([child_peak, *children])
        total_peak = max(total_peak, worker + sum(children))
        time.sleep(0.1)
        status = PreparedDocument.objects.values_list("status", flat=True).get(pk=document.pk)
    seconds = time.monotonic() - started
    title = f"Worker memory, {ATTESTATIONS:,} attestations:"
    if status != PreparationStatus.READY:
        document.refresh_from_db()
        connections.close_all()
        why = document.error or f"still {status} after {seconds:.0f} s"
        return f"{title} NOT READY ({why})", True
    document.refresh_from_db()
    with document.file.open("rb") as stored:
        pages = len(pypdf.PdfReader(stored).pages)
    connections.close_all()
    over = max(worker_peak, child_peak) > MEMORY_TARGET_MB
    line = (
        f"{title} ready in {seconds:.1f} s, {pages:,} pages, {document.size / 2**20:.1f} MB;"
        f" peak RSS db_worker {worker_peak:.0f} MB (idle {idle:.0f} MB), largest child"
        f" {child_peak:.0f} MB, all together {total_peak:.0f} MB"
        f" (target: under {MEMORY_TARGET_MB} MB per process)"
    )
    if over:
        line += "  ABOVE TARGET"
    if pages != ATTESTATIONS:
        line += f"  WRONG PAGE COUNT (expected {ATTESTATIONS:,})"
    return line, pages != ATTESTATIONS


def report_progress(label, row, rates=()):
    rounds = f" (rounds: {', '.join(f'{rate:.0f}' for rate in rates)})" if rates else ""
    print(
        f"  [{label}] {row.name} × {row.clients}: {row.rate:.1f} req/s{rounds}, "
        f"p95 {row.percentile(95):.0f} ms, {row.errors} errors",
        flush=True,
    )


def print_table(label, rows, counts, notes):
    bare = {row.clients: row.rate for row in rows if row.name == "bare view"}
    print(f"\n== {label}: gunicorn {workers()} workers + db_worker, PostgreSQL, Redis cache")
    header = f"{'':38} {'clients':>7} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}"
    print(header + f" {'errors':>6} {'vs bare':>8}")
    for row in rows:
        ratio = row.rate / bare[row.clients] if row.clients in bare else None
        print(
            f"{row.name:38} {row.clients!s:>7} {row.rate:8.1f} {row.percentile(50):7.0f} "
            f"{row.percentile(95):7.0f} {row.percentile(99):7.0f} {row.errors:6d} "
            + (f"{ratio:8.1%}" if ratio is not None else f"{'':>8}")
        )
    print("\nCPU per request (ms), measured with the row: what bounds its throughput on")
    print(f"{os.cpu_count()} cores, whose time the client and the rest of the machine share.")
    print(f"{'':38} {'clients':>7} " + " ".join(f"{name:>8}" for name in PROCESS_GROUPS))
    for row in rows:
        if row.cpu:
            cells = " ".join(f"{row.cpu[name]:8.2f}" for name in PROCESS_GROUPS)
            print(f"{row.name:38} {row.clients!s:>7} {cells}")
    overbooked = False
    for title, count in counts:
        over = count["holding"] > count["seats"]
        overbooked |= over
        print(
            f"{title}: {count['holding']} seats held of {count['seats']}, "
            f"{count['waiting']} waiting, {count['total']} registrations"
            + ("  OVERBOOKED" if over else "")
        )
    failed = overbooked
    for line, note_failed in notes:
        print(line)
        failed |= note_failed
    return failed


def before_tree(ref: str, into: Path) -> Path:
    archive = subprocess.run(  # noqa: S603
        ["git", "-C", str(ROOT), "archive", ref],  # noqa: S607
        check=True,
        capture_output=True,
    ).stdout
    into.mkdir()
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)  # noqa: S603, S607
    return into


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", help="also measure the tree at this git ref, first")
    parser.add_argument(
        "--only",
        metavar="NAMES",
        help=f"run only these, comma-separated, among: {','.join(KEYS)} (default: all)",
    )
    args = parser.parse_args()
    only = {name.strip() for name in args.only.split(",")} if args.only else set(KEYS)
    if unknown := only - set(KEYS):
        parser.error(f"--only: unknown {', '.join(sorted(unknown))}")
    why = reachable()
    if why:
        print(f"{why}; skipped.")
        return 0
    scratch = Path(tempfile.mkdtemp(prefix="q2030-http-"))
    port = free_port()
    os.environ.update(environment(str(scratch / "static"), str(scratch / "media"), port))
    admin(f"DROP DATABASE IF EXISTS {DB}")
    admin(f"CREATE DATABASE {DB}")
    failed = False
    try:
        trees = [("this tree", ROOT)]
        if args.before:
            trees.insert(0, (f"at {args.before}", before_tree(args.before, scratch / "before")))
        started = time.monotonic()
        sessions = prepare_database(USERS * len(trees))
        print(
            f"Database ready in {time.monotonic() - started:.0f} s"
            f" ({len(sessions):,} signed-in users)."
        )
        tables = []
        for label, tree in trees:
            events = {
                key: registration_event(name, capacity)
                for key, name, capacity in (
                    ("seats", "seats-left", 100_000),
                    ("fills", "fills-up", 60),
                    ("burst", "burst", BURST * 2 // 3),
                )
                if key in only
            }
            notes = []  # (line, failed) printed after the table
            stack = start_stack(tree, dict(os.environ), port)
            try:
                rows = asyncio.run(suite(port, stack, sessions, label, events, only))
                if "burst" in only:
                    notes.append(emails_sent(time.monotonic()))
                if "memory" in only:  # the worker is idle now: the emails are sent
                    if (tree / "backoffice" / "preparation.py").exists():
                        notes.append(worker_memory(stack[1].pid))
                    else:
                        notes.append(("Worker memory: no prepared documents in this tree.", False))
            finally:
                stop_stack(stack)
            counts = [(event.title, seat_counts(event)) for event in events.values()]
            tables.append((label, rows, counts, notes))
        for label, rows, counts, notes in tables:
            table_failed = print_table(label, rows, counts, notes)
            errors = sum(row.errors for row in rows)
            failed |= table_failed or errors > 0
    finally:
        from django.db import connections

        connections.close_all()
        admin(f"DROP DATABASE IF EXISTS {DB}")
        import redis

        client = redis.Redis.from_url(REDIS_URL)
        keys = list(client.scan_iter(match=f"*{PREFIX}*", count=1000))
        if keys:
            client.delete(*keys)
        shutil.rmtree(scratch, ignore_errors=True)
    if failed:
        print("FAILED: see above.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
