"""Participant list of 1,000 registrations with two ateliers each: seconds for XLSX and CSV
(not a test).

Always runs on a throwaway SQLite database, so it never touches db.sqlite3 or DATABASE_URL.
"""

import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quartiers2030.settings.local")
_tmp = tempfile.mkdtemp()
os.environ["DATABASE_URL"] = f"sqlite:///{_tmp}/bench.sqlite3"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

REGISTRATIONS = 1000
ROUNDS = 5


def build_event():
    from events.enums import SlotKind
    from registrations.enums import Attendance, Category, Civility, RegistrationStatus
    from registrations.models import Registration, WorkshopChoice
    from tests.factories import EventFactory, ProgrammeSlotFactory, RoomFactory, WorkshopFactory

    rng = random.Random(2030)  # noqa: S311 — fake data, not secrets
    event = EventFactory(title="Journée régionale des coopérations")
    ateliers = []
    for start, end in [(dt.time(10, 45), dt.time(12, 15)), (dt.time(13, 30), dt.time(15))]:
        slot = ProgrammeSlotFactory(event=event, kind=SlotKind.WORKSHOPS, start=start, end=end)
        ateliers.append(
            [
                WorkshopFactory(slot=slot, room=RoomFactory(venue=event.venue, capacity=300))
                for _ in range(4)
            ]
        )
    first_names = ["Zoé", "Awa", "Élise", "Paul", "Léa", "Marc", "Inès", "Hugo", "Camille"]
    last_names = ["FONTIER", "N'DIAYE", "ADAM", "BERNARD", "DUPONT", "DURAND", "PETIT", "ROUX"]
    registrations = Registration.objects.bulk_create(
        Registration(
            event=event,
            civility=rng.choice(list(Civility)),
            first_name=rng.choice(first_names),
            last_name=f"{rng.choice(last_names)}-{i}",
            email=f"participant{i}@example.org",
            phone="+33 6 12 34 56 78",  # neutralised in every row
            organisation=rng.choice(["Ville de Tomblaine", "=1+1", "Metz Métropole"]),
            function="Cheffe de projet politique de la ville",
            category=rng.choice(list(Category)),
            territory="Meurthe-et-Moselle (54)",
            attendance=rng.choice(list(Attendance)),
            lunch=rng.random() < 0.7,
            diet="Végétarien" if rng.random() < 0.1 else "",
            image_consent=rng.random() < 0.8,
            list_consent=rng.random() < 0.5,
            status=rng.choice(list(RegistrationStatus)),
            token=f"bench-token-{i}",
        )
        for i in range(REGISTRATIONS)
    )
    WorkshopChoice.objects.bulk_create(
        WorkshopChoice(
            registration=registration, slot=choices[0].slot, workshop=rng.choice(choices)
        )
        for registration in registrations
        for choices in ateliers
    )
    return event


def measure(label, export, registrations):
    """`registrations()` gives a fresh queryset: every round reads the database again."""
    with CaptureQueriesContext(connection) as queries:
        size = len(export(registrations()))
    timings = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        export(registrations())
        timings.append(time.perf_counter() - started)
    print(
        f"{label:<5} {REGISTRATIONS} registrations: {statistics.median(timings):.2f} s median "
        f"(best {min(timings):.2f} s), {len(queries)} queries, {size // 1024} KiB"
    )


def main():
    from backoffice.exports import participants_csv, participants_xlsx

    call_command("migrate", verbosity=0)
    event = build_event()
    measure("XLSX", participants_xlsx, event.registrations.all)
    measure("CSV", participants_csv, event.registrations.all)


if __name__ == "__main__":
    main()
