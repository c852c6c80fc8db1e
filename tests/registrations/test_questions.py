"""The organiser's own registration questions: each kind validated and stored, on-site and
remote-only questions, answers changed on the registration page, questions changed or
deleted after answers, sensitive answers purged with the needs, free answers removed at
anonymisation, the participant's data export."""

import datetime as dt
import json
from html import unescape

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from registrations import services
from registrations.enums import PersonalDataAction, QuestionKind
from registrations.models import Answer, PersonalDataAccess, Question, Registration
from registrations.services.retention import anonymise, retention_apply
from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db

K = QuestionKind


@pytest.fixture
def event():
    return EventFactory(
        onsite_capacity=50, remote_attendance=True, title="Journée régionale de démonstration"
    )


@pytest.fixture
def questions(event):
    def ask(order, label, kind, **kwargs):
        return Question.objects.create(event=event, order=order, label=label, kind=kind, **kwargs)

    return {
        "contract": ask(1, "Quel contrat de ville représentez-vous ?", K.SHORT_TEXT,
                        required=True, help_text="Le nom de la commune suffit."),
        "speakers": ask(2, "Une question pour les intervenant·es ?", K.LONG_TEXT),
        "time": ask(3, "Vous venez", K.SINGLE_CHOICE, required=True,
                    choices="Le matin\nL'après-midi\nToute la journée"),
        "themes": ask(4, "Vos thèmes", K.MULTIPLE_CHOICE, required=True,
                      choices="Emploi\nÉducation\nCadre de vie"),
        "visit": ask(5, "Participerez-vous à la visite de site de l'après-midi ?", K.YES_NO,
                     required=True, audience="on_site"),
        "people": ask(6, "Combien de personnes de votre structure ?", K.NUMBER),
        "tool": ask(7, "Quel outil de visioconférence utilisez-vous ?", K.SHORT_TEXT,
                    required=True, audience="remote"),
    }  # fmt: skip


@pytest.fixture
def logged(client):
    client.force_login(UserFactory(email="camille.martin@example.org"))
    return client


def field(question):
    return f"question_{question.pk}"


def valid_post(questions, **answers):
    q = questions
    data = {
        "first_name": "Camille", "last_name": "MARTIN", "organisation": "Ville de Tomblaine",
        "category": "collectivite", "attendance": "on_site", "privacy": "on",
        field(q["contract"]): "Contrat de ville du Grand Nancy",
        field(q["speakers"]): "Comment associer les habitants ?",
        field(q["time"]): "Toute la journée",
        field(q["themes"]): ["Emploi", "Cadre de vie"],
        field(q["visit"]): "oui",
        field(q["people"]): "2,5",
    }  # fmt: skip
    data.update({field(q[key]): value for key, value in answers.items()})
    return {key: value for key, value in data.items() if value is not None}


def register_url(event):
    return reverse("registrations:register", args=[event.slug])


def stored(registration):
    return {a.question.label: a.value for a in Answer.objects.filter(registration=registration)}


# --- The registration form -----------------------------------------------------------------


def test_register_form_shows_the_questions_after_the_fixed_fields(logged, event, questions):
    response = logged.get(register_url(event))

    html = unescape(response.content.decode())
    form = response.context["form"]
    assert list(form.fields)[-8:] == [*(field(q) for q in questions.values()), "privacy"]
    assert html.index("Vos accords") < html.index("Questions de l'équipe organisatrice")
    assert html.index("Quel contrat de ville représentez-vous ?") < html.index(
        "Vos données personnelles"
    )
    assert "Le nom de la commune suffit." in html
    assert "Seulement si vous venez sur place." in html
    assert "Seulement si vous suivez à distance." in html


def test_register_stores_each_kind_of_answer(logged, event, questions):
    response = logged.post(register_url(event), valid_post(questions))

    assert response.status_code == 302
    registration = Registration.objects.get()
    assert stored(registration) == {
        "Quel contrat de ville représentez-vous ?": "Contrat de ville du Grand Nancy",
        "Une question pour les intervenant·es ?": "Comment associer les habitants ?",
        "Vous venez": "Toute la journée",
        "Vos thèmes": ["Emploi", "Cadre de vie"],
        "Participerez-vous à la visite de site de l'après-midi ?": True,
        "Combien de personnes de votre structure ?": 2.5,
    }
    answer = Answer.objects.get(question=questions["visit"])
    assert (answer.label, answer.kind, answer.text) == (
        "Participerez-vous à la visite de site de l'après-midi ?", K.YES_NO, "oui",
    )  # fmt: skip
    assert Answer.objects.get(question=questions["people"]).text == "2,5"


def test_register_optional_questions_may_stay_empty(logged, event, questions):
    logged.post(register_url(event), valid_post(questions, speakers="", people=""))

    registration = Registration.objects.get()
    assert set(stored(registration)) == {
        "Quel contrat de ville représentez-vous ?", "Vous venez", "Vos thèmes",
        "Participerez-vous à la visite de site de l'après-midi ?",
    }  # fmt: skip


def test_register_whole_number_is_stored_as_an_integer(logged, event, questions):
    logged.post(register_url(event), valid_post(questions, people="12"))

    assert Answer.objects.get(question__kind=K.NUMBER).value == 12


@pytest.mark.parametrize(
    "key, value, message",
    [
        ("contract", "", "Répondez à cette question."),
        ("contract", "x" * 301,
         "Cette réponse est trop longue : 300 caractères au plus (elle en compte 301)."),
        ("speakers", "x" * 3001,
         "Cette réponse est trop longue : 3000 caractères au plus (elle en compte 3001)."),
        ("time", None, "Répondez à cette question."),
        ("time", "La nuit", "Choisissez une des réponses proposées."),
        ("themes", None, "Cochez au moins une réponse."),
        ("themes", ["Emploi", "Sport"], "Choisissez une des réponses proposées."),
        ("visit", None, "Répondez à cette question."),
        ("visit", "peut-être", "Choisissez une des réponses proposées."),
        ("people", "beaucoup", "Saisissez un nombre, par exemple 12 ou 2,5."),
        ("people", "1,234", "Deux chiffres après la virgule au plus."),
        ("people", "12345678901", "Ce nombre est trop grand."),
    ],
)  # fmt: skip
def test_register_bad_answer_redisplays_with_a_french_error_and_data_kept(
    logged, event, questions, key, value, message
):
    data = valid_post(questions, **{key: value})  # None: not posted

    response = logged.post(register_url(event), data)

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {field(questions[key]): [message]}
    html = unescape(response.content.decode())
    assert "Le formulaire contient des erreurs" in html
    assert f"{questions[key].label} : {message}" in html  # the summary links to the field
    if key != "contract":
        assert 'value="Contrat de ville du Grand Nancy"' in html
    if key != "themes":
        checked = [
            line for line in html.splitlines() if "checked" in line and 'value="Cadre' in line
        ]
        assert checked, "the boxes ticked stay ticked"
    assert Registration.objects.count() == 0
    assert Answer.objects.count() == 0


def test_register_remote_skips_on_site_questions_and_asks_remote_ones(logged, event, questions):
    data = valid_post(questions, visit=None, tool="")
    data["attendance"] = "remote"

    response = logged.post(register_url(event), data)
    assert response.context["form"].errors == {
        field(questions["tool"]): ["Répondez à cette question."]
    }

    data[field(questions["tool"])] = "Jitsi"
    data[field(questions["visit"])] = "oui"  # posted anyway: not kept for a remote person
    assert logged.post(register_url(event), data).status_code == 302
    answers = stored(Registration.objects.get())
    assert answers["Quel outil de visioconférence utilisez-vous ?"] == "Jitsi"
    assert "Participerez-vous à la visite de site de l'après-midi ?" not in answers


def test_register_on_site_ignores_remote_only_questions(logged, event, questions):
    logged.post(register_url(event), valid_post(questions, tool="Jitsi"))

    assert "Quel outil de visioconférence utilisez-vous ?" not in stored(Registration.objects.get())


def test_event_without_remote_attendance_asks_no_remote_question(logged, event, questions):
    event.remote_attendance = False
    event.save()

    form = logged.get(register_url(event)).context["form"]

    assert field(questions["tool"]) not in form.fields
    assert form.fields[field(questions["visit"])].help_text == ""


def test_register_form_reads_the_questions_in_one_query(logged, event, questions):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        logged.get(register_url(event))
    # The event's query says it has questions (EXISTS), then one query reads them.
    question_queries = [
        q for q in captured if q["sql"].startswith('SELECT "registrations_question"')
    ]
    assert len(question_queries) == 1


def test_register_form_of_an_event_without_questions_nor_ateliers_reads_neither(logged):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    event = EventFactory()
    with CaptureQueriesContext(connection) as captured:
        logged.post(register_url(event), {"first_name": "Zoé"})  # invalid: the form again
    read = [q["sql"].split('"')[1] for q in captured if q["sql"].startswith('SELECT "')]
    assert read == ["django_session", "auth_user", "events_event", "registrations_registration"]


def test_register_form_event_from_the_cache_until_it_changes(logged, event, committed):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    logged.get(register_url(event))  # the event's id is remembered for its slug
    logged.get(register_url(event))  # the event is stored
    with CaptureQueriesContext(connection) as captured:
        page = logged.get(register_url(event)).content.decode()
    assert not [q for q in captured if q["sql"].startswith('SELECT "events_event"')]
    assert "Quel contrat de ville" not in page
    with committed():
        Question.objects.create(
            event=event, label="Quel contrat de ville représentez-vous ?", kind=K.SHORT_TEXT
        )
    assert (
        "Quel contrat de ville représentez-vous ?"
        in logged.get(register_url(event)).content.decode()
    )
    event.title = "Journée renommée"
    with committed():
        event.save()
    assert "Journée renommée" in logged.get(register_url(event)).content.decode()


def test_service_ignores_questions_of_another_event(event, questions):
    other = Question.objects.create(event=EventFactory(), label="Ailleurs", kind=K.SHORT_TEXT)

    registration = register_with_answers(event, {questions["contract"].pk: "Metz", other.pk: "Non"})

    assert stored(registration) == {"Quel contrat de ville représentez-vous ?": "Metz"}


def register_with_answers(event, answers, **data):
    return services.registration_create(
        event=event,
        data={
            "email": "zoe@example.org", "first_name": "Zoé", "last_name": "FONTIER",
            "organisation": "SGARE", "category": "autre", "attendance": "on_site", **data,
        },
        answers=answers,
    )  # fmt: skip


# --- The registration page -------------------------------------------------------------------


def test_registration_page_shows_and_changes_the_answers(
    client, event, questions, django_capture_on_commit_callbacks
):
    registration = register_with_answers(
        event,
        {questions["contract"].pk: "Metz", questions["themes"].pk: ["Emploi"],
         questions["visit"].pk: True, questions["time"].pk: "Le matin"},
    )  # fmt: skip
    page = client.get(registration.get_manage_url())
    html = unescape(page.content.decode())
    summary = html[html.index('<dl class="facts">') : html.index("</dl>")]
    assert "<dt>Quel contrat de ville représentez-vous ?</dt><dd>Metz</dd>" in summary
    assert "<dt>Participerez-vous à la visite de site de l'après-midi ?</dt><dd>oui</dd>" in (
        summary
    )
    form = page.context["form"]
    assert form[field(questions["contract"])].value() == "Metz"
    assert form[field(questions["visit"])].value() == "oui"

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            registration.get_manage_url(),
            {
                "attendance": "on_site",
                field(questions["contract"]): "Contrat de ville de Metz",
                field(questions["time"]): "Le matin",
                field(questions["themes"]): ["Emploi", "Éducation"],
                field(questions["visit"]): "non",
                field(questions["people"]): "3",
            },
        )

    assert response.status_code == 302
    assert stored(registration) == {
        "Quel contrat de ville représentez-vous ?": "Contrat de ville de Metz",
        "Vous venez": "Le matin",
        "Vos thèmes": ["Emploi", "Éducation"],
        "Participerez-vous à la visite de site de l'après-midi ?": False,
        "Combien de personnes de votre structure ?": 3,
    }
    assert [m.subject for m in mail.outbox] == [
        "Inscription modifiée : Journée régionale de démonstration"
    ]


def test_registration_page_keeps_data_on_a_bad_answer(client, event, questions):
    registration = register_with_answers(event, {questions["contract"].pk: "Metz"})

    response = client.post(
        registration.get_manage_url(),
        {"attendance": "on_site", field(questions["contract"]): "Nancy",
         field(questions["people"]): "beaucoup"},
    )  # fmt: skip

    assert response.context["form"].errors == {
        field(questions["time"]): ["Répondez à cette question."],
        field(questions["themes"]): ["Cochez au moins une réponse."],
        field(questions["visit"]): ["Répondez à cette question."],
        field(questions["people"]): ["Saisissez un nombre, par exemple 12 ou 2,5."],
    }
    assert 'value="Nancy"' in response.content.decode()
    assert stored(registration) == {"Quel contrat de ville représentez-vous ?": "Metz"}


def test_going_remote_drops_the_answers_to_on_site_questions(event, questions):
    registration = register_with_answers(
        event, {questions["visit"].pk: True, questions["contract"].pk: "Metz"}
    )

    services.registration_update(
        registration=registration, data={"attendance": "remote"},
        answers={questions["tool"].pk: "Teams"},
    )  # fmt: skip

    assert stored(registration) == {
        "Quel contrat de ville représentez-vous ?": "Metz",
        "Quel outil de visioconférence utilisez-vous ?": "Teams",
    }


def test_unchanged_answers_write_and_send_nothing(
    event, questions, django_capture_on_commit_callbacks
):
    registration = register_with_answers(event, {questions["contract"].pk: "Metz"})
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_update(
            registration=registration, data={}, answers={questions["contract"].pk: "Metz"}
        )

    assert mail.outbox == []


def test_answers_cannot_change_once_the_event_is_past(client, event, questions):
    registration = register_with_answers(event, {questions["contract"].pk: "Metz"})
    event.date = timezone.localdate() - dt.timedelta(days=1)
    event.save()

    page = client.get(registration.get_manage_url())
    assert page.context["form"] is None
    assert "Metz" in page.content.decode()
    with pytest.raises(services.RegistrationClosed):
        services.registration_update(
            registration=registration, data={}, answers={questions["contract"].pk: "Nancy"}
        )


# --- Questions changed or deleted after answers --------------------------------------------


def test_changed_question_keeps_the_label_answered_to_until_the_answer_changes(
    client, event, questions
):
    registration = register_with_answers(event, {questions["contract"].pk: "Metz"})
    questions["contract"].label = "Quel quartier ?"
    questions["contract"].kind = K.NUMBER  # even a new kind leaves the answer readable
    questions["contract"].save()

    html = unescape(client.get(registration.get_manage_url()).content.decode())
    assert "<dt>Quel contrat de ville représentez-vous ?</dt><dd>Metz</dd>" in html

    services.registration_update(
        registration=registration, data={}, answers={questions["contract"].pk: 7}
    )
    answer = Answer.objects.get(registration=registration)
    assert (answer.label, answer.kind, answer.value) == ("Quel quartier ?", K.NUMBER, 7)


def test_deleted_question_keeps_its_answers_readable(client, event, questions):
    registration = register_with_answers(event, {questions["contract"].pk: "Metz"})

    questions["contract"].delete()

    answer = Answer.objects.get(registration=registration)
    assert (answer.question, answer.label, answer.text) == (
        None, "Quel contrat de ville représentez-vous ?", "Metz",
    )  # fmt: skip
    html = unescape(client.get(registration.get_manage_url()).content.decode())
    assert "<dt>Quel contrat de ville représentez-vous ?</dt><dd>Metz</dd>" in html


def test_question_with_choices_needs_two_of_them(event):
    question = Question(event=event, label="Vous venez", kind=K.SINGLE_CHOICE, choices="Oui\n\n")
    with pytest.raises(Exception) as error:
        question.full_clean()
    assert error.value.message_dict == {
        "choices": ["Proposez au moins deux réponses, une par ligne."]
    }


# --- Retention and the participant's own data ------------------------------------------------


def test_sensitive_answers_are_purged_with_the_needs(event, questions):
    health = Question.objects.create(
        event=event, label="Un besoin de santé à signaler ?", kind=K.LONG_TEXT, sensitive=True
    )
    registration = register_with_answers(
        event, {questions["contract"].pk: "Metz", health.pk: "Diabète"}
    )
    event.date = timezone.localdate() - dt.timedelta(days=1)
    event.save()

    counts = retention_apply(now=timezone.now())

    assert counts["needs_purged"] == 1  # no needs, but a sensitive answer
    assert stored(registration) == {"Quel contrat de ville représentez-vous ?": "Metz"}
    entry = PersonalDataAccess.objects.get(action=PersonalDataAction.NEEDS_PURGE)
    assert entry.count == 1


def test_question_marked_sensitive_after_answers_is_purged_too(event, questions):
    registration = register_with_answers(event, {questions["contract"].pk: "Metz"})
    questions["contract"].sensitive = True
    questions["contract"].save()
    event.date = timezone.localdate() - dt.timedelta(days=1)
    event.save()

    retention_apply(now=timezone.now())

    assert stored(registration) == {}


def test_anonymisation_removes_free_answers_and_keeps_the_counted_ones(event, questions):
    registration = register_with_answers(
        event,
        {questions["contract"].pk: "Metz", questions["speakers"].pk: "Je suis Zoé",
         questions["themes"].pk: ["Emploi"], questions["visit"].pk: True,
         questions["people"].pk: 2},
    )  # fmt: skip

    anonymise(Registration.objects.filter(pk=registration.pk), now=timezone.now())

    assert stored(registration) == {
        "Vos thèmes": ["Emploi"],
        "Participerez-vous à la visite de site de l'après-midi ?": True,
        "Combien de personnes de votre structure ?": 2,
    }


def test_my_data_download_includes_my_answers(client, event, questions):
    user = UserFactory(email="zoe@example.org")
    register_with_answers(
        event, {questions["contract"].pk: "Metz", questions["themes"].pk: ["Emploi"]}
    )
    client.force_login(user)

    data = json.loads(client.get(reverse("registrations:my_data")).content)

    assert data["inscriptions"][0]["reponses"] == [
        {"question": "Quel contrat de ville représentez-vous ?", "reponse": "Metz"},
        {"question": "Vos thèmes", "reponse": ["Emploi"]},
    ]
