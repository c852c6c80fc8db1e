"""The list of participants on the event page: names for confirmed registrants (signed in)
and for the staff who may see the event's people; a count for everyone else — as the
consent on the registration form says."""

import html

import pytest
from django.urls import reverse
from django.utils.html import escape

from events.enums import TeamRole
from registrations.forms import RegistrationForm
from tests.factories import EventFactory, RegistrationFactory, TeamMemberFactory, UserFactory

pytestmark = pytest.mark.django_db

COUNT_2 = (
    "2 participant·es ont accepté de figurer sur la liste ; elle est visible des inscrit·es "
    "confirmé·es, une fois connecté·es."
)
NAMES = ("<li>Inès HADDAD — Ville de Metz</li>", "<li>Paul ROY — CAF de la Moselle</li>")


@pytest.fixture
def event():
    """Two confirmed participants who agreed to be listed, and others who are not listed."""
    event = EventFactory(onsite_capacity=100)
    listed = {"event": event, "list_consent": True}
    RegistrationFactory(
        **listed, first_name="Inès", last_name="HADDAD", organisation="Ville de Metz"
    )
    RegistrationFactory(
        **listed, first_name="Paul", last_name="ROY", organisation="CAF de la Moselle"
    )
    RegistrationFactory(event=event, last_name="SANSACCORD", list_consent=False)
    RegistrationFactory(**listed, last_name="ENATTENTE", status="waiting")
    RegistrationFactory(**listed, last_name="AVALIDER", status="pending")
    RegistrationFactory(**listed, last_name="ANNULEE", status="cancelled")
    RegistrationFactory(list_consent=True, last_name="AILLEURS")  # another event
    return event


def page(client, event, user=None) -> str:
    if user is not None:
        client.force_login(user)
    return client.get(event.get_absolute_url()).content.decode()


def assert_names_shown(html):
    for name in NAMES:
        assert name in html
    for hidden in ("SANSACCORD", "ENATTENTE", "AVALIDER", "ANNULEE", "AILLEURS"):
        assert hidden not in html
    assert COUNT_2 not in html


def assert_count_only(html):
    assert escape(COUNT_2) in html or COUNT_2 in html
    for name in ("HADDAD", "ROY", "Ville de Metz", "CAF de la Moselle"):
        assert name not in html


def registrant(event, status):
    user = UserFactory()
    RegistrationFactory(event=event, email=user.email, user=user, status=status)
    return user


def test_participant_list_anonymous_sees_the_count_and_a_login_link(client, event):
    html = page(client, event)
    assert_count_only(html)
    assert "Me connecter pour voir la liste" in html


def test_participant_list_signed_in_without_registration_sees_the_count(client, event):
    html = page(client, event, UserFactory())
    assert_count_only(html)
    assert "Me connecter pour voir la liste" not in html


def test_participant_list_confirmed_registrant_sees_the_names(client, event):
    assert_names_shown(page(client, event, registrant(event, "confirmed")))


def test_participant_list_registrant_email_matched_case_insensitively(client, event):
    user = UserFactory(email="Camille.Martin@Example.org")
    RegistrationFactory(event=event, email="camille.martin@example.org", status="confirmed")
    assert_names_shown(page(client, event, user))


@pytest.mark.parametrize("status", ["waiting", "pending", "cancelled"])
def test_participant_list_unconfirmed_registrant_sees_the_count(client, event, status):
    assert_count_only(page(client, event, registrant(event, status)))


def test_participant_list_confirmed_registrant_of_another_event_sees_the_count(client, event):
    assert_count_only(page(client, event, registrant(EventFactory(), "confirmed")))


@pytest.mark.parametrize("role", [TeamRole.ADMIN, TeamRole.MANAGER])
def test_participant_list_staff_of_the_organiser_sees_the_names(client, event, role):
    member = TeamMemberFactory(organiser=event.organiser, role=role)
    assert_names_shown(page(client, event, member.user))


def test_participant_list_staff_of_the_event_only_sees_the_names(client, event):
    member = TeamMemberFactory(organiser=event.organiser, event=event, role=TeamRole.MANAGER)
    assert_names_shown(page(client, event, member.user))


def test_participant_list_superuser_sees_the_names(client, event):
    assert_names_shown(page(client, event, UserFactory(is_superuser=True, is_staff=True)))


def test_participant_list_staff_of_another_organiser_sees_the_count(client, event):
    member = TeamMemberFactory(role=TeamRole.ADMIN)  # its own organiser
    assert_count_only(page(client, event, member.user))


@pytest.mark.parametrize("role", [TeamRole.PARTNER, TeamRole.DOOR])
def test_participant_list_staff_without_people_access_sees_the_count(client, event, role):
    member = TeamMemberFactory(organiser=event.organiser, role=role)
    assert_count_only(page(client, event, member.user))


def test_participant_list_one_person_is_singular(client):
    event = EventFactory()
    RegistrationFactory(event=event, list_consent=True)
    assert (
        "1 participant·e a accepté de figurer sur la liste ; elle est visible des inscrit·es "
        "confirmé·es, une fois connecté·es."
    ) in page(client, event)


def test_participant_list_hidden_when_nobody_agreed(client):
    event = EventFactory()
    RegistrationFactory(event=event, list_consent=False)
    assert 'id="participants"' not in page(client, event)
    assert 'id="participants"' not in page(client, event, registrant(event, "confirmed"))


def test_registration_form_consent_states_who_sees_the_list(client):
    event = EventFactory()
    field = RegistrationForm(event=event).fields["list_consent"]
    assert field.label == (
        "J'accepte que mon nom et ma structure figurent sur la liste des participant·es de "
        "l'événement."
    )
    assert field.help_text == (
        "Elle est visible, sur la page de l'événement, des inscrit·es confirmé·es une fois "
        "connecté·es, et de l'équipe organisatrice. Vous y figurez une fois votre inscription "
        "confirmée."
    )
    client.force_login(UserFactory())
    form_page = client.get(reverse("registrations:register", args=[event.slug]))
    assert str(field.help_text) in html.unescape(form_page.content.decode())


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize(
    ("viewer", "queries"),
    [
        # session, user, the event's id for its slug (remembered in the cache afterwards),
        # the event row of the live parts (backoffice/views/event_page.py), 10 for the
        # programme, the visitor's registration, the names
        ("confirmed", 16),
        # … and the staff roles (VIEW_PEOPLE) of someone not confirmed, then the count
        ("nobody", 17),
        ("staff", 17),
    ],
)
def test_participant_list_query_count_does_not_grow(
    client, django_assert_num_queries, count, viewer, queries
):
    from tests.events.test_pages import make_full_event

    event = make_full_event()
    for _ in range(count):
        RegistrationFactory(event=event, list_consent=True)
    if viewer == "confirmed":
        user = registrant(event, "confirmed")
    elif viewer == "staff":
        user = TeamMemberFactory(organiser=event.organiser).user
    else:
        user = UserFactory()
    client.force_login(user)
    with django_assert_num_queries(queries):
        response = client.get(event.get_absolute_url())
    assert response.status_code == 200
