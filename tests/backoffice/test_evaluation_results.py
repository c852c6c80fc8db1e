"""The evaluation results for the organising team (page, XLSX), and the evaluation and the
charts in the activity figures (page, XLSX, PDF)."""

import datetime as dt
import io
import zoneinfo

import openpyxl
import pytest
from django.urls import reverse
from pypdf import PdfReader

from backoffice import activity as stats
from events.enums import TeamRole
from quartiers2030.charts import Row, bar_chart
from registrations.models import EvaluationQuestion
from registrations.services import evaluation as service
from tests.factories import (
    CheckInFactory,
    EventFactory,
    OrganiserFactory,
    ProgrammeSlotFactory,
    RegistrationFactory,
    TeamMemberFactory,
    VenueFactory,
    WorkshopChoiceFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db

OPEN = dt.datetime(2025, 10, 3, 10, tzinfo=zoneinfo.ZoneInfo("Europe/Paris"))


@pytest.fixture
def answered():
    """The 2 October day: 4 present (one remote), 3 answers; satisfaction 5, 4, 2 → 3.7;
    two ateliers rated 5 and 4 (Coopérer) and 2 (Habiter)."""
    oriv = OrganiserFactory(name="ORIV", slug="oriv")
    event = EventFactory(
        title="Concevoir des coopérations", slug="cooperations", date=dt.date(2025, 10, 2),
        organiser=oriv, venue=VenueFactory(city="Tomblaine", department="54"),
    )  # fmt: skip
    slot = ProgrammeSlotFactory(event=event, kind="ateliers", start=dt.time(11), end=dt.time(12))
    ateliers = [
        WorkshopFactory(slot=slot, number=1, title="Coopérer"),
        WorkshopFactory(slot=slot, number=2, title="Habiter"),
    ]
    evaluation = service.evaluation_create(event=event, anonymous=True)
    satisfaction = EvaluationQuestion.objects.create(
        evaluation=evaluation, kind="rating", label="Satisfaction", satisfaction=True, order=1
    )
    text = EvaluationQuestion.objects.create(
        evaluation=evaluation, kind="text", label="Suggestions", order=2
    )
    atelier = EvaluationQuestion.objects.create(
        evaluation=evaluation, kind="rating", label="L'atelier", per_workshop=True, order=3
    )
    people = RegistrationFactory.create_batch(4, event=event)
    people[3].attendance = "remote"
    people[3].save()
    for index, person in enumerate(people):
        CheckInFactory(registration=person, mode="remote" if index == 3 else "on_site")
        WorkshopChoiceFactory(registration=person, workshop=ateliers[index % 2], slot=slot)
    for person, rating, words, atelier_rating in [
        (people[0], "5", "Camille Martin était formidable", "5"),
        (people[1], "4", "", "2"),
        (people[2], "2", "", "4"),
    ]:
        service.evaluation_submit(
            registration=person,
            answers={
                (satisfaction.pk, None): rating,
                (text.pk, None): words,
                (atelier.pk, person.choices.get().workshop_id): atelier_rating,
            },
            now=OPEN,
        )
    return event


def test_evaluation_results_page_shows_the_figures_charts_and_tables(organiser_client, answered):
    response = organiser_client.get(reverse("backoffice:evaluation", args=[answered.slug]))
    assert response.status_code == 200
    html = response.text
    assert "<dt>Taux de réponse</dt><dd>75 %</dd>" in html
    assert "<dt>Satisfaction moyenne</dt><dd>3,7 / 5</dd>" in html
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img"') == 2
    assert '<tr><th scope="row">4</th><td class="n">1</td><td class="n">33,3 %</td></tr>' in html
    # The ateliers side by side: present, answers, mean, then each rating's count.
    assert (
        '<tr><th scope="row">Coopérer</th><td class="n">2</td><td class="n">2</td>'
        '<td class="n">4,5</td><td class="n">0</td><td class="n">0</td><td class="n">0</td>'
        '<td class="n">1</td><td class="n">1</td></tr>'
    ) in html
    assert "Camille Martin était formidable" in html


def test_evaluation_results_free_texts_only_for_who_sees_the_participants(client, answered):
    partner = TeamMemberFactory(organiser=answered.organiser, role=TeamRole.PARTNER).user
    client.force_login(partner)
    html = client.get(reverse("backoffice:evaluation", args=[answered.slug])).text
    assert "<dd>75 %</dd>" in html
    assert "Camille Martin" not in html
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("backoffice:evaluation_xlsx", args=[answered.slug])).content)
    )
    assert workbook.sheetnames == ["Synthèse", "Questions", "Ateliers"]


def test_evaluation_results_xlsx(organiser_client, answered):
    response = organiser_client.get(reverse("backoffice:evaluation_xlsx", args=[answered.slug]))
    assert response["Content-Disposition"] == 'attachment; filename="evaluation-cooperations.xlsx"'
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert list(workbook["Synthèse"].iter_rows(values_only=True)) == [
        ("Indicateur", "Valeur"),
        ("Présent·es (sur place ou à distance)", 4),
        ("Réponses", 3),
        ("Taux de réponse (%)", 75),
        ("Satisfaction moyenne (sur 5)", 3.7),
    ]
    assert list(workbook["Ateliers"].iter_rows(values_only=True))[1:] == [
        ("L'atelier", "Coopérer", 2, 2, 4.5, 0, 0, 0, 1, 1),
        ("L'atelier", "Habiter", 2, 1, 2, 0, 1, 0, 0, 0),
    ]
    assert list(workbook["Textes libres"].iter_rows(values_only=True))[1:] == [
        ("Suggestions", "Camille Martin était formidable"),
    ]


def test_evaluation_results_without_questionnaire_is_not_found(organiser_client):
    event = EventFactory()
    assert (
        organiser_client.get(reverse("backoffice:evaluation", args=[event.slug])).status_code == 404
    )


def test_activity_report_has_the_evaluation_figures(answered):
    report = stats.activity_report(year=2025)
    (row,) = report.events
    assert (row.figures.attended, row.figures.responses) == (4, 3)
    assert (row.figures.response_rate, row.figures.satisfaction) == (75.0, 3.7)
    assert (report.totals.response_rate, report.totals.satisfaction) == (75.0, 3.7)


def test_activity_charts_each_with_its_table(answered):
    charts = stats.activity_charts(stats.activity_report(year=2025))
    assert [chart.title for chart in charts] == [
        "Présences par événement",
        "Sur place et à distance",
        "Taux de présence sur place par événement",
        "Par catégorie",
        "Par département (lieu de l'événement)",
        "Satisfaction moyenne par événement (sur 5)",
    ]
    assert charts[0].rows == [["02/10 Concevoir des coopérations", "3", "1"]]
    assert charts[1].rows == [["Sur place", "3", "3"], ["À distance", "1", "1"]]
    assert charts[2].rows == [["02/10 Concevoir des coopérations", "100 %"]]
    assert charts[5].rows == [["02/10 Concevoir des coopérations", "3,7"]]
    assert all('role="img"' in chart.svg for chart in charts)


def test_activity_page_shows_the_charts(organiser_client, answered):
    html = organiser_client.get("/staff/activite/", {"annee": "2025"}).text
    assert "En un coup d'œil" in html
    assert html.count('class="chart" role="img"') == 6
    assert '<td class="n">3</td><td class="n">75 %</td><td class="n">3,7</td>' in html
    assert 'href="/staff/activite.pdf?annee=2025"' in html


def test_activity_pdf_shows_the_figures(organiser_client, answered):
    response = organiser_client.get("/staff/activite.pdf", {"annee": "2025"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="activite-2025.pdf"'
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Rapport d'activité 2025" in text
    assert "Concevoir des coopérations" in text
    assert "75 %" in text
    assert "Satisfaction moyenne par événement" in text


def test_bar_chart_escapes_labels_and_scales():
    svg = bar_chart([Row("<script>", [5]), Row("B", [2.5])], title="Notes & avis", maximum=5)
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "Notes &amp; avis" in svg
    # A full bar is the plot's width (640 - 230 - 56), half of it for 2.5 out of 5.
    assert 'width="354.0"' in svg
    assert 'width="177.0"' in svg
