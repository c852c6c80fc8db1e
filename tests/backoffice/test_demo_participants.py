"""Demo participants: the 2 October 2025 day has attendees (with check-ins), the
demonstration event has people to check in; no atelier is overfilled; no duplicates."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from registrations.evaluation_results import evaluation_results
from registrations.models import (
    CheckIn,
    Evaluation,
    EvaluationResponse,
    Registration,
    search_name_of,
)
from workshops.models import Workshop

pytestmark = pytest.mark.django_db

COOPERATIONS_SLUG = "2025-10-02-journee-regionale-cooperations"
DEMO_SLUG = "demonstration-journee-regionale"


def run(*args):
    out = StringIO()
    call_command("load_demo_participants", *args, stdout=out)
    return out.getvalue()


def test_load_demo_participants_fills_the_demo_days_once():
    call_command("load_demo", stdout=StringIO())
    assert run("--dry-run") == (
        f"{COOPERATIONS_SLUG} : 96 inscription(s) à ajouter.\n"
        f"{DEMO_SLUG} : 48 inscription(s) à ajouter.\n"
        "Questionnaire d'évaluation : 66 réponse(s) à ajouter.\n"
    )
    assert not Registration.objects.exists()
    run()
    day = Registration.objects.filter(event__slug=COOPERATIONS_SLUG)
    assert day.count() == 96
    assert CheckIn.objects.filter(half_day="matin").count() == 82  # 85 % of 96
    assert CheckIn.objects.filter(half_day="apres_midi").count() == 72  # 75 %
    assert not CheckIn.objects.filter(registration__event__slug=DEMO_SLUG).exists()
    # Everyone has an atelier in each ateliers slot, within capacities.
    for workshop in Workshop.objects.annotate(taken=Count("choices")):
        capacity = workshop.effective_capacity
        assert capacity is None or workshop.taken <= capacity
    slots = {c.slot_id for c in day.first().choices.all()}
    assert len(slots) == day.first().event.slots.filter(kind="ateliers").count()
    assert run() == (
        f"{COOPERATIONS_SLUG} : 0 inscription(s) ajoutée(s).\n"
        f"{DEMO_SLUG} : 0 inscription(s) ajoutée(s).\n"
        "Questionnaire d'évaluation : 0 réponse(s) ajoutée(s).\n"
    )
    assert Registration.objects.count() == 144
    # bulk_create() does not call save(): the door's search column is filled all the same.
    assert all(
        r.search_name == search_name_of(r) and r.search_name for r in Registration.objects.all()
    )


def test_demo_evaluation_of_the_2_october_day():
    """The day's anonymous questionnaire, made from the organiser's template: 66 answers
    from 82 people present, satisfaction 4.1, each atelier rated by its attendees."""
    call_command("load_demo", stdout=StringIO())
    run()
    questionnaire = Evaluation.objects.get(event__slug=COOPERATIONS_SLUG)
    assert questionnaire.anonymous
    assert questionnaire.template.questions.count() == questionnaire.questions.count() == 7
    results = evaluation_results(questionnaire)
    assert (results.attendees, results.responses, results.rate) == (82, 66, 80.5)
    assert results.satisfaction == 4.1
    assert not EvaluationResponse.objects.filter(registration__isnull=False).exists()
    (ateliers,) = results.workshop_questions
    assert len(ateliers.rows) == Workshop.objects.filter(slot__event=questionnaire.event).count()
    assert all(0 < row.tally.answers <= row.attendees for row in ateliers.rows)
    assert len({row.tally.mean for row in ateliers.rows}) > 1
    assert results.texts
