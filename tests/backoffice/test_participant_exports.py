import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from backoffice.exports import participants_csv, participants_rows, participants_xlsx
from events.enums import SlotKind
from registrations.models import CheckIn, Registration, WorkingGroup
from registrations.selectors import public_participants
from tests.factories import (
    EventFactory,
    ProgrammeSlotFactory,
    RegistrationFactory,
    RoomFactory,
    WorkshopChoiceFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
FORMULAS = [
    "=1+1",
    "+33 6 12 34 56 78",
    "-2",
    "@SUM(A1)",
    "\tx",
    "\rx",
    '=HYPERLINK("http://evil","x")',
]
HEADER = [
    "Civilité",
    "Nom",
    "Prénom",
    "Adresse électronique",
    "Téléphone",
    "Structure",
    "Fonction",
    "Catégorie",
    "Territoire",
    "Participation",
    "Déjeuner",
    "Besoins d'accessibilité",
    "Régime alimentaire",
    "Droit à l'image",
    "Liste des participants",
    "Statut",
    "Inscrit·e par l'équipe",
    "Inscrit·e le",
    "Annulée le",
    "Ateliers 10h45 — Ateliers du matin",
    "Ateliers 13h30 — Ateliers de l'après-midi",
    "Venu·e sans inscription",
    "Groupe de travail",
    "Présent·e : Matin",
    "Présent·e : Après-midi",
]


def read_csv(data):
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def read_xlsx(data):
    return openpyxl.load_workbook(io.BytesIO(data)).active


@pytest.fixture
def event():
    return EventFactory(title="Journée régionale", date=dt.date(2025, 10, 2))


@pytest.fixture
def slots(event):
    # Created afternoon first: the columns still follow the programme's order.
    afternoon = ProgrammeSlotFactory(
        event=event,
        kind=SlotKind.WORKSHOPS,
        start=dt.time(13, 30),
        end=dt.time(15),
        title="Ateliers de l'après-midi",
    )
    morning = ProgrammeSlotFactory(
        event=event,
        kind=SlotKind.WORKSHOPS,
        start=dt.time(10, 45),
        end=dt.time(12, 15),
        title="Ateliers du matin",
        room=RoomFactory(venue=event.venue, name="Amphithéâtre"),
    )
    ProgrammeSlotFactory(event=event, start=dt.time(10), end=dt.time(10, 30), title="Ouverture")
    return morning, afternoon


@pytest.fixture
def registration(event, slots):
    morning, afternoon = slots
    registration = RegistrationFactory(
        event=event,
        civility="mme",
        first_name="Zoé",
        last_name="FONTIER",
        email="zoe.fontier@example.org",
        phone="03 87 00 00 00",
        organisation="SGARE Grand Est",
        function="Chargée de mission",
        category="prefecture",
        territory="Moselle (57)",
        attendance="on_site",
        lunch=True,
        accessibility_needs="Fauteuil roulant",
        diet="Végétarien",
        image_consent=True,
        list_consent=False,
        status="confirmed",
        registered_by_staff=True,
    )
    Registration.objects.filter(pk=registration.pk).update(
        created_at=dt.datetime(2025, 9, 1, 8, 5, tzinfo=dt.UTC)  # 10:05 in Paris
    )
    # The afternoon atelier has its own room; the morning one uses its slot's room.
    WorkshopChoiceFactory(
        registration=registration,
        workshop=WorkshopFactory(
            slot=afternoon,
            title="Serious Game",
            room=RoomFactory(venue=event.venue, name="Rhin"),
        ),
    )
    WorkshopChoiceFactory(
        registration=registration,
        workshop=WorkshopFactory(slot=morning, title="Lutter contre l'isolement"),
    )
    # Seen at the door in the afternoon only, in working group 3.
    Registration.objects.filter(pk=registration.pk).update(
        working_group=WorkingGroup.objects.create(event=event, number=3)
    )
    CheckIn.objects.create(
        registration=registration,
        half_day="apres_midi",
        checked_at=dt.datetime(2025, 10, 2, 11, 20, tzinfo=dt.UTC),
    )
    return registration


EXPECTED_ROW = [
    "Madame",
    "FONTIER",
    "Zoé",
    "zoe.fontier@example.org",
    "03 87 00 00 00",
    "SGARE Grand Est",
    "Chargée de mission",
    "Préfecture",
    "Moselle (57)",
    "Sur place",
    "oui",
    "Fauteuil roulant",
    "Végétarien",
    "oui",
    "non",
    "Confirmée",
    "oui",
    dt.datetime(2025, 9, 1, 10, 5, tzinfo=PARIS),
    None,
    "Lutter contre l'isolement (Amphithéâtre)",
    "Serious Game (Rhin)",
    "non",
    "Groupe 3",
    None,
    dt.datetime(2025, 10, 2, 13, 20, tzinfo=PARIS),
]


def test_participants_rows_lists_every_field_and_atelier(event, registration):
    header, rows = participants_rows(Registration.objects.filter(event=event))

    assert header == HEADER
    assert rows == [EXPECTED_ROW]
    assert rows[0][17].utcoffset() == dt.timedelta(hours=2)  # local time, not UTC


def test_participants_rows_formats_a_cancelled_remote_registration(event, slots):
    registration = RegistrationFactory(
        event=event,
        first_name="Awa",
        last_name="N'DIAYE",
        category="association",
        attendance="remote",
        status="cancelled",
        cancelled_at=dt.datetime(2025, 12, 1, 17, 0, tzinfo=dt.UTC),
    )

    _header, [row] = participants_rows([registration])

    assert row[0] == ""  # no civility given
    assert row[7:11] == ["Association", "", "À distance (visioconférence)", "non"]
    assert row[15:17] == ["Annulée", "non"]
    assert row[18:] == [
        dt.datetime(2025, 12, 1, 18, 0, tzinfo=PARIS),
        "",
        "",
        "non",
        "",
        None,
        None,
    ]


def test_participants_rows_keeps_atelier_columns_without_registrations(event, slots):
    assert participants_rows([], event=event) == (HEADER, [])


def test_participants_rows_names_the_event_of_each_slot_across_events(event, registration):
    other = RegistrationFactory(event=EventFactory(title="Rencontre territoriale"))
    ProgrammeSlotFactory(
        event=other.event,
        kind=SlotKind.WORKSHOPS,
        start=dt.time(14),
        end=dt.time(16),
        title="Ateliers",
    )

    header, _rows = participants_rows([registration, other])

    assert header[19:-4] == [
        "Ateliers 10h45 — Ateliers du matin (Journée régionale)",
        "Ateliers 13h30 — Ateliers de l'après-midi (Journée régionale)",
        "Ateliers 14h00 — Ateliers (Rencontre territoriale)",
    ]


def test_participants_rows_sorts_by_last_then_first_name_ignoring_case_and_accents(event):
    for first_name, last_name in [
        ("Zoé", "MARTIN"),
        ("Paul", "ÉTIENNE"),
        ("Anne", "MARTIN"),
        ("Léa", "dupont"),
        ("Émile", "MARTIN"),
    ]:
        RegistrationFactory(event=event, first_name=first_name, last_name=last_name)

    _header, rows = participants_rows(Registration.objects.filter(event=event))

    assert [(row[1], row[2]) for row in rows] == [
        ("dupont", "Léa"),
        ("ÉTIENNE", "Paul"),
        ("MARTIN", "Anne"),
        ("MARTIN", "Émile"),
        ("MARTIN", "Zoé"),
    ]


@pytest.mark.parametrize("count", [1, 3])
def test_participants_exports_run_a_fixed_number_of_queries(
    event, slots, count, django_assert_num_queries
):
    afternoon = slots[1]
    for _i in range(count):
        registration = RegistrationFactory(
            event=event, working_group=WorkingGroup.objects.create(event=event, number=_i)
        )
        CheckIn.objects.create(registration=registration, half_day="matin")
        WorkshopChoiceFactory(
            registration=registration,
            workshop=WorkshopFactory(slot=afternoon, room=RoomFactory(venue=event.venue)),
        )

    # Registrations, their ateliers (with rooms), check-ins, working groups, answers,
    # ateliers slots, questions.
    with django_assert_num_queries(7):
        _header, rows = participants_rows(Registration.objects.filter(event=event))
    with django_assert_num_queries(7):
        participants_xlsx(Registration.objects.filter(event=event))
    with django_assert_num_queries(7):
        participants_csv(Registration.objects.filter(event=event))
    assert len(rows) == count


def test_participants_csv_writes_the_exact_list(event, registration):
    data = participants_csv(Registration.objects.filter(event=event))

    assert data.startswith("\ufeffCivilité;Nom;Prénom;".encode())
    assert read_csv(data) == [
        HEADER,
        [
            *EXPECTED_ROW[:17],
            "01/09/2025 10:05",
            "",
            *EXPECTED_ROW[19:-2],
            "",
            "02/10/2025 13:20",
        ],
    ]


def test_participants_xlsx_writes_the_exact_list(event, registration):
    sheet = read_xlsx(participants_xlsx(Registration.objects.filter(event=event)))

    assert sheet.title == "Participant·es"
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        HEADER,
        [
            *EXPECTED_ROW[:17],
            dt.datetime(2025, 9, 1, 10, 5),
            None,
            *EXPECTED_ROW[19:-1],
            dt.datetime(2025, 10, 2, 13, 20),
        ],
    ]


@pytest.fixture
def formula_registrations(event):
    return [
        RegistrationFactory(event=event, last_name=value, first_name="Camille", organisation=value)
        for value in FORMULAS
    ]


def test_participants_csv_neutralises_formula_like_names(event, formula_registrations):
    rows = read_csv(participants_csv(Registration.objects.filter(event=event)))[1:]

    # Sorted on the names as typed (tab, CR, "+", "-", "=", "@"), then written neutralised.
    assert [(row[1], row[5]) for row in rows] == [
        (f"'{value}", f"'{value}")
        for value in ["\tx", "\rx", "+33 6 12 34 56 78", "-2", "=1+1", FORMULAS[-1], "@SUM(A1)"]
    ]


def test_participants_xlsx_neutralises_formula_like_names(event, formula_registrations):
    sheet = read_xlsx(participants_xlsx(Registration.objects.filter(event=event)))

    cells = [(row[1], row[5]) for row in sheet.iter_rows(min_row=2)]
    # Text cells ("s"), never formulas ("f"); a CR comes back as a line feed (XML).
    assert [(name.value, name.data_type, org.value, org.data_type) for name, org in cells] == [
        (f"'{value}", "s", f"'{value}", "s")
        for value in ["\tx", "\nx", "+33 6 12 34 56 78", "-2", "=1+1", FORMULAS[-1], "@SUM(A1)"]
    ]


def test_public_participants_lists_only_consenting_confirmed_people(event):
    def person(first_name, last_name, **fields):
        RegistrationFactory(
            event=event,
            first_name=first_name,
            last_name=last_name,
            organisation=f"Structure de {first_name}",
            **fields,
        )

    person("Zoé", "FONTIER", list_consent=True)
    person("Awa", "N'DIAYE", list_consent=True, attendance="remote")
    person("Élise", "ADAM", list_consent=True)
    person("Paul", "BERNARD", list_consent=False)
    person("Léa", "DUPONT", list_consent=True, status="pending")
    person("Marc", "DURAND", list_consent=True, status="waiting")
    person("Inès", "PETIT", list_consent=True, status="cancelled")
    person("Hugo", "ROUX", list_consent=True, status="refused")
    RegistrationFactory(list_consent=True)  # another event

    assert public_participants(event) == [
        ("Élise ADAM", "Structure de Élise"),
        ("Zoé FONTIER", "Structure de Zoé"),
        ("Awa N'DIAYE", "Structure de Awa"),
    ]


def test_participants_csv_writes_phones_in_the_grouped_french_form(event):
    RegistrationFactory(event=event, last_name="A", phone="0612345678")
    RegistrationFactory(event=event, last_name="B", phone="+33 3 87 00 00 00")
    rows = read_csv(participants_csv(Registration.objects.filter(event=event)))
    phone = rows[0].index("Téléphone")
    assert [row[phone] for row in rows[1:]] == ["06 12 34 56 78", "03 87 00 00 00"]
