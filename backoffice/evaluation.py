"""The evaluation results as the staff page and the XLSX show them: a chart (SVG drawn on
the server, quartiers2030/charts.py) beside each question's table, the ateliers' ratings
side by side. The figures are registrations/evaluation_results.py's."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from quartiers2030.charts import Row, bar_chart
from registrations.enums import EvaluationQuestionKind
from registrations.evaluation_results import EvaluationResults, Tally, decimal_display


@dataclass
class QuestionView:
    tally: Tally
    chart: str


@dataclass
class WorkshopView:
    question: object
    rows: list
    chart: str


def _percent(value) -> str:
    return decimal_display(value, " %")


def question_views(results: EvaluationResults) -> list[QuestionView]:
    """The rating and choice questions of the day, each with its chart."""
    views = []
    for tally in results.questions:
        if tally.question.kind == EvaluationQuestionKind.TEXT:
            continue
        chart = bar_chart(
            [Row(bar.label, [bar.count]) for bar in tally.bars],
            title=tally.question.label,
        )
        views.append(QuestionView(tally=tally, chart=chart))
    return views


def workshop_views(results: EvaluationResults) -> list[WorkshopView]:
    """Each rating question asked per atelier: the ateliers' means side by side."""
    views = []
    for question in results.workshop_questions:
        if question.question.kind != EvaluationQuestionKind.RATING:
            continue
        chart = bar_chart(
            [Row(row.workshop.title, [row.tally.mean]) for row in question.rows],
            title=_("%(question)s — moyenne par atelier") % {"question": question.question.label},
            maximum=5,
        )
        views.append(WorkshopView(question=question.question, rows=question.rows, chart=chart))
    return views


def results_xlsx(results: EvaluationResults, *, with_texts: bool) -> bytes:
    """Sheets: Synthèse, Questions (one row per answer value), Ateliers, and the free
    texts for those who may read them (they may name people)."""
    from quartiers2030.exports import xlsx_workbook_bytes

    summary = [
        [_("Présent·es (sur place ou à distance)"), results.attendees],
        [_("Réponses"), results.responses],
        [_("Taux de réponse (%)"), results.rate],
        [_("Satisfaction moyenne (sur 5)"), results.satisfaction],
    ]
    questions = []
    for tally in results.questions:
        for bar in tally.bars:
            questions.append([tally.question.label, bar.label, bar.count, bar.percent])
        if tally.mean is not None:
            questions.append([tally.question.label, _("Moyenne"), tally.mean, None])
    workshops = [
        [
            question.question.label, row.workshop.title, row.attendees, row.tally.answers,
            row.tally.mean, *[bar.count for bar in row.tally.bars],
        ]
        for question in results.workshop_questions
        if question.question.kind == EvaluationQuestionKind.RATING
        for row in question.rows
    ]  # fmt: skip
    sheets = [
        (_("Synthèse"), [_("Indicateur"), _("Valeur")], summary),
        (
            _("Questions"),
            [_("Question"), _("Réponse"), _("Nombre"), _("Part (%)")],
            questions,
        ),
        (
            _("Ateliers"),
            [_("Question"), _("Atelier"), _("Présent·es"), _("Réponses"), _("Moyenne"), *"12345"],
            workshops,
        ),
    ]
    if with_texts:
        sheets.append(
            (
                _("Textes libres"),
                [_("Question"), _("Réponse")],
                [[heading, text] for heading, texts in results.texts for text in texts],
            )
        )
    return xlsx_workbook_bytes(sheets)
