"""Mixed working groups: spreading participants so that each group mixes people.

Grand Chambéry split 140 participants into 17 working groups; the 2 October 2025 day routes
people without an atelier to one of four coloured ateliers. Both are the same problem,
solved by `spread`, a pure function (no database):

1. sizes: each group gets a target size, as even as the capacities allow (water-filling);
2. mix: per category *family* (élu·es, État, collectivités…), the counts differ by at most
   one from group to group (for groups of equal size; in proportion to the size otherwise);
3. organisations: two people of the same organisation share a group only when it cannot be
   avoided (the number of such pairs is kept as low as the mix allows).

A greedy pass places the largest organisations first (their members go to groups where
their organisation is not yet present), then the rarest families, each person into the
group that needs their family most; then swaps between two people of different groups are
made while they improve (mix, then organisation pairs). Sizes never change during swaps.
Everything is sorted first and ties are broken by group id and by the people's name key,
then id: the same input gives the same output, whatever its order.

The services below run it on an event: create the groups and assign the confirmed on-site
participants, move one person, give an atelier to those who chose none in a slot.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import models, transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from events.enums import SlotKind
from events.models import Event, ProgrammeSlot

from .enums import SEAT_HOLDING, Attendance, Category, RegistrationStatus
from .models import Registration, WorkingGroup, WorkshopChoice
from .selectors import fold as name_fold
from .selectors import workshop_seats_taken
from .services import RegistrationError, _lock_event, _lock_workshops

# --- Families of categories ---------------------------------------------------------------


class Family(models.TextChoices):
    """Broad kinds of participants, the unit of the mix (18 categories are too fine: a
    group of 8 cannot hold one of each)."""

    ELECTED = "elus", gettext_lazy("Élu·es")
    STATE = "etat", gettext_lazy("État")
    LOCAL_AUTHORITIES = "collectivites", gettext_lazy("Collectivités")
    PARTNERS = "partenaires", gettext_lazy("Bailleurs, CAF, emploi")
    ASSOCIATIONS = "associations", gettext_lazy("Associations, adultes-relais")
    RESIDENTS = "habitants", gettext_lazy("Habitant·es, conseils citoyens")
    OTHERS = "autres", gettext_lazy("Ressources, recherche, autres")


FAMILY_OF = {
    Category.ELECTED_MUNICIPAL: Family.ELECTED,
    Category.ELECTED_INTERMUNICIPAL: Family.ELECTED,
    Category.ELECTED_REGIONAL: Family.ELECTED,
    Category.PREFECT_DELEGATE: Family.STATE,
    Category.PREFECTURE: Family.STATE,
    Category.DREETS: Family.STATE,
    Category.OTHER_STATE: Family.STATE,
    Category.LOCAL_AUTHORITY: Family.LOCAL_AUTHORITIES,
    Category.SOCIAL_LANDLORD: Family.PARTNERS,
    Category.CAF: Family.PARTNERS,
    Category.EMPLOYMENT: Family.PARTNERS,
    Category.ASSOCIATION: Family.ASSOCIATIONS,
    Category.MEDIATOR: Family.ASSOCIATIONS,
    Category.CITIZENS_COUNCIL: Family.RESIDENTS,
    Category.RESIDENT: Family.RESIDENTS,
    Category.RESOURCE_CENTRE: Family.OTHERS,
    Category.RESEARCH: Family.OTHERS,
    Category.OTHER: Family.OTHERS,
}
FAMILIES = list(Family)


def category_family(category: str) -> Family:
    return FAMILY_OF.get(category, Family.OTHERS)


def fold(text: str) -> str:
    """Case, accents and spacing ignored: "  Ville de  CHAMBÉRY " is "ville de chambery"."""
    return " ".join(name_fold(text).split())


# --- The algorithm ---------------------------------------------------------------------


class GroupingError(RegistrationError):
    """The people cannot be spread (no group, not enough seats); nothing was written."""


@dataclass(frozen=True)
class Person:
    id: int
    category: str
    organisation: str
    name_key: tuple = ()


@dataclass(frozen=True)
class Group:
    """Where people can go. `capacity` counts the seats left for the people to place (None:
    no limit); `members` are already in the group and stay there, but count in its size and
    its mix (the ateliers' participants who chose them)."""

    id: int
    capacity: int | None = None
    members: tuple[Person, ...] = ()


def spread(people: Iterable[Person], groups: Iterable[Group]) -> dict[int, int]:
    """{person id: group id} for every person (see the module's docstring for the rules).

    Raises GroupingError when there is no group or the capacities hold fewer seats than
    people.
    """
    people = sorted(people, key=lambda p: (p.name_key, p.id))
    groups = sorted(groups, key=lambda g: g.id)
    if not groups:
        raise GroupingError(_("Aucun groupe : il en faut au moins un."))
    if all(g.capacity is not None for g in groups):
        seats = sum(g.capacity for g in groups)
        if seats < len(people):
            raise GroupingError(
                ngettext(
                    "Pas assez de places : %(seats)d place pour %(people)d personnes.",
                    "Pas assez de places : %(seats)d places pour %(people)d personnes.",
                    seats,
                )
                % {"seats": seats, "people": len(people)}
            )
    if not people:
        return {}
    placement = _Placement(people, groups)
    placement.greedy()
    placement.improve()
    return {people[i].id: groups[g].id for i, g in enumerate(placement.where)}


def _target_sizes(groups: Sequence[Group], count: int) -> list[int]:
    """How many of the `count` people each group receives: one at a time to the smallest
    group (members included) that has a seat left, the lowest id first on a tie."""
    added = [0] * len(groups)
    for _person in range(count):
        open_groups = [
            g
            for g, group in enumerate(groups)
            if group.capacity is None or added[g] < group.capacity
        ]
        smallest = min(open_groups, key=lambda g: (len(groups[g].members) + added[g], g))
        added[smallest] += 1
    return added


class _Placement:
    """The state of the search; families and organisations are small integers.

    Two costs, compared in this order. Mix: the sum, over groups and families, of the
    squared count of the family in the group; for fixed totals it is lowest when each
    family is spread evenly, and while a family has two groups whose counts differ by 2 or
    more (and sizes differ by at most 1), a swap lowers it. Pairs: the number of pairs of
    people of the same organisation in the same group.
    """

    def __init__(self, people: list[Person], groups: list[Group]):
        family_index = {family: i for i, family in enumerate(FAMILIES)}
        org_ids: dict[str, int] = {}
        anonymous = 0

        def org_of(person: Person) -> int:
            nonlocal anonymous
            key = fold(person.organisation)
            if not key:  # no organisation given: shares it with nobody
                anonymous += 1
                return -anonymous
            return org_ids.setdefault(key, len(org_ids))

        self.people = people
        self.family = [family_index[category_family(p.category)] for p in people]
        self.org = [org_of(p) for p in people]
        self.family_total = Counter(self.family)
        self.org_size = Counter(self.org)
        self.capacity = [g.capacity for g in groups]
        self.target = _target_sizes(groups, len(people))  # people to place in each group
        self.size = [len(g.members) for g in groups]  # members included
        self.counts = [[0] * len(FAMILIES) for _g in groups]  # [group][family]
        self.orgs: list[Counter] = [Counter() for _g in groups]  # [group][organisation]
        for g, group in enumerate(groups):
            for member in group.members:
                self.counts[g][family_index[category_family(member.category)]] += 1
                self.orgs[g][org_of(member)] += 1
        self.placed: list[set[int]] = [set() for _g in groups]  # the people placed here
        self.where = [-1] * len(people)

    def _put(self, i: int, g: int):
        self.counts[g][self.family[i]] += 1
        self.orgs[g][self.org[i]] += 1
        self.size[g] += 1
        self.placed[g].add(i)
        self.where[i] = g

    def _take(self, i: int):
        g = self.where[i]
        self.counts[g][self.family[i]] -= 1
        self.orgs[g][self.org[i]] -= 1
        self.size[g] -= 1
        self.placed[g].discard(i)

    def greedy(self):
        # Largest organisations first (their members are spread before groups fill up),
        # then the rarest families; each person goes to the group with the fewest people of
        # their organisation, then of their family, then the most places left to fill.
        order = sorted(
            range(len(self.people)),
            key=lambda i: (
                -self.org_size[self.org[i]],
                self.org[i],
                self.family_total[self.family[i]],
                self.family[i],
                i,
            ),
        )
        for i in order:
            f, o = self.family[i], self.org[i]
            self._put(
                i,
                min(
                    (g for g, target in enumerate(self.target) if len(self.placed[g]) < target),
                    key=lambda g: (
                        self.orgs[g][o],
                        self.counts[g][f],
                        len(self.placed[g]) - self.target[g],
                        g,
                    ),
                ),
            )

    # Moving one person of family f from group a to group b changes the mix cost by
    # (c_a − 1)² − c_a² + (c_b + 1)² − c_b² = 2·(c_b − c_a + 1), and likewise for pairs.

    def swap_gain(self, i: int, j: int) -> tuple[int, int]:
        """(mix cost change, pairs change) if i and j exchanged groups."""
        a, b = self.where[i], self.where[j]
        fi, fj, oi, oj = self.family[i], self.family[j], self.org[i], self.org[j]
        counts_a, counts_b, orgs_a, orgs_b = (
            self.counts[a],
            self.counts[b],
            self.orgs[a],
            self.orgs[b],
        )
        mix = 0 if fi == fj else 2 * (counts_b[fi] - counts_a[fi] + counts_a[fj] - counts_b[fj] + 2)
        pairs = 0 if oi == oj else orgs_b[oi] - orgs_a[oi] + orgs_a[oj] - orgs_b[oj] + 2
        return mix, pairs

    def move_gain(self, i: int, b: int) -> tuple[int, int] | None:
        """(mix cost change, pairs change) if i went to group b, or None when that would
        make the sizes less even or exceed b's capacity. A move to a group one person
        smaller keeps the sizes as even (the two trade places) and reaches placements that
        swaps alone cannot (two people of one organisation in a group of 2, say)."""
        a, f, o = self.where[i], self.family[i], self.org[i]
        capacity = self.capacity[b]
        if self.size[a] != self.size[b] + 1 or (
            capacity is not None and len(self.placed[b]) >= capacity
        ):
            return None
        return (
            2 * (self.counts[b][f] - self.counts[a][f] + 1),
            self.orgs[b][o] - self.orgs[a][o] + 1,
        )

    def hopeful_groups(self, i: int) -> list[int]:
        """The groups b where i's own move from its group a to b lowers a cost: i's family
        counts 2 more in a than in b, or its organisation does. An improving swap lowers
        one of the costs, hence one of its two halves: it is hopeful for one of its people."""
        a, f, o = self.where[i], self.family[i], self.org[i]
        family_a, org_a = self.counts[a][f], self.orgs[a][o]
        return [
            b
            for b in range(len(self.size))
            if b != a and (family_a - self.counts[b][f] >= 2 or org_a - self.orgs[b][o] >= 2)
        ]

    def improve(self):
        """Best-improvement swaps and moves until none lowers (mix, pairs). Terminates:
        each step lowers a pair of non-negative integers, compared in order."""
        improved = True
        while improved:
            improved = False
            for i in range(len(self.people)):
                best, step = (0, 0), None
                for b in self.hopeful_groups(i):
                    gain = self.move_gain(i, b)
                    if gain is not None and gain < best:
                        best, step = gain, (i, None, b)
                    for j in sorted(self.placed[b]):
                        gain = self.swap_gain(i, j)
                        if gain < best:
                            best, step = gain, (i, j, b)
                if step is not None:
                    i, j, b = step
                    a = self.where[i]
                    self._take(i)
                    if j is not None:
                        self._take(j)
                        self._put(j, a)
                    self._put(i, b)
                    improved = True


# --- The mix of a group, as shown to staff -------------------------------------------------


@dataclass(frozen=True)
class Mix:
    families: list[tuple[Family, int]]  # every family, in order, with its count
    organisations: int  # distinct organisations
    shared: list[tuple[str, int]]  # organisations with two people or more: (name, count)


def mix_of(people: Iterable) -> Mix:
    """Anything with `category` and `organisation` (registrations, Person)."""
    people = list(people)
    families = Counter(category_family(p.category) for p in people)
    names: dict[str, str] = {}
    organisations = Counter()
    for person in people:
        key = fold(person.organisation)
        if key:
            names.setdefault(key, person.organisation.strip())
            organisations[key] += 1
    return Mix(
        families=[(family, families[family]) for family in FAMILIES],
        organisations=len(organisations),
        shared=sorted((names[k], n) for k, n in organisations.items() if n > 1),
    )


# --- Services --------------------------------------------------------------------------
#
# Locking, as in services.py: the event row first (every registration writer takes it, so
# nobody registers, cancels or changes ateliers meanwhile), then the rows counted, by
# ascending primary key.


class WorkingGroupFull(RegistrationError):
    pass


def _participants(event: Event):
    """The people spread into groups: confirmed, on site."""
    return Registration.objects.filter(
        event=event, status=RegistrationStatus.CONFIRMED, attendance=Attendance.ON_SITE
    )


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
        event = _lock_event(event)
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
        event = _lock_event(registration.event)
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
        _lock_event(slot.event)
        workshops = _lock_workshops(slot.workshops.all())
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


def _name_sorted(registrations: Iterable[Registration]) -> list[Registration]:
    return sorted(registrations, key=lambda r: (fold(r.last_name), fold(r.first_name), r.pk))


def working_groups_overview(event: Event) -> tuple[list[GroupOverview], list[Registration]]:
    """Each group of the event with its members (sorted by name) and its mix, and the
    confirmed on-site participants in no group. Two queries."""
    groups = list(
        event.working_groups.prefetch_related(
            Prefetch(
                "members",
                queryset=Registration.objects.filter(
                    status=RegistrationStatus.CONFIRMED, attendance=Attendance.ON_SITE
                ).only(*MEMBER_FIELDS),
            )
        )
    )
    overview = [
        GroupOverview(group, _name_sorted(group.members.all()), mix_of(group.members.all()))
        for group in groups
    ]
    unassigned = _name_sorted(
        _participants(event).filter(working_group__isnull=True).only(*MEMBER_FIELDS)
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
