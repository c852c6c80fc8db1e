"""axe-core on the evaluation questionnaire (participant side, filled in and sent with the
keyboard's labels) and on its results page (organiser side), with the demo's seeded day."""

import datetime as dt
import io
import os

import pytest
from django.core.management import call_command
from django.utils import timezone

from registrations.models import Evaluation, EvaluationSubmission, Registration
from tests.factories import TeamMemberFactory, UserFactory

from .test_admin_accessibility import SLUG, blocking_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# Where the screenshots go (to look at them): a temporary folder unless told otherwise.
SHOTS = os.environ.get("EVALUATION_SCREENSHOTS")


def shot(page, tmp_path, name):
    folder = SHOTS or tmp_path
    page.screenshot(path=f"{folder}/{name}.png", full_page=True)


@pytest.fixture
def seeded_day():
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo_participants", stdout=io.StringIO())
    return Evaluation.objects.get(event__slug=SLUG)


def test_evaluation_questionnaire_passes_axe_and_is_answered_once(
    page, live_server, axe, tmp_path, seeded_day
):
    # Reopened for the test: the seeded day's questionnaire closed in October 2025.
    seeded_day.opens_at = timezone.now() - dt.timedelta(hours=1)
    seeded_day.save()
    answered = EvaluationSubmission.objects.values("registration")
    person = (
        Registration.objects.filter(event=seeded_day.event, checkins__isnull=False)
        .exclude(pk__in=answered)
        .distinct()
        .first()
    )
    page.goto(live_server.url + f"/inscription/{person.token}/evaluation/")
    assert page.get_by_text("Ce questionnaire est anonyme").count() == 1
    assert blocking_violations(axe, page) == []
    shot(page, tmp_path, "questionnaire")

    page.get_by_role("button", name="Envoyer mes réponses").click()  # a required one missing
    assert page.locator("#form-errors").is_visible()
    assert blocking_violations(axe, page) == []
    shot(page, tmp_path, "questionnaire-errors")

    page.get_by_label("4 — Satisfait·e").first.check()
    for group in page.locator("fieldset").all():
        if "atelier" in group.inner_text():
            group.get_by_label("5 — Très satisfait·e").check()
    page.get_by_label("Qu'allez-vous retenir de la journée ?").fill("La méthode du diagnostic.")
    page.get_by_role("button", name="Envoyer mes réponses").click()
    assert page.get_by_text("Vous avez déjà répondu").count() == 1
    assert EvaluationSubmission.objects.filter(registration=person).exists()
    assert page.foreign_requests == []


def test_evaluation_results_page_passes_axe(page, live_server, axe, tmp_path, seeded_day):
    administrator = UserFactory(username="administratrice", is_staff=True)
    TeamMemberFactory(user=administrator, organiser=seeded_day.event.organiser, role="admin")
    page.goto(live_server.url + "/admin/login/")
    page.locator("#id_username").fill("administratrice")
    page.locator("#id_password").fill("motdepasse-solide-2025")
    page.locator("input[type=submit]").click()

    page.goto(live_server.url + f"/staff/evenements/{SLUG}/evaluation/")
    assert page.get_by_text("80,5 %").count() >= 1
    assert page.locator("svg.chart").count() == 5  # 4 questions of the day, 1 for the ateliers
    assert blocking_violations(axe, page) == []
    shot(page, tmp_path, "results")

    page.goto(live_server.url + "/staff/activite/?annee=2025")
    assert page.locator("svg.chart").count() == 6
    assert blocking_violations(axe, page) == []
    shot(page, tmp_path, "activity")
    assert page.foreign_requests == []
