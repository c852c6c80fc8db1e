import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from quartiers2030.tasks import enqueue_on_commit

from .enums import EventStatus, TeamRole
from .models import Event, Organiser, ProgrammeSlot, TeamMember
from .tasks import send_team_invitation


def unique_event_slug(*, title: str, date: dt.date) -> str:
    base = slugify(f"{title} {date:%Y-%m-%d}")[:110]
    slug, n = base, 2
    while Event.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def event_duplicate(
    *, event: Event, date: dt.date, title: str = ""
) -> tuple[Event, dict[int, ProgrammeSlot]]:
    """Copy an event, its partners and its programme (slots and speakers) to a new date.

    The copy is a draft with no registration window: the organiser reviews it before
    publishing. Returns the copy and a map from each original slot id to its copy, so the
    apps that hang things on slots (ateliers) can copy theirs in the same transaction.
    """
    copy = Event.objects.get(pk=event.pk)
    copy.pk = None
    copy.title = title or event.title
    copy.date = date
    copy.slug = unique_event_slug(title=copy.title, date=date)
    copy.status = EventStatus.DRAFT
    copy.registration_opens_at = copy.registration_closes_at = None
    copy.save()
    copy.partners.set(event.partners.all())

    slot_map = {}
    for slot in event.slots.prefetch_related("appearances"):
        appearances = list(slot.appearances.all())
        original_id = slot.pk
        slot.pk, slot.event = None, copy
        slot.save()
        for appearance in appearances:
            appearance.pk, appearance.slot = None, slot
        slot.appearances.model.objects.bulk_create(appearances)
        slot_map[original_id] = slot
    return copy, slot_map


# --- Teams ---------------------------------------------------------------------------------


class TeamError(Exception):
    """A rule of teams was broken; `message` is said to the user as it is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _sync_staff_flag(user) -> None:
    """Team members may open the admin; someone left with no role may not (superusers
    keep it)."""
    is_staff = user.is_superuser or TeamMember.objects.filter(user=user).exists()
    if user.is_staff != is_staff:
        user.is_staff = is_staff
        user.save(update_fields=["is_staff"])


def check_team_event(organiser: Organiser, event: Event | None) -> None:
    if event is not None and event.organiser_id != organiser.pk:
        raise TeamError(_("Choisissez un événement de cet organisateur."))


def check_not_in_team(organiser: Organiser, email: str, event: Event | None) -> None:
    members = TeamMember.objects.filter(organiser=organiser, event=event)
    if members.filter(user__email__iexact=email.strip()).exists():
        raise TeamError(_("Cette personne a déjà un rôle dans cette équipe."))


def is_last_administrator(member: TeamMember) -> bool:
    return (
        member.role == TeamRole.ADMIN
        and member.event_id is None
        and _administrators(member.organiser_id).count() == 1
    )


def check_keeps_an_administrator(member: TeamMember, role: str, event: Event | None) -> None:
    """A team always keeps one administrator (who else would manage it?)."""
    if is_last_administrator(member) and (role != TeamRole.ADMIN or event is not None):
        raise TeamError(_("L'équipe doit garder au moins un·e administrateur·rice."))


@transaction.atomic
def team_member_invite(
    *, organiser: Organiser, email: str, role: str, event: Event | None = None, by=None
) -> TeamMember:
    """Give the person with this address a role in the organiser's team (on one event if
    given), creating their account if they have none, and email them the way in: they sign
    in with a code sent to that address, there is no password to pass on."""
    from allauth.account.models import EmailAddress

    check_team_event(organiser, event)
    email = email.strip()
    User = get_user_model()
    address = EmailAddress.objects.filter(email__iexact=email).select_related("user").first()
    user = address.user if address else User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(username=_free_username(email), email=email)
    if address is None:
        # The organisation vouches for the address; signing in by code proves it again.
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    check_not_in_team(organiser, email, event)
    member = TeamMember.objects.create(
        organiser=organiser, user=user, role=role, event=event, invited_by=by
    )
    _sync_staff_flag(user)
    enqueue_on_commit(send_team_invitation, member_id=member.pk)
    return member


def _free_username(email: str) -> str:
    base = slugify(email.split("@")[0])[:120] or "membre"
    User = get_user_model()
    username, n = base, 2
    while User.objects.filter(username=username).exists():
        username, n = f"{base}-{n}", n + 1
    return username


def _administrators(organiser_id: int):
    return TeamMember.objects.filter(organiser_id=organiser_id, event=None, role=TeamRole.ADMIN)


@transaction.atomic
def team_member_change(*, member: TeamMember, role: str, event: Event | None = None):
    """Change a member's role (and the event it covers)."""
    member = TeamMember.objects.select_for_update().get(pk=member.pk)
    check_team_event(member.organiser, event)
    check_keeps_an_administrator(member, role, event)
    member.role, member.event = role, event
    member.save(update_fields=["role", "event"])
    return member


@transaction.atomic
def team_member_remove(*, member: TeamMember) -> None:
    """Take a role away; the last administrator of a team cannot be removed."""
    member = TeamMember.objects.select_for_update().select_related("user").get(pk=member.pk)
    if is_last_administrator(member):
        raise TeamError(_("L'équipe doit garder au moins un·e administrateur·rice."))
    member.delete()
    _sync_staff_flag(member.user)
