"""Who may do what on which event: the one scoping layer of the organiser's side.

A staff user acts through their roles in organisers' teams (`TeamMember`): a role on an
organiser covers all its events, a role on one event covers that event. Each role grants a
set of capabilities (`Can`); every staff query asks this module for the events (or
organisers) where the user has a capability, and filters on them. Nothing is visible by
default: a user without a role sees nothing, an object outside their scope is not found
(404), never "forbidden" (403), which would confirm that it exists.

Superusers have every capability everywhere. The door team ("accueil") acts only around the
day: on events of today and tomorrow (badges and sign-in sheets are printed the day before).

The user's roles are read once per request (cached on the user object): scoping a list adds
one query, never one per row.
"""

import datetime as dt
import enum

from django.db.models import Q, QuerySet
from django.utils import timezone

from .enums import TeamRole
from .models import Event, Organiser, TeamMember


class Can(enum.StrEnum):
    VIEW_EVENT = "view_event"  # the event, its programme and its counts
    EDIT_EVENT = "edit_event"  # build the event, its programme, ateliers, resources
    VIEW_PEOPLE = "view_people"  # registrations, lists, exports, needs, attestations
    MESSAGE = "message"  # write to registrants
    CHECK_IN = "check_in"  # the door: check people in, add walk-ins
    PRINT = "print"  # badges and sign-in sheets
    VIEW_FIGURES = "view_figures"  # activity figures (no personal data)
    MANAGE_TEAM = "manage_team"  # invite, change roles, remove (organiser-wide roles only)
    EDIT_ORGANISER = "edit_organiser"  # the organiser's identity: logo, signatory, sender…


ROLE_CAPABILITIES: dict[str, frozenset[Can]] = {
    TeamRole.ADMIN: frozenset(Can),
    TeamRole.MANAGER: frozenset(Can) - {Can.MANAGE_TEAM, Can.EDIT_ORGANISER},
    TeamRole.DOOR: frozenset({Can.VIEW_EVENT, Can.CHECK_IN, Can.PRINT}),
    TeamRole.PARTNER: frozenset({Can.VIEW_EVENT, Can.VIEW_FIGURES}),
}
# What a role on a single event can never grant: the team and the organiser are not one
# event's.
ORGANISER_ONLY = frozenset({Can.MANAGE_TEAM, Can.EDIT_ORGANISER})
# Roles whose holders read personal data (needs, phones, lists): they sign in with a second
# factor.
SECOND_FACTOR_ROLES = frozenset({TeamRole.ADMIN, TeamRole.MANAGER, TeamRole.DOOR})
DOOR_DAYS_AHEAD = 1


def roles_of(user) -> list[TeamMember]:
    """The user's team roles, read once per request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    if not hasattr(user, "_team_roles_cache"):
        user._team_roles_cache = list(
            TeamMember.objects.filter(user=user).only("organiser_id", "event_id", "role")
        )
    return user._team_roles_cache


def forget_roles(user) -> None:
    """After a change of the user's roles within the same request."""
    user.__dict__.pop("_team_roles_cache", None)


def is_superuser(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) and user.is_active


def is_team_member(user) -> bool:
    """Has any role (or is a superuser): may open the admin and the staff pages at all."""
    return is_superuser(user) or bool(roles_of(user))


def requires_second_factor(user) -> bool:
    """Staff who can read participants' personal data sign in with a second factor."""
    return is_superuser(user) or any(m.role in SECOND_FACTOR_ROLES for m in roles_of(user))


def _grants(member: TeamMember, capability: Can) -> bool:
    if member.event_id is not None and capability in ORGANISER_ONLY:
        return False
    return capability in ROLE_CAPABILITIES[member.role]


def _door_window(today: dt.date | None = None) -> Q:
    today = today or timezone.localdate()
    return Q(date__gte=today, date__lte=today + dt.timedelta(days=DOOR_DAYS_AHEAD))


def event_filter(user, capability: Can) -> Q | None:
    """The condition on events where `user` has `capability`: None for everything (a
    superuser), `Q(pk__in=[])` for nothing."""
    if is_superuser(user):
        return None
    condition = Q(pk__in=[])
    for member in roles_of(user):
        if not _grants(member, capability):
            continue
        where = Q(pk=member.event_id) if member.event_id else Q(organiser_id=member.organiser_id)
        if member.role == TeamRole.DOOR:
            where &= _door_window()
        condition |= where
    return condition


def events_for(user, capability: Can) -> QuerySet[Event]:
    condition = event_filter(user, capability)
    events = Event.objects.all()
    return events if condition is None else events.filter(condition)


def scope(queryset: QuerySet, user, capability: Can, *, path: str) -> QuerySet:
    """`queryset` limited to rows whose event (reached by `path`, e.g. "slot__event"; ""
    for events themselves) is in the user's scope for `capability`. One subquery, no
    query per row."""
    if is_superuser(user):
        return queryset
    lookup = f"{path}__in" if path else "pk__in"
    return queryset.filter(**{lookup: events_for(user, capability).values("pk")})


def organiser_ids_for(user, capability: Can) -> list[int]:
    """Ids of the organisers on whose whole team the user has `capability` through a role
    (roles on one event do not count: they cover that event, not the organiser; nor does
    the door team, which acts on the day's events only). Superusers: see `organisers_for`."""
    return [
        m.organiser_id
        for m in roles_of(user)
        if m.event_id is None and _grants(m, capability) and m.role != TeamRole.DOOR
    ]


def organisers_for(user, capability: Can) -> QuerySet[Organiser]:
    if is_superuser(user):
        return Organiser.objects.all()
    return Organiser.objects.filter(pk__in=organiser_ids_for(user, capability))


def _covers(member: TeamMember, event: Event, today: dt.date) -> bool:
    if member.event_id is not None:
        covered = member.event_id == event.pk
    else:
        covered = member.organiser_id == event.organiser_id
    if covered and member.role == TeamRole.DOOR:
        return today <= event.date <= today + dt.timedelta(days=DOOR_DAYS_AHEAD)
    return covered


def can(user, capability: Can, *, event: Event | None = None, organiser=None) -> bool:
    """Whether `user` has `capability` on `event`, on `organiser`, or (neither given)
    anywhere at all. Reads no more than the user's roles (no query per object)."""
    if is_superuser(user):
        return True
    roles = [m for m in roles_of(user) if _grants(m, capability)]
    if event is not None:
        today = timezone.localdate()
        return any(_covers(m, event, today) for m in roles)
    if organiser is not None:
        return organiser.pk in organiser_ids_for(user, capability)
    return bool(roles)
