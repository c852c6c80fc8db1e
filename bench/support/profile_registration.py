"""Profile the registration POST (pyinstrument) and count its queries, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/q2030_speed \\
        python bench/support/profile_registration.py [--ateliers] > bench/profiles/….txt

Uses the test settings (immediate task backend: the email is rendered in the request, as
`make run` does; the production worker takes it off the request). Not run by `make bench`.
"""

import datetime as dt
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quartiers2030.settings.test")
os.environ.setdefault("TASKS_BACKEND", "django_tasks_db.backend.DatabaseBackend")

import django

django.setup()
from django.conf import settings  # noqa: E402

settings.ALLOWED_HOSTS = ["testserver"]

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from pyinstrument import Profiler  # noqa: E402

N = 60


def main():
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    from events.enums import SlotKind
    from tests.factories import EventFactory, ProgrammeSlotFactory, UserFactory, WorkshopFactory

    ateliers = "--ateliers" in sys.argv
    event = EventFactory(onsite_capacity=10_000)
    workshops = []
    if ateliers:
        slot = ProgrammeSlotFactory(
            event=event, kind=SlotKind.WORKSHOPS, start=dt.time(14), end=dt.time(15)
        )
        workshops = [WorkshopFactory(slot=slot, capacity=5000) for _ in range(3)]
    url = reverse("registrations:register", args=[event.slug])
    data = {
        "first_name": "Camille", "last_name": "Bench", "organisation": "Ville",
        "category": "collectivite", "list_consent": "on", "privacy": "on",
    }  # fmt: skip
    if ateliers:
        data[f"slot_{workshops[0].slot_id}"] = workshops[0].pk
    clients = []
    for i in range(N + 1):
        client = Client()
        client.force_login(UserFactory(email=f"profile{i}-{event.pk}@example.org"))
        clients.append(client)
    response = clients.pop().post(url, data)  # warm-up
    assert response.status_code == 302, response.content[:2000]
    with CaptureQueriesContext(connection) as queries:
        assert clients[-1].post(url, data).status_code == 302
    clients.pop()
    print(f"Queries per registration POST: {len(queries)}")
    for query in queries.captured_queries:
        print("   ", query["sql"][:160])
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for client in clients:
        assert client.post(url, data).status_code == 302
    profiler.stop()
    print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()
