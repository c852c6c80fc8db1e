"""The evaluation questionnaire: who may answer (attendees only, once, while open), the
anonymity of the answers, the exact figures of the results, the email and "Mon espace"."""

import datetime as dt
import uuid
import zoneinfo

import pytest
from django.core import mail
from django.urls import reverse

from registrations import emails
from registrations.enums import EmailKind
from registrations.evaluation_results import evaluation_results
from registrations.models import (
    EvaluationAnswer,
    EvaluationResponse,
    EvaluationSubmission,
    EvaluationTemplate,
    EvaluationTemplateQuestion,
)
from registrations.services import evaluation as service
from registrations.services.retention import anonymise
from tests.factories import (
    CheckInFactory,
    EventFactory,
    ProgrammeSlotFactory,
    RegistrationFactory,
    UserFactory,
    WorkshopChoiceFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
DAY = dt.date(2025, 10, 2)
# The event ends at 16:30: the questionnaire opens then, for 21 days.
OPEN = dt.datetime(2025, 10, 3, 10, tzinfo=PARIS)


@pytest.fixture
def questionnaire():
    event = EventFactory(date=DAY, slug="journee")
    template = EvaluationTemplate.objects.create(organiser=event.organiser, name="Standard")
    for order, (kind, label, extra) in enumerate(
        [
            ("rating", "Satisfaction", {"satisfaction": True, "required": True}),
            ("choice", "Suite ?", {"choices": "Oui\nNon"}),
            ("text", "Suggestions", {}),
            ("rating", "Cet atelier", {"per_workshop": True}),
        ]
    ):
        EvaluationTemplateQuestion.objects.create(
            template=template, kind=kind, label=label, order=order, **extra
        )
    evaluation = service.evaluation_create(event=event, template=template, anonymous=True)
    return evaluation


@pytest.fixture
def clock(monkeypatch):
    """The day after the event, questionnaire open."""
    monkeypatch.setattr("django.utils.timezone.now", lambda: OPEN)


def questions(evaluation):
    return {q.label: q for q in evaluation.questions.all()}


def attendee(event, *, half_day="matin", **fields):
    registration = RegistrationFactory(event=event, **fields)
    CheckInFactory(registration=registration, half_day=half_day)
    return registration


def test_evaluation_create_copies_the_template_questions(questionnaire):
    assert list(questionnaire.questions.values_list("label", "kind", "order")) == [
        ("Satisfaction", "rating", 0),
        ("Suite ?", "choice", 1),
        ("Suggestions", "text", 2),
        ("Cet atelier", "rating", 3),
    ]
    # Changing the template afterwards changes nothing in the event's questionnaire.
    EvaluationTemplateQuestion.objects.update(label="Autre")
    assert "Satisfaction" in questions(questionnaire)


def test_evaluation_window_opens_at_the_days_end(questionnaire):
    assert questionnaire.starts_at == dt.datetime(2025, 10, 2, 16, 30, tzinfo=PARIS)
    assert questionnaire.ends_at == dt.datetime(2025, 10, 23, 16, 30, tzinfo=PARIS)


def test_evaluation_only_for_attendees(questionnaire):
    absent = RegistrationFactory(event=questionnaire.event)
    with pytest.raises(service.EvaluationUnavailable) as error:
        service.evaluation_check(registration=absent, now=OPEN)
    assert error.value.reason == "not_attendee"
    remote = attendee(questionnaire.event, attendance="remote")
    remote.checkins.update(mode="remote", source="join_link")
    assert service.evaluation_check(registration=remote, now=OPEN) == questionnaire


@pytest.mark.parametrize(
    ("now", "reason"),
    [
        (dt.datetime(2025, 10, 2, 16, 29, tzinfo=PARIS), "not_yet"),
        (dt.datetime(2025, 10, 23, 16, 30, tzinfo=PARIS), "closed"),
    ],
)
def test_evaluation_only_while_open(questionnaire, now, reason):
    registration = attendee(questionnaire.event)
    with pytest.raises(service.EvaluationUnavailable) as error:
        service.evaluation_submit(registration=registration, answers={}, now=now)
    assert error.value.reason == reason
    assert not EvaluationSubmission.objects.exists()


def test_evaluation_answered_once(questionnaire):
    registration = attendee(questionnaire.event)
    q = questions(questionnaire)
    service.evaluation_submit(
        registration=registration, answers={(q["Satisfaction"].pk, None): "4"}, now=OPEN
    )
    with pytest.raises(service.EvaluationUnavailable) as error:
        service.evaluation_submit(
            registration=registration, answers={(q["Satisfaction"].pk, None): "1"}, now=OPEN
        )
    assert error.value.reason == "answered"
    assert list(EvaluationAnswer.objects.values_list("rating", flat=True)) == [4]


def test_evaluation_anonymous_keeps_no_link_to_the_person(questionnaire):
    registration = attendee(questionnaire.event)
    q = questions(questionnaire)
    response = service.evaluation_submit(
        registration=registration,
        answers={(q["Satisfaction"].pk, None): "5", (q["Suggestions"].pk, None): "Rien"},
        now=OPEN,
    )
    response.refresh_from_db()
    assert response.registration is None
    assert isinstance(response.pk, uuid.UUID)
    # Neither the response nor its answers have a column leading to a person or a time.
    for model in (EvaluationResponse, EvaluationAnswer):
        columns = {f.name for f in model._meta.concrete_fields}
        assert not columns & {"registration_id", "user", "created_at", "submitted_at"}
    assert {f.name for f in EvaluationResponse._meta.concrete_fields} == {
        "id", "evaluation", "registration",
    }  # fmt: skip
    assert {f.name for f in EvaluationSubmission._meta.concrete_fields} == {
        "id", "evaluation", "registration",
    }  # fmt: skip
    # What is kept of the person: that they answered.
    assert EvaluationSubmission.objects.get().registration == registration
    assert not EvaluationResponse.objects.filter(registration=registration).exists()


def test_evaluation_named_keeps_the_link_until_anonymisation(questionnaire):
    questionnaire.anonymous = False
    questionnaire.save()
    registration = attendee(questionnaire.event)
    q = questions(questionnaire)
    response = service.evaluation_submit(
        registration=registration,
        answers={(q["Satisfaction"].pk, None): "3", (q["Suggestions"].pk, None): "Moi, Zoé"},
        now=OPEN,
    )
    assert response.registration == registration
    anonymise(type(registration).objects.filter(pk=registration.pk), now=OPEN)
    response.refresh_from_db()
    assert response.registration is None
    assert set(response.answers.values_list("rating", "text")) == {(None, ""), (3, "")}


def test_evaluation_atelier_rated_by_those_who_attended_it(questionnaire):
    event = questionnaire.event
    afternoon = ProgrammeSlotFactory(
        event=event, kind="ateliers", start=dt.time(14), end=dt.time(15)
    )
    morning = ProgrammeSlotFactory(event=event, kind="ateliers", start=dt.time(11), end=dt.time(12))
    a1 = WorkshopFactory(slot=morning, title="Coopérer")
    a2 = WorkshopFactory(slot=afternoon, title="Habiter")
    registration = attendee(event, half_day="matin")  # left at lunch
    WorkshopChoiceFactory(registration=registration, workshop=a1, slot=morning)
    WorkshopChoiceFactory(registration=registration, workshop=a2, slot=afternoon)
    blocks = service.evaluation_blocks(evaluation=questionnaire, registration=registration)
    assert [b.title for b in blocks] == ["La journée", "Atelier « Coopérer »"]
    q = questions(questionnaire)
    service.evaluation_submit(
        registration=registration,
        answers={(q["Cet atelier"].pk, a1.pk): "5", (q["Cet atelier"].pk, a2.pk): "1"},
        now=OPEN,
    )
    assert list(EvaluationAnswer.objects.values_list("workshop", "rating")) == [(a1.pk, 5)]


def test_evaluation_results_exact_figures(questionnaire):
    """Five present, four answer: 80 % ; satisfaction (5+4+4+2)/4 = 3.75 → 3.8."""
    event = questionnaire.event
    slot = ProgrammeSlotFactory(event=event, kind="ateliers", start=dt.time(11), end=dt.time(12))
    a1 = WorkshopFactory(slot=slot, title="Coopérer", number=1)
    a2 = WorkshopFactory(slot=slot, title="Habiter", number=2)
    RegistrationFactory(event=event)  # absent: not counted
    people = [attendee(event) for _ in range(5)]
    q = questions(questionnaire)
    given = [
        ("5", "Oui", "Bravo", a1, "5"),
        ("4", "Oui", "", a1, "4"),
        ("4", "Non", "Plus de pauses", a2, "2"),
        ("2", "", "", a2, ""),
    ]
    for person, (rating, choice, text, workshop, atelier) in zip(people, given, strict=False):
        WorkshopChoiceFactory(registration=person, workshop=workshop, slot=slot)
        service.evaluation_submit(
            registration=person,
            answers={
                (q["Satisfaction"].pk, None): rating,
                (q["Suite ?"].pk, None): choice,
                (q["Suggestions"].pk, None): text,
                (q["Cet atelier"].pk, workshop.pk): atelier,
            },
            now=OPEN,
        )
    results = evaluation_results(questionnaire)
    assert (results.attendees, results.responses, results.rate) == (5, 4, 80.0)
    assert results.satisfaction == 3.8
    assert results.satisfaction_display == "3,8 / 5"
    satisfaction, follow_up, suggestions = results.questions
    assert [(b.label, b.count, b.percent) for b in satisfaction.bars] == [
        ("1", 0, 0.0), ("2", 1, 25.0), ("3", 0, 0.0), ("4", 2, 50.0), ("5", 1, 25.0),
    ]  # fmt: skip
    assert [(b.label, b.count) for b in follow_up.bars] == [("Oui", 2), ("Non", 1)]
    assert follow_up.answers == 3
    assert sorted(suggestions.texts) == ["Bravo", "Plus de pauses"]
    (ateliers,) = results.workshop_questions
    assert [
        (row.workshop.title, row.attendees, row.tally.answers, row.tally.mean)
        for row in ateliers.rows
    ] == [("Coopérer", 2, 2, 4.5), ("Habiter", 2, 1, 2.0)]


def test_evaluation_page_form_and_thanks(client, questionnaire, clock):
    registration = attendee(questionnaire.event)
    url = reverse("registrations:evaluation", args=[registration.token])
    page = client.get(url)
    assert page.status_code == 200
    assert "Ce questionnaire est anonyme" in page.content.decode()
    q = questions(questionnaire)
    missing = client.post(url, {})
    assert "Le formulaire contient des erreurs" in missing.content.decode()
    response = client.post(url, {f"q{q['Satisfaction'].pk}": "4", f"q{q['Suite ?'].pk}": "Non"})
    assert response.status_code == 302
    assert set(EvaluationAnswer.objects.values_list("rating", "choice")) == {(4, ""), (None, "Non")}
    again = client.get(url)
    assert "Vous avez déjà répondu" in again.content.decode()


def test_evaluation_page_refuses_who_was_not_there(client, questionnaire, clock):
    registration = RegistrationFactory(event=questionnaire.event)
    page = client.get(reverse("registrations:evaluation", args=[registration.token]))
    assert "réservé aux personnes présentes" in page.content.decode()
    assert "<form" not in page.content.decode().split("<main")[-1]


def test_evaluation_link_in_post_event_email_and_my_space(client, questionnaire, clock):
    user = UserFactory(email="zoe@example.org")
    registration = attendee(questionnaire.event, user=user, email=user.email)
    emails.send_once(registration_id=registration.pk, kind=EmailKind.POST_EVENT)
    (message,) = mail.outbox
    link = reverse("registrations:evaluation", args=[registration.token])
    assert link in message.body
    assert "jusqu'au 23 octobre 2025" in message.body
    client.force_login(user)
    assert link in client.get(reverse("registrations:my_space")).content.decode()
