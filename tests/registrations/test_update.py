"""registration_update: what a person changes on their registration page, and the
waiting list with an atelier kept as a wish."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from events.enums import LunchOption, RegistrationMode, SlotKind
from registrations import services
from registrations.enums import Attendance, RegistrationStatus
from registrations.models import Registration, WorkshopChoice
from tests.factories import EventFactory, ProgrammeSlotFactory, WorkshopFactory

from .helpers import register

pytestmark = pytest.mark.django_db

S = RegistrationStatus
ON_SITE, REMOTE = Attendance.ON_SITE, Attendance.REMOTE


@pytest.fixture
def event():
    return EventFactory(onsite_capacity=2, remote_attendance=True, lunch=LunchOption.OFFERED)


@pytest.fixture
def ateliers(event):
    slot = ProgrammeSlotFactory(
        event=event, kind=SlotKind.WORKSHOPS, start=dt.time(13, 30), end=dt.time(15)
    )
    return [
        WorkshopFactory(slot=slot, number=1, title="Codéveloppement", capacity=1),
        WorkshopFactory(slot=slot, number=2, title="Serious Game", capacity=5),
    ]


def fresh(registration):
    return Registration.objects.get(pk=registration.pk)


@pytest.fixture
def update(django_capture_on_commit_callbacks):
    """registration_update, its emails sent (after the commit, as in production)."""

    def run(registration, **data):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            return services.registration_update(registration=registration, data=data)

    return run


def test_update_lunch_saves_and_emails_without_agenda_revision(event, update):
    registration = register(event, "a@example.org", lunch=False)

    update(registration, lunch=True)

    registration = fresh(registration)
    assert registration.lunch is True
    assert registration.agenda_sequence == 0
    assert [m.subject for m in mail.outbox] == [f"Inscription modifiée : {event.title}"]
    assert "Déjeuner sur place : oui" in mail.outbox[0].body


def test_update_needs_are_stripped_and_saved(event, update):
    registration = register(event, "a@example.org")

    update(registration, accessibility_needs="  Fauteuil roulant ", diet="Végétarien")

    registration = fresh(registration)
    assert (registration.accessibility_needs, registration.diet) == (
        "Fauteuil roulant",
        "Végétarien",
    )
    assert "Besoins d'accessibilité : Fauteuil roulant" in mail.outbox[0].body
    assert "Régime alimentaire : Végétarien" in mail.outbox[0].body


def test_update_consents_both_ways(event, update):
    registration = register(event, "a@example.org", image_consent=True, list_consent=False)

    update(registration, image_consent=False, list_consent=True)

    registration = fresh(registration)
    assert (registration.image_consent, registration.list_consent) == (False, True)
    assert "Droit à l'image : pas d'accord" in mail.outbox[0].body
    assert "Liste des participant·es : accord donné" in mail.outbox[0].body


def test_update_nothing_changed_writes_and_sends_nothing(event, update):
    registration = register(event, "a@example.org", lunch=True)
    before = fresh(registration).updated_at

    update(registration, lunch=True, diet="", attendance=ON_SITE)

    assert fresh(registration).updated_at == before
    assert mail.outbox == []


def test_update_to_remote_drops_ateliers_and_lunch_and_bumps_agenda(event, ateliers, update):
    codev, _game = ateliers
    registration = register(event, "a@example.org", workshops=[codev], lunch=True)

    update(registration, attendance=REMOTE)

    registration = fresh(registration)
    assert (registration.attendance, registration.lunch) == (REMOTE, False)
    assert registration.status == S.CONFIRMED
    assert registration.agenda_sequence == 1
    assert WorkshopChoice.objects.filter(registration=registration).count() == 0
    assert "Participation : À distance (visioconférence)" in mail.outbox[0].body
    # The agenda follows the change.
    assert mail.outbox[0].attachments[0][0] == f"{event.slug}.ics"


def test_update_to_remote_frees_the_seat_for_the_waiting_list(event, update):
    a = register(event, "a@example.org")
    register(event, "b@example.org")
    waiting = register(event, "c@example.org")
    assert waiting.status == S.WAITING

    update(a, attendance=REMOTE)

    assert fresh(waiting).status == S.CONFIRMED
    assert sorted(m.subject for m in mail.outbox) == [
        f"Inscription modifiée : {event.title}",
        f"Une place s'est libérée : {event.title}",
    ]


def test_update_waiting_person_going_remote_gets_a_remote_seat(event, ateliers, update):
    codev, _game = ateliers
    register(event, "a@example.org")
    register(event, "b@example.org")
    waiting = register(event, "c@example.org", workshops=[codev])

    update(waiting, attendance=REMOTE)

    waiting = fresh(waiting)
    assert (waiting.status, waiting.attendance) == (S.CONFIRMED, REMOTE)
    assert waiting.choices.count() == 0


def test_update_to_on_site_within_capacity(event, update):
    registration = register(event, "a@example.org", attendance=REMOTE)

    update(registration, attendance=ON_SITE, lunch=True)

    registration = fresh(registration)
    assert (registration.attendance, registration.lunch) == (ON_SITE, True)
    assert registration.agenda_sequence == 1


def test_update_to_on_site_when_full_is_refused_and_nothing_changes(event, update):
    register(event, "a@example.org")
    register(event, "b@example.org")
    remote = register(event, "c@example.org", attendance=REMOTE)
    assert remote.status == S.CONFIRMED

    with pytest.raises(services.OnSiteFull) as error:
        update(remote, attendance=ON_SITE, diet="Sans gluten")

    assert error.value.message == (
        "Il n'y a plus de place sur place : vous restez inscrit·e à distance. "
        "Si une place se libère, vous pourrez revenir changer votre participation."
    )
    remote = fresh(remote)
    assert (remote.attendance, remote.diet, remote.agenda_sequence) == (REMOTE, "", 0)
    assert mail.outbox == []


def test_update_to_remote_refused_when_event_is_on_site_only(update):
    event = EventFactory(remote_attendance=False)
    registration = register(event, "a@example.org")

    with pytest.raises(services.RegistrationError) as error:
        update(registration, attendance=REMOTE)

    assert error.value.message == "Cet événement ne se suit pas à distance."
    assert fresh(registration).attendance == ON_SITE


def test_update_refused_once_the_event_is_past(event, update):
    registration = register(event, "a@example.org")
    event.date = timezone.localdate() - dt.timedelta(days=1)
    event.save()

    with pytest.raises(services.RegistrationClosed) as error:
        update(registration, lunch=True)

    assert error.value.message == "L'événement est passé : l'inscription ne peut plus changer."
    assert fresh(registration).lunch is False


def test_update_refused_on_a_cancelled_registration(event, update):
    registration = register(event, "a@example.org")
    services.registration_cancel(registration=registration)

    with pytest.raises(services.RegistrationError) as error:
        update(registration, lunch=True)

    assert error.value.message == "Cette inscription est annulée."


def test_update_lunch_ignored_when_event_has_no_lunch_on_site(update):
    event = EventFactory(lunch=LunchOption.FREE)
    registration = register(event, "a@example.org")

    update(registration, lunch=True)

    assert fresh(registration).lunch is False
    assert mail.outbox == []


# --- Full event and full atelier: the waiting list, the atelier kept as a wish ------------


def test_full_event_and_full_atelier_goes_waiting_with_the_wish_kept(
    event, ateliers, django_capture_on_commit_callbacks
):
    codev, game = ateliers
    register(event, "a@example.org", workshops=[codev])  # codev is now full
    register(event, "b@example.org", workshops=[game])  # the event is now full

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        waiting = register(event, "c@example.org", workshops=[codev])

    assert waiting.status == S.WAITING
    assert [c.workshop for c in waiting.choices.all()] == [codev]
    body = mail.outbox[0].body
    assert "Ateliers souhaités :\n- Codéveloppement" in body
    assert (
        "Si une place se libère, vous serez inscrit·e ; l'atelier choisi vous sera attribué "
        "s'il a encore de la place, sinon vous pourrez en choisir un autre." in body
    )


def test_waiting_wish_given_on_promotion_when_the_atelier_is_free(event, ateliers):
    codev, game = ateliers
    a = register(event, "a@example.org", workshops=[codev])
    register(event, "b@example.org", workshops=[game])
    waiting = register(event, "c@example.org", workshops=[codev])

    services.registration_cancel(registration=a)  # frees the seat and the atelier

    waiting = fresh(waiting)
    assert waiting.status == S.CONFIRMED
    assert [c.workshop for c in waiting.choices.all()] == [codev]


def test_waiting_wish_dropped_on_promotion_when_the_atelier_is_still_full(event, ateliers):
    codev, game = ateliers
    register(event, "a@example.org", workshops=[codev])
    b = register(event, "b@example.org", workshops=[game])
    waiting = register(event, "c@example.org", workshops=[codev])

    services.registration_cancel(registration=b)  # a seat, but codev still taken by a

    waiting = fresh(waiting)
    assert waiting.status == S.CONFIRMED
    assert waiting.choices.count() == 0


def test_full_atelier_refused_while_the_event_has_seats(event, ateliers):
    codev, _game = ateliers
    register(event, "a@example.org", workshops=[codev])

    with pytest.raises(services.WorkshopFull):
        register(event, "b@example.org", workshops=[codev])


def test_event_closed_as_full_keeps_the_wish(event, ateliers):
    codev, _game = ateliers
    register(event, "a@example.org", workshops=[codev])
    event.registration_mode = RegistrationMode.FULL
    event.save()

    waiting = register(event, "b@example.org", workshops=[codev])

    assert waiting.status == S.WAITING
    assert [c.workshop for c in waiting.choices.all()] == [codev]


def test_update_to_remote_when_the_visio_room_is_full_is_refused(event, update):
    event.remote_capacity = 1
    event.save()
    register(event, "distance@example.org", attendance=REMOTE)  # the Visio room is full
    on_site = register(event, "sur.place@example.org")

    with pytest.raises(services.OnSiteFull) as error:
        update(on_site, attendance=REMOTE)

    assert error.value.message == (
        "La salle de visioconférence est complète : vous restez inscrit·e sur place. "
        "Si une place se libère, vous pourrez revenir changer votre participation."
    )
    assert (fresh(on_site).attendance, mail.outbox) == (ON_SITE, [])
