import datetime as dt

import pytest
from django.urls import reverse

from events.enums import EventKind, EventStatus, SlotKind
from events.models import Event, ProgrammeSlot
from tests.factories import (
    OrganiserFactory,
    RoomFactory,
    SlotSpeakerFactory,
    SpeakerFactory,
    UserFactory,
    VenueFactory,
    WorkshopFactory,
)
from workshops.models import Workshop

pytestmark = pytest.mark.django_db


def inline(prefix, rows, initial=0):
    """POST data of an admin inline formset."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{key}": value for key, value in row.items()})
    return data


EMPTY_EVENT_INLINES = {
    **inline("questions", []),
    **inline("takeaways", []),
    **inline("resources", []),
}


def event_form(**overrides):
    organiser = OrganiserFactory(
        name="Observatoire Régional de l'Intégration et de la Ville", short_name="ORIV"
    )
    venue = VenueFactory()
    data = {
        "kind": EventKind.REGIONAL_DAY,
        "title": "Concevoir des coopérations",
        "slug": "concevoir-des-cooperations",
        "theme": "La coopération entre acteurs",
        "status": EventStatus.PUBLISHED,
        "organiser": organiser.pk,
        "partners": [OrganiserFactory(short_name="DREETS").pk],
        "date": "2025-10-02",
        "doors_open": "09:30",
        "start_time": "10:00",
        "end_time": "16:30",
        "venue": venue.pk,
        "audience": "Élu·es et référent·es politique de la ville",
        "objectives": "- Échanger",
        "registration_mode": "open",
        "registration_opens_at_0": "",
        "registration_opens_at_1": "",
        "registration_closes_at_0": "",
        "registration_closes_at_1": "",
        "onsite_capacity": "120",
        "lunch": "offered",
        **EMPTY_EVENT_INLINES,
    }
    data.update(overrides)
    return data, venue


def test_organiser_builds_an_event_with_slots_and_ateliers(organiser_client):
    data, venue = event_form()  # creates the organiser whose team the user administers
    add_page = organiser_client.get(reverse("admin:events_event_add"))
    assert "Ajoutez un temps de type « Ateliers » au programme" in add_page.content.decode()
    chardon = RoomFactory(venue=venue, name="Salle Chardon")
    myrtilles = RoomFactory(venue=venue, name="Salle Myrtilles")
    data.update(
        inline(
            "slots",
            [
                {
                    "start": "09:30",
                    "end": "10:00",
                    "kind": SlotKind.WELCOME,
                    "title": "Accueil café",
                },
                {
                    "start": "13:30",
                    "end": "15:00",
                    "kind": SlotKind.WORKSHOPS,
                    "title": "Coproduire de la coopération à partir de situation de cas",
                },
            ],
        )
    )
    response = organiser_client.post(reverse("admin:events_event_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get(slug="concevoir-des-cooperations")
    assert [(s.start, s.title) for s in event.slots.all()] == [
        (dt.time(9, 30), "Accueil café"),
        (dt.time(13, 30), "Coproduire de la coopération à partir de situation de cas"),
    ]
    assert [p.short_name for p in event.partners.all()] == ["DREETS"]

    ateliers = event.slots.get(kind=SlotKind.WORKSHOPS)
    emilie = SpeakerFactory(first_name="Emilie", last_name="", organisation="ORIV")
    johan = SpeakerFactory(first_name="Johan", last_name="", organisation="ORIV")
    witness = SpeakerFactory()
    slot_data = {
        "event": event.pk,
        "start": "13:30",
        "end": "15:00",
        "kind": SlotKind.WORKSHOPS,
        "title": ateliers.title,
        "description": "",
        "room": "",
        **inline("appearances", [{"speaker": witness.pk, "part": "grand_temoin", "order": "0"}]),
        **inline(
            "workshops",
            [
                {
                    "number": "1",
                    "kind": "methode",
                    "title": "Codéveloppement",
                    "room": chardon.pk,
                    "colour_name": "Bleu",
                    "colour_hex": "#1F5FAD",
                    "facilitators": [emilie.pk],
                },
                {
                    "number": "2",
                    "kind": "methode",
                    "title": "Coop ou pas coop",
                    "room": myrtilles.pk,
                    "colour_name": "Rouge",
                    "colour_hex": "#C0392B",
                    "facilitators": [johan.pk],
                },
            ],
        ),
    }
    response = organiser_client.post(
        reverse("admin:events_programmeslot_change", args=[ateliers.pk]), slot_data
    )
    assert response.status_code == 302
    workshops = list(ateliers.workshops.order_by("number"))
    assert [(w.title, w.room.name, w.colour_name, w.colour_hex) for w in workshops] == [
        ("Codéveloppement", "Salle Chardon", "Bleu", "#1F5FAD"),
        ("Coop ou pas coop", "Salle Myrtilles", "Rouge", "#C0392B"),
    ]
    assert [s.first_name for s in workshops[0].facilitators.all()] == ["Emilie"]
    assert [a.speaker for a in ateliers.appearances.all()] == [witness]


def test_admin_event_form_shows_french_errors_and_keeps_data(organiser_client):
    data, _ = event_form(start_time="16:30", end_time="10:00", title="Journée à garder")
    data.update(
        inline(
            "slots",
            [{"start": "11:00", "end": "10:00", "kind": "pleniere", "title": "Temps à l'envers"}],
        )
    )
    response = organiser_client.post(reverse("admin:events_event_add"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Indiquez le début et la fin, la fin étant postérieure au début." in html
    assert "La fin doit être postérieure au début." in html
    assert 'value="Journée à garder"' in html
    assert Event.objects.count() == 0


def test_admin_slot_rooms_are_limited_to_the_event_venue(organiser_client):
    workshop = WorkshopFactory()
    own = RoomFactory(venue=workshop.slot.event.venue, name="Salle Gruber")
    RoomFactory(name="Salle d'un autre lieu")
    response = organiser_client.get(
        reverse("admin:events_programmeslot_change", args=[workshop.slot.pk])
    )
    assert list(response.context["adminform"].form.fields["room"].queryset) == [own]


def test_duplicate_action_copies_programme_and_ateliers(organiser_client):
    workshop = WorkshopFactory(title="Serious Game", colour_name="Vert", colour_hex="#2E8540")
    event = workshop.slot.event
    workshop.facilitators.add(SpeakerFactory(first_name="Rémi"))
    workshop.presenters.add(SpeakerFactory(first_name="Adrien"))
    appearance = SlotSpeakerFactory(slot__event=event, slot__start=dt.time(10))
    event.partners.add(OrganiserFactory())
    url = reverse("admin:events_event_changelist")
    chosen = {"action": "duplicate", "_selected_action": [event.pk]}

    form_page = organiser_client.post(url, chosen)
    assert form_page.status_code == 200
    assert "Nouvelle date" in form_page.content.decode()
    assert Event.objects.count() == 1

    response = organiser_client.post(url, {**chosen, "apply": "1", "date": "2026-10-01"})
    copy = Event.objects.exclude(pk=event.pk).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:events_event_change", args=[copy.pk])
    assert (copy.date, copy.status, copy.title) == (dt.date(2026, 10, 1), "draft", event.title)
    assert copy.slug != event.slug
    assert list(copy.partners.all()) == list(event.partners.all())
    assert [(s.start, s.title, s.kind) for s in copy.slots.all()] == [
        (s.start, s.title, s.kind) for s in event.slots.all()
    ]
    copied = Workshop.objects.get(slot__event=copy)
    assert (copied.title, copied.colour_hex) == ("Serious Game", "#2E8540")
    assert [s.first_name for s in copied.facilitators.all()] == ["Rémi"]
    assert [s.first_name for s in copied.presenters.all()] == ["Adrien"]
    assert copy.slots.get(start=dt.time(10)).appearances.get().speaker == appearance.speaker
    # the original is untouched
    assert ProgrammeSlot.objects.filter(event=event).count() == 2
    assert Workshop.objects.filter(slot__event=event).count() == 1


def test_duplicate_action_needs_a_date_and_a_single_event(organiser_client):
    first, second = WorkshopFactory().slot.event, WorkshopFactory().slot.event
    url = reverse("admin:events_event_changelist")
    response = organiser_client.post(
        url, {"action": "duplicate", "_selected_action": [first.pk], "apply": "1", "date": "x"}
    )
    assert "Saisissez une date valide." in response.content.decode()
    response = organiser_client.post(
        url, {"action": "duplicate", "_selected_action": [first.pk, second.pk]}, follow=True
    )
    assert "Sélectionnez un seul événement à dupliquer." in response.content.decode()
    assert Event.objects.count() == 2


def test_admin_is_closed_to_non_staff_and_staff_outside_the_group(client):
    url = reverse("admin:events_event_add")
    assert client.get(url).status_code == 302
    client.force_login(UserFactory(is_staff=False))
    assert client.get(url).status_code == 302
    client.force_login(UserFactory(is_staff=True))
    assert client.get(url).status_code == 403


def test_event_admin_page_lists_ateliers_with_links_to_their_slot(organiser_client):
    workshop = WorkshopFactory(title="Anarchaise", colour_name="Jaune")
    workshop.room = RoomFactory(venue=workshop.slot.event.venue, name="Espace Lorraine")
    workshop.save()
    response = organiser_client.get(
        reverse("admin:events_event_change", args=[workshop.slot.event.pk])
    )
    html = response.content.decode()
    slot_url = reverse("admin:events_programmeslot_change", args=[workshop.slot.pk])
    assert (
        f'<a href="{slot_url}">13:30 {workshop.slot.title}</a> : '
        "Anarchaise (Espace Lorraine, Jaune)" in html
    )


def test_admin_shows_times_to_the_minute(organiser_client):
    workshop = WorkshopFactory()
    response = organiser_client.get(
        reverse("admin:events_programmeslot_change", args=[workshop.slot.pk])
    )
    assert 'name="start" value="13:30"' in response.content.decode()
    response = organiser_client.get(
        reverse("admin:events_event_change", args=[workshop.slot.event.pk])
    )
    assert 'name="start_time" value="10:00"' in response.content.decode()


# --- The composed page at a constant number of queries ---------------------------------------


def event_with_programme(slots: int) -> Event:
    """An event with `slots` ateliers slots, each with two ateliers in rooms of the venue, a
    resource attached to it and a takeaway: every inline of the page has `slots` rows or
    more."""
    from tests.factories import (
        EventFactory,
        ProgrammeSlotFactory,
        RegistrationFactory,
        ResourceFactory,
        TakeawayFactory,
    )

    event = EventFactory()
    rooms = [RoomFactory(venue=event.venue, name=f"Salle {i}") for i in range(3)]
    for i in range(slots):
        slot = ProgrammeSlotFactory(
            event=event,
            kind=SlotKind.WORKSHOPS,
            start=dt.time(9 + i),
            end=dt.time(9 + i, 45),
            room=rooms[0],
        )
        for number in (1, 2):
            WorkshopFactory(slot=slot, number=number, room=rooms[number])
        ResourceFactory(event=event, slot=slot, title=f"Support {i}")
        TakeawayFactory(event=event, text=f"À retenir {i}")
        RegistrationFactory(event=event, last_name=f"NOM{i}")
    return event


def admin_change_queries(client, event) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("admin:events_event_change", args=[event.pk])
    client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def test_event_admin_page_queries_do_not_grow_with_the_programme(admin_client):
    one = admin_change_queries(admin_client, event_with_programme(1))
    three = admin_change_queries(admin_client, event_with_programme(3))
    assert len(three) == len(one), "\n".join(three)
