"""The one place CSV and XLSX files are written. Every spreadsheet export of the portal goes here.

Exports never trust their input: a participant types their own name and organisation, and the
organising team opens the file in Excel or LibreOffice. A cell that starts like a formula
(`=`, `+`, `-`, `@`, tab, CR — OWASP "CSV injection") would be evaluated there, so every text
cell is neutralised with a leading apostrophe, and XLSX text cells are written with the string
type explicitly, so no cell is ever stored as a formula (openpyxl otherwise turns any text
starting with "=" into one) or as an error value ("#N/A").

openpyxl is imported inside `xlsx_bytes`, so pages that never export do not load it.
"""

import csv
import datetime as dt
import decimal
import io
import re
from collections.abc import Iterable, Sequence

from django.utils import timezone
from django.utils.functional import Promise

# What makes a spreadsheet read a cell as a formula (OWASP CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Control characters XML 1.0 forbids (all of C0 but tab, LF and CR): openpyxl refuses them
# and some CSV readers stop at a NUL, so they are dropped from both formats.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Excel's limits: a cell holds 32,767 characters, a sheet title 31 and none of []:*?/\.
MAX_CELL_LENGTH = 32767
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

DATE_FORMAT = "%d/%m/%Y"
DATETIME_FORMAT = "%d/%m/%Y %H:%M"
XLSX_DATE_FORMAT = "dd/mm/yyyy"
XLSX_DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
XLSX_TIME_FORMAT = "hh:mm"


def neutralise(value):
    """The value made safe for a spreadsheet cell.

    Text loses the control characters XML forbids and, if it starts like a formula (even after
    spaces, which LibreOffice may trim), gains a leading apostrophe so it is shown as typed.
    Numbers, dates, booleans and None are returned untouched.
    """
    if isinstance(value, Promise):  # lazy translations
        value = str(value)
    if not isinstance(value, str):
        return value
    value = _CONTROL_CHARACTERS.sub("", value)
    if value.lstrip(" ").startswith(FORMULA_STARTS):
        return "'" + value
    return value


_PHONE_SEPARATORS = re.compile(r"[\s.\-/()]")
_FRENCH_PHONE = re.compile(r"^(?:0|\+33|0033)0?([1-9]\d{8})$")


def french_phone(value: str) -> str:
    """A French number in its grouped form, "06 12 34 56 78": a spreadsheet opening the CSV
    reads "0612345678" as a number and drops the 0, but keeps spaced digits as text.
    "+33 6 12 34 56 78" and "06.12.34.56.78" become the same; other numbers (abroad, too
    short) are kept as typed."""
    match = _FRENCH_PHONE.match(_PHONE_SEPARATORS.sub("", value or ""))
    if not match:
        return value
    digits = "0" + match.group(1)
    return " ".join(digits[i : i + 2] for i in range(0, 10, 2))


def _local_naive(value: dt.datetime) -> dt.datetime:
    """Spreadsheets know no time zones: aware datetimes are written in local (Paris) time."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None)


def _csv_text(value) -> str:
    value = neutralise(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, dt.datetime):
        return _local_naive(value).strftime(DATETIME_FORMAT)
    if isinstance(value, dt.date):
        return value.strftime(DATE_FORMAT)
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, float | decimal.Decimal):
        return str(value).replace(".", ",")  # French Excel reads "1,5", not "1.5"
    return str(value)


def csv_bytes(header: Sequence, rows: Iterable[Sequence]) -> bytes:
    """A CSV file for French Excel: UTF-8 with a BOM (so accents survive), `;` separators,
    CRLF line ends, quoting by the csv module. Every cell goes through `neutralise`; booleans
    are written "oui"/"non", dates "31/12/2025", datetimes "31/12/2025 14:30" (local time)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([_csv_text(value) for value in header])
    writer.writerows([_csv_text(value) for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def _sheet_title(title) -> str:
    title = _SHEET_TITLE_FORBIDDEN.sub("-", _CONTROL_CHARACTERS.sub("", str(title)))
    # Excel refuses a title that starts or ends with an apostrophe.
    return title.strip("' ")[:31].strip("' ") or "Feuille 1"


def _display_length(value) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return 16
    if isinstance(value, dt.date):
        return 10
    return max((len(line) for line in str(value).split("\n")), default=0)


def _column_widths(header, rows) -> list[float]:
    widths = [_display_length(value) for value in header]
    for row in rows:
        for index, value in enumerate(row):
            length = _display_length(value)
            if index >= len(widths):
                widths.append(length)
            elif length > widths[index]:
                widths[index] = length
    # Wide enough to read, never wider than a screen's third; long texts are cut on screen.
    return [min(max(width, 8), 50) + 2 for width in widths]


def xlsx_bytes(header: Sequence, rows: Iterable[Sequence], *, sheet_title: str) -> bytes:
    """An XLSX workbook of one sheet: bold frozen header with a filter, columns sized to their
    content, real dates (local time, French format), and every text cell neutralised and
    typed as a string. Written in openpyxl's write-only (streaming) mode."""
    return xlsx_workbook_bytes([(sheet_title, header, rows)])


def xlsx_workbook_bytes(sheets: Sequence[tuple[str, Sequence, Iterable[Sequence]]]) -> bytes:
    """An XLSX workbook of several sheets, each `(title, header, rows)` written as
    `xlsx_bytes` writes its one sheet (same neutralisation, formats and layout)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    workbook.properties.creator = "Quartiers 2030"
    for sheet_title, header, rows in sheets:
        _write_sheet(workbook, header, rows, sheet_title=sheet_title)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_sheet(workbook, header: Sequence, rows: Iterable[Sequence], *, sheet_title: str):
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    rows = [list(row) for row in rows]
    sheet = workbook.create_sheet(title=_sheet_title(sheet_title))
    # Column sizes, frozen panes and filter are written before the rows: set them first.
    widths = _column_widths(header, rows)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    if widths:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(widths))}{len(rows) + 1}"

    bold = Font(bold=True)

    def cell(value, *, font=None):
        value = neutralise(value)
        if value is None or isinstance(value, bool | int | float | decimal.Decimal):
            return value
        if isinstance(value, dt.datetime):
            written = WriteOnlyCell(sheet, _local_naive(value))
            written.number_format = XLSX_DATETIME_FORMAT
        elif isinstance(value, dt.date):
            written = WriteOnlyCell(sheet, value)
            written.number_format = XLSX_DATE_FORMAT
        elif isinstance(value, dt.time):
            written = WriteOnlyCell(sheet, value)
            written.number_format = XLSX_TIME_FORMAT
        else:
            # XML reads a bare CR as a line feed: write line feeds, so the file says what it means.
            text = str(value).replace("\r\n", "\n").replace("\r", "\n")
            written = WriteOnlyCell(sheet, text[:MAX_CELL_LENGTH])
            # Text stays text: never a formula ("=…"), never an error value ("#N/A").
            written.data_type = "s"
        if font is not None:
            written.font = font
        return written

    sheet.append([cell(value, font=bold) for value in header])
    for row in rows:
        sheet.append([cell(value) for value in row])
