import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from events.enums import SlotKind
from tests.factories import ProgrammeSlotFactory, RoomFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


def test_workshop_only_in_an_ateliers_slot_database():
    plenary = ProgrammeSlotFactory(kind=SlotKind.PLENARY)
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkshopFactory(slot=plenary)


def test_workshop_cannot_move_to_a_plenary_slot():
    workshop = WorkshopFactory()
    plenary = ProgrammeSlotFactory(event=workshop.slot.event, kind=SlotKind.PLENARY)
    workshop.slot = plenary
    with pytest.raises(IntegrityError), transaction.atomic():
        workshop.save()


def test_workshops_slot_keeps_its_kind_while_it_has_workshops():
    slot = WorkshopFactory().slot
    slot.kind = SlotKind.PLENARY
    with pytest.raises(IntegrityError), transaction.atomic():
        slot.save()
    with pytest.raises(ValidationError) as error:
        slot.full_clean()
    assert error.value.message_dict == {
        "kind": ["Ce temps contient des ateliers : il doit rester de type « Ateliers »."]
    }


def test_empty_workshops_slot_can_change_kind():
    slot = ProgrammeSlotFactory(kind=SlotKind.WORKSHOPS)
    slot.kind = SlotKind.PLENARY
    slot.save()
    slot.refresh_from_db()
    assert slot.kind == SlotKind.PLENARY


def test_workshop_clean_explains_the_slot_rule_in_french():
    workshop = WorkshopFactory.build(slot=ProgrammeSlotFactory(kind=SlotKind.BREAK))
    with pytest.raises(ValidationError) as error:
        workshop.full_clean()
    assert (
        "Un atelier ne peut appartenir qu'à un temps de type « Ateliers »."
        in (error.value.message_dict["slot"])
    )


@pytest.mark.parametrize("value", ["bleu", "#12345", "#GGGGGG", "1F5FAD"])
def test_workshop_colour_hex_format(value):
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkshopFactory(colour_hex=value)


def test_workshop_number_unique_in_slot():
    workshop = WorkshopFactory(number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkshopFactory(slot=workshop.slot, number=1)


def test_workshop_capacity_falls_back_to_room():
    room = RoomFactory(capacity=25)
    workshop = WorkshopFactory(capacity=None, room=room, slot__event__venue=room.venue)
    assert workshop.effective_capacity == 25
    workshop.capacity = 12
    assert workshop.effective_capacity == 12
    assert WorkshopFactory(capacity=None, room=None).effective_capacity is None


@pytest.mark.parametrize(
    ("hex_code", "text"),
    [
        ("#1F5FAD", "#FFFFFF"),
        ("#C0392B", "#FFFFFF"),
        ("#F2C200", "#000000"),
        ("#2E8540", "#FFFFFF"),
        ("", "#000000"),
    ],
)
def test_workshop_text_colour_keeps_contrast(hex_code, text):
    assert WorkshopFactory.build(colour_hex=hex_code).text_colour == text


def test_workshop_str_and_label():
    workshop = WorkshopFactory.build(number=2, title="Coop ou pas coop", slot=None)
    assert str(workshop) == "Atelier 2 — Coop ou pas coop"
    assert str(WorkshopFactory.build(number=None, title="Visite", slot=None)) == "Visite"


def test_workshop_room_must_belong_to_event_venue():
    workshop = WorkshopFactory(slot__start=dt.time(14))
    workshop.room = RoomFactory()  # a room of another venue
    with pytest.raises(ValidationError) as error:
        workshop.full_clean()
    assert error.value.message_dict["room"] == [
        "Cette salle n'appartient pas au lieu de l'événement."
    ]
