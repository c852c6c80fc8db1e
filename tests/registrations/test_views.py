import datetime as dt
import re

import pytest
from django.urls import reverse

from events.enums import RegistrationMode, SlotKind
from registrations.enums import RegistrationStatus
from registrations.models import Profile, Registration
from tests.factories import (
    EventFactory,
    ProgrammeSlotFactory,
    RoomFactory,
    UserFactory,
    WorkshopFactory,
)

from .helpers import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    event = EventFactory(onsite_capacity=50, title="Journée régionale de démonstration")
    slot = ProgrammeSlotFactory(
        event=event, kind=SlotKind.WORKSHOPS, start=dt.time(13, 30), end=dt.time(15),
        title="Testons les coopérations",
    )  # fmt: skip
    room = RoomFactory(venue=event.venue, name="Salle Chardon", capacity=None)
    WorkshopFactory(slot=slot, number=1, title="Codéveloppement", capacity=1, room=room)
    WorkshopFactory(slot=slot, number=2, title="Serious Game", capacity=10, colour_name="Vert")
    return event


@pytest.fixture
def user(db):
    return UserFactory(email="camille.martin@example.org")


@pytest.fixture
def logged(client, user):
    client.force_login(user)
    return client


def url(event):
    return reverse("registrations:register", args=[event.slug])


def valid_post(event, **overrides):
    codev = event.slots.get(kind=SlotKind.WORKSHOPS).workshops.get(number=1)
    return {
        "civility": "mme",
        "first_name": "Camille",
        "last_name": "MARTIN",
        "organisation": "Ville de Tomblaine",
        "function": "Cheffe de projet",
        "category": "collectivite",
        "territory": "Meurthe-et-Moselle",
        "phone": "06 01 02 03 04",
        f"slot_{codev.slot_id}": str(codev.pk),
        "privacy": "on",
        **overrides,
    }


def test_register_needs_login(client, event):
    response = client.get(url(event))
    assert response.status_code == 302
    assert response["Location"] == f"/compte/login/?next={url(event)}"


def test_register_form_shows_ateliers_with_places_and_full_ones_disabled(logged, event):
    codev = event.slots.get(kind=SlotKind.WORKSHOPS).workshops.get(number=1)
    register(event, "autre@example.org", workshops=[codev])
    html = logged.get(url(event)).content.decode()
    assert "Codéveloppement — Bleu — Salle Chardon — complet" in html
    assert "Serious Game — Vert — 10 places restantes" in html
    radios = re.findall(r'<input type="radio"[^>]*name="slot_\d+"[^>]*>', html)
    assert [("disabled" in r, f'value="{codev.pk}"' in r) for r in radios] == [
        (True, True),
        (False, False),
    ]
    assert "Encore 49 places sur place." in html
    assert re.search(r'<input type="tel" name="phone"[^>]*autocomplete="tel"', html)
    assert re.search(r'name="last_name"[^>]*autocomplete="family-name"', html)
    assert "camille.martin@example.org" in html


def test_register_valid_post_confirms_and_redirects(logged, event, user):
    response = logged.post(url(event), valid_post(event))
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == registration.get_manage_url()
    assert (registration.email, registration.status, registration.user) == (
        "camille.martin@example.org", RegistrationStatus.CONFIRMED, user,
    )  # fmt: skip
    assert [c.workshop.title for c in registration.choices.all()] == ["Codéveloppement"]
    assert Profile.objects.get(user=user).organisation == "Ville de Tomblaine"
    page = logged.get(registration.get_manage_url()).content.decode()
    assert "Confirmée" in page
    assert "13h30 : Codéveloppement — Salle Chardon" in page


def test_register_prefills_from_profile(logged, event, user):
    Profile.objects.create(
        user=user, first_name="Camille", last_name="MARTIN", organisation="CA Forbach",
        category="collectivite",
    )  # fmt: skip
    html = logged.get(url(event)).content.decode()
    assert 'value="CA Forbach"' in html


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"first_name": ""}, "first_name", "Ce champ est obligatoire."),
        ({"last_name": "X" * 101}, "last_name", "au plus 100 caractères"),
        ({"first_name": "<script>alert(1)</script>"}, "first_name",
         "Les caractères &lt; et &gt; ne sont pas acceptés."),
        ({"organisation": '<img src="http://127.0.0.1/x">'}, "organisation",
         "Les caractères &lt; et &gt; ne sont pas acceptés."),
        ({"category": "inconnue"}, "category", "Sélectionnez un choix valide."),
        ({"privacy": ""}, "privacy", "Merci de confirmer avoir lu la notice."),
    ],
)  # fmt: skip
def test_register_bad_input_redisplays_with_data_kept(logged, event, overrides, field, message):
    data = valid_post(event, **overrides)
    response = logged.post(url(event), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    html = response.content.decode()
    assert message in html
    assert 'value="Ville de Tomblaine"' in html or field == "organisation"
    assert "Le formulaire contient des erreurs" in html
    assert Registration.objects.count() == 0


def test_register_atelier_from_another_event_is_refused(logged, event):
    slot = event.slots.get(kind=SlotKind.WORKSHOPS)
    other = WorkshopFactory()
    response = logged.post(url(event), valid_post(event, **{f"slot_{slot.pk}": str(other.pk)}))
    assert response.context["form"].errors[f"slot_{slot.pk}"] == ["Cet atelier n'existe pas."]
    assert Registration.objects.count() == 0


def test_register_full_atelier_by_tampered_post_is_refused(logged, event):
    codev = event.slots.get(kind=SlotKind.WORKSHOPS).workshops.get(number=1)
    register(event, "autre@example.org", workshops=[codev])
    response = logged.post(url(event), valid_post(event))
    assert response.context["form"].errors[f"slot_{codev.slot_id}"] == [
        "Cet atelier est complet : choisissez-en un autre."
    ]
    assert response.context["form"]["first_name"].value() == "Camille"
    assert Registration.objects.count() == 1


def test_register_atelier_is_required_on_site(logged, event):
    slot = event.slots.get(kind=SlotKind.WORKSHOPS)
    response = logged.post(url(event), valid_post(event, **{f"slot_{slot.pk}": ""}))
    assert response.context["form"].errors[f"slot_{slot.pk}"] == ["Choisissez un atelier."]


def test_register_twice_points_to_the_existing_registration(logged, event):
    existing = register(event, "camille.martin@example.org")
    response = logged.get(url(event), follow=True)
    assert response.redirect_chain[-1][0] == existing.get_manage_url()
    assert "Vous êtes déjà inscrit·e à cet événement." in response.content.decode()


def test_register_when_full_says_waiting_list(logged, event):
    event.onsite_capacity = 0
    event.save()
    html = logged.get(url(event)).content.decode()
    assert "Complet : vous serez inscrit·e sur la liste d&#x27;attente." in html or (
        "Complet : vous serez inscrit·e sur la liste d'attente." in html
    )
    logged.post(url(event), valid_post(event))
    assert Registration.objects.get().status == RegistrationStatus.WAITING


def test_register_closed_event_redirects_with_message(logged):
    event = EventFactory(registration_mode=RegistrationMode.LATER)
    response = logged.get(url(event), follow=True)
    assert "Les inscriptions à cet événement ne sont pas ouvertes." in response.content.decode()


def test_event_page_panel_follows_the_state(client, logged, event):
    html = client.get(event.get_absolute_url()).content.decode()
    assert (
        f'href="{url(event)}">M&#x27;inscrire</a>' in html
        or f'href="{url(event)}">M\'inscrire</a>' in html
    )
    register(event, "camille.martin@example.org")
    html = logged.get(event.get_absolute_url()).content.decode()
    assert "Vous êtes inscrit·e : confirmée." in html


def test_cancel_by_token_without_login(client, event):
    registration = register(event, "a@example.org")
    cancel_url = reverse("registrations:cancel", args=[registration.token])
    assert "Oui, annuler mon inscription" in client.get(cancel_url).content.decode()
    response = client.post(cancel_url, follow=True)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    assert "Votre inscription est annulée." in response.content.decode()
    assert client.get("/inscription/jeton-invalide/annuler/").status_code == 404


def test_change_ateliers_page(client, event):
    slot = event.slots.get(kind=SlotKind.WORKSHOPS)
    codev, game = slot.workshops.order_by("number")
    registration = register(event, "a@example.org", workshops=[game])
    change_url = reverse("registrations:change_workshops", args=[registration.token])
    html = client.get(change_url).content.decode()
    assert "Serious Game — Vert — 9 places restantes" in html
    response = client.post(change_url, {f"slot_{slot.pk}": str(codev.pk)})
    assert response.status_code == 302
    assert [c.workshop for c in registration.choices.all()] == [codev]


def test_my_space_lists_registrations_and_updates_profile(logged, event, user):
    register(event, "camille.martin@example.org", user=user)
    past = EventFactory(date=dt.date(2025, 10, 2), title="Journée passée")
    Registration.objects.create(
        event=past, email="camille.martin@example.org", first_name="Camille",
        last_name="MARTIN", organisation="X", category="autre", status="confirmed",
    )  # fmt: skip
    response = logged.get(reverse("registrations:my_space"))
    assert [r.event for r in response.context["upcoming"]] == [event]
    assert [r.event for r in response.context["past"]] == [past]
    response = logged.post(
        reverse("registrations:my_space"),
        {"first_name": "Camille", "last_name": "<b>MARTIN</b>", "organisation": "ORIV",
         "category": "centre_ressources"},
    )  # fmt: skip
    assert response.status_code == 200
    assert 'value="ORIV"' in response.content.decode()
    response = logged.post(
        reverse("registrations:my_space"),
        {"first_name": "Camille", "last_name": "MARTIN", "organisation": "ORIV",
         "category": "centre_ressources"},
    )  # fmt: skip
    assert response.status_code == 302
    assert Profile.objects.get(user=user).organisation == "ORIV"
