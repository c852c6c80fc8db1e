"""The mixing algorithm (registrations.grouping.spread), on hand-built inputs: no database."""

import random
from collections import Counter
from math import comb

import pytest

from registrations.enums import Category
from registrations.grouping import (
    FAMILIES,
    Family,
    Group,
    GroupingError,
    Person,
    category_family,
    fold,
    mix_of,
    spread,
)

# One category per family, in the order of FAMILIES.
CATEGORY_OF = {
    Family.ELECTED: Category.ELECTED_MUNICIPAL,
    Family.STATE: Category.PREFECT_DELEGATE,
    Family.LOCAL_AUTHORITIES: Category.LOCAL_AUTHORITY,
    Family.PARTNERS: Category.SOCIAL_LANDLORD,
    Family.ASSOCIATIONS: Category.ASSOCIATION,
    Family.RESIDENTS: Category.CITIZENS_COUNCIL,
    Family.OTHERS: Category.RESEARCH,
}


def person(pk, family=Family.LOCAL_AUTHORITIES, organisation=None):
    return Person(
        id=pk,
        category=CATEGORY_OF[family],
        organisation=f"Structure {pk}" if organisation is None else organisation,
        name_key=(f"nom{pk:04d}",),
    )


def groups_of(n, capacity=None):
    return [Group(id=100 + k, capacity=capacity) for k in range(n)]


def members(assignment, people):
    """{group id: [people]}"""
    by_group = {}
    for p in people:
        by_group.setdefault(assignment[p.id], []).append(p)
    return by_group


def family_counts(by_group, family):
    return sorted(
        sum(1 for p in ps if category_family(p.category) == family) for ps in by_group.values()
    )


def organisation_pairs(by_group):
    return sum(
        comb(n, 2)
        for ps in by_group.values()
        for n in Counter(fold(p.organisation) for p in ps).values()
    )


def chambery():
    """140 participants like Grand Chambéry's day: many from a few large organisations."""
    rng = random.Random(15102024)
    organisations = [
        ("Grand Chambéry", Family.LOCAL_AUTHORITIES, 20),
        ("Ville de Chambéry", Family.LOCAL_AUTHORITIES, 14),
        ("Ville de Chambéry", Family.ELECTED, 4),
        ("Préfecture de la Savoie", Family.STATE, 6),
        ("Cristal Habitat", Family.PARTNERS, 7),
        ("CAF de la Savoie", Family.PARTNERS, 5),
        ("France Travail", Family.PARTNERS, 4),
        ("Conseil citoyen des Hauts de Chambéry", Family.RESIDENTS, 6),
        ("Conseil citoyen du Biollay", Family.RESIDENTS, 5),
    ]
    people = []
    for name, family, count in organisations:
        for _ in range(count):
            people.append(person(len(people) + 1, family, name))
    while len(people) < 140:
        family = rng.choice([Family.ASSOCIATIONS, Family.ELECTED, Family.OTHERS, Family.STATE])
        people.append(person(len(people) + 1, family))
    return people


def test_category_family_covers_every_category():
    assert {category_family(c) for c in Category} == set(Family)
    assert category_family(Category.DREETS) == Family.STATE
    assert category_family(Category.MEDIATOR) == Family.ASSOCIATIONS
    assert category_family("inconnue") == Family.OTHERS


def test_fold_ignores_case_accents_and_spacing():
    assert fold("  Ville de  CHAMBÉRY ") == fold("ville de chambery") == "ville de chambery"


def test_spread_chambery_sizes_are_8_or_9():
    people = chambery()
    assignment = spread(people, groups_of(17))
    by_group = members(assignment, people)
    assert sorted(len(ps) for ps in by_group.values()) == [8] * 13 + [9] * 4
    for family in FAMILIES:
        counts = family_counts(by_group, family)
        assert counts[-1] - counts[0] <= 1, family
    # 20 agents of Grand Chambéry and 18 people of the Ville de Chambéry in 17 groups:
    # 3 + 1 pairs cannot be avoided, and there are no others.
    assert organisation_pairs(by_group) == 4


def test_spread_twelve_people_four_families_three_groups_one_of_each():
    families = [Family.ELECTED, Family.STATE, Family.LOCAL_AUTHORITIES, Family.ASSOCIATIONS]
    people = [person(k + 1, families[k % 4]) for k in range(12)]
    by_group = members(spread(people, groups_of(3)), people)
    for group_people in by_group.values():
        assert sorted(category_family(p.category) for p in group_people) == sorted(families)


def test_spread_same_organisation_apart():
    people = [
        person(1, organisation="Ville de Chambéry"),
        person(2, organisation="  VILLE DE CHAMBERY "),
        person(3, organisation="ville de  chambéry"),
    ]
    assignment = spread(people, groups_of(3))
    assert sorted(assignment.values()) == [100, 101, 102]


def test_spread_unavoidable_clash_is_minimal():
    # 5 agents of one organisation and 1 association into 2 groups of 3: one group holds
    # 3 of the agents (3 pairs), the other 2 and the association (1 pair); nothing better.
    people = [person(k, organisation="Grand Chambéry") for k in range(1, 6)]
    people.append(person(6, Family.ASSOCIATIONS, "Association Regards"))
    by_group = members(spread(people, groups_of(2)), people)
    assert sorted(len(ps) for ps in by_group.values()) == [3, 3]
    assert organisation_pairs(by_group) == 4


def test_spread_mix_wins_over_organisation_when_both_cannot_hold():
    # Two élus and two agents, all of one town, two groups: each group gets one élu and one
    # agent (the mix), so each holds a pair of the same organisation.
    people = [
        person(1, Family.ELECTED, "Ville de Tomblaine"),
        person(2, Family.ELECTED, "Ville de Tomblaine"),
        person(3, Family.LOCAL_AUTHORITIES, "Ville de Tomblaine"),
        person(4, Family.LOCAL_AUTHORITIES, "Ville de Tomblaine"),
    ]
    by_group = members(spread(people, groups_of(2)), people)
    assert family_counts(by_group, Family.ELECTED) == [1, 1]
    assert organisation_pairs(by_group) == 2


def test_spread_is_deterministic_whatever_the_input_order():
    people = chambery()
    groups = groups_of(17)
    first = spread(people, groups)
    assert spread(people, groups) == first
    shuffled_people, shuffled_groups = people[:], groups[:]
    random.Random(1).shuffle(shuffled_people)
    random.Random(2).shuffle(shuffled_groups)
    assert spread(shuffled_people, shuffled_groups) == first


def test_spread_thousand_people_twenty_groups_balanced():
    rng = random.Random(2025)
    organisations = [f"Structure {k}" for k in range(250)]
    weights = [rng.paretovariate(1.2) for _ in organisations]
    people = [
        Person(k, rng.choice(list(Category)), rng.choices(organisations, weights)[0], (f"{k}",))
        for k in range(1000)
    ]
    by_group = members(spread(people, groups_of(20)), people)
    assert [len(ps) for ps in by_group.values()] == [50] * 20
    for family in FAMILIES:
        counts = family_counts(by_group, family)
        assert counts[-1] - counts[0] <= 1, family
    # The fewest pairs possible: each organisation spread as evenly as over 20 groups.
    lowest = 0
    for size in Counter(fold(p.organisation) for p in people).values():
        q, r = divmod(size, 20)
        lowest += r * comb(q + 1, 2) + (20 - r) * comb(q, 2)
    assert organisation_pairs(by_group) == lowest


def test_spread_respects_capacities():
    people = [person(k) for k in range(1, 11)]
    groups = [Group(id=1, capacity=2), Group(id=2, capacity=None), Group(id=3, capacity=3)]
    sizes = Counter(spread(people, groups).values())
    assert sizes == {1: 2, 2: 5, 3: 3}


def test_spread_refuses_too_few_seats_in_french():
    people = [person(k) for k in range(1, 8)]
    with pytest.raises(GroupingError) as error:
        spread(people, groups_of(3, capacity=2))
    assert error.value.message == "Pas assez de places : 6 places pour 7 personnes."


def test_spread_refuses_no_group_in_french():
    with pytest.raises(GroupingError) as error:
        spread([person(1)], [])
    assert error.value.message == "Aucun groupe : il en faut au moins un."


def test_spread_nobody_gives_nothing():
    assert spread([], groups_of(3)) == {}


def test_spread_counts_members_already_there():
    # Atelier 1 already holds two élus of the Ville de Metz, atelier 2 two associations.
    # The élu goes to atelier 2, the association to atelier 1, and the agent of Metz away
    # from the élus of Metz.
    groups = [
        Group(id=1, members=(person(90, Family.ELECTED, "Ville de Metz"),) * 2),
        Group(id=2, members=(person(92, Family.ASSOCIATIONS), person(93, Family.ASSOCIATIONS))),
    ]
    people = [
        person(1, Family.ELECTED, "Ville de Thionville"),
        person(2, Family.ASSOCIATIONS, "Association Regards"),
        person(3, Family.LOCAL_AUTHORITIES, "Ville de Metz"),
        person(4, Family.LOCAL_AUTHORITIES, "Métropole du Grand Nancy"),
    ]
    assert spread(people, groups) == {1: 2, 2: 1, 3: 2, 4: 1}


def test_spread_fills_the_emptiest_groups_first():
    already = tuple(person(90 + k) for k in range(4))
    groups = [Group(id=1, capacity=None, members=already), Group(id=2, capacity=None)]
    people = [person(k) for k in range(1, 7)]
    assert Counter(spread(people, groups).values()) == {2: 5, 1: 1}


def test_mix_of_counts_families_and_shared_organisations():
    people = [
        person(1, Family.ELECTED, "Ville de Metz"),
        person(2, Family.LOCAL_AUTHORITIES, " ville de METZ"),
        person(3, Family.STATE, "Préfecture de la Moselle"),
    ]
    mix = mix_of(people)
    assert [(f.value, n) for f, n in mix.families if n] == [
        ("elus", 1), ("etat", 1), ("collectivites", 1),
    ]  # fmt: skip
    assert mix.organisations == 2
    assert mix.shared == [("Ville de Metz", 2)]
