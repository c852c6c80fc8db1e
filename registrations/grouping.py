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

The services in services/groups.py run it on an event: create the groups and assign the
confirmed on-site participants, move one person, give an atelier to those who chose none.
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .enums import Category
from .errors import RegistrationError
from .selectors import fold as name_fold

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
