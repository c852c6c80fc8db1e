"""The PDF programme and the calendar feed: median seconds per request (not a test).

Targets: the programme of the 2 October 2025 day in under 0.5 s, the feed of 200 events
(with their programme slots) in under 0.1 s.
Runs on a throwaway SQLite database (or DATABASE_URL if set) so it never touches
db.sqlite3.
"""

import datetime as dt
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quartiers2030.settings.local")
_tmp = tempfile.mkdtemp()
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_tmp}/bench.sqlite3")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from events.enums import EventKind, EventStatus, SlotKind  # noqa: E402
from events.models import Event, Organiser, ProgrammeSlot, Venue  # noqa: E402

PROGRAMME_URL = "/evenements/2025-10-02-journee-regionale-cooperations/programme.pdf"
FEED_URL = "/agenda.ics"
FEED_EVENTS = 200
# The day of the 2 October 2025 programme: 11 slots, a typical regional day.
SLOT_TIMES = [
    ((9, 30), (10, 0)), ((10, 0), (10, 30)), ((10, 30), (10, 50)), ((10, 50), (11, 0)),
    ((11, 0), (11, 30)), ((11, 30), (12, 30)), ((12, 30), (13, 30)), ((13, 30), (15, 0)),
    ((15, 0), (15, 15)), ((15, 15), (16, 15)), ((16, 15), (16, 30)),
]  # fmt: skip


def create_feed_events():
    """200 more published events, each with a full day of slots, in two bulk inserts."""
    organiser = Organiser.objects.get(slug="oriv")
    venue = Venue.objects.filter(city="Tomblaine").first()
    today = timezone.localdate()
    events = Event.objects.bulk_create(
        Event(
            kind=EventKind.THEMATIC_MEETING,
            title=f"Rencontre thématique de démonstration n° {n}",
            slug=f"bench-rencontre-{n}",
            theme="Coopérations entre associations et institutions",
            organiser=organiser,
            venue=venue,
            status=EventStatus.PUBLISHED,
            date=today + dt.timedelta(days=n),
            doors_open=dt.time(9, 30),
            start_time=dt.time(10),
            end_time=dt.time(16, 30),
        )
        for n in range(1, FEED_EVENTS + 1)
    )
    ProgrammeSlot.objects.bulk_create(
        ProgrammeSlot(
            event=event,
            start=dt.time(*start),
            end=dt.time(*end),
            kind=SlotKind.PLENARY,
            title=f"Temps {i} de la rencontre",
        )
        for event in events
        for i, (start, end) in enumerate(SLOT_TIMES, 1)
    )


def measure(client, url, rounds):
    """Median and worst seconds after one warm-up request."""
    reset_queries()  # the query log is capped: start each measure empty
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)  # warm-up: imports, font configuration
    assert response.status_code == 200, (url, response.status_code)
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        client.get(url)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), max(timings), len(queries), response


def main():
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    client = Client(HTTP_HOST="127.0.0.1")

    median, worst, queries, response = measure(client, PROGRAMME_URL, rounds=7)
    status = "ok" if median < 0.5 else "MISSED"
    print(
        f"programme PDF (2 Oct 2025)  {median:.3f} s median (max {worst:.3f} s), "
        f"{queries} queries, {len(response.content) // 1024} KiB — target < 0.5 s: {status}"
    )

    create_feed_events()
    median, worst, queries, response = measure(client, FEED_URL, rounds=21)
    count = response.content.count(b"BEGIN:VEVENT")
    status = "ok" if median < 0.1 else "MISSED"
    print(
        f"feed, {count} events          {median:.3f} s median (max {worst:.3f} s), "
        f"{queries} queries, {len(response.content) // 1024} KiB — target < 0.1 s: {status}"
    )


if __name__ == "__main__":
    main()
