import datetime as dt

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from events.enums import RegistrationMode, SlotKind
from events.models import Event
from registrations import selectors, services
from registrations.enums import Attendance, RegistrationStatus
from registrations.models import Profile, Registration, WorkshopChoice
from registrations.services.locks import lock_event
from tests.factories import (
    EventFactory,
    ProgrammeSlotFactory,
    RegistrationFactory,
    UserFactory,
    WorkshopFactory,
)

from .helpers import register

pytestmark = pytest.mark.django_db

S = RegistrationStatus


def statuses(event):
    return list(
        Registration.objects.filter(event=event).order_by("pk").values_list("email", "status")
    )


@pytest.fixture
def event():
    return EventFactory(onsite_capacity=2)


@pytest.fixture
def ateliers(event):
    slot = ProgrammeSlotFactory(
        event=event, kind=SlotKind.WORKSHOPS, start=dt.time(13, 30), end=dt.time(15)
    )
    return [
        WorkshopFactory(slot=slot, number=1, title="Codéveloppement", capacity=1),
        WorkshopFactory(slot=slot, number=2, title="Serious Game", capacity=5),
    ]


def test_register_confirms_until_capacity_then_waiting_list(event):
    register(event, "a@example.org")
    register(event, "b@example.org")
    register(event, "c@example.org")
    assert statuses(event) == [
        ("a@example.org", S.CONFIRMED),
        ("b@example.org", S.CONFIRMED),
        ("c@example.org", S.WAITING),
    ]


def test_seats_taken_counts_what_the_queryset_counts():
    """The plain SQL count of the event lock and RegistrationQuerySet.seat_holding() agree."""
    event = EventFactory(remote_attendance=True)
    for attendance, status in (
        (Attendance.ON_SITE, S.CONFIRMED),
        (Attendance.ON_SITE, S.CONFIRMED),
        (Attendance.ON_SITE, S.PENDING),
        (Attendance.ON_SITE, S.WAITING),
        (Attendance.ON_SITE, S.CANCELLED),
        (Attendance.ON_SITE, S.REFUSED),
        (Attendance.REMOTE, S.CONFIRMED),
        (Attendance.REMOTE, S.WAITING),
    ):
        RegistrationFactory(event=event, attendance=attendance, status=status)
    RegistrationFactory(attendance=Attendance.ON_SITE, status=S.CONFIRMED)  # another event

    assert selectors.seats_taken(event, Attendance.ON_SITE) == 3
    assert selectors.seats_taken(event, Attendance.REMOTE) == 1
    for attendance in Attendance:
        counted = Registration.objects.filter(event=event, attendance=attendance)
        assert selectors.seats_taken(event, attendance) == counted.seat_holding().count()


def test_lock_event_reads_the_row_afresh():
    event = EventFactory(onsite_capacity=10, title="Avant")
    Event.objects.filter(pk=event.pk).update(onsite_capacity=3, title="Après")

    with transaction.atomic():
        locked = lock_event(event)

    fresh = Event.objects.get(pk=event.pk)
    assert (locked.onsite_capacity, locked.title) == (3, "Après")
    assert [getattr(locked, f.attname) for f in Event._meta.concrete_fields] == [
        getattr(fresh, f.attname) for f in Event._meta.concrete_fields
    ]
    assert not locked._state.adding
    Event.objects.filter(pk=event.pk).delete()
    with pytest.raises(Event.DoesNotExist), transaction.atomic():
        lock_event(event)


def test_register_remote_does_not_use_seats(event):
    event.remote_attendance = True
    event.save()
    register(event, "a@example.org")
    register(event, "b@example.org")
    remote = register(event, "c@example.org", attendance=Attendance.REMOTE)
    assert remote.status == S.CONFIRMED
    assert selectors.seats_taken(event, Attendance.ON_SITE) == 2


def test_register_remote_forced_on_site_when_event_not_hybrid(event):
    registration = register(event, "a@example.org", attendance=Attendance.REMOTE)
    assert registration.attendance == Attendance.ON_SITE


def test_register_twice_is_refused_with_the_existing_registration(event):
    first = register(event, "a@example.org")
    with pytest.raises(services.AlreadyRegistered) as error:
        register(event, "A@Example.org")
    assert error.value.registration == first
    assert error.value.message == "Vous êtes déjà inscrit·e à cet événement."
    assert Registration.objects.count() == 1


def test_register_again_after_cancelling(event):
    first = register(event, "a@example.org")
    services.registration_cancel(registration=first)
    again = register(event, "a@example.org")
    assert again.pk != first.pk
    assert again.status == S.CONFIRMED


def test_database_refuses_two_live_registrations_for_one_email(event):
    from django.db import IntegrityError, transaction

    register(event, "a@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            event=event, email="A@EXAMPLE.ORG", first_name="A", last_name="B",
            organisation="X", category="autre", status=S.CONFIRMED,
        )  # fmt: skip


@pytest.mark.parametrize(
    ("mode", "days"),
    [(RegistrationMode.LATER, 10), (RegistrationMode.CLOSED, 10), (RegistrationMode.OPEN, -1)],
)
def test_register_refused_when_registration_not_open(mode, days):
    event = EventFactory(
        registration_mode=mode, date=timezone.localdate() + dt.timedelta(days=days)
    )
    with pytest.raises(services.RegistrationClosed):
        register(event, "a@example.org")
    assert Registration.objects.count() == 0


def test_staff_can_register_while_closed_but_not_beyond_capacity():
    event = EventFactory(registration_mode=RegistrationMode.CLOSED, onsite_capacity=1)
    assert register(event, "a@example.org", by_staff=True).status == S.CONFIRMED
    assert register(event, "b@example.org", by_staff=True).status == S.WAITING


def test_register_declared_full_goes_to_waiting_list():
    event = EventFactory(registration_mode=RegistrationMode.FULL)
    assert register(event, "a@example.org").status == S.WAITING


def test_register_pending_when_approval_required(event):
    event.approval_required = True
    event.save()
    pending = register(event, "a@example.org")
    assert pending.status == S.PENDING
    register(event, "b@example.org")
    # a pending registration holds its seat: approving it can never overbook
    assert register(event, "c@example.org").status == S.WAITING
    services.registration_approve(registration=pending)
    pending.refresh_from_db()
    assert pending.status == S.CONFIRMED


def test_register_with_ateliers_and_atelier_full(event, ateliers):
    codev, game = ateliers
    first = register(event, "a@example.org", workshops=[codev])
    assert [c.workshop for c in first.choices.all()] == [codev]
    with pytest.raises(services.WorkshopFull) as error:
        register(event, "b@example.org", workshops=[codev])
    assert error.value.message == (
        "L'atelier « Codéveloppement » est complet : choisissez-en un autre."
    )
    assert Registration.objects.count() == 1
    assert register(event, "b@example.org", workshops=[game]).status == S.CONFIRMED


def test_atelier_capacity_falls_back_to_room(event, ateliers):
    from tests.factories import RoomFactory

    room = RoomFactory(venue=event.venue, capacity=1)
    game = ateliers[1]
    game.capacity, game.room = None, room
    game.save()
    register(event, "a@example.org", workshops=[game])
    with pytest.raises(services.WorkshopFull):
        register(event, "b@example.org", workshops=[game])


def test_register_refuses_atelier_of_another_event(event):
    other = WorkshopFactory()
    with pytest.raises(services.InvalidWorkshopChoice) as error:
        register(event, "a@example.org", workshops=[other])
    assert error.value.message == "Cet atelier n'appartient pas à cet événement."
    assert Registration.objects.count() == 0


def test_register_refuses_two_ateliers_in_one_slot(event, ateliers):
    with pytest.raises(services.InvalidWorkshopChoice) as error:
        register(event, "a@example.org", workshops=ateliers)
    assert error.value.message == "Choisissez un seul atelier par temps d'ateliers."


def test_remote_participants_choose_no_atelier(event, ateliers):
    event.remote_attendance = True
    event.save()
    remote = register(event, "a@example.org", attendance=Attendance.REMOTE, workshops=[ateliers[0]])
    assert remote.choices.count() == 0


def test_cancel_frees_seat_and_promotes_oldest_waiting(event, ateliers):
    codev, game = ateliers
    a = register(event, "a@example.org", workshops=[codev])
    register(event, "b@example.org", workshops=[game])
    c = register(event, "c@example.org", workshops=[codev])  # waiting: keeps a preference
    d = register(event, "d@example.org", workshops=[game])
    assert (c.status, d.status) == (S.WAITING, S.WAITING)

    promoted = services.registration_cancel(registration=a)

    assert promoted == [c]
    c.refresh_from_db()
    d.refresh_from_db()
    assert (c.status, d.status) == (S.CONFIRMED, S.WAITING)
    assert [ch.workshop for ch in c.choices.all()] == [codev]  # the freed atelier seat


def test_promotion_drops_ateliers_that_are_full(event, ateliers):
    codev, game = ateliers
    a = register(event, "a@example.org", workshops=[game])
    register(event, "b@example.org", workshops=[codev])
    waiting = register(event, "c@example.org", workshops=[codev])
    services.registration_cancel(registration=a)
    waiting.refresh_from_db()
    assert waiting.status == S.CONFIRMED
    assert waiting.choices.count() == 0
    assert WorkshopChoice.objects.filter(workshop=codev).count() == 1


def test_cancel_twice_is_harmless(event):
    a = register(event, "a@example.org")
    services.registration_cancel(registration=a)
    assert services.registration_cancel(registration=a) == []
    a.refresh_from_db()
    assert a.status == S.CANCELLED
    assert a.cancelled_at is not None


def test_cancel_waiting_promotes_nobody(event):
    register(event, "a@example.org")
    register(event, "b@example.org")
    c = register(event, "c@example.org")
    d = register(event, "d@example.org")
    assert services.registration_cancel(registration=c) == []
    d.refresh_from_db()
    assert d.status == S.WAITING


def test_change_ateliers_while_places_remain(event, ateliers):
    codev, game = ateliers
    a = register(event, "a@example.org", workshops=[game])
    services.registration_change_workshops(registration=a, workshops=[codev])
    assert [c.workshop for c in a.choices.all()] == [codev]
    b = register(event, "b@example.org", workshops=[game])
    with pytest.raises(services.WorkshopFull):
        services.registration_change_workshops(registration=b, workshops=[codev])
    assert [c.workshop for c in b.choices.all()] == [game]
    # keeping one's own full atelier is fine
    services.registration_change_workshops(registration=a, workshops=[codev])


def test_refuse_frees_the_seat_of_a_pending_registration(event):
    event.approval_required = True
    event.save()
    a = register(event, "a@example.org")
    register(event, "b@example.org")
    c = register(event, "c@example.org")
    assert services.registration_refuse(registration=a) == [c]
    c.refresh_from_db()
    assert c.status == S.PENDING  # promoted, still to be approved


def test_promote_by_staff_only_when_a_seat_is_free(event):
    register(event, "a@example.org")
    b = register(event, "b@example.org")
    c = register(event, "c@example.org")
    with pytest.raises(services.RegistrationError) as error:
        services.registration_promote(registration=c)
    assert error.value.message == "Aucune place n'est libre sur place."
    services.registration_cancel(registration=b)  # promotes c automatically
    c.refresh_from_db()
    assert c.status == S.CONFIRMED


def test_register_creates_the_profile_once(event):
    user = UserFactory(email="camille@example.org")
    register(event, "camille@example.org", user=user, first_name="Camille", phone="0601020304")
    other = EventFactory()
    register(other, "camille@example.org", user=user, first_name="Autre")
    profile = Profile.objects.get(user=user)
    assert (profile.first_name, profile.phone) == ("Camille", "0601020304")


def test_each_service_queues_one_email(event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        a = register(event, "a@example.org")
    assert mail.outbox == []  # nothing is sent before the commit
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=a)
    assert [message.subject.split(" :")[0] for message in mail.outbox] == [
        "Inscription confirmée",
        "Inscription annulée",
    ]
