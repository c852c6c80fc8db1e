"""The organiser's registration questions on the staff side: the event page's inline, copying
from another event or the standard questions, the standard questions' page, the answers on a
registration's page, and one column per question in the participant exports."""

import pytest
from django.urls import reverse

from backoffice.exports import participants_csv, participants_rows, participants_xlsx
from events.models import Event
from registrations import services
from registrations.enums import PersonalDataAction, QuestionKind
from registrations.models import (
    Answer,
    PersonalDataAccess,
    Question,
    Registration,
    StandardQuestion,
)
from tests.factories import EventFactory, OrganiserFactory, TeamMemberFactory

from .test_event_admin import event_form, inline
from .test_participant_exports import read_csv, read_xlsx

pytestmark = pytest.mark.django_db

K = QuestionKind


def question_row(**values):
    return {
        "order": "0", "label": "", "kind": "short_text", "choices": "", "help_text": "",
        "audience": "", **values,
    }  # fmt: skip


def test_organiser_adds_two_questions_to_an_event(organiser_client):
    data, _venue = event_form(**inline("slots", []))
    data.update(
        inline(
            "questions",
            [
                question_row(order="1", label="Quel contrat de ville représentez-vous ?",
                             required="on"),
                question_row(order="2", label="Visite de site l'après-midi ?", kind="yes_no",
                             audience="on_site", sensitive=""),
            ],
        )
    )  # fmt: skip

    response = organiser_client.post(reverse("admin:events_event_add"), data)

    assert response.status_code == 302
    event = Event.objects.get()
    assert list(event.questions.values_list("label", "kind", "required", "audience")) == [
        ("Quel contrat de ville représentez-vous ?", "short_text", True, ""),
        ("Visite de site l'après-midi ?", "yes_no", False, "on_site"),
    ]


def test_a_choice_question_without_choices_is_refused_in_french(organiser_client):
    data, _venue = event_form(**inline("slots", []))
    data.update(inline("questions", [question_row(label="Vous venez", kind="single_choice")]))

    response = organiser_client.post(reverse("admin:events_event_add"), data)

    assert response.status_code == 200
    assert "Proposez au moins deux réponses, une par ligne." in response.content.decode()
    assert Event.objects.count() == 0


def test_event_page_says_how_many_answered_each_question(organiser_client):
    event = EventFactory()
    question = Question.objects.create(event=event, label="Contrat ?", kind=K.SHORT_TEXT)
    registration = answered(event, {question.pk: "Metz"})
    assert registration.answers.count() == 1

    html = organiser_client.get(reverse("admin:events_event_change", args=[event.pk]))
    content = html.content.decode()
    assert "1 réponse : la modifier ou la supprimer garde la réponse avec son libellé." in content
    assert reverse("admin:events_event_copy_questions", args=[event.pk]) in content


def answered(event, answers, email="zoe@example.org", **data):
    return services.registration_create(
        event=event,
        data={
            "email": email, "first_name": "Zoé", "last_name": "FONTIER", "organisation": "SGARE",
            "category": "autre", "attendance": "on_site", **data,
        },
        answers=answers,
    )  # fmt: skip


# --- Copying questions ---------------------------------------------------------------------


def test_copy_questions_from_another_event(organiser_client):
    organiser = OrganiserFactory()
    source = EventFactory(organiser=organiser, title="Journée 2024")
    Question.objects.create(event=source, order=2, label="B ?", kind=K.YES_NO, required=True)
    Question.objects.create(
        event=source, order=1, label="A ?", kind=K.SINGLE_CHOICE, choices="Oui\nNon",
        audience="remote", sensitive=True,
    )  # fmt: skip
    event = EventFactory(organiser=organiser)
    Question.objects.create(event=event, order=5, label="Déjà là ?", kind=K.SHORT_TEXT)
    url = reverse("admin:events_event_copy_questions", args=[event.pk])

    page = organiser_client.get(url)
    assert [label for _value, label in page.context["form"].fields["source"].choices] == [
        "---------",
        f"Journée 2024 du {source.date:%d/%m/%Y} (2 questions)",
    ]
    response = organiser_client.post(url, {"source": f"event-{source.pk}"}, follow=True)

    assert "2 questions copiées." in response.content.decode()
    assert list(
        event.questions.values_list("order", "label", "kind", "choices", "required", "audience",
                                    "sensitive")
    ) == [
        (5, "Déjà là ?", "short_text", "", False, "", False),
        (6, "A ?", "single_choice", "Oui\nNon", False, "remote", True),
        (7, "B ?", "yes_no", "", True, "", False),
    ]  # fmt: skip
    assert source.questions.count() == 2


def test_copy_the_organisers_standard_questions(organiser_client):
    organiser = OrganiserFactory(short_name="ORIV")
    StandardQuestion.objects.create(organiser=organiser, label="Quel contrat de ville ?")
    StandardQuestion.objects.create(organiser=OrganiserFactory(), label="D'un autre")
    event = EventFactory(organiser=organiser)
    url = reverse("admin:events_event_copy_questions", args=[event.pk])

    page = organiser_client.get(url)
    assert page.context["form"].fields["source"].choices[1] == (
        "standard", "Questions types de ORIV (1 question)",
    )  # fmt: skip
    organiser_client.post(url, {"source": "standard"})

    assert list(event.questions.values_list("label", flat=True)) == ["Quel contrat de ville ?"]
    assert StandardQuestion.objects.count() == 2  # the standard ones stay


def test_copy_refuses_an_event_outside_the_scope(client):
    mine, theirs = OrganiserFactory(), OrganiserFactory()
    manager = TeamMemberFactory(organiser=mine, role="manager").user
    source = EventFactory(organiser=theirs)
    Question.objects.create(event=source, label="Secret ?", kind=K.SHORT_TEXT)
    event = EventFactory(organiser=mine)
    client.force_login(manager)
    url = reverse("admin:events_event_copy_questions", args=[event.pk])

    assert client.get(url).context["form"].fields["source"].choices == [("", "---------")]
    response = client.post(url, {"source": f"event-{source.pk}"})
    assert response.status_code == 200  # not a choice: the form says so
    assert event.questions.count() == 0


def test_duplicating_an_event_copies_its_questions(organiser_client):
    event = EventFactory()
    Question.objects.create(event=event, label="Contrat ?", kind=K.SHORT_TEXT)
    url = reverse("admin:events_event_duplicate", args=[event.pk])

    organiser_client.post(url, {"apply": "1", "date": "2026-10-01"})

    copy = Event.objects.exclude(pk=event.pk).get()
    assert list(copy.questions.values_list("label", flat=True)) == ["Contrat ?"]


def test_standard_question_needs_an_organiser(organiser_client):
    organiser = OrganiserFactory()
    url = reverse("admin:registrations_standardquestion_add")
    row = question_row(label="Quel contrat de ville ?")

    response = organiser_client.post(url, row)
    assert response.context["adminform"].form.errors["organiser"] == ["Ce champ est obligatoire."]
    organiser_client.post(url, {**row, "organiser": organiser.pk})
    assert StandardQuestion.objects.get().organiser == organiser


# --- Answers on the registration's admin page ------------------------------------------------


def test_registration_admin_shows_answers_and_records_reading_sensitive_ones(organiser_client):
    event = EventFactory()
    health = Question.objects.create(event=event, label="Santé ?", kind=K.LONG_TEXT, sensitive=True)
    themes = Question.objects.create(
        event=event, label="Thèmes", kind=K.MULTIPLE_CHOICE, choices="Emploi\nÉducation"
    )
    registration = answered(event, {health.pk: "Diabète", themes.pk: ["Emploi", "Éducation"]})

    response = organiser_client.get(
        reverse("admin:registrations_registration_change", args=[registration.pk])
    )

    content = response.content.decode()
    assert "Diabète" in content
    assert "Emploi ; Éducation" in content
    entry = PersonalDataAccess.objects.get(action=PersonalDataAction.NEEDS_VIEWED)
    assert entry.count == 1


# --- Exports ---------------------------------------------------------------------------------


@pytest.fixture
def event():
    return EventFactory(title="Journée régionale")


def test_exports_have_one_column_per_question(event):
    contract = Question.objects.create(event=event, order=1, label="Contrat ?", kind=K.SHORT_TEXT)
    people = Question.objects.create(event=event, order=2, label="Combien ?", kind=K.NUMBER)
    themes = Question.objects.create(
        event=event, order=3, label="Thèmes", kind=K.MULTIPLE_CHOICE, choices="A\nB"
    )
    visit = Question.objects.create(event=event, order=4, label="Visite ?", kind=K.YES_NO)
    answered(event, {contract.pk: "Metz", people.pk: 2.5, themes.pk: ["A", "B"], visit.pk: False})
    answered(event, {}, email="abel@example.org", last_name="ABEL")

    header, rows = participants_rows(Registration.objects.filter(event=event), event=event)

    assert header[-4:] == ["Contrat ?", "Combien ?", "Thèmes", "Visite ?"]
    assert [row[-4:] for row in rows] == [["", "", "", ""], ["Metz", 2.5, "A ; B", "non"]]
    sheet = read_xlsx(participants_xlsx(Registration.objects.filter(event=event), event=event))
    assert [cell.value for cell in sheet[3]][-4:] == ["Metz", 2.5, "A ; B", "non"]
    assert read_csv(participants_csv(Registration.objects.all(), event=event))[2][-4:] == [
        "Metz", "2,5", "A ; B", "non",
    ]  # fmt: skip


def test_exports_neutralise_formula_answers(event):
    question = Question.objects.create(event=event, label="Contrat ?", kind=K.SHORT_TEXT)
    answered(event, {question.pk: "=1+1"})

    csv_rows = read_csv(participants_csv(Registration.objects.all(), event=event))
    assert csv_rows[1][-1] == "'=1+1"
    sheet = read_xlsx(participants_xlsx(Registration.objects.all(), event=event))
    cell = list(sheet[2])[-1]
    assert (cell.value, cell.data_type) == ("'=1+1", "s")


def test_exports_keep_answers_of_changed_and_deleted_questions(event):
    contract = Question.objects.create(event=event, order=1, label="Contrat ?", kind=K.SHORT_TEXT)
    visit = Question.objects.create(event=event, order=2, label="Visite ?", kind=K.YES_NO)
    answered(event, {contract.pk: "Metz", visit.pk: True})
    contract.label = "Quel quartier ?"
    contract.save()
    visit.delete()

    header, rows = participants_rows(Registration.objects.all(), event=event)

    assert header[-2:] == [
        "Quel quartier ? (libellé à la réponse : « Contrat ? »)",
        "Visite ? (question supprimée)",
    ]
    assert rows[0][-2:] == ["Metz", "oui"]
    assert read_csv(participants_csv(Registration.objects.all(), event=event))[1][-2:] == [
        "Metz", "oui",
    ]  # fmt: skip
    assert Answer.objects.count() == 2


def test_exports_across_events_name_the_event_of_each_question(event):
    other = EventFactory(title="Rencontre territoriale")
    for each in (event, other):
        question = Question.objects.create(event=each, label="Contrat ?", kind=K.SHORT_TEXT)
        answered(each, {question.pk: each.title})

    header, _rows = participants_rows(Registration.objects.all())

    assert sorted(header[-2:]) == [
        "Contrat ? (Journée régionale)", "Contrat ? (Rencontre territoriale)",
    ]  # fmt: skip
