"""Peak memory of the long documents: 3,000 attestations, a 10,000-row sign-in sheet (not a
test). Target: under 300 MB per process.

The demo data plus the participants go to a throwaway SQLite database (as bench/badges.py);
each document is then rendered by a fresh Python process, whose peak resident memory
(`ru_maxrss`) is the figure, and that of its forked children if any. Run:

    python bench/documents_memory.py              # chunked, 1 then 2 processes
    python bench/documents_memory.py --whole      # also: the whole document in one call

"""

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
ATTESTATIONS = 3000
ROWS = 10000


def _megabytes(kilobytes: int) -> float:
    return kilobytes / 1024  # ru_maxrss is in kilobytes on Linux


def render(kind: str, mode: str, processes: int) -> None:
    """In the measured process: render one document to a temporary file."""
    import django

    django.setup()
    from django.db import connection

    from backoffice import documents
    from events.models import Event
    from registrations import attestations
    from registrations.models import Registration

    event = Event.objects.get(slug=os.environ["BENCH_SLUG"])
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    if kind == "attestations":
        registrations = Registration.objects.filter(event=event)
        build = attestations.attestation_document(registrations=registrations)
        items = ATTESTATIONS
    else:
        build = documents.signin_sheet_document(event=event)
        items = ROWS
    if mode == "whole":  # one WeasyPrint call for the whole document, as before chunking
        build.chunk_pages = len(build.pages) + 1
    connection.close()  # the children must not share it; they never use it anyway
    with tempfile.TemporaryFile() as output:
        build.write(output, processes=processes)
        size = output.tell()
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    label = f"{kind} ({items:,}), {mode}, {processes} process{'es' if processes > 1 else ''}"
    print(
        f"{label:<44} {seconds:6.1f} s  {len(build.pages)} pages, {size // 1024} KiB;"
        f" peak {_megabytes(peak):5.0f} MB (Django loaded: {_megabytes(baseline):.0f} MB)"
        + (f", children {_megabytes(children):.0f} MB" if processes > 1 else "")
    )


def seed(database_url: str) -> str:
    """The demo day with ATTESTATIONS checked-in participants, and a copy of it with ROWS
    participants for the sign-in sheet; returns the slug of each, comma-separated."""
    os.environ["DATABASE_URL"] = database_url
    sys.path.insert(0, str(HERE))
    from attestations import seed_checkins
    from badges import seed as seed_day

    from events.models import Event
    from registrations.models import Registration

    event = seed_day(ATTESTATIONS)
    seed_checkins(event)
    big = Event.objects.get(pk=event.pk)
    big.pk, big.slug = None, "bench-10000-rows"
    big.save()
    Registration.objects.bulk_create(
        Registration(
            event=big, first_name="Camille", last_name=f"MARTIN {i:05d}",
            email=f"p{i}@example.org", organisation="Ville de Tomblaine",
            function="Cheffe de projet politique de la ville", category="collectivite",
            attendance="on_site", status="confirmed", token=f"rows-{i}",
        )
        for i in range(ROWS)
    )  # fmt: skip
    return f"{event.slug},{big.slug}"


def main():
    folder = tempfile.mkdtemp()
    database_url = f"sqlite:///{folder}/bench.sqlite3"
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": os.environ.get(
            "DJANGO_SETTINGS_MODULE", "quartiers2030.settings.local"
        ),
        "PYTHONPATH": str(HERE.parent),
    }
    os.environ.update(environment)
    import django

    django.setup()
    attestations_slug, rows_slug = seed(database_url).split(",")
    modes = [("chunked", 1), ("chunked", 2)]
    if "--whole" in sys.argv:
        modes.insert(0, ("whole", 1))
    for kind, slug in (("attestations", attestations_slug), ("signin", rows_slug)):
        for mode, processes in modes:
            subprocess.run(  # noqa: S603 (this script, with fixed arguments)
                [sys.executable, __file__, "--render", kind, mode, str(processes)],
                env={**environment, "BENCH_SLUG": slug},
                check=True,
            )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--render"]:
        render(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        main()
