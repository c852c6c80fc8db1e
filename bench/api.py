"""The public API's event list with 200 events: queries and time per request (not a test).

Two figures per page size: a miss (the cache cleared first: what the first visitor after a
change waits for; it includes checking the answer against its pydantic model before it is
stored) and a hit (every other visitor until the next change).

Runs on a throwaway SQLite database (or DATABASE_URL if set) so it never touches db.sqlite3.
"""

import datetime as dt
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

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

EVENTS = 200
ROUNDS = 30


def make_events():
    from events.enums import EventStatus
    from events.models import Cycle, Event, Organiser, Venue

    organiser, _ = Organiser.objects.get_or_create(slug="bench-org", defaults={"name": "Bench"})
    cycle, _ = Cycle.objects.get_or_create(
        slug="bench-cycle", defaults={"organiser": organiser, "title": "Cycle"}
    )
    venue = Venue.objects.create(name="Maison", city="Tomblaine", postcode="54510", department="54")
    start = dt.date(2027, 1, 1)
    Event.objects.bulk_create(
        Event(
            title=f"Rencontre {i}", slug=f"bench-{i}", organiser=organiser, cycle=cycle,
            venue=venue, status=EventStatus.PUBLISHED, date=start + dt.timedelta(days=i),
            start_time=dt.time(9, 30), end_time=dt.time(16, 30),
        )
        for i in range(EVENTS)
    )  # fmt: skip


def measure(client, url, *, clear: bool):
    timings = []
    for _ in range(ROUNDS):
        if clear:
            cache.clear()
        started = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(timings) * 1000, sorted(timings)[int(ROUNDS * 0.95) - 1] * 1000


def main():
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "api": "100000/m/ip"}
    call_command("migrate", verbosity=0)
    make_events()
    client = Client(HTTP_HOST="127.0.0.1")
    db = connection.vendor
    for size in (20, 100):
        url = f"/api/v1/events?organiser=bench-org&page_size={size}"
        client.get(url)  # warm-up: URL resolver, pydantic validators
        cache.clear()
        reset_queries()
        # Counted at once: every request empties Django's query log (request_started).
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        queries = len(captured)
        assert response.json()["count"] == EVENTS
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        cached_queries = len(captured)
        miss = measure(client, url, clear=True)
        hit = measure(client, url, clear=False)
        print(
            f"api events, {EVENTS} events, page of {size:>3} ({db}): "
            f"miss {miss[0]:6.1f} ms median (p95 {miss[1]:6.1f}), {queries} queries; "
            f"hit {hit[0]:5.1f} ms median (p95 {hit[1]:5.1f}), {cached_queries} queries; "
            f"{len(response.content) // 1024} KiB"
        )


if __name__ == "__main__":
    main()
