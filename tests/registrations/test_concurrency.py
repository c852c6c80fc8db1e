"""No overbooking under real concurrency: PostgreSQL, one connection per thread."""

import datetime as dt
import threading

import pytest
from django.db import OperationalError, connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from events.enums import SlotKind
from registrations import selectors, services
from registrations.enums import Attendance, RegistrationStatus
from registrations.models import Registration, WorkshopChoice
from registrations.services.locks import lock_event
from tests.factories import EventFactory, ProgrammeSlotFactory, WorkshopFactory

from .helpers import register

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Concurrency needs row locks: run with DATABASE_URL=postgres://… (CI does).",
    ),
]

THREADS = 50


def run_at_once(target, count):
    """Start `count` threads together (each with its own connection); collect outcomes."""
    barrier = threading.Barrier(count)
    outcomes = [None] * count

    def work(i):
        try:
            barrier.wait()
            outcomes[i] = target(i)
        except Exception as error:
            outcomes[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def test_the_event_lock_holds_back_writers_not_references():
    """lock_event takes FOR NO KEY UPDATE: another writer of the event waits for it, a row
    that points to the event (its foreign key check: FOR KEY SHARE) does not."""
    event = EventFactory()
    statements = [
        "SELECT id FROM events_event WHERE id = %s FOR UPDATE NOWAIT",
        "SELECT id FROM events_event WHERE id = %s FOR NO KEY UPDATE NOWAIT",
        "SELECT id FROM events_event WHERE id = %s FOR KEY SHARE NOWAIT",
    ]

    def other(statement):  # in another thread, hence another connection
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [event.pk])
            return cursor.fetchone()[0]

    with transaction.atomic():
        lock_event(event)
        outcomes = [run_at_once(lambda _, s=s: other(s), 1)[0] for s in statements]

    assert [type(outcome) for outcome in outcomes[:2]] == [OperationalError, OperationalError]
    assert "could not obtain lock" in str(outcomes[0])
    assert outcomes[2] == event.pk


def test_the_seat_count_can_read_the_index_only():
    """Counted under the event lock: from the index (event, attendance, status, …), without
    reading the rows, whatever the size of the event."""
    event = EventFactory()
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")  # a few rows: the planner would scan
        cursor.execute("VACUUM registrations_registration")  # the visibility map
        with CaptureQueriesContext(connection) as queries:
            selectors.seats_taken(event, Attendance.ON_SITE)
        cursor.execute(f"EXPLAIN {queries[0]['sql']}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
    assert "Index Only Scan using registratio_event_i_c14b43_idx" in plan


def test_fifty_registrations_for_ten_seats_confirm_exactly_ten():
    event = EventFactory(onsite_capacity=12)
    register(event, "deja.1@example.org")
    register(event, "deja.2@example.org")  # 10 seats left

    outcomes = run_at_once(lambda i: register(event, f"p{i}@example.org").status, THREADS)

    assert sorted(outcomes) == sorted(
        [RegistrationStatus.CONFIRMED] * 10 + [RegistrationStatus.WAITING] * 40
    )
    assert selectors.seats_taken(event, Attendance.ON_SITE) == 12
    assert Registration.objects.filter(event=event, status="waiting").count() == 40


def test_fifty_registrations_for_a_five_seat_atelier_confirm_exactly_five():
    event = EventFactory(onsite_capacity=None)
    slot = ProgrammeSlotFactory(
        event=event, kind=SlotKind.WORKSHOPS, start=dt.time(13, 30), end=dt.time(15)
    )
    atelier = WorkshopFactory(slot=slot, capacity=5)
    other = WorkshopFactory(slot=slot, capacity=None)

    outcomes = run_at_once(
        lambda i: register(event, f"p{i}@example.org", workshops=[atelier]).status, THREADS
    )

    assert outcomes.count(RegistrationStatus.CONFIRMED) == 5
    assert all(isinstance(o, services.WorkshopFull) for o in outcomes if o != "confirmed")
    assert WorkshopChoice.objects.filter(workshop=atelier).count() == 5
    assert Registration.objects.filter(event=event).count() == 5
    assert WorkshopChoice.objects.filter(workshop=other).count() == 0


def test_cancellations_and_registrations_at_once_never_overbook():
    event = EventFactory(onsite_capacity=10)
    seated = [register(event, f"s{i}@example.org") for i in range(10)]

    def work(i):
        if i < 10:
            return services.registration_cancel(registration=seated[i])
        return register(event, f"n{i}@example.org").status

    run_at_once(work, 40)

    assert selectors.seats_taken(event, Attendance.ON_SITE) == 10
    waiting = Registration.objects.filter(event=event, status="waiting").count()
    assert waiting == 30 - 10  # 30 newcomers, 10 freed seats


def test_same_person_twice_at_once_gets_one_registration():
    event = EventFactory(onsite_capacity=None)
    outcomes = run_at_once(lambda i: register(event, "meme@example.org"), 20)
    assert Registration.objects.filter(event=event).count() == 1
    assert sum(isinstance(o, services.AlreadyRegistered) for o in outcomes) == 19


def test_remote_people_coming_on_site_at_once_take_only_the_seats_left():
    event = EventFactory(onsite_capacity=12, remote_attendance=True)
    for i in range(7):
        register(event, f"deja.{i}@example.org")  # 5 seats left
    remote = [register(event, f"r{i}@example.org", attendance="remote") for i in range(20)]

    def work(i):
        services.registration_update(registration=remote[i], data={"attendance": "on_site"})
        return "moved"

    outcomes = run_at_once(work, 20)

    assert outcomes.count("moved") == 5
    assert all(isinstance(o, services.OnSiteFull) for o in outcomes if o != "moved")
    assert selectors.seats_taken(event, Attendance.ON_SITE) == 12


def test_fifty_remote_registrations_for_ten_visio_seats_confirm_exactly_ten():
    event = EventFactory(onsite_capacity=1, remote_attendance=True, remote_capacity=10)
    register(event, "sur.place@example.org")  # the room is full; the Visio room is not

    outcomes = run_at_once(
        lambda i: register(event, f"p{i}@example.org", attendance="remote").status, THREADS
    )

    assert sorted(outcomes) == sorted(
        [RegistrationStatus.CONFIRMED] * 10 + [RegistrationStatus.WAITING] * 40
    )
    assert selectors.seats_taken(event, Attendance.REMOTE) == 10
    assert selectors.seats_taken(event, Attendance.ON_SITE) == 1
