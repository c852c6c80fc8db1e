"""The "Groupes de travail" admin page, the list per group (PDF) and the group on badges."""

import io

import pypdf
import pytest
from django.urls import reverse

from backoffice import documents
from registrations.models import Registration, WorkingGroup, WorkshopChoice
from tests.factories import (
    EventFactory,
    RegistrationFactory,
    TeamMemberFactory,
    UserFactory,
    WorkingGroupFactory,
)

from .test_badges import Day

pytestmark = pytest.mark.django_db


def page_url(event):
    return reverse("admin:events_event_working_groups", args=[event.pk])


def action_url(event, action, *args):
    return reverse(f"admin:events_event_working_groups_{action}", args=[event.pk, *args])


def pdf_url(event):
    return reverse("backoffice:working_groups_pdf", args=[event.slug])


def pages_text(pdf: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture
def event():
    event = EventFactory(slug="journee-2025", title="Concevoir des coopérations")
    for last_name, organisation, category in [
        ("FONTIER", "SGARE Grand Est", "dreets_ddets_sgar"),
        ("BACHET", "DREETS Grand Est", "dreets_ddets_sgar"),
        ("MORAT", "Grand Chambéry", "elu_intercommunal"),
        ("DURAND", "Grand Chambéry", "collectivite"),
    ]:
        RegistrationFactory(
            event=event, last_name=last_name, organisation=organisation, category=category
        )
    return event


def test_working_groups_urls():
    assert reverse("backoffice:working_groups_pdf", args=["x"]) == (
        "/staff/evenements/x/groupes.pdf"
    )


def test_working_groups_page_anonymous_redirected_to_login(client, event):
    for url in (page_url(event), pdf_url(event)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_working_groups_page_non_staff_forbidden(client, event):
    client.force_login(UserFactory(username="habitant"))
    assert client.get(page_url(event)).status_code == 403
    assert client.get(pdf_url(event)).status_code == 403


def test_working_groups_page_forbidden_to_a_partner_of_the_event(client, event):
    client.force_login(TeamMemberFactory(organiser=event.organiser, role="partner").user)
    assert client.get(page_url(event)).status_code == 403
    assert client.post(action_url(event, "assign"), {"count": 2}).status_code == 403
    assert not WorkingGroup.objects.exists()


def test_working_groups_page_for_the_organising_team(organiser_client, event):
    response = organiser_client.get(page_url(event))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Répartir les participant·es en groupes mixtes" in html
    assert "4 participant·es confirmé·es sur place." in html
    assert "Répartir à nouveau recalcule toutes les affectations" in html
    change = organiser_client.get(reverse("admin:events_event_change", args=[event.pk]))
    assert (
        f'<a href="{page_url(event)}" class="button working-groups">Groupes de travail</a>'
        in change.content.decode()
    )


def test_working_groups_page_post_assigns(organiser_client, event):
    response = organiser_client.post(
        action_url(event, "assign"), {"count": 2, "capacity": ""}, follow=True
    )
    assert response.redirect_chain == [(page_url(event), 302)]
    html = response.content.decode()
    assert "Participant·es réparti·es en 2 groupes." in html
    assert [
        sorted(Registration.objects.filter(working_group=g).values_list("last_name", flat=True))
        for g in WorkingGroup.objects.filter(event=event)
    ] == [["BACHET", "MORAT"], ["DURAND", "FONTIER"]]
    # The mix of each group is shown.
    assert html.count("Élu·es : 1 · État : 1") == 1
    assert html.count("État : 1 · Collectivités : 1") == 1
    assert f'href="{pdf_url(event)}"' in html


def test_working_groups_page_too_few_seats_shows_french_error(organiser_client, event):
    response = organiser_client.post(action_url(event, "assign"), {"count": 1, "capacity": 3})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Pas assez de places : 3 places pour 4 personnes." in html
    assert 'name="count" value="1"' in html  # the form is shown again as typed
    assert not WorkingGroup.objects.exists()


def test_working_groups_page_invalid_count_redisplayed(organiser_client, event):
    response = organiser_client.post(action_url(event, "assign"), {"count": 0})
    assert response.status_code == 200
    assert "Assurez-vous que cette valeur est supérieure ou égale à 1." in response.content.decode()
    assert not WorkingGroup.objects.exists()


def test_working_groups_page_move_and_rename(organiser_client, event):
    one = WorkingGroupFactory(event=event, number=1, capacity=1)
    two = WorkingGroupFactory(event=event, number=2)
    fontier, bachet = (Registration.objects.get(last_name=n) for n in ("FONTIER", "BACHET"))
    fontier.working_group = one
    fontier.save()

    response = organiser_client.post(
        action_url(event, "move"), {"registration": bachet.pk, "group": one.pk}
    )
    assert response.status_code == 200
    assert "Le groupe « Groupe 1 » est complet (1 place)." in response.content.decode()

    response = organiser_client.post(
        action_url(event, "move"),
        {"registration": fontier.pk, "group": two.pk},
        follow=True,
    )
    assert "Camille FONTIER est maintenant dans le groupe « Groupe 2 »." in (
        response.content.decode()
    )
    fontier.refresh_from_db()
    assert fontier.working_group == two

    organiser_client.post(
        action_url(event, "rename", two.pk),
        {f"group-{two.pk}-name": "Les Bâtisseurs",
         f"group-{two.pk}-room": "Salle Gruber"},
    )  # fmt: skip
    two.refresh_from_db()
    assert (two.name, two.room) == ("Les Bâtisseurs", "Salle Gruber")


def test_working_groups_page_fills_ateliers(organiser_client):
    day = Day(slug="journee-2025")
    chose = day.participant("Zoé", "FONTIER", day.blue)
    without = day.participant("Nicolas", "BACHET")
    html = organiser_client.get(page_url(day.event)).content.decode()
    assert "1 personne sans atelier" in html  # at 13h30
    assert "2 personnes sans atelier" in html  # at 11h30

    response = organiser_client.post(
        action_url(day.event, "fill"), {"slot": day.blue.slot_id}, follow=True
    )
    assert "1 personne a reçu un atelier." in response.content.decode()
    # The yellow atelier is emptier than the blue one.
    assert WorkshopChoice.objects.get(registration=without).workshop == day.yellow
    assert WorkshopChoice.objects.filter(registration=chose).count() == 1


def test_registration_changelist_filters_by_working_group(organiser_client, event):
    group = WorkingGroupFactory(event=event, number=1)
    Registration.objects.filter(last_name="MORAT").update(working_group=group)
    changelist = reverse("admin:registrations_registration_changelist")
    response = organiser_client.get(changelist, {"working_group": group.pk})
    assert [r.last_name for r in response.context["cl"].result_list] == ["MORAT"]
    response = organiser_client.get(changelist, {"working_group": "none"})
    assert [r.last_name for r in response.context["cl"].result_list] == [
        "BACHET", "DURAND", "FONTIER",
    ]  # fmt: skip
    response = organiser_client.get(changelist, {"event__id__exact": event.pk})
    assert "Groupe 1" in response.content.decode()


def test_working_groups_pdf_lists_each_group_on_its_pages(organiser_client, event):
    one = WorkingGroupFactory(event=event, number=1, name="Les Bâtisseurs", room="Salle Gruber")
    two = WorkingGroupFactory(event=event, number=2)
    for last_name, group in [("MORAT", one), ("FONTIER", one), ("BACHET", two)]:
        Registration.objects.filter(last_name=last_name).update(working_group=group)
    RegistrationFactory(event=event, last_name="ANNULE", status="cancelled", working_group=one)

    response = organiser_client.get(pdf_url(event), follow=True)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="groupes-journee-2025.pdf"'
    pages = pages_text(response.content)
    assert len(pages) == 3
    assert "Groupe 1 — Les Bâtisseurs Salle Gruber 2 participant·es" in pages[0]
    assert "FONTIER Camille SGARE Grand Est MORAT Camille Grand Chambéry" in pages[0]
    assert "ANNULE" not in pages[0]
    assert "Groupe 2 1 participant·e" in pages[1]
    assert "BACHET Camille DREETS Grand Est" in pages[1]
    assert "FONTIER" not in pages[1]
    assert "Sans groupe 1 participant·e" in pages[2]
    assert "DURAND Camille Grand Chambéry" in pages[2]


def test_badge_shows_the_working_group():
    day = Day(slug="journee-2025")
    group = WorkingGroupFactory(event=day.event, number=3, room="Salle Chardon")
    day.participant("Zoé", "FONTIER", day.blue, working_group=group)
    day.participant("Nicolas", "BACHET")
    badges = [documents.Badge.of(r) for r in documents.printed_registrations(day.event)]
    assert [(b.last_name, b.group, b.group_room) for b in badges] == [
        ("BACHET", "", ""),
        ("FONTIER", "Groupe 3", "Salle Chardon"),
    ]
    for badge_format in ("a4", "a6"):
        pages = pages_text(documents.badges_pdf(event=day.event, badge_format=badge_format))
        text = " ".join(pages)
        assert "Groupe 3 Salle Chardon" in text
        assert text.count("Groupe") == 1
