from collections.abc import Iterable

from django.db.models import Count, Prefetch

from events.enums import RegistrationState
from events.models import Event
from workshops.models import Workshop

from .enums import SEAT_HOLDING, Attendance
from .models import Registration, WorkshopChoice


def onsite_seats_taken(event: Event) -> int:
    return Registration.objects.filter(
        event=event, attendance=Attendance.ON_SITE, status__in=SEAT_HOLDING
    ).count()


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
    return max(event.onsite_capacity - onsite_seats_taken(event), 0)


def registration_state(event: Event) -> RegistrationState:
    """The event's state, "full" once every on-site seat is taken (and nobody can follow
    remotely instead)."""
    state = event.registration_state()
    if state == RegistrationState.OPEN and seats_left(event) == 0 and not event.remote_attendance:
        return RegistrationState.FULL
    return state


def user_registration(*, event: Event, user) -> Registration | None:
    if not user.is_authenticated:
        return None
    return Registration.objects.active().filter(event=event, email__iexact=user.email).first()


def registrations_of(user):
    """The user's registrations, newest event first, with their ateliers."""
    return (
        Registration.objects.filter(email__iexact=user.email)
        .select_related("event__venue")
        .prefetch_related(
            Prefetch(
                "choices",
                queryset=WorkshopChoice.objects.select_related("workshop__room", "slot"),
            )
        )
        .order_by("-event__date", "-created_at")
    )
