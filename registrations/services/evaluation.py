"""The evaluation questionnaire: building an event's from the organiser's template, who may
answer it (people checked in, on site or remote; once; while it is open) and recording the
answers, without the link to the person when it is anonymous (evaluation_models.py)."""

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from events.models import Event
from workshops.models import Workshop

from ..enums import EvaluationQuestionKind
from ..errors import RegistrationError
from ..models import (
    CheckIn,
    Evaluation,
    EvaluationAnswer,
    EvaluationQuestion,
    EvaluationResponse,
    EvaluationSubmission,
    EvaluationTemplate,
    Registration,
    WorkshopChoice,
)


class EvaluationUnavailable(RegistrationError):
    """The person may not answer (now): `reason` says why, `message` says it in French."""

    NONE = "none"
    NOT_ATTENDEE = "not_attendee"
    NOT_YET = "not_yet"
    CLOSED = "closed"
    ANSWERED = "answered"

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


def _when(moment: dt.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "j F Y à H\\hi")


# --- Building ------------------------------------------------------------------------------


def evaluation_copy_template(*, evaluation: Evaluation, template: EvaluationTemplate) -> int:
    """Copy the template's questions (and introduction, if the questionnaire has none)
    into the event's questionnaire, after its own questions. Returns how many were copied."""
    start = (evaluation.questions.order_by("-order").values_list("order", flat=True).first()) or 0
    questions = [
        EvaluationQuestion(
            evaluation=evaluation,
            **{name: getattr(question, name) for name in EvaluationQuestion.QUESTION_FIELDS},
        )
        for question in template.questions.all()
    ]
    for question in questions:
        question.order += start
    EvaluationQuestion.objects.bulk_create(questions)
    if not evaluation.intro and template.intro:
        evaluation.intro = template.intro
        evaluation.save(update_fields=["intro"])
    return len(questions)


@transaction.atomic
def evaluation_create(
    *, event: Event, template: EvaluationTemplate | None = None, **fields
) -> Evaluation:
    evaluation = Evaluation.objects.create(event=event, template=template, **fields)
    if template is not None:
        evaluation_copy_template(evaluation=evaluation, template=template)
    return evaluation


# --- Who may answer ------------------------------------------------------------------------


def attended_workshops(registration: Registration) -> list[Workshop]:
    """The ateliers the person chose and attended: checked in (on site or remote) for the
    half-day of the atelier's slot. In time order."""
    half_days = set(registration.checkins.values_list("half_day", flat=True))
    choices = WorkshopChoice.objects.filter(registration=registration).select_related(
        "slot", "workshop"
    )
    return [
        choice.workshop
        for choice in sorted(choices, key=lambda c: (c.slot.start, c.workshop.pk))
        if choice.slot.half_day in half_days
    ]


def evaluation_check(*, registration: Registration, now: dt.datetime | None = None) -> Evaluation:
    """The questionnaire the person may answer now, or EvaluationUnavailable."""
    now = now or timezone.now()
    evaluation = Evaluation.objects.filter(event_id=registration.event_id).first()
    if evaluation is None:
        raise EvaluationUnavailable(
            EvaluationUnavailable.NONE, _("Cet événement n'a pas de questionnaire d'évaluation.")
        )
    if not CheckIn.objects.filter(registration=registration).exists():
        raise EvaluationUnavailable(
            EvaluationUnavailable.NOT_ATTENDEE,
            _(
                "Le questionnaire d'évaluation est réservé aux personnes présentes à "
                "l'événement, sur place ou à distance."
            ),
        )
    if EvaluationSubmission.objects.filter(
        evaluation=evaluation, registration=registration
    ).exists():
        raise EvaluationUnavailable(
            EvaluationUnavailable.ANSWERED,
            _("Vous avez déjà répondu au questionnaire d'évaluation. Merci !"),
        )
    if now < evaluation.starts_at:
        raise EvaluationUnavailable(
            EvaluationUnavailable.NOT_YET,
            _("Le questionnaire d'évaluation ouvrira le %(when)s.")
            % {"when": _when(evaluation.starts_at)},
        )
    if now >= evaluation.ends_at:
        raise EvaluationUnavailable(
            EvaluationUnavailable.CLOSED,
            _("Le questionnaire d'évaluation est fermé depuis le %(when)s.")
            % {"when": _when(evaluation.ends_at)},
        )
    return evaluation


def evaluation_pending_ids(registrations, *, now: dt.datetime | None = None) -> set[int]:
    """Among `registrations`, those whose questionnaire is open and not yet answered by a
    person present (for "Mon espace"). One query, whatever the number of registrations."""
    now = now or timezone.now()
    candidates = (
        Registration.objects.filter(pk__in=[r.pk for r in registrations])
        .filter(event__evaluation__isnull=False)
        .filter(Exists(CheckIn.objects.filter(registration=OuterRef("pk"))))
        .exclude(Exists(EvaluationSubmission.objects.filter(registration=OuterRef("pk"))))
        .select_related("event__evaluation")
        .only("pk", "event__date", "event__end_time", "event__evaluation")
    )
    return {r.pk for r in candidates if r.event.evaluation.is_open(now)}


# --- The form's blocks and the answers -----------------------------------------------------


@dataclass
class Block:
    """A group of questions on the form: the day as a whole, or one atelier attended."""

    workshop: Workshop | None
    questions: list[EvaluationQuestion]

    @property
    def title(self) -> str:
        if self.workshop is None:
            return _("La journée")
        return _("Atelier « %(title)s »") % {"title": self.workshop.title}


def evaluation_blocks(*, evaluation: Evaluation, registration: Registration) -> list[Block]:
    questions = list(evaluation.questions.all())
    general = [q for q in questions if not q.per_workshop]
    per_workshop = [q for q in questions if q.per_workshop]
    blocks = [Block(workshop=None, questions=general)] if general else []
    if per_workshop:
        blocks += [
            Block(workshop=workshop, questions=per_workshop)
            for workshop in attended_workshops(registration)
        ]
    return blocks


def _answer(question: EvaluationQuestion, value) -> dict | None:
    """The stored columns of one answer, None for a blank one. Values come from the form,
    checked again here: the service is the rule."""
    if value in (None, "", []):
        return None
    if question.kind == EvaluationQuestionKind.RATING:
        rating = int(value)
        if rating not in range(1, 6):
            raise ValueError(rating)
        return {"rating": rating}
    if question.kind == EvaluationQuestionKind.CHOICE:
        if value not in question.choice_list():
            raise ValueError(value)
        return {"choice": value}
    return {"text": str(value).strip()[:5000]}


def evaluation_submit(
    *,
    registration: Registration,
    answers: dict[tuple[int, int | None], object],
    now: dt.datetime | None = None,
) -> EvaluationResponse:
    """Record the person's answers, {(question pk, atelier pk or None): value}. Once: the
    registration row is locked and the submission unique, so two tabs sending at the same
    time record one answer. Anonymous questionnaire: the response keeps no link to the
    registration."""
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        evaluation = evaluation_check(registration=registration, now=now)
        blocks = evaluation_blocks(evaluation=evaluation, registration=registration)
        rows = []
        for block in blocks:
            workshop_pk = block.workshop.pk if block.workshop else None
            for question in block.questions:
                columns = _answer(question, answers.get((question.pk, workshop_pk)))
                if columns is not None:
                    rows.append(
                        EvaluationAnswer(question=question, workshop=block.workshop, **columns)
                    )
        try:
            with transaction.atomic():
                EvaluationSubmission.objects.create(
                    evaluation=evaluation, registration=registration
                )
        except IntegrityError as error:
            raise EvaluationUnavailable(
                EvaluationUnavailable.ANSWERED,
                _("Vous avez déjà répondu au questionnaire d'évaluation. Merci !"),
            ) from error
        response = EvaluationResponse.objects.create(
            evaluation=evaluation, registration=None if evaluation.anonymous else registration
        )
        for row in rows:
            row.response = response
        EvaluationAnswer.objects.bulk_create(rows)
    return response


def evaluation_detach(registrations) -> int:
    """When registrations are anonymised: their non-anonymous responses lose the link to
    the person and their free texts (which may name them); ratings and choices stay for
    the figures. Anonymous responses have no link to lose."""
    responses = EvaluationResponse.objects.filter(registration__in=registrations)
    EvaluationAnswer.objects.filter(response__in=responses).exclude(text="").update(text="")
    return responses.update(registration=None)
