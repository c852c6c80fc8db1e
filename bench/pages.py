"""Public pages on the demo data: median time and queries per request (not a test).

Runs on a throwaway SQLite database (or DATABASE_URL if set) so it never touches db.sqlite3.
"""

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

ROUNDS = 50
PAGES = {
    "home": "/",
    "event (2 Oct 2025)": "/evenements/2025-10-02-journee-regionale-cooperations/",
    "cycle 2026": "/cycles/grand-est-2026/",
    "archive": "/archives/",
}


def main():
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    client = Client(HTTP_HOST="127.0.0.1")
    for name, url in PAGES.items():
        reset_queries()  # the query log is capped (9,000 entries): start each page empty
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        timings = []
        for _ in range(ROUNDS):
            started = time.perf_counter()
            client.get(url)
            timings.append(time.perf_counter() - started)
        print(
            f"{name:<22} {statistics.median(timings) * 1000:6.1f} ms median "
            f"(p95 {sorted(timings)[int(ROUNDS * 0.95) - 1] * 1000:6.1f} ms), "
            f"{len(queries)} queries, {len(response.content) // 1024} KiB"
        )


if __name__ == "__main__":
    main()
