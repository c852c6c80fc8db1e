import datetime as dt
from collections.abc import Iterable

from django.core.cache import cache
from django.db import connection
from django.db.models import Case, Count, Exists, Max, OuterRef, Prefetch, Q, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from events import caching
from events.enums import EventStatus, HalfDay, RegistrationMode, RegistrationState, SlotKind
from events.models import Event
from events.scoping import Can, can
from quartiers2030 import pagecache
from quartiers2030.text import fold, printable
from workshops.models import Workshop

from .enums import SEAT_HOLDING, Attendance, EmailKind, PresenceMode, RegistrationStatus
from .models import CheckIn, OpeningNotice, Question, Registration, WorkshopChoice


def name_key(registration) -> tuple:
    """Last name, then first name, then id: how every list of people is sorted."""
    return (fold(registration.last_name), fold(registration.first_name), registration.pk or 0)


def _listed(event: Event):
    return Registration.objects.filter(event=event, list_consent=True).confirmed()


def public_participants(event: Event) -> list[tuple[str, str]]:
    """(full name, organisation) of the confirmed participants — on site or remote — who
    agreed to appear on the list, sorted by name. Nothing else about them is shown."""
    people = _listed(event).only("first_name", "last_name", "organisation")
    return [(person.full_name, person.organisation) for person in sorted(people, key=name_key)]


def may_see_participants(*, event: Event, user, registration: Registration | None) -> bool:
    """Whether `user` may read the list of participants of `event`: what the consent on the
    registration form promises — signed-in people with a confirmed registration to the
    event, and the staff who may see the event's people; nobody else.

    `registration` is the user's own live registration to the event
    (`user_registration`), which the event page reads anyway: passing it saves a query."""
    if not user.is_authenticated:
        return False
    if (
        registration is not None
        and registration.event_id == event.pk
        and registration.status == RegistrationStatus.CONFIRMED
    ):
        return True
    return can(user, Can.VIEW_PEOPLE, event=event)


def participant_list(*, event: Event, user, registration: Registration | None) -> dict:
    """The participants' section of the event page, in one query: the names for those who
    may see them (`people`), only how many agreed to be listed for everyone else."""
    if may_see_participants(event=event, user=user, registration=registration):
        people = public_participants(event)
        return {"people": people, "count": len(people)}
    return {"people": None, "count": _listed(event).count()}


def seats_taken(event: Event, attendance: str) -> int:
    """Seats held in this attendance mode: registrations confirmed or pending (SEAT_HOLDING).

    What every registration counts under the event lock (services/locks.py), hence a
    statement written here: the ORM would compile the same one on every call, 0.6 ms more
    while the next registration waits. `Registration.objects.seat_holding()` spells the same
    rule; a test keeps the two equal."""
    quote, field = connection.ops.quote_name, Registration._meta.get_field
    statuses = ", ".join(["%s"] * len(SEAT_HOLDING))
    # Names from the model, values as parameters:
    sql = (
        f"SELECT COUNT(*) FROM {quote(Registration._meta.db_table)} "  # noqa: S608
        f"WHERE {quote(field('event').column)} = %s AND {quote(field('attendance').column)} = %s "
        f"AND {quote(field('status').column)} IN ({statuses})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [event.pk, attendance, *SEAT_HOLDING])
        return cursor.fetchone()[0]


def has_seat(event: Event, attendance: str) -> bool:
    """Whether a seat of this attendance mode is free (on site, or in the Visio room)."""
    capacity = event.remote_capacity if attendance == Attendance.REMOTE else event.onsite_capacity
    return capacity is None or seats_taken(event, attendance) < capacity


def workshop_seats_taken(workshops: Iterable[Workshop], *, exclude: Registration | None = None):
    """{workshop id: seats held} for the given ateliers."""
    choices = WorkshopChoice.objects.filter(
        workshop__in=list(workshops), registration__status__in=SEAT_HOLDING
    )
    if exclude is not None:
        choices = choices.exclude(registration=exclude)
    return dict(choices.values_list("workshop").annotate(n=Count("pk")))


def seats_left(event: Event) -> int | None:
    """On-site seats still free, or None when the event has no limit."""
    if event.onsite_capacity is None:
        return None
    return max(event.onsite_capacity - seats_taken(event, Attendance.ON_SITE), 0)


_UNCOUNTED = object()


def onsite_full(event: Event, *, left=_UNCOUNTED) -> bool:
    """No on-site seat left for a new registration: it would go to the waiting list.
    `left`: the seats_left(event) the caller already counted, if it did."""
    if event.registration_mode == RegistrationMode.FULL:
        return True
    return (seats_left(event) if left is _UNCOUNTED else left) == 0


def registration_figures(event: Event) -> dict:
    """Counts the team follows before the day: seats, remote, waiting, ateliers' fill."""
    counts = event.registrations.aggregate(
        on_site=Count("pk", filter=Q(status__in=SEAT_HOLDING, attendance=Attendance.ON_SITE)),
        remote=Count("pk", filter=Q(status__in=SEAT_HOLDING, attendance=Attendance.REMOTE)),
        confirmed=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
        pending=Count("pk", filter=Q(status=RegistrationStatus.PENDING)),
        waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITING)),
        cancelled=Count("pk", filter=Q(status=RegistrationStatus.CANCELLED)),
    )
    workshops = (
        Workshop.objects.filter(slot__event=event)
        .select_related("slot", "room")
        .annotate(taken=Count("choices", filter=Q(choices__registration__status__in=SEAT_HOLDING)))
        .order_by("slot__start", "number", "title")
    )
    return {**counts, "seats_left": seats_left(event), "workshops": workshops}


def anonymised_on(event: Event) -> dt.date | None:
    """The day the event's registrations were anonymised (None while they are not)."""
    at = Registration.objects.filter(event=event, anonymised_at__isnull=False).aggregate(
        at=Max("anonymised_at")
    )["at"]
    return timezone.localdate(at) if at else None


def registration_state(event: Event) -> RegistrationState:
    """The event's state, "full" once every on-site seat is taken (and nobody can follow
    remotely instead, or the remote seats are taken too)."""
    state = event.registration_state()
    if (
        state == RegistrationState.OPEN
        and seats_left(event) == 0
        and (not event.remote_attendance or not has_seat(event, Attendance.REMOTE))
    ):
        return RegistrationState.FULL
    return state


def registration_form_events():
    """The events whose registration form is shown, each saying whether its form has
    ateliers (`has_ateliers`) and questions (`has_questions`) to build: most events have
    neither, and the form then reads nothing more (RegistrationForm)."""
    return (
        Event.objects.visible()
        .select_related("venue", "organiser")
        .annotate(
            has_ateliers=Exists(
                Workshop.objects.filter(slot__event=OuterRef("pk"), slot__kind=SlotKind.WORKSHOPS)
            ),
            has_questions=Exists(Question.objects.filter(event=OuterRef("pk"))),
        )
    )


def registration_form_event(slug: str) -> Event:
    """The event of the registration form at `slug` (see `registration_form_events`), from
    the shared cache while the versions of the event's names are unchanged: any change to
    the event, its programme, ateliers or questions, its venue or organiser bumps them. The
    registration service reads the row again under its lock: the form only reads it.
    Raises Http404."""
    event_id = caching.remembered_event_id(slug)
    key = None
    if event_id is not None:
        # The versions first, then the row: a change committed in between goes under a
        # version the commit makes stale (quartiers2030/pagecache.py).
        versions = pagecache.version(*caching.event_page_names(event_id))
        key = f"registration-form:event:{slug}:{versions}"
        event = cache.get(key)
        if event is not None:
            return event
    event = get_object_or_404(registration_form_events(), slug=slug)
    caching.remember_event_id(slug, event.pk)
    if key is not None and event.pk == event_id:
        cache.set(key, event, pagecache.PAGE_TIMEOUT)
    return event


def user_registration(*, event: Event, user) -> Registration | None:
    if not user.is_authenticated:
        return None
    return Registration.objects.active().filter(event=event, email__iexact=user.email).first()


def registrations_of(user):
    """The user's registrations, newest event first, with their ateliers."""
    return (
        Registration.objects.filter(email__iexact=user.email)
        .select_related("event__venue", "event__organiser")
        .prefetch_related(
            Prefetch(
                "choices",
                queryset=WorkshopChoice.objects.select_related("workshop__room", "slot"),
            )
        )
        .order_by("-event__date", "-created_at")
    )


# --- At the door ---------------------------------------------------------------------------

# Programme slots starting before noon are the morning's (ProgrammeSlot.half_day): the
# door follows the same rule, so someone arriving at 12h15 for lunch is an afternoon arrival.
NOON = dt.time(12)


def current_half_day(now: dt.datetime | None = None) -> HalfDay:
    local = timezone.localtime(now)
    return HalfDay.MORNING if local.time() < NOON else HalfDay.AFTERNOON


def present_count(event: Event, half_day: HalfDay) -> int:
    """People in the room this half-day (remote presences are not in the room)."""
    return CheckIn.objects.on_site().filter(registration__event=event, half_day=half_day).count()


def checkin_counters(event: Event, half_day: HalfDay) -> dict[str, int]:
    """What the door team watches: expected on site, present this half-day, remote, walk-ins
    (one query)."""
    confirmed = Q(status=RegistrationStatus.CONFIRMED)
    return Registration.objects.filter(event=event).aggregate(
        # distinct: the join on check-ins repeats a registration once per check-in.
        expected=Count("pk", filter=confirmed & Q(attendance=Attendance.ON_SITE), distinct=True),
        present=Count(
            "checkins",
            filter=Q(checkins__half_day=half_day, checkins__mode=PresenceMode.ON_SITE),
        ),
        remote=Count("pk", filter=confirmed & Q(attendance=Attendance.REMOTE), distinct=True),
        walk_ins=Count("pk", filter=confirmed & Q(walk_in=True), distinct=True),
    )


def checkin_card(registration: Registration) -> Registration:
    """The registration with what the door shows: ateliers (rooms, colours), check-ins."""
    return (
        Registration.objects.select_related("event", "working_group")
        .prefetch_related(
            Prefetch(
                "choices",
                queryset=WorkshopChoice.objects.select_related("workshop__room", "slot").order_by(
                    "slot__start"
                ),
            ),
            "checkins",
        )
        .get(pk=registration.pk)
    )


def checkin_search(event: Event, query: str, *, limit: int = 20) -> list[Registration]:
    """Registrations of the event whose names or organisation contain every word typed —
    case, accents and punctuation ignored: "pont a mousson" finds "Pont-à-Mousson" — or
    whose e-mail is one of the words. Confirmed ones first, then the others (cancelled,
    refused, waiting, pending), shown so that the door can say why they are not expected."""
    words = printable(query).split()[:5]
    if not words:
        return []
    registrations = Registration.objects.filter(event=event)
    for word in words:
        parts = fold(word, punctuation=False).split()
        matches = Q(email__iexact=word)
        if parts:
            matches |= Q(*(Q(search_name__contains=part) for part in parts))
        registrations = registrations.filter(matches)
    expected_first = Case(When(status=RegistrationStatus.CONFIRMED, then=0), default=1)
    return list(
        registrations.prefetch_related("checkins").order_by(
            expected_first, "last_name", "first_name", "pk"
        )[:limit]
    )


# --- Who gets which email ------------------------------------------------------------------

REMINDER_DAYS_BEFORE = 2


def reminder_recipients(*, today: dt.date):
    """Confirmed registrations of the published events of the next two days whose reminder
    has not been sent (an event in one day is included, should the command miss a day)."""
    return (
        Registration.objects.confirmed()
        .filter(
            event__status=EventStatus.PUBLISHED,
            event__date__gt=today,
            event__date__lte=today + dt.timedelta(days=REMINDER_DAYS_BEFORE),
        )
        .exclude(sent_emails__kind=EmailKind.REMINDER)
        .order_by("event__date", "pk")
    )


# "Tell me when it opens" is offered, and accepted, only while registration is not open yet:
# "retenez la date", or an opening date still to come.
NOTICE_STATES = frozenset({RegistrationState.LATER, RegistrationState.NOT_YET_OPEN})
# A request whose address is not confirmed within these days is void, then deleted.
NOTICE_CONFIRMATION_DAYS = 7


def notice_expired(notice: OpeningNotice, *, now: dt.datetime) -> bool:
    """Left unconfirmed too long: its link no longer works and the purge deletes it."""
    limit = now - dt.timedelta(days=NOTICE_CONFIRMATION_DAYS)
    return notice.confirmed_at is None and notice.created_at < limit


def opening_notice_for_token(*, token: str, now: dt.datetime) -> OpeningNotice | None:
    """The request a confirmation link is for; None if unknown, deleted or expired."""
    notice = OpeningNotice.objects.select_related("event__organiser").filter(token=token).first()
    if notice is None or notice_expired(notice, now=now):
        return None
    return notice


def opening_notices_due() -> list[OpeningNotice]:
    """Confirmed, unsent "tell me when it opens" requests of published events now taking
    registrations (or their waiting list)."""
    notices = (
        OpeningNotice.objects.confirmed()
        .filter(sent_at__isnull=True, event__status=EventStatus.PUBLISHED)
        .select_related("event")
    )
    taking = (RegistrationState.OPEN, RegistrationState.FULL)
    return [notice for notice in notices if notice.event.registration_state() in taking]


def opening_notices_to_purge(*, now: dt.datetime):
    """The "tell me when it opens" requests no longer needed at `now`: left unconfirmed for
    more than NOTICE_CONFIRMATION_DAYS, already sent, or of an event that is over."""
    limit = now - dt.timedelta(days=NOTICE_CONFIRMATION_DAYS)
    return OpeningNotice.objects.filter(
        Q(confirmed_at__isnull=True, created_at__lt=limit)
        | Q(sent_at__isnull=False)
        | Q(event__date__lt=timezone.localdate(now))
    )


def attendees(event: Event):
    """Registrations checked in at least once."""
    return Registration.objects.filter(event=event, checkins__isnull=False).distinct()


def post_event_recipients(event: Event):
    return (
        attendees(event)
        .identifiable()
        .exclude(sent_emails__kind=EmailKind.POST_EVENT)
        .order_by("pk")
    )


PRESENCE_FILTERS = {
    "present": Q(checkins__isnull=False),
    "absent": Q(checkins__isnull=True),
}


def message_recipients(
    *, event: Event, statuses, attendance: str = "", workshop=None, presence: str = ""
):
    """The event's registrations a staff message goes to, by status, attendance, atelier
    and presence at the event."""
    registrations = Registration.objects.identifiable().filter(event=event, status__in=statuses)
    if attendance:
        registrations = registrations.filter(attendance=attendance)
    if workshop is not None:
        registrations = registrations.filter(choices__workshop=workshop)
    if presence:
        registrations = registrations.filter(PRESENCE_FILTERS[presence])
    return registrations.distinct().order_by("last_name", "first_name", "pk")


# --- Remote presence -----------------------------------------------------------------------


def remote_attendees(event: Event) -> list[Registration]:
    """The registrations of `event` seen remotely at least once (not anonymised), sorted by
    name, each with its remote presences (`remote_checkins`, in half-day order). Two
    queries: what the remote sign-in record lists."""
    remote = CheckIn.objects.remote().order_by("half_day", "checked_at")
    registrations = (
        Registration.objects.filter(event=event, checkins__mode=PresenceMode.REMOTE)
        .identifiable()
        .distinct()
        .prefetch_related(Prefetch("checkins", queryset=remote, to_attr="remote_checkins"))
    )
    order = {half: index for index, half in enumerate(HalfDay)}
    people = sorted(registrations, key=name_key)
    for person in people:
        person.remote_checkins.sort(key=lambda checkin: order[checkin.half_day])
    return people
