"""Registrations under load on PostgreSQL: N threads, one connection each, racing for seats.

Creates a throwaway database (q2030_bench) on the PostgreSQL of BENCH_POSTGRES_URL
(default postgres://postgres@127.0.0.1:5432/postgres), and drops it at the end.
"""

import datetime as dt
import os
import sys
import threading
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
ADMIN_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
DB = "q2030_bench"
os.environ["DATABASE_URL"] = ADMIN_URL.rsplit("/", 1)[0] + f"/{DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quartiers2030.settings.test")


def admin(sql):
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(sql)


def main():
    try:
        admin(f"DROP DATABASE IF EXISTS {DB}")
        admin(f"CREATE DATABASE {DB}")
    except psycopg.OperationalError as error:
        print(f"PostgreSQL unreachable ({error}); skipped.")
        return
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from events.enums import SlotKind
    from registrations import services
    from tests.factories import EventFactory, ProgrammeSlotFactory, WorkshopFactory
    from tests.registrations.helpers import register

    call_command("migrate", verbosity=0)
    try:
        # PostgreSQL allows 100 connections by default: stay under it.
        for threads, seats, label in [(50, 10, "event seats"), (90, 30, "event seats")]:
            event = EventFactory(onsite_capacity=seats)
            run(label, threads, seats, lambda i, e=event: register(e, f"p{i}@example.org"))
        event = EventFactory(onsite_capacity=None)
        slot = ProgrammeSlotFactory(
            event=event, kind=SlotKind.WORKSHOPS, start=dt.time(13, 30), end=dt.time(15)
        )
        atelier = WorkshopFactory(slot=slot, capacity=5)

        def atelier_registration(i):
            try:
                return register(event, f"a{i}@example.org", workshops=[atelier])
            except services.WorkshopFull:
                return None

        run("5-seat atelier", 50, 5, atelier_registration)
    finally:
        connections.close_all()
        admin(f"DROP DATABASE IF EXISTS {DB}")


def run(label, threads, seats, work):
    from django.db import connections

    barrier = threading.Barrier(threads)
    results, durations = [None] * threads, [0.0] * threads

    def worker(i):
        barrier.wait()
        started = time.perf_counter()
        try:
            results[i] = work(i)
        finally:
            durations[i] = time.perf_counter() - started
            connections.close_all()

    started = time.perf_counter()
    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    total = time.perf_counter() - started
    confirmed = sum(1 for r in results if r is not None and r.status == "confirmed")
    waiting = sum(1 for r in results if r is not None and r.status == "waiting")
    refused = sum(1 for r in results if r is None)
    print(
        f"{threads:>4} threads, {label:<15} {seats:>3} seats: {confirmed} confirmed, "
        f"{waiting} waiting, {refused} refused (full) — {total:.2f} s, "
        f"{threads / total:.0f} registrations/s, slowest {max(durations) * 1000:.0f} ms"
    )
    assert confirmed == seats, "overbooking or underbooking!"


if __name__ == "__main__":
    main()
