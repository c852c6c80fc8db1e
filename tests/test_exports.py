"""The one CSV/XLSX writer: formula-like text never reaches a spreadsheet as a formula."""

import csv
import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.utils.translation import gettext_lazy

from quartiers2030.exports import csv_bytes, french_phone, neutralise, xlsx_bytes

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


def read_csv(data):
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def read_xlsx(data):
    return openpyxl.load_workbook(io.BytesIO(data)).active


@pytest.mark.parametrize("value", FORMULAS)
def test_neutralise_prefixes_formula_like_text(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("  =1+1", "'  =1+1"),  # LibreOffice may trim the spaces
        ("\x00=1+1", "'=1+1"),  # a control character does not hide the formula
        ("Zoé\x07 FONTIER", "Zoé FONTIER"),
        ("Ville de Tomblaine", "Ville de Tomblaine"),
        ("Jean-Pierre", "Jean-Pierre"),
        ("contact@example.org", "contact@example.org"),
        ("", ""),
        ("=", "'="),
    ],
)
def test_neutralise_cleans_text(value, expected):
    assert neutralise(value) == expected


@pytest.mark.parametrize(
    "value", [-2, 1.5, Decimal("-3.25"), True, False, None, dt.date(2025, 10, 2)]
)
def test_neutralise_leaves_other_values_untouched(value):
    assert neutralise(value) is value


def test_neutralise_turns_lazy_translations_into_text():
    assert neutralise(gettext_lazy("=lazy")) == "'=lazy"


def test_csv_bytes_writes_bom_semicolons_and_crlf():
    data = csv_bytes(["Nom", "Prénom"], [["FONTIER", "Zoé"], ["N'DIAYE", "Awa; Marie"]])

    assert data == ('\ufeffNom;Prénom\r\nFONTIER;Zoé\r\nN\'DIAYE;"Awa; Marie"\r\n'.encode())


def test_csv_bytes_neutralises_every_text_cell():
    data = csv_bytes(["=header"], [[value] for value in FORMULAS])

    assert read_csv(data) == [["'=header"], *([f"'{value}"] for value in FORMULAS)]


def test_csv_bytes_formats_values_the_french_way():
    created = dt.datetime(2025, 9, 1, 8, 5, tzinfo=dt.UTC)  # 10:05 in Paris (summer time)
    data = csv_bytes(
        ["a", "b", "c", "d", "e", "f", "g", "h"],
        [[True, False, None, -2, 1.5, dt.date(2025, 10, 2), created, dt.time(13, 30)]],
    )

    assert read_csv(data)[1] == [
        "oui",
        "non",
        "",
        "-2",
        "1,5",
        "02/10/2025",
        "01/09/2025 10:05",
        "13:30",
    ]


def test_xlsx_bytes_keeps_formula_like_text_as_strings():
    values = [*FORMULAS, "#N/A", "Zoé\x01"]
    data = xlsx_bytes(["Nom"], [[value] for value in values], sheet_title="Liste")

    cells = [row[0] for row in read_xlsx(data).iter_rows(min_row=2)]
    # A CR is written as a line feed (XML would read it as one anyway), after the apostrophe.
    assert [(cell.value, cell.data_type) for cell in cells] == [
        *((f"'{value}".replace("\r", "\n"), "s") for value in FORMULAS),
        ("#N/A", "s"),
        ("Zoé", "s"),
    ]


def test_xlsx_bytes_writes_bold_frozen_header_and_sized_columns():
    data = xlsx_bytes(
        ["Nom", "Structure"],
        [["FONTIER", "Secrétariat général pour les affaires régionales"]],
        sheet_title="Participant·es",
    )

    sheet = read_xlsx(data)
    assert sheet.title == "Participant·es"
    assert [cell.value for cell in sheet[1]] == ["Nom", "Structure"]
    assert [cell.font.b for cell in sheet[1]] == [True, True]
    assert [cell.font.b for cell in sheet[2]] == [False, False]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:B2"
    assert sheet.column_dimensions["A"].width == 10
    assert sheet.column_dimensions["B"].width == 50


def test_xlsx_bytes_writes_real_dates_in_local_time():
    created = dt.datetime(2025, 9, 1, 8, 5, tzinfo=dt.UTC)
    data = xlsx_bytes(
        ["Inscrit·e le", "Date", "Nombre", "Présent·e"],
        [[created, dt.date(2025, 10, 2), -2, True]],
        sheet_title="Liste",
    )

    a, b, c, d = read_xlsx(data)[2]
    assert (a.value, a.number_format, a.is_date) == (
        dt.datetime(2025, 9, 1, 10, 5),
        "dd/mm/yyyy hh:mm",
        True,
    )
    assert (b.value, b.number_format) == (dt.datetime(2025, 10, 2), "dd/mm/yyyy")
    assert (c.value, c.data_type) == (-2, "n")
    assert (d.value, d.data_type) == (True, "b")


def test_xlsx_bytes_makes_any_sheet_title_valid():
    data = xlsx_bytes(["Nom"], [], sheet_title="'Atelier [1]: Rhin/Main?' et beaucoup plus long")

    assert read_xlsx(data).title == "Atelier -1-- Rhin-Main-' et bea"  # 31 characters


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("0612345678", "06 12 34 56 78"),
        ("06.12.34.56.78", "06 12 34 56 78"),
        ("06-12-34-56-78", "06 12 34 56 78"),
        ("+33612345678", "06 12 34 56 78"),
        ("+33 6 12 34 56 78", "06 12 34 56 78"),
        ("+33 (0)6 12 34 56 78", "06 12 34 56 78"),
        ("0033 3 87 00 00 00", "03 87 00 00 00"),
        ("03 87 00 00 00", "03 87 00 00 00"),
    ],
)
def test_french_phone_groups_french_numbers_by_two(typed, written):
    assert french_phone(typed) == written


@pytest.mark.parametrize("typed", ["", "+49 30 1234567", "061234567", "06 12 34 56 78 9", "3615"])
def test_french_phone_keeps_other_numbers_as_typed(typed):
    assert french_phone(typed) == typed


def test_csv_bytes_keeps_a_grouped_phone_as_text_and_neutralises_a_foreign_one():
    data = csv_bytes(
        ["Téléphone"], [[french_phone("0612345678")], [french_phone("+49 30 1234567")]]
    )
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows == [["Téléphone"], ["06 12 34 56 78"], ["'+49 30 1234567"]]
