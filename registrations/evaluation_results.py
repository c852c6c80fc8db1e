"""The results of an event's evaluation questionnaire (reads only): response rate, each
question's distribution, the free texts, the ateliers' ratings side by side.

Definitions, the same on the page, in the XLSX and in the activity figures:
- attendees: registrations checked in at least once, on site or remote;
- response rate: responses / attendees, in percent, one decimal;
- a question's mean: the mean of its ratings (1 to 5), one decimal; blank answers count
  nowhere (not in the number of answers either);
- satisfaction: the mean of the ratings given to the questions marked "satisfaction
  générale" (the day as a whole).
Everything is counted from one read of the answers (and two counts): exact, whatever the
database.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils import formats

from workshops.models import Workshop

from .enums import EvaluationQuestionKind
from .evaluation_models import RATINGS, Evaluation, EvaluationAnswer, EvaluationQuestion
from .models import CheckIn, WorkshopChoice


def rounded(numerator: float, denominator: int) -> float | None:
    return round(numerator / denominator, 1) if denominator else None


def decimal_display(value: float | None, suffix: str = "") -> str:
    if value is None:
        return "—"
    places = 0 if value == int(value) else 1
    return f"{formats.number_format(value, decimal_pos=places)}{suffix}"


@dataclass
class Bar:
    label: str
    count: int
    total: int

    @property
    def percent(self) -> float | None:
        return rounded(100 * self.count, self.total)

    @property
    def percent_display(self) -> str:
        return decimal_display(self.percent, " %")


@dataclass
class Tally:
    """The answers to one question (or to one question about one atelier)."""

    question: EvaluationQuestion
    ratings: list[int] = field(default_factory=list)
    choices: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    @property
    def answers(self) -> int:
        return len(self.ratings) + len(self.choices) + len(self.texts)

    @property
    def mean(self) -> float | None:
        return rounded(sum(self.ratings), len(self.ratings))

    @property
    def mean_display(self) -> str:
        return decimal_display(self.mean)

    @property
    def bars(self) -> list[Bar]:
        """The distribution: each rating 1 to 5, or each choice offered (then any answer to
        a choice since removed), with its count."""
        if self.question.kind == EvaluationQuestionKind.RATING:
            counts = Counter(self.ratings)
            return [Bar(str(r), counts[r], len(self.ratings)) for r in RATINGS]
        if self.question.kind == EvaluationQuestionKind.CHOICE:
            counts = Counter(self.choices)
            offered = self.question.choice_list()
            others = sorted(set(counts) - set(offered))
            return [Bar(c, counts[c], len(self.choices)) for c in [*offered, *others]]
        return []


@dataclass
class WorkshopTally:
    workshop: object
    attendees: int
    tally: Tally


@dataclass
class WorkshopQuestion:
    question: EvaluationQuestion
    rows: list[WorkshopTally]


@dataclass
class EvaluationResults:
    evaluation: Evaluation
    attendees: int
    responses: int
    questions: list[Tally]
    workshop_questions: list[WorkshopQuestion]

    @property
    def rate(self) -> float | None:
        return rounded(100 * self.responses, self.attendees)

    @property
    def rate_display(self) -> str:
        return decimal_display(self.rate, " %")

    @property
    def satisfaction(self) -> float | None:
        ratings = [r for t in self.questions if t.question.satisfaction for r in t.ratings]
        return rounded(sum(ratings), len(ratings))

    @property
    def satisfaction_display(self) -> str:
        return decimal_display(self.satisfaction, " / 5")

    @property
    def texts(self) -> list[tuple[str, list[str]]]:
        """(heading, free texts) of every free-text question, the ateliers' included."""
        found = [(t.question.label, t.texts) for t in self.questions if t.texts]
        for wq in self.workshop_questions:
            for row in wq.rows:
                if row.tally.texts:
                    found.append((f"{wq.question.label} — {row.workshop.title}", row.tally.texts))
        return found


def _workshop_attendees(event) -> dict[int, int]:
    """{atelier pk: people who chose it and were present in its half-day}."""
    present = defaultdict(set)
    for registration, half_day in CheckIn.objects.filter(registration__event=event).values_list(
        "registration", "half_day"
    ):
        present[registration].add(half_day)
    counts = Counter()
    for choice in WorkshopChoice.objects.filter(registration__event=event).select_related("slot"):
        if choice.slot.half_day in present.get(choice.registration_id, ()):
            counts[choice.workshop_id] += 1
    return counts


def evaluation_results(evaluation: Evaluation) -> EvaluationResults:
    event = evaluation.event
    questions = list(evaluation.questions.all())
    general = {q.pk: Tally(q) for q in questions if not q.per_workshop}
    per_workshop = {q.pk: {} for q in questions if q.per_workshop}
    by_pk = {q.pk: q for q in questions}
    answers = (
        EvaluationAnswer.objects.filter(question__evaluation=evaluation)
        .only("question_id", "workshop_id", "rating", "choice", "text")
        .order_by("text")
    )
    for answer in answers:
        if answer.question_id in general:
            tally = general[answer.question_id]
        elif answer.workshop_id is not None:
            tally = per_workshop[answer.question_id].setdefault(
                answer.workshop_id, Tally(by_pk[answer.question_id])
            )
        else:
            continue
        if answer.rating is not None:
            tally.ratings.append(answer.rating)
        elif answer.choice:
            tally.choices.append(answer.choice)
        elif answer.text:
            tally.texts.append(answer.text)
    attended = _workshop_attendees(event)
    # Every atelier of the event, rated or not, in programme order.
    ateliers = list(
        Workshop.objects.filter(slot__event=event).order_by("slot__start", "number", "title")
    )
    workshop_questions = [
        WorkshopQuestion(
            question=by_pk[pk],
            rows=[
                WorkshopTally(
                    workshop=workshop,
                    attendees=attended.get(workshop.pk, 0),
                    tally=tallies.get(workshop.pk, Tally(by_pk[pk])),
                )
                for workshop in ateliers
            ],
        )
        for pk, tallies in per_workshop.items()
    ]
    return EvaluationResults(
        evaluation=evaluation,
        attendees=CheckIn.objects.filter(registration__event=event)
        .values("registration")
        .distinct()
        .count(),
        responses=evaluation.responses.count(),
        questions=list(general.values()),
        workshop_questions=workshop_questions,
    )
