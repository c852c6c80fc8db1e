"""The organiser's own registration questions: saving a person's answers (inside the
registering transaction), copying questions from another event or from the organiser's
standard set."""

from collections.abc import Iterable, Mapping

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from events.models import Event

from ..models import Answer, Question, Registration

COPIED_FIELDS = (
    "label", "help_text", "kind", "choices", "required", "order", "audience", "sensitive",
)  # fmt: skip


def answers_save(
    *, registration: Registration, answers: Mapping[int, object], questions=None
) -> bool:
    """Store `answers` ({question pk: value, None for no answer}) of `registration`, within
    the caller's transaction. Questions of other events are ignored, and so are the
    questions that do not concern the registration's attendance (only on site, only
    remotely): their answers, if any, are deleted. Questions absent from `answers` keep
    their answer. The question's label, kind and sensitivity are copied into the answer
    (what the person answered to). Returns whether anything changed."""
    if questions is None:
        questions = registration.event.questions.all()
    existing = {
        answer.question_id: answer
        for answer in Answer.objects.filter(registration=registration, question__isnull=False)
    }
    now = timezone.now()
    created, updated, deleted = [], [], []
    for question in questions:
        if question.event_id != registration.event_id:
            continue
        current = existing.get(question.pk)
        value = answers.get(question.pk) if question.applies_to(registration.attendance) else None
        if value is None:
            if current is not None and (
                question.pk in answers or not question.applies_to(registration.attendance)
            ):
                deleted.append(current.pk)
            continue
        frozen = {
            "label": question.label,
            "kind": question.kind,
            "sensitive": question.sensitive,
            "value": value,
            "answered_at": now,
        }
        if current is None:
            created.append(Answer(registration=registration, question=question, **frozen))
        elif current.value != value:
            for key, frozen_value in frozen.items():
                setattr(current, key, frozen_value)
            updated.append(current)
    if deleted:
        Answer.objects.filter(pk__in=deleted).delete()
    if created:
        Answer.objects.bulk_create(created)
    if updated:
        Answer.objects.bulk_update(updated, ["label", "kind", "sensitive", "value", "answered_at"])
    return bool(created or updated or deleted)


@transaction.atomic
def questions_copy(*, questions: Iterable[Question], event: Event) -> list[Question]:
    """Copy `questions` (another event's, or the organiser's standard ones) at the end of
    `event`'s questions, in their order. Returns the copies."""
    start = (event.questions.aggregate(last=Max("order"))["last"] or 0) + 1
    copies = [
        Question(event=event, **{name: getattr(q, name) for name in COPIED_FIELDS})
        for q in sorted(questions, key=lambda q: (q.order, q.pk))
    ]
    for offset, copy in enumerate(copies):
        copy.order = start + offset
    return Question.objects.bulk_create(copies)
