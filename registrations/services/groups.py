"""Working groups on an event: create the groups and spread the confirmed on-site
participants (the algorithm is in registrations/grouping.py), move one person, give an
atelier to those who chose none in a slot; and the reads of the staff page."""

from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from events.enums import SlotKind
from events.models import Event, ProgrammeSlot

from ..enums import SEAT_HOLDING, Attendance, RegistrationStatus
from ..errors import RegistrationError
from ..grouping import FAMILIES, Group, GroupingError, Mix, Person, fold, mix_of, spread
from ..models import Registration, WorkingGroup, WorkshopChoice
from ..selectors import name_key, workshop_seats_taken
from .locks import lock_event, lock_workshops

__all__ = ["FAMILIES", "GroupingError"]

# --- Services --------------------------------------------------------------------------
#
# Locking, as in services.py: the event row first (every registration writer takes it, so
# nobody registers, cancels or changes ateliers meanwhile), then the rows counted, by
# ascending primary key.


class WorkingGroupFull(RegistrationError):
    pass


def _participants(event: Event):
    """The people spread into groups: confirmed, on site."""
    return Registration.objects.filter(event=event).confirmed().on_site()


def person_of(registration: Registration) -> Person:
    return Person(
        id=registration.pk,
        category=registration.category,
        organisation=registration.organisation,
        name_key=(fold(registration.last_name), fold(registration.first_name)),
    )


PERSON_FIELDS = ("pk", "category", "organisation", "last_name", "first_name")


def working_groups_create_and_assign(
    *, event: Event, count: int, capacity: int | None = None
) -> list[WorkingGroup]:
    """Make groups 1…`count` of the event (existing ones keep their name and room, those
    numbered above `count` are deleted), give them all `capacity` (None: no limit), and
    spread every confirmed on-site participant over them.

    Every earlier assignment of the event is recomputed, hand moves included; people who
    are no longer confirmed on site leave their group. All or nothing: GroupingError (too
    few seats) leaves the database as it was.
    """
    if count < 1:
        raise GroupingError(_("Indiquez au moins un groupe."))
    with transaction.atomic():
        event = lock_event(event)
        event.working_groups.filter(number__gt=count).delete()
        existing = {g.number: g for g in event.working_groups.select_for_update().order_by("pk")}
        groups = []
        for number in range(1, count + 1):
            group = existing.get(number)
            if group is None:
                group = WorkingGroup.objects.create(event=event, number=number, capacity=capacity)
            elif group.capacity != capacity:
                group.capacity = capacity
                group.save(update_fields=["capacity"])
            groups.append(group)
        registrations = list(_participants(event).only(*PERSON_FIELDS[1:]))
        assignment = spread(
            [person_of(r) for r in registrations],
            [Group(id=g.pk, capacity=g.capacity) for g in groups],
        )
        Registration.objects.filter(event=event, working_group__isnull=False).exclude(
            pk__in=assignment
        ).update(working_group=None)
        members = defaultdict(list)
        for registration_id, group_id in assignment.items():
            members[group_id].append(registration_id)
        for group in groups:
            Registration.objects.filter(pk__in=members[group.pk]).update(working_group=group)
    return groups


def working_group_move(*, registration: Registration, group: WorkingGroup | None) -> Registration:
    """Put one participant in `group` (None: out of any group), if it has a seat left."""
    with transaction.atomic():
        event = lock_event(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if (registration.status, registration.attendance) != (
            RegistrationStatus.CONFIRMED,
            Attendance.ON_SITE,
        ):
            raise RegistrationError(
                _("Seules les personnes confirmées sur place sont réparties en groupes.")
            )
        if group is None:
            registration.working_group = None
        else:
            group = WorkingGroup.objects.select_for_update().get(pk=group.pk)
            if group.event_id != event.pk:
                raise RegistrationError(_("Ce groupe n'appartient pas à cet événement."))
            if registration.working_group_id == group.pk:
                return registration
            # Cancelled registrations keep their group: only participants take a seat.
            members = _participants(event).filter(working_group=group).count()
            if group.capacity is not None and members >= group.capacity:
                raise WorkingGroupFull(
                    ngettext(
                        "Le groupe « %(group)s » est complet (%(capacity)d place).",
                        "Le groupe « %(group)s » est complet (%(capacity)d places).",
                        group.capacity,
                    )
                    % {"group": group, "capacity": group.capacity}
                )
            registration.working_group = group
        registration.save(update_fields=["working_group", "updated_at"])
    return registration


def working_group_update(*, group: WorkingGroup, name: str, room: str) -> WorkingGroup:
    group.name, group.room = name.strip(), room.strip()
    group.save(update_fields=["name", "room"])
    return group


def participants_without_workshop(slot: ProgrammeSlot):
    """Confirmed on-site participants who chose no atelier in this ateliers slot."""
    return _participants(slot.event).exclude(choices__slot=slot)


def workshops_fill(*, slot: ProgrammeSlot) -> list[WorkshopChoice]:
    """Give an atelier of `slot` to every confirmed on-site participant who chose none,
    spread with the working groups' rules over the seats each atelier has left (those who
    chose an atelier count in its mix). All or nothing: GroupingError when the ateliers
    have fewer seats left than people to place. Returns the choices created.
    """
    if slot.kind != SlotKind.WORKSHOPS:
        raise GroupingError(_("Ce temps du programme n'est pas un temps d'ateliers."))
    with transaction.atomic():
        lock_event(slot.event)
        workshops = lock_workshops(slot.workshops.all())
        if not workshops:
            raise GroupingError(_("Ce temps d'ateliers n'a aucun atelier."))
        taken = workshop_seats_taken(workshops)
        chosen = defaultdict(list)
        for choice in (
            WorkshopChoice.objects.filter(
                workshop__in=workshops, registration__status__in=SEAT_HOLDING
            )
            .select_related("registration")
            .only("workshop_id", *(f"registration__{f}" for f in PERSON_FIELDS[1:]))
        ):
            chosen[choice.workshop_id].append(person_of(choice.registration))
        groups = [
            Group(
                id=w.pk,
                capacity=None
                if w.effective_capacity is None
                else max(w.effective_capacity - taken.get(w.pk, 0), 0),
                members=tuple(chosen[w.pk]),
            )
            for w in workshops
        ]
        registrations = list(participants_without_workshop(slot).only(*PERSON_FIELDS[1:]))
        assignment = spread([person_of(r) for r in registrations], groups)
        return WorkshopChoice.objects.bulk_create(
            WorkshopChoice(registration_id=registration_id, slot=slot, workshop_id=workshop_id)
            for registration_id, workshop_id in sorted(assignment.items())
        )


# --- Reads for the staff pages -------------------------------------------------------------


@dataclass(frozen=True)
class GroupOverview:
    group: WorkingGroup
    members: list[Registration]
    mix: Mix


MEMBER_FIELDS = (
    "event_id", "first_name", "last_name", "organisation", "category", "working_group_id",
)  # fmt: skip


def working_groups_overview(event: Event) -> tuple[list[GroupOverview], list[Registration]]:
    """Each group of the event with its members (sorted by name) and its mix, and the
    confirmed on-site participants in no group. Two queries."""
    groups = list(
        event.working_groups.prefetch_related(
            Prefetch(
                "members",
                queryset=Registration.objects.confirmed().on_site().only(*MEMBER_FIELDS),
            )
        )
    )
    overview = [
        GroupOverview(group, sorted(group.members.all(), key=name_key), mix_of(group.members.all()))
        for group in groups
    ]
    unassigned = sorted(
        _participants(event).filter(working_group__isnull=True).only(*MEMBER_FIELDS),
        key=name_key,
    )
    return overview, unassigned


def ateliers_without_choice(event: Event) -> list[tuple[ProgrammeSlot, int, int | None]]:
    """(slot, people without an atelier there, seats left in its ateliers or None when one
    has no limit) for each ateliers slot of the event."""
    slots = list(
        event.slots.filter(kind=SlotKind.WORKSHOPS)
        .prefetch_related("workshops__room")
        .order_by("start", "pk")
    )
    result = []
    for slot in slots:
        workshops = list(slot.workshops.all())
        taken = workshop_seats_taken(workshops)
        capacities = [w.effective_capacity for w in workshops]
        seats = (
            None
            if None in capacities
            else sum(
                max(c - taken.get(w.pk, 0), 0) for w, c in zip(workshops, capacities, strict=True)
            )
        )
        result.append((slot, participants_without_workshop(slot).count(), seats))
    return result
