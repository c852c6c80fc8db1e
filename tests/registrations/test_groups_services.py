"""Working groups and ateliers filling on the database: what is written, what is refused."""

import datetime as dt

import pytest

from events.enums import SlotKind
from registrations.grouping import GroupingError
from registrations.models import Registration, WorkingGroup, WorkshopChoice
from registrations.services import groups
from registrations.services.groups import WorkingGroupFull
from tests.factories import (
    EventFactory,
    ProgrammeSlotFactory,
    RegistrationFactory,
    WorkingGroupFactory,
    WorkshopChoiceFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db


def participant(event, last_name, organisation, category="collectivite", **fields):
    return RegistrationFactory(
        event=event, last_name=last_name, organisation=organisation, category=category, **fields
    )


def group_of(registration):
    registration.refresh_from_db()
    return registration.working_group


def test_working_groups_create_and_assign_persists_a_mixed_assignment():
    event = EventFactory()
    tomblaine = [participant(event, f"TOMBLAINE{k}", "Ville de Tomblaine") for k in range(3)]
    elected = [participant(event, f"ELU{k}", f"Commune {k}", "elu_communal") for k in range(3)]
    remote = participant(event, "DISTANCE", "DREETS", attendance="remote")
    cancelled = participant(event, "ANNULE", "Préfecture", status="cancelled")
    pending = participant(event, "ATTENTE", "CAF", status="pending")

    created = groups.working_groups_create_and_assign(event=event, count=3)

    assert [(g.number, g.capacity) for g in created] == [(1, None), (2, None), (3, None)]
    assert list(event.working_groups.all()) == created
    for group in created:
        people = list(Registration.objects.filter(working_group=group))
        assert len(people) == 2
        # One agent of Tomblaine and one élu in each group.
        assert sorted(p.category for p in people) == ["collectivite", "elu_communal"]
    assert len({group_of(r) for r in tomblaine}) == 3
    assert len({group_of(r) for r in elected}) == 3
    assert [group_of(r) for r in (remote, cancelled, pending)] == [None, None, None]


def test_working_groups_create_and_assign_recomputes_and_keeps_names():
    event = EventFactory()
    first = WorkingGroupFactory(event=event, number=1, name="Les Bâtisseurs", room="Salle A")
    fourth = WorkingGroupFactory(event=event, number=4)
    people = [participant(event, f"NOM{k}", f"Structure {k}") for k in range(4)]
    cancelled = participant(event, "ANNULE", "CAF", status="cancelled", working_group=fourth)
    for person in people:
        person.working_group = fourth
        person.save()

    created = groups.working_groups_create_and_assign(event=event, count=2, capacity=2)

    assert created[0] == first
    assert [(g.number, g.name, g.room, g.capacity) for g in created] == [
        (1, "Les Bâtisseurs", "Salle A", 2),
        (2, "", "", 2),
    ]
    assert not WorkingGroup.objects.filter(pk=fourth.pk).exists()
    assert sorted(group_of(p).number for p in people) == [1, 1, 2, 2]
    assert group_of(cancelled) is None


def test_working_groups_create_and_assign_too_small_writes_nothing():
    event = EventFactory()
    kept = WorkingGroupFactory(event=event, number=1)
    person = participant(event, "MARTIN", "Ville de Metz", working_group=kept)
    for k in range(4):
        participant(event, f"NOM{k}", f"Structure {k}")

    with pytest.raises(GroupingError) as error:
        groups.working_groups_create_and_assign(event=event, count=2, capacity=2)

    assert error.value.message == "Pas assez de places : 4 places pour 5 personnes."
    assert list(event.working_groups.values_list("number", "capacity")) == [(1, None)]
    assert group_of(person) == kept


def test_working_groups_create_and_assign_needs_a_group():
    with pytest.raises(GroupingError) as error:
        groups.working_groups_create_and_assign(event=EventFactory(), count=0)
    assert error.value.message == "Indiquez au moins un groupe."


def test_working_group_move_changes_the_group():
    event = EventFactory()
    one, two = (
        WorkingGroupFactory(event=event, number=1),
        WorkingGroupFactory(event=event, number=2),
    )
    person = participant(event, "MARTIN", "Ville de Metz", working_group=one)
    groups.working_group_move(registration=person, group=two)
    assert group_of(person) == two
    groups.working_group_move(registration=person, group=None)
    assert group_of(person) is None


def test_working_group_move_over_capacity_refused_in_french():
    event = EventFactory()
    full = WorkingGroupFactory(event=event, number=1, capacity=2)
    other = WorkingGroupFactory(event=event, number=2)
    participant(event, "A", "Structure A", working_group=full)
    participant(event, "B", "Structure B", working_group=full)
    # A cancelled member keeps no seat.
    participant(event, "C", "Structure C", working_group=full, status="cancelled")
    person = participant(event, "MARTIN", "Ville de Metz", working_group=other)

    with pytest.raises(WorkingGroupFull) as error:
        groups.working_group_move(registration=person, group=full)

    assert error.value.message == "Le groupe « Groupe 1 » est complet (2 places)."
    assert group_of(person) == other


def test_working_group_move_refuses_another_events_group():
    person = participant(EventFactory(), "MARTIN", "Ville de Metz")
    with pytest.raises(groups.RegistrationError) as error:
        groups.working_group_move(registration=person, group=WorkingGroupFactory())
    assert error.value.message == "Ce groupe n'appartient pas à cet événement."


def test_working_group_move_refuses_a_remote_participant():
    event = EventFactory()
    person = participant(event, "MARTIN", "Ville de Metz", attendance="remote")
    with pytest.raises(groups.RegistrationError) as error:
        groups.working_group_move(registration=person, group=WorkingGroupFactory(event=event))
    assert error.value.message == (
        "Seules les personnes confirmées sur place sont réparties en groupes."
    )


class Ateliers:
    """An ateliers slot with a blue atelier (3 places, 2 taken) and a yellow one (3)."""

    def __init__(self):
        self.event = EventFactory()
        self.slot = ProgrammeSlotFactory(
            event=self.event, kind=SlotKind.WORKSHOPS, start=dt.time(13, 30), end=dt.time(15)
        )
        self.blue = WorkshopFactory(slot=self.slot, number=1, title="Bleu", capacity=3)
        self.yellow = WorkshopFactory(slot=self.slot, number=2, title="Jaune", capacity=3)
        for name in ("CHOIX1", "CHOIX2"):
            WorkshopChoiceFactory(
                registration=participant(self.event, name, "Ville de Metz", "elu_communal"),
                workshop=self.blue,
                slot=self.slot,
            )


def test_workshops_fill_respects_the_seats_left():
    ateliers = Ateliers()
    event = ateliers.event
    without = [participant(event, f"SANS{k}", f"Structure {k}") for k in range(4)]
    remote = participant(event, "DISTANCE", "DREETS", attendance="remote")

    created = groups.workshops_fill(slot=ateliers.slot)

    assert len(created) == 4
    placed = {
        c.registration_id: c.workshop_id for c in WorkshopChoice.objects.filter(slot=ateliers.slot)
    }
    # The blue atelier had one seat left: one newcomer there, three in the yellow one.
    assert sorted(placed[r.pk] for r in without) == [ateliers.blue.pk] + [ateliers.yellow.pk] * 3
    assert remote.pk not in placed
    assert groups.workshops_fill(slot=ateliers.slot) == []


def test_workshops_fill_keeps_an_organisation_apart_from_its_choices():
    ateliers = Ateliers()
    metz = participant(ateliers.event, "METZ", "ville de metz", "elu_communal")
    others = [participant(ateliers.event, f"SANS{k}", f"Structure {k}") for k in range(2)]
    groups.workshops_fill(slot=ateliers.slot)
    assert WorkshopChoice.objects.get(registration=metz).workshop == ateliers.yellow
    assert sorted(WorkshopChoice.objects.get(registration=r).workshop.title for r in others) == [
        "Bleu",
        "Jaune",
    ]


def test_workshops_fill_too_few_seats_writes_nothing():
    ateliers = Ateliers()
    for k in range(5):
        participant(ateliers.event, f"SANS{k}", f"Structure {k}")
    with pytest.raises(GroupingError) as error:
        groups.workshops_fill(slot=ateliers.slot)
    assert error.value.message == "Pas assez de places : 4 places pour 5 personnes."
    assert WorkshopChoice.objects.filter(slot=ateliers.slot).count() == 2


def test_workshops_fill_refuses_a_slot_without_ateliers():
    slot = ProgrammeSlotFactory(kind=SlotKind.PLENARY)
    with pytest.raises(GroupingError) as error:
        groups.workshops_fill(slot=slot)
    assert error.value.message == "Ce temps du programme n'est pas un temps d'ateliers."


def test_working_groups_overview_shows_members_and_mix(django_assert_num_queries):
    event = EventFactory()
    group = WorkingGroupFactory(event=event, number=1, name="Les Bâtisseurs")
    participant(event, "ZOLA", "Ville de Metz", "elu_communal", working_group=group)
    participant(event, "ADAM", "VILLE DE METZ", working_group=group)
    participant(event, "ANNULE", "CAF", status="cancelled", working_group=group)
    alone = participant(event, "SEUL", "CAF", "caf")

    with django_assert_num_queries(3):
        overview, unassigned = groups.working_groups_overview(event)

    [entry] = overview
    assert entry.group == group
    assert [m.last_name for m in entry.members] == ["ADAM", "ZOLA"]
    assert entry.mix.organisations == 1
    assert entry.mix.shared == [("VILLE DE METZ", 2)]
    assert unassigned == [alone]
