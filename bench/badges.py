"""Badges of 1,000 participants (A4 sheets of 8 and A6), with QR codes: seconds (not a test).

Runs on a throwaway SQLite database (or DATABASE_URL if set) so it never touches db.sqlite3:
the demo data, then 1,000 confirmed on-site registrations on the 2 October 2025 day, each
with an atelier in both ateliers slots. Target: at most 4 s per format on 2 cores.

It also checks what the size could break: 1,000 badges are rendered in chunks and merged,
and every badge must come out once, on its page, in name order (A6: 1,000 pages; A4: 125
sheets of 8). The tests check the same with 40 badges forced over 3 processes.
"""

import io
import os
import random
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

SLUG = "2025-10-02-journee-regionale-cooperations"
PARTICIPANTS = 1000
FIRST_NAMES = [
    "Camille", "Zoé", "Nicolas", "Marie-Hélène", "Jean-Christophe", "Fatima", "Mohamed",
    "Léa", "Gaëtan", "Anne-Sophie", "Philippe", "Maximilien-Alexandre", "Inès", "Paul",
]  # fmt: skip
LAST_NAMES = [
    "MARTIN", "FONTIER", "BACHET", "D'ANGELO", "ATAIN-KOUADIO", "NOBILI", "BRULEFERT",
    "SCHNEIDER", "DE LA FONTAINE-SAINT-GERMAIN", "NGUYEN", "BENKHEDDA", "LEROY", "MULLER",
]  # fmt: skip
ORGANISATIONS = [
    "Ville de Tomblaine", "Préfecture de Meurthe-et-Moselle", "DREETS Grand Est",
    "Direction départementale de l'emploi, du travail et des solidarités des Vosges",
    "Association Vivre ensemble dans les quartiers Nord de Forbach", "CAF de la Moselle",
    "Métropole du Grand Nancy", "Conseil citoyen du Haut-du-Lièvre",
]  # fmt: skip
FUNCTIONS = [
    "Cheffe de projet politique de la ville", "Délégué du préfet", "Adjointe au maire",
    "Chargé de mission cohésion sociale et renouvellement urbain", "", "Directrice",
]  # fmt: skip


def seed(participants=PARTICIPANTS):
    """The demo data plus `participants` registrations on the 2 October 2025 day."""
    from events.models import Event
    from registrations.models import Registration, WorkshopChoice

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    event = Event.objects.get(slug=SLUG)
    slots = [s for s in event.slots.order_by("start") if s.is_workshops]
    ateliers = [list(slot.workshops.order_by("number")) for slot in slots]
    rng = random.Random(2025)  # noqa: S311 (the same sample names on every run)
    Registration.objects.filter(event=event).delete()
    registrations = Registration.objects.bulk_create(
        Registration(
            event=event,
            first_name=rng.choice(FIRST_NAMES),
            last_name=f"{rng.choice(LAST_NAMES)} {i:04d}",
            email=f"participant{i}@example.org",
            organisation=rng.choice(ORGANISATIONS),
            function=rng.choice(FUNCTIONS),
            category="collectivite",
            attendance="on_site",
            status="confirmed",
            token=f"bench-{i}",
        )
        for i in range(participants)
    )
    WorkshopChoice.objects.bulk_create(
        WorkshopChoice(registration=registration, slot=slot, workshop=choices[i % len(choices)])
        for i, registration in enumerate(registrations)
        for slot, choices in zip(slots, ateliers, strict=True)
    )
    return event


# This machine's speed varies from one second to the next (shared host): best of 3.
ROUNDS = 3


def timed(label, build):
    """Print the best of ROUNDS runs, as `timeit` does, and every run."""
    runs = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        pdf = build()
        runs.append(time.perf_counter() - started)
    all_runs = ", ".join(f"{seconds:.2f}" for seconds in runs)
    print(f"{label:<40} {min(runs):5.2f} s  (runs: {all_runs}; {len(pdf) // 1024} KiB)")
    return pdf


def check_pages(pdf, *, event, per_page):
    """Every badge once, in name order, `per_page` to a page; prints the page count."""
    import math

    import pypdf

    from backoffice.documents import printed_registrations

    names = [registration.last_name for registration in printed_registrations(event)]
    pages = [
        " ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages
    ]
    assert len(names) == PARTICIPANTS, len(names)
    assert len(pages) == math.ceil(PARTICIPANTS / per_page), len(pages)
    for number, text in enumerate(pages):
        expected = names[number * per_page : (number + 1) * per_page]
        assert all(name in text for name in expected), (number + 1, expected, text)
    print(f"{'':<40} {len(pages)} pages, {len(names)} badges in name order")


def main():
    from backoffice.documents import badges_pdf

    event = seed()
    one = event.registrations.filter(pk=event.registrations.first().pk)
    badges_pdf(event=event, badge_format="a6", registrations=one)  # imports, fonts: not measured
    for badge_format, per_page in (("a4", 8), ("a6", 1)):
        pdf = timed(
            f"{PARTICIPANTS} badges {badge_format.upper()}",
            lambda f=badge_format: badges_pdf(event=event, badge_format=f),
        )
        check_pages(pdf, event=event, per_page=per_page)
    compare_processes(event)


def compare_processes(event):
    """The task (backoffice/preparation.py) renders over quartiers2030.pdf.process_count
    processes: is 2 faster than 1 for the A6 badges? Rendered to a file, as the task does,
    runs interleaved (1, 2, 1, 2…) so that the host's changing load hits both alike."""
    import tempfile

    from backoffice.documents import badges_document

    runs = {1: [], 2: []}
    for _ in range(ROUNDS):
        for processes in (1, 2):
            document = badges_document(event=event, badge_format="a6")
            started = time.perf_counter()
            with tempfile.TemporaryFile() as output:
                document.write(output, processes=processes)
            runs[processes].append(time.perf_counter() - started)
    for processes, seconds in runs.items():
        all_runs = ", ".join(f"{s:.2f}" for s in seconds)
        label = f"{PARTICIPANTS} badges A6, task, {processes} process(es)"
        print(f"{label:<40} {min(seconds):5.2f} s  (runs: {all_runs})")


if __name__ == "__main__":
    main()
