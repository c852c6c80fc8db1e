"""The registration page (confirmation after registering, everything given, changes through
registration_update), the waiting-list wish on the form, and the error summaries."""

import datetime as dt
import re
from html import unescape

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events.enums import LunchOption, RegistrationMode, SlotKind
from registrations.enums import Attendance, RegistrationStatus
from registrations.models import Registration
from tests.factories import EventFactory, ProgrammeSlotFactory, UserFactory, WorkshopFactory

from .helpers import register

pytestmark = pytest.mark.django_db

S = RegistrationStatus
WISH = (
    "si une place se libère, vous serez inscrit·e ; l'atelier choisi vous sera attribué "
    "s'il a encore de la place, sinon vous pourrez en choisir un autre."
)


@pytest.fixture
def event():
    event = EventFactory(
        onsite_capacity=2, remote_attendance=True, lunch=LunchOption.OFFERED,
        title="Journée régionale de démonstration",
    )  # fmt: skip
    slot = ProgrammeSlotFactory(
        event=event, kind=SlotKind.WORKSHOPS, start=dt.time(13, 30), end=dt.time(15),
        title="Testons les coopérations",
    )  # fmt: skip
    WorkshopFactory(slot=slot, number=1, title="Codéveloppement", capacity=1)
    WorkshopFactory(slot=slot, number=2, title="Serious Game", capacity=10)
    return event


@pytest.fixture
def codev(event):
    return event.slots.get(kind=SlotKind.WORKSHOPS).workshops.get(number=1)


@pytest.fixture
def logged(client):
    client.force_login(UserFactory(email="camille.martin@example.org"))
    return client


def main_of(response):
    html = unescape(response.content.decode())
    return html[html.index("<main") : html.index("</main>")]


def registration_post(event, **overrides):
    return {
        "first_name": "Camille", "last_name": "MARTIN", "organisation": "Ville de Tomblaine",
        "category": "collectivite", "attendance": "on_site", "privacy": "on",
        **overrides,
    }  # fmt: skip


def edit_post(registration, **overrides):
    data = {
        "attendance": registration.attendance,
        "lunch": "on" if registration.lunch else "",
        "accessibility_needs": registration.accessibility_needs,
        "diet": registration.diet,
        "image_consent": "on" if registration.image_consent else "",
        "list_consent": "on" if registration.list_consent else "",
        **overrides,
    }
    return {key: value for key, value in data.items() if value != ""}


# --- Confirmation right after registering ---------------------------------------------------


def test_confirmation_after_registering_then_gone(
    logged, event, codev, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = logged.post(
            reverse("registrations:register", args=[event.slug]),
            registration_post(event, **{f"slot_{codev.slot_id}": str(codev.pk)}),
            follow=True,
        )

    registration = Registration.objects.get()
    main = main_of(response)
    panel = main[main.index('<section class="confirmation') : main.index("</section>")]
    assert 'role="status"' in panel
    assert "data-focus-on-load" in panel
    assert "C'est fait : votre inscription est confirmée." in panel
    assert (
        "Un courriel récapitulatif vient d'être envoyé à <strong>camille.martin@example.org"
        "</strong>." in panel
    )
    assert f'href="/inscription/{registration.token}/agenda.ics"' in panel
    assert [m.subject for m in mail.outbox] == [
        "Inscription confirmée : Journée régionale de démonstration"
    ]
    again = logged.get(registration.get_manage_url())
    assert "C'est fait" not in main_of(again)


def test_confirmation_on_the_waiting_list_keeps_the_atelier_as_a_wish(logged, event, codev):
    register(event, "a@example.org", workshops=[codev])  # codev full
    register(event, "b@example.org")  # event full on site
    form_page = logged.get(reverse("registrations:register", args=[event.slug]))
    html = form_page.content.decode()
    radio = re.search(rf'<input type="radio"[^>]*value="{codev.pk}"[^>]*>', html).group(0)
    assert "disabled" not in radio
    assert "Codéveloppement — Bleu — complet (souhait possible)" in unescape(html)
    assert WISH in unescape(html)

    response = logged.post(
        reverse("registrations:register", args=[event.slug]),
        registration_post(event, **{f"slot_{codev.slot_id}": str(codev.pk)}),
        follow=True,
    )

    registration = Registration.objects.get(email="camille.martin@example.org")
    assert registration.status == S.WAITING
    assert [c.workshop for c in registration.choices.all()] == [codev]
    main = main_of(response)
    assert "Vous êtes inscrit·e sur la liste d'attente." in main
    assert (
        "L'atelier choisi vous sera attribué s'il a encore de la place, sinon vous pourrez "
        "en choisir un autre." in main
    )
    assert "Ateliers souhaités" in main


def test_full_atelier_still_disabled_while_the_event_has_seats(logged, event, codev):
    register(event, "a@example.org", workshops=[codev])
    html = logged.get(reverse("registrations:register", args=[event.slug])).content.decode()
    radio = re.search(rf'<input type="radio"[^>]*value="{codev.pk}"[^>]*>', html).group(0)
    assert "disabled" in radio


# --- The registration page shows everything and lets it change ------------------------------


def test_manage_page_shows_everything_given(client, event, codev):
    registration = register(
        event, "a@example.org", workshops=[codev], lunch=True, diet="Végétarien",
        accessibility_needs="", image_consent=True, list_consent=False, phone="0601020304",
    )  # fmt: skip
    main = main_of(client.get(registration.get_manage_url()))
    for text in (
        "<dt>Participation</dt><dd>Sur place</dd>",
        "<dt>Déjeuner sur place</dt><dd>oui</dd>",
        "<dt>Besoins d'accessibilité</dt><dd>aucun indiqué</dd>",
        "<dt>Régime alimentaire</dt><dd>Végétarien</dd>",
        "<dt>Droit à l'image</dt><dd>accord donné</dd>",
        "<dt>Liste des participant·es</dt><dd>pas d'accord</dd>",
        "<dt>Téléphone</dt><dd>0601020304</dd>",
        "<dt>Adresse électronique</dt><dd>a@example.org</dd>",
        "13h30 : Codéveloppement",
        "Modifier mon inscription",
    ):
        assert text in main, text


def test_manage_page_update_saves_through_the_service(
    client, event, django_capture_on_commit_callbacks
):
    registration = register(event, "a@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            registration.get_manage_url(),
            edit_post(registration, lunch="on", diet="Sans gluten", list_consent="on"),
            follow=True,
        )
    registration.refresh_from_db()
    assert (registration.lunch, registration.diet, registration.list_consent) == (
        True, "Sans gluten", True,
    )  # fmt: skip
    assert (
        "Vos modifications sont enregistrées. Un courriel récapitulatif vous a été envoyé."
        in main_of(response)
    )
    assert [m.subject for m in mail.outbox] == [
        "Inscription modifiée : Journée régionale de démonstration"
    ]


def test_manage_page_unchanged_post_sends_nothing(client, event):
    registration = register(event, "a@example.org")
    response = client.post(registration.get_manage_url(), edit_post(registration), follow=True)
    assert "Rien n'a changé : votre inscription est inchangée." in main_of(response)
    assert mail.outbox == []


def test_manage_page_on_site_when_full_is_refused_with_data_kept(client, event):
    register(event, "a@example.org")
    register(event, "b@example.org")
    remote = register(event, "c@example.org", attendance=Attendance.REMOTE)

    response = client.post(
        remote.get_manage_url(), edit_post(remote, attendance="on_site", diet="Sans porc")
    )

    assert response.status_code == 200
    main = main_of(response)
    summary = main[
        main.index('id="form-errors"') : main.index("</div>", main.index('id="form-errors"'))
    ]
    assert "Il n'y a plus de place sur place : vous restez inscrit·e à distance." in summary
    assert "Sans porc</textarea>" in main
    remote.refresh_from_db()
    assert (remote.attendance, remote.diet) == (Attendance.REMOTE, "")


def test_manage_page_of_a_past_event_has_no_form_and_refuses_a_post(client, event):
    registration = register(event, "a@example.org")
    event.date = timezone.localdate() - dt.timedelta(days=1)
    event.save()

    page = main_of(client.get(registration.get_manage_url()))
    assert "Modifier mon inscription" not in page
    response = client.post(registration.get_manage_url(), {"lunch": "on"}, follow=True)
    assert "Cette inscription ne peut plus être modifiée." in main_of(response)
    registration.refresh_from_db()
    assert registration.lunch is False


# --- Error summaries ------------------------------------------------------------------------


def summary_links(response):
    main = main_of(response)
    opening = re.search(r'<div[^>]*id="form-errors"[^>]*>', main)
    assert "data-focus-on-load" in opening.group(0)
    summary = main[opening.start() : main.index("</div>", opening.start())]
    return re.findall(r'<a href="(#[^"]+)">([^<]+)</a>', summary)


def test_error_summary_on_the_registration_form(logged, event, codev):
    response = logged.post(
        reverse("registrations:register", args=[event.slug]),
        registration_post(event, first_name="", privacy=""),
    )
    assert summary_links(response) == [
        ("#id_first_name", "Prénom : Ce champ est obligatoire."),
        (f"#id_slot_{codev.slot_id}_0",
         "13h30 – Testons les coopérations : Choisissez un atelier."),
        ("#id_privacy", "J'ai lu la notice d'information sur mes données personnelles : "
                        "Merci de confirmer avoir lu la notice."),
    ]  # fmt: skip
    html = response.content.decode()
    assert 'id="id_first_name"' in html
    assert f'id="id_slot_{codev.slot_id}_0"' in html


def test_error_summary_on_the_registration_page_form(client, event):
    registration = register(event, "a@example.org")
    response = client.post(registration.get_manage_url(), edit_post(registration, attendance="x"))
    [(anchor, text)] = summary_links(response)
    assert anchor == "#id_attendance_0"
    assert text.startswith("Participation : Sélectionnez un choix valide.")
    assert 'id="id_attendance_0"' in response.content.decode()


def test_error_summary_on_the_profile_form(logged):
    response = logged.post(reverse("registrations:my_space"), {"first_name": "Camille"})
    links = summary_links(response)
    assert ("#id_last_name", "Nom : Ce champ est obligatoire.") in links
    assert 'id="id_last_name"' in response.content.decode()


def test_error_summary_on_the_opening_notice_form(client):
    event = EventFactory(registration_mode=RegistrationMode.LATER)
    response = client.post(
        reverse("registrations:opening_notice", args=[event.slug]), {"email": "pas-une-adresse"}
    )
    assert summary_links(response) == [
        (
            "#id_email",
            "Votre adresse électronique : Saisissez une adresse électronique valide, par "
            "exemple nom@exemple.fr.",
        )
    ]


def test_error_summary_on_the_walk_in_form(organiser_user, client):
    event = EventFactory()
    organiser_client = client
    organiser_client.force_login(organiser_user)
    url = reverse("backoffice:walk_in", kwargs={"slug": event.slug})
    response = organiser_client.post(url, {"first_name": "Inès", "demi": "matin"})
    links = summary_links(response)
    assert ("#id_last_name", "Nom : Ce champ est obligatoire.") in links
    assert 'id="id_last_name"' in response.content.decode()
