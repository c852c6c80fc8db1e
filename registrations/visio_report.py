"""Reading the attendance report a videoconference tool exports, and matching its lines to
an event's registrations. Nothing here writes: the staff page shows the result, and only
the organiser's confirmation records presences (services.remote.remote_report_apply).

The files, as the tools write them (fixtures in tests/fixtures/visio/):
- BigBlueButton's learning dashboard ("Télécharger les données de la séance"), which the
  State's visio-agents uses: one line per user, `Name,Moderator,Activity Score,…,Join,
  Left,Duration` (French interface: `Nom,Modérateur,…,Rejoindre,Quitté,Duration`), dates
  in the browser's format, no e-mail, a last "Anonymous" line for anonymous polls;
- Zoom's participants report: `Name (Original Name),User Email,Join Time,Leave Time,
  Duration (Minutes),Guest,Recording Consent`, one line per connection, possibly below a
  meeting header and a blank line;
- Teams' attendance report: UTF-16 with tabs, in sections ("1. Summary", "2. Participants"
  with First Join / Last Leave, "3. In-Meeting Activities" with one line per connection):
  the last table with join and leave columns is read;
- anything else through a mapping of its columns (generic).

Decoding: UTF-16 and UTF-8 (with or without Excel's BOM), else Windows-1252 (Excel's
"CSV" in France), else Latin-1. Separator: tab, ";" or ",", the one with which a header is
found. Times without a zone are Paris time. At most MAX_LINES lines.
"""

import codecs
import csv
import datetime as dt
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.models import Event
from quartiers2030.text import fold

from .enums import RegistrationStatus
from .models import Registration

MAX_LINES = 10_000
MAX_BYTES = 5 * 1024 * 1024


class Tool(models.TextChoices):
    BBB = "bbb", gettext_lazy("BigBlueButton / visio-agents (Visio de l'État)")
    ZOOM = "zoom", gettext_lazy("Zoom (rapport des participants)")
    TEAMS = "teams", gettext_lazy("Microsoft Teams (rapport de présence)")
    GENERIC = "generic", gettext_lazy("Autre outil (indiquer les colonnes)")


# The column names each tool writes, compared case- and accent-insensitively.
COLUMNS = {
    Tool.BBB: {
        "name": ["Name", "Nom"],
        "email": [],
        "join": ["Join", "Rejoindre"],
        "leave": ["Left", "Quitté"],
        "duration": ["Duration", "Durée"],
    },
    Tool.ZOOM: {
        "name": ["Name (Original Name)", "Name"],
        "email": ["User Email", "Email"],
        "join": ["Join Time"],
        "leave": ["Leave Time"],
        "duration": ["Duration (Minutes)"],
    },
    Tool.TEAMS: {
        "name": ["Name", "Full Name"],
        "email": ["Email", "Participant ID (UPN)"],
        "join": ["Join Time", "First Join"],
        "leave": ["Leave Time", "Last Leave"],
        "duration": ["Duration", "In-Meeting Duration"],
    },
}


class ReportError(Exception):
    """The file cannot be read; `message` says why, in French."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ReportLine:
    number: int  # in the file, for the organiser
    name: str
    email: str
    joined: dt.datetime
    left: dt.datetime


@dataclass
class Report:
    lines: list[ReportLine] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (line number, why)


def _key(text: str) -> str:
    return " ".join(fold(text or "", punctuation=False).split())


def decode(data: bytes) -> str:
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise ReportError(
            _(
                "Ce fichier est un classeur Excel, pas un fichier CSV : ouvrez-le et "
                "enregistrez-le au format « CSV (séparateur : point-virgule) »."
            )
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if b"\x00" in data[:1000]:
        # UTF-16 without BOM: every other byte of ASCII text is NUL.
        try:
            encoding = "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
            return data.decode(encoding)
        except UnicodeDecodeError:
            raise ReportError(
                _("Ce fichier n'est pas un fichier texte CSV : vérifiez le fichier exporté.")
            ) from None
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


DATE_FORMATS = (
    "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %H:%M:%S", "%m/%d/%y %I:%M:%S %p", "%m/%d/%y %H:%M:%S", "%d/%m/%y %H:%M:%S",
    "%d/%m/%y %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M:%S",
    "%H:%M:%S", "%H:%M", "%I:%M:%S %p", "%I:%M %p",
)  # fmt: skip


def parse_moment(text: str, *, day: dt.date) -> dt.datetime | None:
    """An aware datetime from what the tools write ("20/03/2026 09:02:11", "03/20/2026
    09:02:11 AM", "3/20/26, 9:02:11 AM", ISO…), Paris time unless a zone is given. When a
    date reads both ways (03/04), the reading on `day` (the event's) wins; a time alone is
    on `day`. None when unreadable."""
    text = re.sub(r"[\s\u202f\u00a0]+", " ", text or "").replace(" ,", ",").strip()
    text = text.replace(", ", " ").replace(",", " ")
    if not text or text in ("-", "—"):
        return None
    zone = timezone.get_default_timezone()
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        readings = []
        for pattern in DATE_FORMATS:
            try:
                parsed = dt.datetime.strptime(text.upper() if "%p" in pattern else text, pattern)
            except ValueError:
                continue
            if "%d" not in pattern:
                parsed = dt.datetime.combine(day, parsed.time())
            readings.append(parsed)
        if not readings:
            return None
        moment = next((r for r in readings if r.date() == day), readings[0])
    if timezone.is_naive(moment):
        return moment.replace(tzinfo=zone)
    return moment.astimezone(zone)


def parse_duration(text: str) -> dt.timedelta | None:
    """ "01:35:20", "95" (minutes, Zoom), "1h 35m 20s" (Teams)."""
    text = (text or "").strip()
    if re.fullmatch(r"\d+(?:[.,]\d+)?", text):
        return dt.timedelta(minutes=float(text.replace(",", ".")))
    if match := re.fullmatch(r"(\d+):(\d{2}):(\d{2})", text):
        hours, minutes, seconds = map(int, match.groups())
        return dt.timedelta(hours=hours, minutes=minutes, seconds=seconds)
    parts = {unit: int(n) for n, unit in re.findall(r"(\d+)\s*([hms])", text.lower())}
    if parts:
        return dt.timedelta(
            hours=parts.get("h", 0), minutes=parts.get("m", 0), seconds=parts.get("s", 0)
        )
    return None


def _find(header: list[str], names: list[str]) -> int | None:
    wanted = [_key(name) for name in names]
    keys = [_key(cell) for cell in header]
    for name in wanted:  # in the order of preference
        if name in keys:
            return keys.index(name)
    return None


def _header_columns(row: list[str], columns: dict) -> dict | None:
    found = {role: _find(row, names) for role, names in columns.items()}
    if found["name"] is None or found["join"] is None:
        return None
    if found["leave"] is None and found.get("duration") is None:
        return None
    return found


def _rows(text: str, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _missing_message(columns: dict) -> str:
    expected = ", ".join(
        f"« {names[0]} »" for role, names in columns.items() if names and role != "duration"
    )
    return _(
        "Colonnes introuvables : le fichier doit contenir au moins %(columns)s. Vérifiez "
        "l'outil choisi, ou indiquez les noms des colonnes (« Autre outil »)."
    ) % {"columns": expected}


def read_report(data: bytes, *, tool: str, event: Event, mapping: dict | None = None) -> Report:
    """The connections of the file, or ReportError with a French message."""
    if not data.strip():
        raise ReportError(_("Le fichier est vide."))
    if len(data) > MAX_BYTES:
        raise ReportError(_("Le fichier dépasse 5 Mo : exportez le rapport d'une seule réunion."))
    text = decode(data)
    if text.count("\n") > MAX_LINES + 1:
        raise ReportError(
            _("Le fichier compte plus de %(max)s lignes : exportez le rapport d'une seule réunion.")
            % {"max": f"{MAX_LINES:,}".replace(",", " ")}
        )
    if tool == Tool.GENERIC:
        mapping = mapping or {}
        columns = {
            role: [mapping[role]] if mapping.get(role) else []
            for role in ("name", "email", "join", "leave")
        }
        columns["duration"] = []
    else:
        columns = COLUMNS[tool]
    # The separator: the one with which a header is found, the most frequent first.
    first = text[:5000]
    delimiters = sorted("\t;,", key=lambda d: -first.count(d))
    for delimiter in delimiters:
        rows = _rows(text, delimiter)
        headers = [
            (index, found)
            for index, row in enumerate(rows)
            if (found := _header_columns(row, columns)) is not None
        ]
        if headers:
            break
    else:
        raise ReportError(_missing_message(columns))
    # Teams puts a table of first joins / last leaves before the one of every connection:
    # the last table is the detailed one.
    start, found = headers[-1]
    report = Report()
    for index in range(start + 1, len(rows)):
        row = rows[index]
        if not any(cell.strip() for cell in row):
            if report.lines or report.skipped:
                break  # the end of the table (Teams: another section follows)
            continue
        number = index + 1

        def cell(role, row=row):
            index = found.get(role)
            return row[index].strip() if index is not None and index < len(row) else ""

        name, email = cell("name"), cell("email")
        if "@" not in email:
            email = ""
        joined = parse_moment(cell("join"), day=event.date)
        left = parse_moment(cell("leave"), day=event.date)
        if joined is None:
            if name and _key(name) not in ("anonymous", "anonyme"):
                report.skipped.append(
                    (
                        number,
                        _("heure d'arrivée illisible : « %(value)s »")
                        % {"value": cell("join")[:40]},
                    )
                )
            continue
        if left is None and (duration := parse_duration(cell("duration"))) is not None:
            left = joined + duration
        if left is None or left < joined:
            report.skipped.append(
                (
                    number,
                    _("heure de départ illisible : « %(value)s »") % {"value": cell("leave")[:40]},
                )
            )
            continue
        if not name and not email:
            report.skipped.append((number, _("ni nom ni adresse")))
            continue
        report.lines.append(ReportLine(number, name[:200], email[:254], joined, left))
    if not report.lines:
        raise ReportError(_("Aucune connexion lisible dans ce fichier."))
    if not any(line.joined.date() <= event.date <= line.left.date() for line in report.lines):
        raise ReportError(
            _("Ce rapport ne contient aucune connexion le %(date)s, jour de l'événement.")
            % {"date": event.date.strftime("%d/%m/%Y")}
        )
    return report


# --- Matching ------------------------------------------------------------------------------

BY_EMAIL, BY_NAME, DOUBTFUL, UNMATCHED = "email", "name", "doubtful", "unmatched"


def _words(text: str) -> list[str]:
    # "Dupont, Marie (Ville de Metz)": the parenthesis is an organisation or an original
    # name, kept as words (a doubtful match then, never an exact one).
    return _key(text.replace("(", " ").replace(")", " ")).split()


def _name_key(first: str, last: str) -> str:
    return " ".join(sorted(_words(f"{first} {last}")))


@dataclass
class Group:
    """The lines of one person of the report (same e-mail, else same name)."""

    status: str
    report_name: str
    email: str
    lines: list[ReportLine]
    registration: Registration | None = None
    candidates: list[Registration] = field(default_factory=list)

    @property
    def intervals(self):
        return [(line.joined, line.left) for line in self.lines]


def _candidates(words: list[str], registrations: list[Registration]) -> list[Registration]:
    """Registrations the name may be: the last name is there, or the first name with the
    last name's initial ("Marie D.")."""
    present = set(words)
    found = []
    for registration in registrations:
        first, last = _words(registration.first_name), _words(registration.last_name)
        if not last:
            continue
        if set(last) <= present or (first and set(first) <= present and last[0][0] in present):
            found.append(registration)
    return found


def match_report(report: Report, *, event: Event) -> list[Group]:
    """The report's people matched to the event's confirmed (not anonymised)
    registrations: by e-mail first, then by folded name (case, accents, punctuation and
    word order ignored: "DUPONT Marie" is "Marie Dupont"); a name several registrations
    share, or one that only resembles a registration's, is doubtful; the rest unmatched."""
    registrations = list(
        Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED)
        .identifiable()
        .only("pk", "first_name", "last_name", "email", "attendance", "organisation")
    )
    by_email = {r.email.strip().casefold(): r for r in registrations}
    by_name = defaultdict(list)
    for registration in registrations:
        by_name[_name_key(registration.first_name, registration.last_name)].append(registration)

    groups: dict[tuple, Group] = {}
    for line in report.lines:
        email = line.email.strip().casefold()
        if email and email in by_email:
            registration = by_email[email]
            key, status = ("registration", registration.pk), BY_EMAIL
            candidates = []
        else:
            words = _words(line.name)
            exact = by_name.get(" ".join(sorted(words)), []) if words else []
            if len(exact) == 1:
                registration, status, candidates = exact[0], BY_NAME, []
                key = ("registration", registration.pk)
            else:
                registration = None
                candidates = exact or _candidates(words, registrations)
                status = DOUBTFUL if candidates else UNMATCHED
                key = ("line", email or " ".join(words))
        group = groups.get(key)
        if group is None:
            groups[key] = Group(status, line.name, line.email, [line], registration, candidates)
            continue
        group.lines.append(line)
        if group.status == BY_NAME and status == BY_EMAIL:
            group.status = BY_EMAIL  # one of the person's lines carries the address
    order = {BY_EMAIL: 0, BY_NAME: 1, DOUBTFUL: 2, UNMATCHED: 3}
    return sorted(groups.values(), key=lambda g: (order[g.status], _key(g.report_name)))
