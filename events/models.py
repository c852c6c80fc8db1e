import datetime as dt
import functools
from urllib.parse import quote_plus

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import (
    EventKind,
    EventStatus,
    HalfDay,
    LegalPageKind,
    LunchOption,
    RegistrationMode,
    RegistrationState,
    SlotKind,
    SpeakerPart,
    TeamRole,
)
from .validators import validate_identity_image, validate_privacy_contact


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it has fewer days)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def validate_retention_months(value):
    low, high = settings.RETENTION_MONTHS_MIN, settings.RETENTION_MONTHS_MAX
    if value is not None and not low <= value <= high:
        raise ValidationError(
            _("Choisissez une durée entre %(low)s et %(high)s mois.") % {"low": low, "high": high}
        )


def retention_field(help_text):
    return models.PositiveSmallIntegerField(
        _("conservation des inscriptions (mois)"),
        null=True,
        blank=True,
        validators=[validate_retention_months],
        help_text=help_text,
    )


# Slots starting before this time belong to the morning (sign-in sheets, check-in, streaming).
AFTERNOON_STARTS_AT = dt.time(12, 0)


class Organiser(models.Model):
    name = models.CharField(_("nom"), max_length=200)
    short_name = models.CharField(_("sigle ou nom court"), max_length=60, blank=True)
    slug = models.SlugField(_("identifiant d'URL"), max_length=80, unique=True)
    region = models.CharField(_("région"), max_length=100, blank=True)
    website = models.URLField(_("site web"), blank=True)
    # Its identity: printed on its documents (programme, badges, attestations), on the
    # emails about its events and in the privacy notice of its registration forms.
    logo = models.ImageField(
        _("logo"),
        upload_to="organisers/",
        blank=True,
        validators=[validate_identity_image],
        help_text=_(
            "PNG ou JPEG, 2 Mo au plus. Imprimé sur le programme, les badges et les attestations."
        ),
    )
    signatory_name = models.CharField(
        _("nom du ou de la signataire"),
        max_length=120,
        blank=True,
        help_text=_(
            "Signe les attestations de présence, p. ex. « Murielle Maffessoli ». "
            "Sans signataire, l'attestation est signée du nom de l'organisateur."
        ),
    )
    signatory_function = models.CharField(
        _("fonction du ou de la signataire"),
        max_length=120,
        blank=True,
        help_text=_("P. ex. « directrice »."),
    )
    signature = models.ImageField(
        _("signature"),
        upload_to="organisers/signatures/",
        blank=True,
        validators=[validate_identity_image],
        help_text=_(
            "Facultatif. Image de la signature (PNG ou JPEG, 2 Mo au plus, fond blanc ou "
            "transparent), imprimée au-dessus du nom sur les attestations."
        ),
    )
    email_sender_name = models.CharField(
        _("nom d'expéditeur des courriels"),
        max_length=80,
        blank=True,
        help_text=_(
            "Les courriels sur ses événements partent au nom de « … via Quartiers 2030 ». "
            "Par défaut : le sigle ou le nom de l'organisateur."
        ),
    )
    reply_to = models.EmailField(
        _("adresse de réponse"),
        blank=True,
        help_text=_(
            "Reçoit les réponses des participant·es à ces courriels. Sans adresse, "
            "les réponses vont à l'adresse d'envoi du portail, que personne ne lit."
        ),
    )
    data_controller = models.CharField(
        _("responsable du traitement"),
        max_length=250,
        blank=True,
        help_text=_(
            "La personne morale responsable des données des inscrit·es (nom et adresse "
            "de la structure), citée dans la notice des formulaires d'inscription. "
            "Par défaut : le nom de l'organisateur."
        ),
    )
    privacy_contact = models.CharField(
        _("contact pour les données personnelles"),
        max_length=254,
        blank=True,
        validators=[validate_privacy_contact],
        help_text=_(
            "Adresse électronique ou page web du ou de la déléguée à la protection des "
            "données, citée dans la notice des formulaires d'inscription."
        ),
    )

    retention_months = retention_field(
        _(
            "Nombre de mois après l'événement au bout duquel les inscriptions sont "
            "anonymisées. Vide : la durée du portail."
        )
    )

    class Meta:
        verbose_name = _("organisateur")
        verbose_name_plural = _("organisateurs")
        ordering = ["name"]

    def __str__(self):
        return self.short_name or self.name

    @property
    def display_name(self):
        """'ORIV (Observatoire régional de l'intégration et de la ville)' or just the name."""
        if self.short_name and self.short_name != self.name:
            return f"{self.short_name} ({self.name})"
        return self.name

    @property
    def email_sender(self):
        """The name its emails go out under ("… via Quartiers 2030")."""
        return self.email_sender_name.strip() or str(self)

    @property
    def privacy_contact_url(self):
        """A link to the privacy contact: mailto: its address, or its http(s) page; "" if
        none (or not one of those, which validation refuses anyway)."""
        contact = self.privacy_contact.strip()
        if contact.startswith(("https://", "http://")):
            return contact
        if "@" in contact and ":" not in contact:
            return f"mailto:{contact}"
        return ""


class Cycle(models.Model):
    organiser = models.ForeignKey(
        Organiser, verbose_name=_("organisateur"), on_delete=models.PROTECT, related_name="cycles"
    )
    title = models.CharField(_("titre"), max_length=250)
    slug = models.SlugField(_("identifiant d'URL"), max_length=120, unique=True)
    fil_rouge = models.TextField(
        _("fil rouge"), blank=True, help_text=_("Markdown. Le fil conducteur du cycle.")
    )
    description = models.TextField(_("présentation"), blank=True, help_text=_("Markdown."))
    audience = models.TextField(_("public"), blank=True)

    class Meta:
        verbose_name = _("cycle")
        verbose_name_plural = _("cycles")
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:cycle_detail", kwargs={"slug": self.slug})


class Venue(models.Model):
    name = models.CharField(_("nom du lieu"), max_length=200)
    address = models.CharField(_("adresse"), max_length=250, blank=True)
    postcode = models.CharField(_("code postal"), max_length=10, blank=True)
    city = models.CharField(_("commune"), max_length=120)
    department = models.CharField(
        _("département"), max_length=3, blank=True, help_text=_("Numéro, par exemple 54.")
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    access_notes = models.TextField(
        _("accès"), blank=True, help_text=_("Transports, stationnement, accessibilité. Markdown.")
    )

    class Meta:
        verbose_name = _("lieu")
        verbose_name_plural = _("lieux")
        ordering = ["city", "name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (Q(latitude__isnull=False) & Q(longitude__isnull=False)),
                name="venue_coordinates_both_or_none",
                violation_error_message=_("Indiquez la latitude et la longitude, ou aucune."),
            ),
        ]

    def __str__(self):
        return f"{self.name} — {self.city}"

    @property
    def full_address(self):
        return ", ".join(p for p in [self.address, f"{self.postcode} {self.city}".strip()] if p)

    @property
    def city_with_department(self):
        return f"{self.city} ({self.department})" if self.department else self.city

    @property
    def map_url(self):
        """A plain OpenStreetMap link: the page embeds no third-party map tiles."""
        if self.latitude is not None and self.longitude is not None:
            return (
                f"https://www.openstreetmap.org/?mlat={self.latitude}&mlon={self.longitude}"
                f"#map=17/{self.latitude}/{self.longitude}"
            )
        return "https://www.openstreetmap.org/search?query=" + quote_plus(
            f"{self.full_address}, France"
        )


class Room(models.Model):
    venue = models.ForeignKey(
        Venue, verbose_name=_("lieu"), on_delete=models.CASCADE, related_name="rooms"
    )
    name = models.CharField(_("nom de la salle"), max_length=120)
    capacity = models.PositiveIntegerField(_("capacité"), null=True, blank=True)

    class Meta:
        verbose_name = _("salle")
        verbose_name_plural = _("salles")
        ordering = ["venue", "name"]
        constraints = [
            models.UniqueConstraint(fields=["venue", "name"], name="room_unique_name_per_venue"),
        ]

    def __str__(self):
        return self.name


class Speaker(models.Model):
    """A person who speaks, facilitates or presents; reused from one event to the next."""

    first_name = models.CharField(_("prénom"), max_length=100, blank=True)
    last_name = models.CharField(_("nom"), max_length=100, blank=True)
    role = models.CharField(_("fonction"), max_length=200, blank=True)
    organisation = models.CharField(_("structure"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("intervenant·e")
        verbose_name_plural = _("intervenant·es")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(first_name="") | ~Q(last_name=""),
                name="speaker_has_a_name",
                violation_error_message=_("Indiquez au moins un prénom ou un nom."),
            ),
        ]

    def __str__(self):
        return ", ".join(p for p in [self.name, self.role, self.organisation] if p)

    @property
    def name(self):
        return f"{self.first_name} {self.last_name}".strip()


SLUG_MARK = "slug-mark"


@functools.lru_cache(maxsize=16)
def _event_url(script_prefix: str, urlconf) -> str:
    """The event page's URL with SLUG_MARK for the slug: resolved once, not once per card
    of a list (reverse() walks the URL patterns on every call)."""
    return reverse("event_detail", kwargs={"slug": SLUG_MARK})


class EventQuerySet(models.QuerySet):
    def visible(self):
        """What the public site lists: published events, and cancelled ones (marked as such)."""
        return self.filter(status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED])

    def upcoming(self, today=None):
        return self.filter(date__gte=today or timezone.localdate()).order_by("date", "start_time")

    def past(self, today=None):
        return self.filter(date__lt=today or timezone.localdate()).order_by("-date", "-start_time")

    def for_listing(self):
        return self.select_related("venue", "organiser", "cycle")


class Event(models.Model):
    kind = models.CharField(_("type"), max_length=30, choices=EventKind, default=EventKind.OTHER)
    title = models.CharField(_("titre"), max_length=250)
    slug = models.SlugField(_("identifiant d'URL"), max_length=120, unique=True)
    theme = models.CharField(_("thème"), max_length=250, blank=True)
    organiser = models.ForeignKey(
        Organiser, verbose_name=_("organisateur"), on_delete=models.PROTECT, related_name="events"
    )
    partners = models.ManyToManyField(
        Organiser, verbose_name=_("partenaires"), blank=True, related_name="partner_events"
    )
    cycle = models.ForeignKey(
        Cycle,
        verbose_name=_("cycle"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=EventStatus, default=EventStatus.DRAFT
    )

    date = models.DateField(_("date"))
    doors_open = models.TimeField(_("accueil à partir de"), null=True, blank=True)
    # Empty for an event whose times were never published (some past events).
    start_time = models.TimeField(_("début"), null=True, blank=True)
    end_time = models.TimeField(_("fin"), null=True, blank=True)
    venue = models.ForeignKey(
        Venue,
        verbose_name=_("lieu"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )

    audience = models.TextField(_("public"), blank=True)
    objectives = models.TextField(_("objectifs"), blank=True, help_text=_("Markdown."))
    description = models.TextField(_("présentation"), blank=True, help_text=_("Markdown."))

    registration_mode = models.CharField(
        _("inscriptions"), max_length=20, choices=RegistrationMode, default=RegistrationMode.OPEN
    )
    registration_opens_at = models.DateTimeField(
        _("ouverture des inscriptions"), null=True, blank=True
    )
    registration_closes_at = models.DateTimeField(
        _("clôture des inscriptions"), null=True, blank=True
    )
    onsite_capacity = models.PositiveIntegerField(
        _("places sur place"), null=True, blank=True, help_text=_("Vide : sans limite.")
    )
    approval_required = models.BooleanField(
        _("inscription sur validation"),
        default=False,
        help_text=_("Les inscriptions restent en attente jusqu'à leur validation par l'équipe."),
    )
    remote_attendance = models.BooleanField(
        _("participation à distance possible"),
        default=False,
        help_text=_("Cochez « retransmis » sur les temps du programme suivis en visioconférence."),
    )
    remote_details = models.CharField(
        _("précisions sur la visioconférence"), max_length=250, blank=True
    )
    remote_capacity = models.PositiveIntegerField(
        _("places à distance"),
        null=True,
        blank=True,
        help_text=_(
            "Par exemple 150 pour une salle Visio de 150 personnes. Au-delà, les inscriptions "
            "à distance vont sur la liste d'attente. Vide : sans limite."
        ),
    )
    stream_margin_minutes = models.PositiveSmallIntegerField(
        _("ouverture du lien personnel (minutes)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(120)],
        help_text=_(
            "Le lien de connexion personnel de chaque inscrit·e à distance fonctionne pendant "
            "les temps retransmis, et ce nombre de minutes avant et après. Vide : 15 minutes."
        ),
    )
    retention_months = retention_field(
        _("Vide : la durée de l'organisateur. Les besoins particuliers sont effacés le lendemain.")
    )
    videoconference_url = models.URLField(
        _("lien de visioconférence"),
        blank=True,
        help_text=_(
            "Jamais envoyé tel quel : chaque inscrit·e à distance reçoit un lien personnel "
            "qui y mène pendant les temps retransmis et enregistre sa connexion."
        ),
    )
    lunch = models.CharField(
        _("repas"), max_length=20, choices=LunchOption, default=LunchOption.UNKNOWN
    )

    # RFC 5545 SEQUENCE of the event's VEVENTs: bumped by save() when a change matters to a
    # calendar that imported the event (see ICS_SEQUENCE_FIELDS), never edited by hand.
    ics_sequence = models.PositiveIntegerField(_("révision iCalendar"), default=0, editable=False)
    # The date a published event was first announced for, once it moved to another day: set
    # by save(), never by hand; search engines are told "rescheduled" (previousStartDate).
    rescheduled_from = models.DateField(
        _("date annoncée auparavant"), null=True, blank=True, editable=False
    )

    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = EventQuerySet.as_manager()

    # A change to one of these makes calendars re-schedule the event: they bump SEQUENCE.
    # The title or the description do not: clients refresh them without it.
    ICS_SEQUENCE_FIELDS = ("date", "doors_open", "start_time", "end_time", "venue_id")

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements")
        ordering = ["-date", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(start_time__isnull=True) & Q(end_time__isnull=True))
                | (
                    Q(start_time__isnull=False)
                    & Q(end_time__isnull=False)
                    & Q(end_time__gt=models.F("start_time"))
                ),
                name="event_ends_after_start",
                violation_error_message=_(
                    "Indiquez le début et la fin, la fin étant postérieure au début."
                ),
            ),
            models.CheckConstraint(
                condition=Q(doors_open__isnull=True)
                | (Q(start_time__isnull=False) & Q(doors_open__lte=models.F("start_time"))),
                name="event_doors_open_before_start",
                violation_error_message=_("L'accueil doit commencer au plus tard au début."),
            ),
            models.CheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__gt=models.F("registration_opens_at")),
                name="event_registration_window_ordered",
                violation_error_message=_(
                    "La clôture des inscriptions doit suivre leur ouverture."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.date:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        """Bump `ics_sequence` when the date, times, venue or cancellation change.

        Compares with the stored row (one extra query on update), not with the values this
        instance was loaded with, and never lowers the stored sequence: a stale instance
        saved late neither misses a bump nor takes the sequence back.
        """
        update_fields = kwargs.get("update_fields")
        if self._state.adding or self.pk is None:
            # Born cancelled: calendars must still see a revision above the default 0.
            if self.is_cancelled:
                self.ics_sequence = max(self.ics_sequence, 1)
        elif update_fields is None or self._ics_fields(update_fields):
            fields = self._ics_fields(update_fields)
            stored = (
                type(self)
                ._base_manager.filter(pk=self.pk)
                .values(*dict.fromkeys(["ics_sequence", "status", *fields]))
                .first()
            )
            if stored is not None:
                if self._note_rescheduling(stored) and update_fields is not None:
                    kwargs["update_fields"] = {*kwargs["update_fields"], "rescheduled_from"}
                self.ics_sequence = max(self.ics_sequence, stored["ics_sequence"])
                if any(
                    self._ics_value(name, getattr(self, name))
                    != self._ics_value(name, stored[name])
                    for name in fields
                ):
                    self.ics_sequence = stored["ics_sequence"] + 1
                    if update_fields is not None:
                        kwargs["update_fields"] = {*kwargs["update_fields"], "ics_sequence"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return _event_url(get_script_prefix(), get_urlconf()).replace(SLUG_MARK, self.slug)

    def _ics_fields(self, update_fields) -> list[str]:
        """The attnames of the fields that matter to calendars and that this save writes."""
        names = [*self.ICS_SEQUENCE_FIELDS, "status"]
        if update_fields is None:
            return names
        written = {self._meta.get_field(name).attname for name in update_fields}
        return [name for name in names if name in written]

    def _note_rescheduling(self, stored: dict) -> bool:
        """Remember the day a published event was first announced for when it moves to
        another day (a draft was announced to nobody); moving back to that day forgets it.
        True when `rescheduled_from` changed."""
        if "date" not in stored or stored["status"] != EventStatus.PUBLISHED:
            return False
        before = self.rescheduled_from
        new_date = self._meta.get_field("date").to_python(self.date)
        if new_date != stored["date"] and self.rescheduled_from is None:
            self.rescheduled_from = stored["date"]
        if self.rescheduled_from == new_date:
            self.rescheduled_from = None
        return self.rescheduled_from != before

    def _ics_value(self, attname: str, value):
        value = self._meta.get_field(attname).to_python(value)
        # Any status but "cancelled" is the same to a calendar: only cancelling and
        # un-cancelling count (a draft was never in anybody's calendar).
        return value == EventStatus.CANCELLED if attname == "status" else value

    @property
    def is_cancelled(self):
        return self.status == EventStatus.CANCELLED

    @property
    def retention_months_effective(self) -> int:
        return (
            self.retention_months
            or self.organiser.retention_months
            or settings.RETENTION_MONTHS_DEFAULT
        )

    @property
    def personal_data_kept_until(self) -> dt.date:
        """The day its registrations are anonymised (needs: the day after the event)."""
        return add_months(self.date, self.retention_months_effective)

    STREAM_MARGIN_DEFAULT = 15

    @property
    def stream_margin(self) -> int:
        """Minutes before and after the streamed slots during which the join link works."""
        if self.stream_margin_minutes is None:
            return self.STREAM_MARGIN_DEFAULT
        return self.stream_margin_minutes

    @property
    def is_past(self):
        return self.date < timezone.localdate()

    @property
    def lunch_on_site(self):
        return self.lunch in (LunchOption.OFFERED, LunchOption.ON_SITE)

    def registration_state_changes_at(self, now=None):
        """The next moment `registration_state()` changes by itself (registrations open or
        close), or None; the change of day is not counted (pages key on the day)."""
        now = now or timezone.now()
        moments = (self.registration_opens_at, self.registration_closes_at)
        return min((moment for moment in moments if moment and moment > now), default=None)

    def registration_state(self, now=None):
        """The state a visitor sees. Seat counting is added by the registrations app."""
        now = now or timezone.now()
        if self.registration_mode == RegistrationMode.NONE:
            return RegistrationState.NONE
        if self.is_cancelled or self.date < timezone.localdate(now):
            return RegistrationState.CLOSED
        if self.registration_mode == RegistrationMode.LATER:
            return RegistrationState.LATER
        if self.registration_mode == RegistrationMode.CLOSED:
            return RegistrationState.CLOSED
        if self.registration_closes_at and now >= self.registration_closes_at:
            return RegistrationState.CLOSED
        if self.registration_mode == RegistrationMode.FULL:
            return RegistrationState.FULL
        if self.registration_opens_at and now < self.registration_opens_at:
            return RegistrationState.NOT_YET_OPEN
        return RegistrationState.OPEN


class ProgrammeSlot(models.Model):
    event = models.ForeignKey(
        Event, verbose_name=_("événement"), on_delete=models.CASCADE, related_name="slots"
    )
    start = models.TimeField(_("début"))
    end = models.TimeField(_("fin"))
    kind = models.CharField(_("type"), max_length=20, choices=SlotKind, default=SlotKind.PLENARY)
    title = models.CharField(_("titre"), max_length=300)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    room = models.ForeignKey(
        Room,
        verbose_name=_("salle"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="slots",
    )
    streamed = models.BooleanField(_("retransmis en visioconférence"), default=False)
    speakers = models.ManyToManyField(
        Speaker, verbose_name=_("intervenant·es"), through="SlotSpeaker", related_name="slots"
    )

    class Meta:
        verbose_name = _("temps du programme")
        verbose_name_plural = _("temps du programme")
        ordering = ["event", "start", "end"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")),
                name="slot_ends_after_start",
                violation_error_message=_("La fin doit être postérieure au début."),
            ),
        ]

    def __str__(self):
        return f"{self.start:%H:%M} {self.title}"

    @property
    def half_day(self):
        return HalfDay.MORNING if self.start < AFTERNOON_STARTS_AT else HalfDay.AFTERNOON

    @property
    def is_workshops(self):
        return self.kind == SlotKind.WORKSHOPS

    def clean(self):
        super().clean()
        if self.room_id and self.event_id and self.room.venue_id != self.event.venue_id:
            raise ValidationError(
                {"room": _("Cette salle n'appartient pas au lieu de l'événement.")}
            )
        if (
            self.pk
            and self.kind != SlotKind.WORKSHOPS
            and hasattr(self, "workshops")
            and self.workshops.exists()
        ):
            raise ValidationError(
                {"kind": _("Ce temps contient des ateliers : il doit rester de type « Ateliers ».")}
            )


class SlotSpeaker(models.Model):
    slot = models.ForeignKey(
        ProgrammeSlot, verbose_name=_("temps"), on_delete=models.CASCADE, related_name="appearances"
    )
    speaker = models.ForeignKey(
        Speaker,
        verbose_name=_("intervenant·e"),
        on_delete=models.PROTECT,
        related_name="appearances",
    )
    part = models.CharField(
        _("rôle"), max_length=20, choices=SpeakerPart, default=SpeakerPart.SPEAKER
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")
        ordering = ["slot", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "speaker", "part"], name="slot_speaker_unique_part"
            ),
        ]

    def __str__(self):
        return f"{self.speaker.name} — {self.get_part_display()}"


class TeamMember(models.Model):
    """A staff user's role in an organiser's team: on all the organiser's events, or on one
    event only (a volunteer at the door, a partner organisation co-running one day)."""

    organiser = models.ForeignKey(
        Organiser, verbose_name=_("organisateur"), on_delete=models.CASCADE, related_name="team"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("compte"), on_delete=models.CASCADE,
        related_name="team_roles",
    )  # fmt: skip
    role = models.CharField(
        _("rôle"),
        max_length=10,
        choices=TeamRole,
        help_text=_(
            "Administrateur·rice : tout, dont l'équipe et l'identité de l'organisation. "
            "Chargé·e d'événements : événements, programmes, inscriptions, exports, messages. "
            "Accueil : émargement et badges, la veille et le jour de l'événement. "
            "Partenaire : lecture du programme et des chiffres, sans données personnelles."
        ),
    )
    event = models.ForeignKey(
        Event, verbose_name=_("événement"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="team_roles",
        help_text=_("Vide : tous les événements de l'organisateur."),
    )  # fmt: skip
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("invité·e par"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("depuis le"), auto_now_add=True)

    class Meta:
        verbose_name = _("membre d'une équipe")
        verbose_name_plural = _("membres des équipes")
        ordering = ["organiser", "user__email", "event"]
        constraints = [
            models.UniqueConstraint(
                fields=["organiser", "user"],
                condition=Q(event__isnull=True),
                name="team_member_one_role_per_organiser",
                violation_error_message=_("Cette personne a déjà un rôle dans cette équipe."),
            ),
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=Q(event__isnull=False),
                name="team_member_one_role_per_event",
                violation_error_message=_("Cette personne a déjà un rôle sur cet événement."),
            ),
        ]

    def __str__(self):
        where = self.event.title if self.event_id else str(self.organiser)
        return (
            f"{self.user.email or self.user.get_username()} — {self.get_role_display()} — {where}"
        )

    def clean(self):
        if self.event_id and self.organiser_id and self.event.organiser_id != self.organiser_id:
            raise ValidationError({"event": _("Choisissez un événement de cet organisateur.")})


class LegalPage(models.Model):
    """The text of one of the portal's legal pages, written by a superuser. Without a row,
    the page shows the text shipped with the portal (templates/pages/legal/), whose
    bracketed parts are still to be filled in: see events/legal.py."""

    kind = models.CharField(_("page"), max_length=30, choices=LegalPageKind.choices, unique=True)
    title = models.CharField(_("titre"), max_length=200)
    body = models.TextField(
        _("texte"),
        help_text=_(
            "Markdown : ## Intertitre, **gras**, [lien](https://…), listes. "
            "Tout élément entre crochets, comme [Nom de la structure], est « à compléter » : "
            "tant qu'il en reste un, le public voit « Page en cours de rédaction »."
        ),
    )
    updated_at = models.DateTimeField(_("mise à jour"), auto_now=True)

    class Meta:
        verbose_name = _("page légale")
        verbose_name_plural = _("pages légales")
        ordering = ["kind"]

    def __str__(self):
        return self.get_kind_display()

    def get_absolute_url(self):
        from .legal import URL_NAMES

        return reverse(URL_NAMES[self.kind])
