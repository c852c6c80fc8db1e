"""The organiser's guard-rails in the admin: rooms of the event's venue only, atelier capacity
within its room, colours from the palette, duplication asking before a second copy, labelled
inputs and agreed action labels."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from events.models import Event
from tests.factories import EventFactory, OrganiserFactory, RoomFactory, WorkshopFactory
from workshops.admin import WorkshopAdminForm
from workshops.models import Workshop

from .test_event_admin import event_form, inline

pytestmark = pytest.mark.django_db


def test_workshop_capacity_above_its_room_is_refused():
    workshop = WorkshopFactory(capacity=31)
    workshop.room = RoomFactory(venue=workshop.slot.event.venue, name="Salle Chardon", capacity=30)
    with pytest.raises(ValidationError) as error:
        workshop.full_clean()
    assert error.value.message_dict == {
        "capacity": [
            "La salle « Salle Chardon » n'a que 30 places : l'atelier ne peut pas en offrir 31."
        ]
    }
    workshop.capacity = 30
    workshop.full_clean()  # as many seats as the room: fine


def test_admin_slot_page_refuses_an_atelier_bigger_than_its_room(organiser_client):
    workshop = WorkshopFactory(capacity=None)
    slot = workshop.slot
    room = RoomFactory(venue=slot.event.venue, name="Salle Myrtilles", capacity=20)
    data = {
        "event": slot.event.pk, "start": "13:30", "end": "15:00", "kind": slot.kind,
        "title": slot.title, "description": "", "room": "",
        **inline("appearances", []),
        **inline("workshops", [{
            "id": workshop.pk, "slot": slot.pk, "number": "1", "kind": "methode",
            "title": "Codéveloppement", "room": room.pk, "capacity": "25",
            "colour_name": "Bleu", "colour_hex": "",
        }], initial=1),
    }  # fmt: skip
    response = organiser_client.post(
        reverse("admin:events_programmeslot_change", args=[slot.pk]), data
    )
    assert response.status_code == 200
    assert "n&#x27;a que 20 places" in response.content.decode()
    workshop.refresh_from_db()
    assert (workshop.room, workshop.capacity) == (None, None)


def test_new_event_offers_no_rooms_until_its_venue_is_chosen(organiser_client):
    OrganiserFactory()
    RoomFactory(name="Salle d'un autre lieu")
    response = organiser_client.get(reverse("admin:events_event_add"))
    slots = next(
        f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "slots"
    )
    assert list(slots.formset.forms[0].fields["room"].queryset) == []


def test_new_event_programme_takes_only_the_rooms_of_the_chosen_venue(organiser_client):
    data, venue = event_form()
    own = RoomFactory(venue=venue, name="Salle Gruber")
    other = RoomFactory(name="Salle d'un autre lieu")
    slot = {"start": "09:30", "end": "10:00", "kind": "accueil", "title": "Accueil café"}
    url = reverse("admin:events_event_add")

    response = organiser_client.post(url, {**data, **inline("slots", [{**slot, "room": other.pk}])})
    assert response.status_code == 200
    assert Event.objects.count() == 0

    response = organiser_client.post(url, {**data, **inline("slots", [{**slot, "room": own.pk}])})
    assert response.status_code == 302
    assert Event.objects.get().slots.get().room == own


def test_workshop_admin_offers_the_rooms_of_its_event_venue_only(organiser_client):
    workshop = WorkshopFactory()
    own = RoomFactory(venue=workshop.slot.event.venue, name="Salle Gruber")
    RoomFactory(name="Salle d'un autre lieu")
    response = organiser_client.get(reverse("admin:workshops_workshop_change", args=[workshop.pk]))
    assert list(response.context["adminform"].form.fields["room"].queryset) == [own]
    add = organiser_client.get(reverse("admin:workshops_workshop_add"))
    assert list(add.context["adminform"].form.fields["room"].queryset) == []


def colour_form(**colour):
    slot = WorkshopFactory().slot
    data = {"slot": slot.pk, "title": "Serious Game", "kind": "methode", **colour}
    return WorkshopAdminForm(data)


def test_workshop_colour_picked_from_the_palette_takes_its_shade():
    form = colour_form(colour_name="Vert", colour_hex="")
    assert form.is_valid(), form.errors
    workshop = form.save()
    assert (workshop.colour_name, workshop.colour_hex) == ("Vert", "#2E8540")
    assert [value for value, _label in form.fields["colour_name"].choices][:5] == [
        "", "Bleu", "Rouge", "Jaune", "Vert",
    ]  # fmt: skip


def test_workshop_colour_keeps_a_typed_shade_as_the_exception():
    form = colour_form(colour_name="Vert", colour_hex="#00A651")
    assert form.is_valid(), form.errors
    assert form.save().colour_hex == "#00A651"


def test_workshop_colour_outside_the_palette_or_without_a_name_is_refused():
    form = colour_form(colour_name="Vert d'eau", colour_hex="")
    assert not form.is_valid()
    assert form.errors["colour_name"] == [
        "Sélectionnez un choix valide. Vert d'eau n’en fait pas partie."
    ]
    form = colour_form(colour_name="", colour_hex="#00A651")
    assert form.errors["colour_name"] == [
        "Choisissez le nom de la couleur : c'est lui qu'impriment badges et agendas."
    ]


def test_workshop_colour_typed_before_the_palette_stays_offered():
    workshop = WorkshopFactory(colour_name="Vert d'eau", colour_hex="#7FC8A9")
    form = WorkshopAdminForm(instance=workshop)
    assert ("Vert d'eau", "Vert d'eau") in form.fields["colour_name"].choices


def test_event_page_has_a_duplicate_button(organiser_client):
    event = WorkshopFactory().slot.event
    response = organiser_client.get(reverse("admin:events_event_change", args=[event.pk]))
    url = reverse("admin:events_event_duplicate", args=[event.pk])
    assert f'href="{url}" class="duplicate-event">Dupliquer vers une nouvelle date</a>' in (
        response.content.decode()
    )


def test_duplicate_button_copies_to_a_new_date(organiser_client):
    event = WorkshopFactory().slot.event
    url = reverse("admin:events_event_duplicate", args=[event.pk])
    assert "Nouvelle date" in organiser_client.get(url).content.decode()
    response = organiser_client.post(url, {"apply": "1", "date": "2026-10-01"})
    copy = Event.objects.exclude(pk=event.pk).get()
    assert response["Location"] == reverse("admin:events_event_change", args=[copy.pk])
    assert Workshop.objects.filter(slot__event=copy).count() == 1


def test_duplicate_onto_a_date_with_a_copy_asks_first(organiser_client):
    event = EventFactory(title="Journée régionale")
    EventFactory(organiser=event.organiser, title="Journée régionale", date=dt.date(2026, 10, 1))
    url = reverse("admin:events_event_duplicate", args=[event.pk])

    response = organiser_client.post(url, {"apply": "1", "date": "2026-10-01"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Un événement de ce titre existe déjà le 1 octobre 2026" in html
    assert 'name="confirm" value="2026-10-01"' in html
    assert Event.objects.count() == 2

    # A confirmation given for another date does not count.
    organiser_client.post(url, {"apply": "1", "date": "2026-10-01", "confirm": "2026-09-30"})
    assert Event.objects.count() == 2

    response = organiser_client.post(
        url, {"apply": "1", "date": "2026-10-01", "confirm": "2026-10-01"}
    )
    assert response.status_code == 302
    assert Event.objects.filter(date=dt.date(2026, 10, 1)).count() == 2


def test_duplicate_action_also_asks_before_a_second_copy(organiser_client):
    event = EventFactory(title="Journée régionale")
    EventFactory(organiser=event.organiser, title="Journée régionale", date=dt.date(2026, 10, 1))
    chosen = {"action": "duplicate", "_selected_action": [event.pk], "apply": "1"}
    response = organiser_client.post(
        reverse("admin:events_event_changelist"), {**chosen, "date": "2026-10-01"}
    )
    assert "Un événement de ce titre existe déjà le 1 octobre 2026" in response.content.decode()
    assert Event.objects.count() == 2


def test_event_programme_inputs_are_named_by_column_table_and_row(organiser_client):
    workshop = WorkshopFactory()
    response = organiser_client.get(
        reverse("admin:events_event_change", args=[workshop.slot.event.pk])
    )
    html = response.content.decode()
    assert 'aria-label="Salle (temps du programme, ligne 1)"' in html
    assert 'aria-label="Type (temps du programme, nouvelle ligne)"' in html
    assert 'aria-label="Supprimer (temps du programme, ligne 1)"' in html
    assert 'aria-label="Ouverture des inscriptions : date"' in html
    assert 'aria-label="Ouverture des inscriptions : heure"' in html


@pytest.mark.parametrize(
    ("model", "label"),
    [
        ("registrations_registration", "Supprimer les inscriptions sélectionnées"),
        ("resources_resource", "Supprimer les ressources sélectionnées"),
        ("registrations_openingnotice", "Supprimer les demandes d'alerte sélectionnées"),
        ("events_event", "Supprimer les événements sélectionnés"),
    ],
)
def test_delete_selected_action_agrees_with_the_model(organiser_client, model, label):
    OrganiserFactory()
    response = organiser_client.get(reverse(f"admin:{model}_changelist"))
    choices = dict(response.context["action_form"].fields["action"].choices)
    assert choices["delete_selected"] == label


def test_delete_selected_speakers_is_inclusive(admin_client):
    response = admin_client.get(reverse("admin:events_speaker_changelist"))
    choices = dict(response.context["action_form"].fields["action"].choices)
    assert choices["delete_selected"] == "Supprimer les intervenant·es sélectionné·es"
