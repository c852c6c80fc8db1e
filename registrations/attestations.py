"""Attestations de présence: what a participant attended, from the check-ins at the door
and the remote presences (the same CheckIn rows, mode "remote").

Nothing is issued for someone never checked in nor seen remotely: the check-ins (one per
half-day) are the only proof of presence the portal has. A remote half-day states "à
distance" and the duration followed: from the videoconference tool's report, or the
streamed slots' length when only the personal join link was used; the page says which.
A participant downloads their own attestation once the event is over; staff print them in
bulk at any time (e.g. at the end of the day).
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.enums import HalfDay, SlotKind
from events.models import Event, ProgrammeSlot
from quartiers2030.pdf import PagedPdf, image_src, render_pdf
from quartiers2030.text import of_name, with_article

from .enums import PresenceMode, PresenceSource
from .models import CheckIn, Registration
from .selectors import name_key

# Fallback hours of a half-day when the programme has no slot in it (see `half_day_hours`).
MORNING_ENDS = dt.time(12, 30)
AFTERNOON_STARTS = dt.time(13, 30)
DEFAULT_START = dt.time(9, 0)
DEFAULT_END = dt.time(17, 0)
# An event without an end time is over at the end of its day.
END_OF_DAY = dt.time(23, 59, 59)


class AttestationUnavailable(Exception):
    """Why a participant cannot download an attestation (yet); `message` is shown to them."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


NOT_OVER = gettext_lazy(
    "Aucune attestation : l'événement n'est pas terminé. "
    "Elle sera disponible ici à la fin de la journée."
)
NEVER_CHECKED_IN = gettext_lazy(
    "Aucune attestation : aucune présence n'a été enregistrée à l'accueil pour cette "
    "inscription. Si vous étiez présent·e, contactez l'équipe organisatrice."
)


NOBODY_CHECKED_IN = gettext_lazy(
    "Aucune attestation : personne n'a été enregistré·e à l'accueil parmi ces inscriptions."
)


def clock(value: dt.time) -> str:
    """Hours written in full, as on administrative documents: 9h00, 12h30."""
    return f"{value.hour}h{value.minute:02d}"


def duration(minutes: int) -> str:
    """3h30, 7h00."""
    return f"{minutes // 60}h{minutes % 60:02d}"


def _minutes(start: dt.time, end: dt.time) -> int:
    return max((end.hour * 60 + end.minute) - (start.hour * 60 + start.minute), 0)


@dataclass(frozen=True)
class AttendedHalfDay:
    half_day: HalfDay
    start: dt.time
    end: dt.time
    remote: bool = False
    # Remote: the minutes followed (CheckIn.minutes) and what proves them (PresenceSource).
    followed: int | None = None
    source: str = PresenceSource.DOOR

    @property
    def minutes(self) -> int:
        span = _minutes(self.start, self.end)
        if self.remote and self.followed is not None:
            return min(self.followed, span)
        return span

    @property
    def label(self) -> str:
        """ "Matin (9h00 – 12h30)", "Matin (9h00 – 12h30), à distance : 2h25 suivies"."""
        text = f"{HalfDay(self.half_day).label} ({clock(self.start)} – {clock(self.end)})"
        if self.remote:
            text += _(", à distance : %(duration)s suivies") % {"duration": self.duration}
        return text

    @property
    def duration(self) -> str:
        return duration(self.minutes)


@dataclass(frozen=True)
class Presence:
    """One registration's presence: the half-days it was checked in for, in day order."""

    registration: Registration
    half_days: tuple[AttendedHalfDay, ...]

    @property
    def minutes(self) -> int:
        return sum(half.minutes for half in self.half_days)

    @property
    def duration(self) -> str:
        return duration(self.minutes)

    @property
    def remote(self) -> bool:
        """Followed remotely only (every half-day attended was remote)."""
        return bool(self.half_days) and all(half.remote for half in self.half_days)

    @property
    def bases(self) -> list[str]:
        """What the page says its figures come from, one sentence per kind of proof."""
        sources = {half.source for half in self.half_days}
        return [str(BASES[source]) for source in PresenceSource if source in sources]


BASES = {
    PresenceSource.DOOR: gettext_lazy(
        "Présence sur place établie d'après les émargements recueillis à l'accueil."
    ),
    PresenceSource.REPORT: gettext_lazy(
        "Participation à distance établie d'après le rapport de connexion de l'outil de "
        "visioconférence : la durée est le temps de connexion pendant les temps retransmis."
    ),
    PresenceSource.JOIN_LINK: gettext_lazy(
        "Participation à distance établie d'après la connexion par le lien personnel : "
        "la durée est celle des temps retransmis de la demi-journée."
    ),
}


def half_day_hours(event: Event, slots: Iterable[ProgrammeSlot]) -> dict[str, tuple]:
    """{half-day: (start, end)} of `event`, as printed on its attestations.

    The rule:
    - from the programme: the slots of that half-day (a slot starting before noon is in the
      morning, see `ProgrammeSlot.half_day`), meals excluded — a lunch is not training
      time — from the first start to the last end (welcome and breaks inside count);
    - without such slots: the morning runs from the event's start to 12h30 and the
      afternoon from 13h30 to the event's end;
      (an event ending before 12h30 ends its morning there; one starting after 13h30
      starts its afternoon there);
    - without times either: 9h00 – 12h30 and 13h30 – 17h00. Likewise an event starting
      after 12h30 keeps 9h00 for a morning check-in and one ending before 13h30 keeps
      17h00 for an afternoon one (a data-entry slip, but the paper must stay sane).

    `slots` are the event's slots (any order); meals among them are ignored here.
    """
    spans: dict[str, list[dt.time]] = {}
    for slot in slots:
        if slot.kind == SlotKind.MEAL:
            continue
        span = spans.setdefault(slot.half_day, [slot.start, slot.end])
        span[0], span[1] = min(span[0], slot.start), max(span[1], slot.end)
    start, end = event.start_time, event.end_time
    morning_start = start if start and start < MORNING_ENDS else DEFAULT_START
    morning_end = end if end and morning_start < end < MORNING_ENDS else MORNING_ENDS
    afternoon_end = end if end and end > AFTERNOON_STARTS else DEFAULT_END
    afternoon_start = start if start and AFTERNOON_STARTS < start < afternoon_end else None
    fallback = {
        HalfDay.MORNING: (morning_start, morning_end),
        HalfDay.AFTERNOON: (afternoon_start or AFTERNOON_STARTS, afternoon_end),
    }
    return {half: tuple(spans.get(half, fallback[half])) for half in HalfDay}


def event_end(event: Event) -> dt.datetime:
    """When the event is over, as an aware datetime in Paris time."""
    return dt.datetime.combine(
        event.date, event.end_time or END_OF_DAY, tzinfo=timezone.get_default_timezone()
    )


def is_over(event: Event, *, now: dt.datetime | None = None) -> bool:
    return (now or timezone.now()) >= event_end(event)


def presences(registrations: QuerySet) -> list[Presence]:
    """The presence of each registration among `registrations` checked in at least once,
    sorted by last name then first name. Three queries, however many registrations and
    events: the registrations (with event, venue, organiser), their check-ins, the slots.
    Never-checked-in registrations are left out: they get no attestation."""
    registrations = list(
        registrations.identifiable()
        .filter(checkins__isnull=False)
        .distinct()
        .select_related("event__venue", "event__organiser")
        .prefetch_related(
            Prefetch(
                "checkins",
                queryset=CheckIn.objects.only(
                    "registration_id", "half_day", "mode", "source", "minutes"
                ),
            )
        )
        .order_by()
    )
    slots_by_event = defaultdict(list)
    event_ids = {registration.event_id for registration in registrations}
    for slot in ProgrammeSlot.objects.filter(event__in=event_ids).only(
        "event_id", "start", "end", "kind"
    ):
        slots_by_event[slot.event_id].append(slot)
    hours = {}
    result = []
    for registration in sorted(registrations, key=name_key):
        event = registration.event
        if event.pk not in hours:
            hours[event.pk] = half_day_hours(event, slots_by_event[event.pk])
        attended = {checkin.half_day: checkin for checkin in registration.checkins.all()}
        half_days = tuple(
            AttendedHalfDay(
                half,
                *hours[event.pk][half],
                remote=attended[half].mode == PresenceMode.REMOTE,
                followed=attended[half].minutes,
                source=attended[half].source,
            )
            for half in HalfDay
            if half in attended
        )
        result.append(Presence(registration=registration, half_days=half_days))
    return result


def available_ids(registrations: Iterable[Registration], *, now=None) -> set[int]:
    """Ids of the registrations whose attestation the participant can download now (event
    over, checked in at least once). One query, for "Mon espace"."""
    over = [r.pk for r in registrations if is_over(r.event, now=now)]
    if not over:
        return set()
    return set(
        CheckIn.objects.filter(registration__in=over)
        .values_list("registration_id", flat=True)
        .distinct()
    )


def participant_attestation_pdf(*, registration: Registration, now=None) -> bytes:
    """The participant's own attestation (tagged PDF).

    Raises AttestationUnavailable before the event's end (Paris time) or when the
    registration was never checked in.
    """
    if not is_over(registration.event, now=now):
        raise AttestationUnavailable(NOT_OVER)
    try:
        return attestation_pdf(registrations=Registration.objects.filter(pk=registration.pk))
    except AttestationUnavailable:
        raise AttestationUnavailable(NEVER_CHECKED_IN) from None


def _identity(organiser) -> dict:
    """What an attestation prints of its organiser, as plain values (the images as a src,
    "" when missing or unreadable: the attestation is then printed without them)."""
    return {
        "organiser": organiser.name,
        # In sentences, with its article: "Pour l'Observatoire…", "Logo d'ORIV".
        "organiser_named": with_article(organiser.name),
        "of_organiser": of_name(organiser.name),
        "logo": image_src(organiser.logo),
        "signatory": organiser.signatory_name.strip(),
        "signatory_function": organiser.signatory_function.strip(),
        "signature": image_src(organiser.signature),
    }


def _context(presence: Presence, *, issued_on: dt.date, identity: dict) -> dict:
    """What one page prints, as plain values; `identity` is the organiser's (_identity)."""
    registration = presence.registration
    event = registration.event
    venue = event.venue
    return {
        **identity,
        "civility": registration.get_civility_display() if registration.civility else "",
        "name": registration.full_name,
        "function": registration.function,
        "organisation": registration.organisation,
        "event": event.title,
        "kind": event.get_kind_display(),
        "date": formats.date_format(event.date, "l j F Y"),
        "place": ", ".join(p for p in [venue.name, venue.city] if p) if venue else "",
        "half_days": presence.half_days,
        "duration": presence.duration,
        "remote": presence.remote,
        "bases": presence.bases,
        "door_only": all(half.source == PresenceSource.DOOR for half in presence.half_days),
        "city": venue.city if venue else "",
        "issued_on": formats.date_format(issued_on, "j F Y"),
    }


def attestation_pdf(*, registrations: QuerySet, issued_on: dt.date | None = None) -> bytes:
    """The attestations (see attestation_document), rendered here."""
    return attestation_document(registrations=registrations, issued_on=issued_on).to_bytes()


def attestation_document(*, registrations: QuerySet, issued_on: dt.date | None = None) -> PagedPdf:
    """One A4 page per registration among `registrations` checked in at least once, sorted
    by name; "Fait à …, le `issued_on`" (today by default). Never-checked-in registrations
    get no page; with nobody left, raises AttestationUnavailable.

    Tagged (PDF/UA) for a single attestation, which a participant may read with a screen
    reader; untagged in bulk, which staff print (faster, see bench/attestations.py)."""
    issued_on = issued_on or timezone.localdate()
    identities = {}  # organiser pk: its identity, read (and its images checked) once
    pages = []
    for presence in presences(registrations):
        organiser = presence.registration.event.organiser
        if organiser.pk not in identities:
            identities[organiser.pk] = _identity(organiser)
        pages.append(_context(presence, issued_on=issued_on, identity=identities[organiser.pk]))
    if not pages:
        raise AttestationUnavailable(NOBODY_CHECKED_IN)
    title = _("Attestation de présence")
    if len(pages) == 1:
        title = f"{title} — {pages[0]['name']} — {pages[0]['event']}"
    tagged = len(pages) == 1

    def render(first: int, part: list[dict]) -> bytes:
        return render_pdf("pdf/attestation.html", {"pages": part, "title": title}, tagged=tagged)

    # Pages are independent (no page counter): a large batch is rendered in chunks, possibly
    # side by side in forked processes, as the badges are (see quartiers2030/pdf.py).
    return PagedPdf(render, pages)
