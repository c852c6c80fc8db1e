import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.enums import HalfDay
from events.models import Event, Organiser, ProgrammeSlot
from quartiers2030.text import search_text
from workshops.models import Workshop

from .enums import (
    ACTIVE,
    CHOICE_KINDS,
    SEAT_HOLDING,
    Attendance,
    Category,
    Civility,
    EmailKind,
    PersonalDataAction,
    PresenceMode,
    PresenceSource,
    QuestionAudience,
    QuestionKind,
    RegistrationStatus,
)


def new_token():
    return secrets.token_urlsafe(24)


class ParticipantFields(models.Model):
    """Who a person is, as printed on badges and lists: shared by profiles and registrations."""

    civility = models.CharField(
        _("civilité"), max_length=3, choices=Civility, blank=True, default=Civility.NONE
    )
    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    organisation = models.CharField(_("structure"), max_length=200)
    function = models.CharField(_("fonction"), max_length=200, blank=True)
    category = models.CharField(_("catégorie"), max_length=40, choices=Category)
    territory = models.CharField(
        _("territoire"),
        max_length=120,
        blank=True,
        help_text=_("Département, commune ou contrat de ville."),
    )

    PARTICIPANT_FIELDS = (
        "civility", "first_name", "last_name", "phone", "organisation", "function", "category",
        "territory",
    )  # fmt: skip

    class Meta:
        abstract = True

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()


class Profile(ParticipantFields):
    """Filled once, pre-fills every later registration."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        on_delete=models.CASCADE,
        related_name="profile",
    )

    class Meta:
        verbose_name = _("profil")
        verbose_name_plural = _("profils")

    def __str__(self):
        return self.full_name


class WorkingGroup(models.Model):
    """A mixed working group of an event ("Groupe 3"): participants are spread over the
    groups so that each one mixes categories and organisations."""

    event = models.ForeignKey(
        Event, verbose_name=_("événement"), on_delete=models.CASCADE,
        related_name="working_groups",
    )  # fmt: skip
    number = models.PositiveSmallIntegerField(_("numéro"))
    name = models.CharField(_("nom"), max_length=120, blank=True)
    room = models.CharField(_("salle ou lieu de rendez-vous"), max_length=120, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("capacité"), null=True, blank=True, help_text=_("Vide : pas de limite.")
    )

    class Meta:
        verbose_name = _("groupe de travail")
        verbose_name_plural = _("groupes de travail")
        ordering = ["event", "number"]
        constraints = [
            models.UniqueConstraint(fields=["event", "number"], name="working_group_number"),
        ]

    def __str__(self):
        return self.name or _("Groupe %(number)s") % {"number": self.number}


class RegistrationQuerySet(models.QuerySet):
    """The rules "who counts" spelt once: `Registration.objects.confirmed().on_site()`."""

    def active(self):
        """Not cancelled nor refused: confirmed, pending or waiting."""
        return self.filter(status__in=ACTIVE)

    def seat_holding(self):
        """Holding a seat (confirmed or pending approval): what capacity counts."""
        return self.filter(status__in=SEAT_HOLDING)

    def confirmed(self):
        return self.filter(status=RegistrationStatus.CONFIRMED)

    def waiting(self):
        return self.filter(status=RegistrationStatus.WAITING)

    def on_site(self):
        return self.filter(attendance=Attendance.ON_SITE)

    def remote(self):
        return self.filter(attendance=Attendance.REMOTE)

    def identifiable(self):
        """Not yet anonymised: the only ones lists, documents and emails may name."""
        return self.filter(anonymised_at__isnull=True)


class Registration(ParticipantFields):
    event = models.ForeignKey(
        Event, verbose_name=_("événement"), on_delete=models.PROTECT, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
    )
    email = models.EmailField(_("adresse électronique"))
    attendance = models.CharField(
        _("participation"), max_length=10, choices=Attendance, default=Attendance.ON_SITE
    )
    lunch = models.BooleanField(_("déjeuner"), default=False)
    accessibility_needs = models.TextField(_("besoins d'accessibilité"), blank=True)
    diet = models.TextField(_("régime alimentaire"), blank=True)
    needs_purged_at = models.DateTimeField(_("besoins effacés le"), null=True, blank=True)
    image_consent = models.BooleanField(_("accord pour le droit à l'image"), default=False)
    list_consent = models.BooleanField(
        _("accord pour figurer sur la liste des participant·es"), default=False
    )
    status = models.CharField(
        _("statut"), max_length=12, choices=RegistrationStatus, default=RegistrationStatus.PENDING
    )
    token = models.CharField(_("jeton de gestion"), max_length=64, unique=True, default=new_token)
    registered_by_staff = models.BooleanField(_("inscrit·e par l'équipe"), default=False)
    walk_in = models.BooleanField(_("venu·e sans inscription"), default=False)
    working_group = models.ForeignKey(
        WorkingGroup, verbose_name=_("groupe de travail"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="members",
    )  # fmt: skip
    created_at = models.DateTimeField(_("inscrit·e le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    cancelled_at = models.DateTimeField(_("annulée le"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymisée le"), null=True, blank=True)
    # Revision of the person's own agenda (.ics): bumped when their ateliers, attendance or
    # seat change, so calendar applications replace what they imported (SEQUENCE).
    agenda_sequence = models.PositiveIntegerField(default=0, editable=False)
    # The names and organisation folded (case, accents, punctuation), what the door's search
    # looks into: the same on SQLite and PostgreSQL. Kept by save(); whatever writes names
    # without it (bulk_create, update()) sets it with search_name_of().
    search_name = models.TextField(_("nom pour la recherche"), blank=True, editable=False)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        ordering = ["last_name", "first_name", "pk"]
        constraints = [
            # One live registration per person and event; a cancelled one does not count,
            # so the person can register again.
            models.UniqueConstraint(
                "event",
                Lower("email"),
                condition=~Q(status__in=[RegistrationStatus.CANCELLED, RegistrationStatus.REFUSED]),
                name="registration_one_per_email_and_event",
                violation_error_message=_("Cette personne est déjà inscrite à cet événement."),
            ),
        ]
        # The seat count under the event lock (selectors.seats_taken) reads this index only,
        # whatever the size of the event; the waiting list is read from it in order.
        indexes = [models.Index(fields=["event", "attendance", "status", "created_at"])]

    def __str__(self):
        return f"{self.full_name} — {self.event.title}"

    SEARCHED_FIELDS = ("first_name", "last_name", "organisation")

    def save(self, *args, **kwargs):
        self.search_name = search_name_of(self)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(self.SEARCHED_FIELDS):
            kwargs["update_fields"] = {*update_fields, "search_name"}
        super().save(*args, **kwargs)

    def get_manage_url(self):
        return reverse("registrations:manage", kwargs={"token": self.token})

    @property
    def is_active(self):
        return self.status in ACTIVE


def search_name_of(registration) -> str:
    """The value of Registration.search_name for these names."""
    return search_text(registration.first_name, registration.last_name, registration.organisation)


class WorkshopChoice(models.Model):
    """The atelier a participant picked in one ateliers slot."""

    registration = models.ForeignKey(
        Registration, verbose_name=_("inscription"), on_delete=models.CASCADE,
        related_name="choices",
    )  # fmt: skip
    slot = models.ForeignKey(
        ProgrammeSlot, verbose_name=_("temps d'ateliers"), on_delete=models.PROTECT,
        related_name="choices",
    )  # fmt: skip
    workshop = models.ForeignKey(
        Workshop, verbose_name=_("atelier"), on_delete=models.PROTECT, related_name="choices"
    )

    class Meta:
        verbose_name = _("choix d'atelier")
        verbose_name_plural = _("choix d'ateliers")
        ordering = ["registration", "slot__start"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "slot"], name="workshop_choice_one_per_slot"
            ),
        ]

    def __str__(self):
        return str(self.workshop)


class QuestionQuerySet(models.QuerySet):
    def standard(self):
        """The organisers' standard questions (attached to no event)."""
        return self.filter(event__isnull=True)


class Question(models.Model):
    """A question of the organiser's own, asked on an event's registration form after the
    fixed fields; or, with an organiser and no event, one of the organiser's standard
    questions, copied into events (services.questions_copy)."""

    event = models.ForeignKey(
        Event, verbose_name=_("événement"), on_delete=models.CASCADE,
        null=True, blank=True, related_name="questions",
    )  # fmt: skip
    organiser = models.ForeignKey(
        Organiser, verbose_name=_("organisateur"), on_delete=models.CASCADE,
        null=True, blank=True, related_name="standard_questions",
    )  # fmt: skip
    label = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("aide"), max_length=300, blank=True)
    kind = models.CharField(
        _("type de réponse"), max_length=20, choices=QuestionKind, default=QuestionKind.SHORT_TEXT
    )
    choices = models.TextField(
        _("réponses proposées"),
        blank=True,
        help_text=_("Choix unique ou multiple : une réponse par ligne."),
    )
    required = models.BooleanField(_("obligatoire"), default=False)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    audience = models.CharField(
        _("posée à"), max_length=10, choices=QuestionAudience, blank=True,
        default=QuestionAudience.ALL,
    )  # fmt: skip
    sensitive = models.BooleanField(
        _("réponse sensible"),
        default=False,
        help_text=_(
            "Santé, situation personnelle… : la réponse est effacée avec les besoins, le "
            "lendemain de l'événement."
        ),
    )

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("question d'inscription")
        verbose_name_plural = _("questions d'inscription")
        ordering = ["order", "pk"]
        constraints = [
            # An event's question, or an organiser's standard one: never both, never neither.
            models.CheckConstraint(
                condition=Q(event__isnull=False, organiser__isnull=True)
                | Q(event__isnull=True, organiser__isnull=False),
                name="question_of_event_or_organiser",
            ),
        ]

    def __str__(self):
        return self.label

    def clean(self):
        super().clean()
        if self.kind in CHOICE_KINDS and len(self.choice_list()) < 2:
            raise ValidationError({"choices": _("Proposez au moins deux réponses, une par ligne.")})

    def choice_list(self) -> list[str]:
        """The proposed answers, one per line, blank lines and repeats dropped."""
        return list(
            dict.fromkeys(line.strip() for line in self.choices.splitlines() if line.strip())
        )

    def applies_to(self, attendance: str) -> bool:
        return not self.audience or self.audience == attendance


class StandardQuestionManager(models.Manager.from_queryset(QuestionQuerySet)):
    def get_queryset(self):
        return super().get_queryset().standard()


class StandardQuestion(Question):
    """An organiser's standard question, as its own admin page shows them."""

    objects = StandardQuestionManager()

    class Meta:
        proxy = True
        verbose_name = _("question type")
        verbose_name_plural = _("questions types")
        ordering = ["organiser", "order", "pk"]


class Answer(models.Model):
    """A person's answer to a question of the event. The question's label, kind and
    sensitivity are copied at answer time: the answer stays readable, and exported, after
    the question is changed or deleted (the link then becomes empty)."""

    registration = models.ForeignKey(
        Registration, verbose_name=_("inscription"), on_delete=models.CASCADE,
        related_name="answers",
    )  # fmt: skip
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="answers",
    )  # fmt: skip
    label = models.CharField(_("question (à la réponse)"), max_length=300)
    kind = models.CharField(_("type de réponse"), max_length=20, choices=QuestionKind)
    sensitive = models.BooleanField(_("réponse sensible"), default=False)
    # Text, the chosen label(s) (a list for a multiple choice), a boolean or a number: the
    # words chosen, not their position, so that editing the choices changes no answer.
    value = models.JSONField(_("réponse"), encoder=DjangoJSONEncoder)
    answered_at = models.DateTimeField(_("répondu le"), auto_now=True)

    class Meta:
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")
        ordering = ["registration", "question__order", "question_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "question"], name="answer_one_per_question"
            ),
        ]

    def __str__(self):
        return f"{self.label} : {self.text}"

    @property
    def text(self) -> str:
        return answer_text(self.value)


def answer_text(value) -> str:
    """An answer as read by people: by the value's type rather than the question's kind,
    which may have changed since."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(_("oui")) if value else str(_("non"))
    if isinstance(value, list):
        return " ; ".join(str(item) for item in value)
    if isinstance(value, int | float):
        return str(value).replace(".", ",")
    return str(value)


class OpeningNoticeQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed(self):
        return self.filter(confirmed_at__isnull=True)


class OpeningNotice(models.Model):
    """Someone who asked to be emailed when an event marked "retenez la date" opens.

    Double opt-in: the request is stored unconfirmed and a link with `token` is emailed; only
    a confirmed address is ever sent the notice. Deleted once sent, after the event, or when
    left unconfirmed (services.opening_notices_purge)."""

    event = models.ForeignKey(
        Event, verbose_name=_("événement"), on_delete=models.CASCADE,
        related_name="opening_notices",
    )  # fmt: skip
    email = models.EmailField(_("adresse électronique"))
    token = models.CharField(
        _("jeton de confirmation"), max_length=64, unique=True, default=new_token, editable=False
    )
    # The last time the person asked: a new request restarts the time left to confirm.
    created_at = models.DateTimeField(_("demandé le"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("adresse confirmée le"), null=True, blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    objects = OpeningNoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("demande d'alerte d'ouverture")
        verbose_name_plural = _("demandes d'alerte d'ouverture")
        constraints = [
            models.UniqueConstraint("event", Lower("email"), name="opening_notice_one_per_email"),
        ]

    def __str__(self):
        return self.email

    def get_confirm_url(self):
        return reverse("registrations:opening_notice_confirm", kwargs={"token": self.token})


class CheckInQuerySet(models.QuerySet):
    def on_site(self):
        return self.filter(mode=PresenceMode.ON_SITE)

    def remote(self):
        return self.filter(mode=PresenceMode.REMOTE)


class CheckIn(models.Model):
    """A participant's presence for one half-day (matin / après-midi): seen at the door, or
    followed remotely (the personal join link clicked during the stream, or a line of the
    videoconference tool's attendance report). One row per half-day whatever the mode, so
    that attestations and activity figures read one place.

    For a remote presence, `checked_at` is the first connection, `left_at` the last
    departure (known from a report only) and `minutes` the time followed within the
    half-day: from the report, or the streamed slots' length when only the link is known
    (`source` says which)."""

    registration = models.ForeignKey(
        Registration, verbose_name=_("inscription"), on_delete=models.CASCADE,
        related_name="checkins",
    )  # fmt: skip
    half_day = models.CharField(_("demi-journée"), max_length=10, choices=HalfDay)
    checked_at = models.DateTimeField(_("arrivé·e à"), default=timezone.now)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("enregistré·e par"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )  # fmt: skip
    mode = models.CharField(
        _("présence"), max_length=10, choices=PresenceMode, default=PresenceMode.ON_SITE
    )
    source = models.CharField(
        _("source"), max_length=12, choices=PresenceSource, default=PresenceSource.DOOR
    )
    left_at = models.DateTimeField(_("déconnecté·e à"), null=True, blank=True)
    minutes = models.PositiveSmallIntegerField(_("minutes suivies"), null=True, blank=True)

    objects = CheckInQuerySet.as_manager()

    class Meta:
        verbose_name = _("émargement")
        verbose_name_plural = _("émargements")
        ordering = ["checked_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "half_day"], name="checkin_one_per_half_day"
            ),
        ]

    def __str__(self):
        return f"{self.registration.full_name} — {self.get_half_day_display()}"


class SentEmail(models.Model):
    """Scheduled emails already sent (reminder, after the event): nobody gets one twice."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="sent_emails"
    )
    kind = models.CharField(max_length=20, choices=EmailKind)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("courriel envoyé")
        verbose_name_plural = _("courriels envoyés")
        constraints = [
            models.UniqueConstraint(fields=["registration", "kind"], name="sent_email_once"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.registration_id}"


class StaffMessage(models.Model):
    """A message the organising team sent to all, or some, of an event's registrants."""

    event = models.ForeignKey(
        Event, verbose_name=_("événement"), on_delete=models.CASCADE, related_name="messages"
    )
    subject = models.CharField(_("objet"), max_length=200)
    body = models.TextField(_("message"))
    audience = models.CharField(_("destinataires"), max_length=200)
    recipients = models.ManyToManyField(Registration, related_name="+", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("envoyé par"), on_delete=models.SET_NULL,
        null=True, related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    # A sending that failed (the mail server, a header Django refuses) is recorded here and
    # shown on the staff pages: otherwise nobody would know the message never left.
    failed_at = models.DateTimeField(_("échec de l'envoi le"), null=True, blank=True)
    failure = models.CharField(_("cause de l'échec"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("message aux inscrit·es")
        verbose_name_plural = _("messages aux inscrit·es")
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject

    @property
    def status(self) -> str:
        if self.sent_at:
            return _("envoyé le %(date)s") % {
                "date": timezone.localtime(self.sent_at).strftime("%d/%m/%Y à %H:%M")
            }
        if self.failed_at:
            return _("échec de l'envoi : %(failure)s") % {"failure": self.failure}
        return _("en file d'envoi")


class InactiveAccountWarning(models.Model):
    """An account with no registration and no sign-in for a long time was told by email
    that it will be deleted (registrations/services/retention.py)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inactivity_warning"
    )
    sent_at = models.DateTimeField(_("prévenu·e le"))

    class Meta:
        verbose_name = _("avertissement avant suppression du compte")
        verbose_name_plural = _("avertissements avant suppression du compte")

    def __str__(self):
        return f"{self.user_id} — {self.sent_at:%d/%m/%Y}"


class PersonalDataAccess(models.Model):
    """One entry of the trail of personal-data access: who exported, printed, wrote to or
    looked at participants' data, when, and how many people it concerned. Written by
    `services.trail.access_record`, never edited, deleted after
    `settings.PERSONAL_DATA_TRAIL_MONTHS` (`services.trail.access_trail_purge`).

    The labels are frozen copies: the entry keeps saying who and which event after the
    account or the event is deleted (the foreign keys then become empty)."""

    at = models.DateTimeField(_("le"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("compte"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )  # fmt: skip
    user_label = models.CharField(_("par"), max_length=300, blank=True)
    # Empty for the portal-wide runs (anonymisation of every organiser's registrations),
    # which only superusers see. Protected: an organiser is not deleted while its trail is
    # kept (the purge frees it at the end of the period).
    organiser = models.ForeignKey(
        Organiser, verbose_name=_("organisateur"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )  # fmt: skip
    event = models.ForeignKey(
        Event, verbose_name=_("événement"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )  # fmt: skip
    event_label = models.CharField(_("événement (libellé)"), max_length=300, blank=True)
    action = models.CharField(_("action"), max_length=30, choices=PersonalDataAction)
    count = models.PositiveIntegerField(_("personnes concernées"))
    detail = models.CharField(_("précisions"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("accès aux données personnelles")
        verbose_name_plural = _("journal des accès aux données personnelles")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} — {self.user_label or _('système')}"


# The evaluation questionnaire's models live in their own module, registered with the app
# through this import.
from .evaluation_models import (  # noqa: E402, F401
    Evaluation,
    EvaluationAnswer,
    EvaluationQuestion,
    EvaluationResponse,
    EvaluationSubmission,
    EvaluationTemplate,
    EvaluationTemplateQuestion,
)
