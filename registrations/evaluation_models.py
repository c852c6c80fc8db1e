"""The evaluation questionnaire: templates the organiser keeps, each event's questionnaire
(a frozen copy of a template's questions), and the answers.

Who answered and what was answered are kept apart. `EvaluationSubmission` says that a
registration has answered (one answer per attendee); `EvaluationResponse` holds the
answers and points to the registration only when the questionnaire is not anonymous.
For an anonymous questionnaire nothing joins the two: no foreign key, no time on either
(a time could be matched with the other's), random identifiers (sequential ones would
pair the n-th submission with the n-th response).
"""

import datetime as dt
import uuid
import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Event, Organiser
from workshops.models import Workshop

from .enums import EvaluationQuestionKind

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
# When the event has no end time, the questionnaire opens at this hour of the day.
DEFAULT_END = dt.time(18, 0)
RATINGS = (1, 2, 3, 4, 5)


class EvaluationQuestionFields(models.Model):
    """A question, as kept in a template and as copied into an event's questionnaire."""

    kind = models.CharField(
        _("type"), max_length=10, choices=EvaluationQuestionKind,
        default=EvaluationQuestionKind.RATING,
    )  # fmt: skip
    label = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("aide"), max_length=300, blank=True)
    choices = models.TextField(
        _("choix proposés"), blank=True, help_text=_("Choix unique : un choix par ligne.")
    )
    required = models.BooleanField(_("obligatoire"), default=False)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    per_workshop = models.BooleanField(
        _("une fois par atelier"),
        default=False,
        help_text=_("Posée pour chaque atelier suivi, à ceux et celles qui y ont assisté."),
    )
    satisfaction = models.BooleanField(
        _("satisfaction générale"),
        default=False,
        help_text=_("Sa moyenne est la satisfaction de l'événement dans les chiffres d'activité."),
    )

    class Meta:
        abstract = True
        ordering = ["order", "pk"]

    def __str__(self):
        return self.label

    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    def clean(self):
        super().clean()
        errors = {}
        if self.kind == EvaluationQuestionKind.CHOICE and len(self.choice_list()) < 2:
            errors["choices"] = _("Un choix unique propose au moins deux choix, un par ligne.")
        if self.satisfaction and self.kind != EvaluationQuestionKind.RATING:
            errors["satisfaction"] = _("La satisfaction générale est une note de 1 à 5.")
        if self.satisfaction and self.per_workshop:
            errors["satisfaction"] = _("La satisfaction générale porte sur la journée entière.")
        if errors:
            raise ValidationError(errors)

    QUESTION_FIELDS = (
        "kind", "label", "help_text", "choices", "required", "order", "per_workshop",
        "satisfaction",
    )  # fmt: skip


class EvaluationTemplate(models.Model):
    """The organiser's standard questionnaire, copied into each event's."""

    organiser = models.ForeignKey(
        Organiser, verbose_name=_("organisateur"), on_delete=models.CASCADE,
        related_name="evaluation_templates",
    )  # fmt: skip
    name = models.CharField(_("nom"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)

    class Meta:
        verbose_name = _("modèle de questionnaire d'évaluation")
        verbose_name_plural = _("modèles de questionnaire d'évaluation")
        ordering = ["organiser", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organiser", "name"], name="evaluation_template_name"),
        ]

    def __str__(self):
        return self.name


class EvaluationTemplateQuestion(EvaluationQuestionFields):
    template = models.ForeignKey(
        EvaluationTemplate, verbose_name=_("modèle"), on_delete=models.CASCADE,
        related_name="questions",
    )  # fmt: skip

    class Meta(EvaluationQuestionFields.Meta):
        verbose_name = _("question du modèle")
        verbose_name_plural = _("questions du modèle")


class Evaluation(models.Model):
    """An event's questionnaire, open from the day's end for `days_open` days."""

    event = models.OneToOneField(
        Event, verbose_name=_("événement"), on_delete=models.CASCADE, related_name="evaluation"
    )
    template = models.ForeignKey(
        EvaluationTemplate, verbose_name=_("modèle"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
        help_text=_("À la création, ses questions sont copiées dans le questionnaire."),
    )  # fmt: skip
    intro = models.TextField(_("introduction"), blank=True)
    anonymous = models.BooleanField(
        _("réponses anonymes"),
        default=True,
        help_text=_(
            "Les réponses sont enregistrées sans lien avec la personne ; le questionnaire le dit."
        ),
    )
    opens_at = models.DateTimeField(
        _("ouverture"), null=True, blank=True, help_text=_("Vide : à la fin de la journée.")
    )
    days_open = models.PositiveSmallIntegerField(_("durée d'ouverture (jours)"), default=21)

    class Meta:
        verbose_name = _("questionnaire d'évaluation")
        verbose_name_plural = _("questionnaires d'évaluation")
        ordering = ["-event__date"]

    def __str__(self):
        return str(self.event)

    @property
    def starts_at(self) -> dt.datetime:
        if self.opens_at:
            return self.opens_at
        end = self.event.end_time or DEFAULT_END
        return dt.datetime.combine(self.event.date, end, tzinfo=PARIS)

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(days=self.days_open)

    def is_open(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.starts_at <= now < self.ends_at


class EvaluationQuestion(EvaluationQuestionFields):
    """A question of an event's questionnaire: a copy, so that changing the template never
    changes what people answered."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("questionnaire"), on_delete=models.CASCADE,
        related_name="questions",
    )  # fmt: skip

    class Meta(EvaluationQuestionFields.Meta):
        verbose_name = _("question d'évaluation")
        verbose_name_plural = _("questions d'évaluation")


class EvaluationSubmission(models.Model):
    """A registration has answered the questionnaire: what makes it "once". No time, no
    link to the answers (see the module's docstring)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="submissions")
    registration = models.ForeignKey(
        "registrations.Registration", on_delete=models.CASCADE,
        related_name="evaluation_submissions",
    )  # fmt: skip

    class Meta:
        verbose_name = _("réponse reçue")
        verbose_name_plural = _("réponses reçues")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "registration"], name="evaluation_submission_once"
            ),
        ]

    def __str__(self):
        return str(self.evaluation)


class EvaluationResponse(models.Model):
    """One person's answers. `registration` is set only when the questionnaire is not
    anonymous, and emptied when the registration is anonymised."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="responses")
    registration = models.ForeignKey(
        "registrations.Registration", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="evaluation_responses",
    )  # fmt: skip

    class Meta:
        verbose_name = _("réponses au questionnaire")
        verbose_name_plural = _("réponses au questionnaire")

    def __str__(self):
        return str(self.evaluation)


class EvaluationAnswer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(
        EvaluationResponse, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        EvaluationQuestion, on_delete=models.CASCADE, related_name="answers"
    )
    # The atelier rated, for a question asked once per atelier.
    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    choice = models.CharField(max_length=300, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="evaluation_rating_1_to_5",
            ),
        ]

    def __str__(self):
        return str(self.question)
