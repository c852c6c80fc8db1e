"""Badges and sign-in sheets (feuilles d'émargement): what the team prints before an event.

Both are batch documents: 1,000 participants is a normal regional day. They are built for
speed on a small server:

- untagged PDFs and fixed, simple layouts (absolute positions, a fixed-layout table whose
  rows all have the same height), which WeasyPrint lays out quickly;
- QR codes as tiny 1-bit PNG images (an SVG QR code is hundreds of vector paths);
- the cyclic garbage collector paused while rendering (a sixth of WeasyPrint's time);
- rendered in chunks of pages merged with pypdf, so that memory stays bounded whatever the
  size; in the background task (backoffice/preparation.py), the chunks are spread over the
  machine's cores (forked processes, which never touch the database). Page numbers stay
  right because the pagination is fixed in advance.

Figures on the 2-core reference machine: bench/badges.py, bench/signin_sheets.py.

Every PDF still goes through `quartiers2030.pdf.html_to_pdf`, whose URL fetcher only serves
the project's static files and `data:` URLs.
"""

import base64
import logging
import re
import struct
import zlib
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.template.loader import render_to_string
from django.utils import formats

from events.enums import HalfDay
from events.models import Event
from events.templatetags.q2030 import hour
from quartiers2030.pdf import PagedPdf, html_to_pdf, image_src, render_pdf
from registrations.models import Registration, WorkshopChoice
from registrations.selectors import name_key
from registrations.tokens import make_checkin_token
from workshops.models import Workshop

logger = logging.getLogger(__name__)

# Badges per page for each format offered at export time.
BADGE_FORMATS = {"a4": 8, "a6": 1}
# Pages per WeasyPrint call (see quartiers2030.pdf.PagedPdf): the same number of badges.
BADGE_CHUNK_PAGES = {"a4": 25, "a6": 200}
# A sign-in sheet page holds 18 rows: its chunks are shorter (peak memory, see
# bench/documents_memory.py).
SIGNIN_CHUNK_PAGES = 40

# Sign-in sheets: every row has the same height (long text wraps over two or three lines
# at 7 pt at least, then ends with "…"), so a page always holds exactly this many rows
# under the repeated table header (the first page also has the event's header, taller for
# an atelier). Forcing the breaks ourselves fixes the pagination in advance: "page X / Y"
# is known before rendering, and the document can be cut into parts that are rendered side
# by side.
SIGNIN_ROWS_FIRST_PAGE = 15  # under the day's header
SIGNIN_ROWS_FIRST_PAGE_WORKSHOP = 14  # under an atelier's header (two more lines)
SIGNIN_ROWS_PER_PAGE = 18
# Blank rows for walk-ins fill the rest of the last page: never a page of blank rows only
# (but a sheet of nobody is one page of blank rows).


# --- Who is printed ----------------------------------------------------------------------


# What the documents print, and nothing more (a badge batch reads 1,000 rows).
PRINTED_FIELDS = ("event_id", "first_name", "last_name", "organisation", "function")
# The working group printed on badges: joined in the same query.
GROUP_FIELDS = ("working_group__number", "working_group__name", "working_group__room")
ATELIER_FIELDS = (
    "registration_id", "slot__start", "slot__end", "workshop__title", "workshop__colour_name",
    "workshop__colour_hex", "workshop__room__name",
)  # fmt: skip


def printed_registrations(
    event: Event, registrations: QuerySet | None = None, *, with_ateliers: bool = True
) -> list[Registration]:
    """The confirmed on-site participants of `event` (among `registrations` if given),
    sorted by last name then first name, with their ateliers (two queries) unless
    `with_ateliers` is false. Only the printed fields are loaded."""
    queryset = Registration.objects.all() if registrations is None else registrations
    queryset = (
        queryset.filter(event=event)
        .identifiable()
        .confirmed()
        .on_site()
        .order_by()
        .select_related("working_group")
        .only(*PRINTED_FIELDS, *GROUP_FIELDS)
    )
    if with_ateliers:
        choices = (
            WorkshopChoice.objects.select_related("workshop__room", "slot")
            .only(*ATELIER_FIELDS)
            .order_by("slot__start", "slot__end", "pk")
        )
        queryset = queryset.prefetch_related(Prefetch("choices", queryset=choices))
    return sorted(queryset, key=name_key)


def printed_count(
    *, event: Event, registrations: QuerySet | None = None, workshop: Workshop | None = None
) -> int:
    """How many people the badges, the sign-in sheet (of `workshop` if given) or the group
    list of `event` print (among `registrations` if given): what the trail records. One
    query."""
    queryset = Registration.objects.all() if registrations is None else registrations
    if workshop is not None:
        queryset = queryset.filter(choices__workshop=workshop)
    return queryset.filter(event=event).confirmed().on_site().count()


def afternoon_workshop(registration: Registration) -> Workshop | None:
    """The atelier of the first afternoon ateliers slot: its colour routes the participant
    to a room on the day. Uses the prefetched choices (ordered by slot start)."""
    for choice in registration.choices.all():
        if choice.slot.half_day == HalfDay.AFTERNOON:
            return choice.workshop
    return None


def band_workshop(registration: Registration) -> Workshop | None:
    """The atelier whose colour the badge's band takes: the afternoon one (the day's big
    split into rooms, as the programmes print it), else the person's first atelier."""
    choices = registration.choices.all()
    return afternoon_workshop(registration) or (choices[0].workshop if choices else None)


def atelier_line(choice: WorkshopChoice) -> str:
    """ "13h30 · Bleu · Codéveloppement · Salle Chardon": one atelier on a badge."""
    workshop = choice.workshop
    room = workshop.room.name if workshop.room_id else ""
    return " · ".join(
        p for p in [hour(choice.slot.start), workshop.colour_name, workshop.title, room] if p
    )


def printed_last_name(last_name: str) -> str:
    """Surnames in capitals on badges and sign-in sheets, however they were typed ("de Vries"
    and "DE VRIES" alike): the French usage on lists, and the same for everyone."""
    return last_name.upper()


def _lines(texts, per_line: int) -> int:
    """Roughly how many lines `texts` take, each starting a line, at `per_line` characters a
    line (bold capitals and digits are wider: kept on the safe side)."""
    return sum(max(1, -(-len(text) // per_line)) for text in texts)


def _size(text: str, limits: tuple[int, ...]) -> str:
    """A CSS class by length: long names and organisations get a smaller font."""
    for size, limit in zip(("l", "m", "s"), limits, strict=False):
        if len(text) <= limit:
            return size
    return "xs"


# --- Badges ------------------------------------------------------------------------------


_HEX = re.compile(r"#[0-9A-Fa-f]{6}")


@dataclass(frozen=True)
class Band:
    """The coloured band of a badge: every atelier of the participant, one a line in day
    order (time, colour, title, room), on the colour of the band's atelier
    (`band_workshop`)."""

    colour_hex: str
    text_colour: str
    ateliers: tuple[str, ...]

    @classmethod
    def of(cls, registration: Registration) -> "Band | None":
        workshop = band_workshop(registration)
        if workshop is None:
            return None
        return cls(
            colour_hex=workshop.colour_hex.upper() or "#FFFFFF",
            text_colour=workshop.text_colour,
            ateliers=tuple(atelier_line(choice) for choice in registration.choices.all()),
        )

    # (size class, characters a line, lines the band holds) of each format, largest first:
    # see the matching classes in static/css/pdf-badges.css.
    SIZES = {
        "a4": (("l", 44, 4), ("m", 50, 4), ("s", 58, 5)),  # 8, 7, 6 pt, else 5 pt
        "a6": (("l", 36, 5), ("m", 42, 6), ("s", 50, 7)),  # 11, 9.5, 8 pt, else 7 pt
    }

    def size(self, badge_format: str) -> str:
        """The size class at which the ateliers fit the band, two lines each when long."""
        for size, per_line, lines in self.SIZES[badge_format]:
            if _lines(self.ateliers, per_line) <= lines:
                return size
        return "xs"

    @property
    def size_a4(self):
        return self.size("a4")

    @property
    def size_a6(self):
        return self.size("a6")

    @property
    def css_class(self):
        return self.class_for(self.colour_hex, self.text_colour)

    @staticmethod
    def class_for(background: str, text: str) -> str:
        return f"c{background[1:]}{text[1:]}".lower()


@dataclass(frozen=True)
class Badge:
    first_name: str
    last_name: str
    organisation: str
    function: str
    token: str
    band: Band | None
    group: str = ""  # the working group ("Groupe 3" or its name), then its room
    group_room: str = ""

    @classmethod
    def of(cls, registration: Registration) -> "Badge":
        group = registration.working_group
        return cls(
            first_name=registration.first_name,
            last_name=printed_last_name(registration.last_name),
            organisation=registration.organisation,
            function=registration.function,
            token=make_checkin_token(registration),
            band=Band.of(registration),
            group=str(group) if group else "",
            group_room=group.room if group else "",
        )

    # Sizes: see the matching classes in static/css/pdf-badges.css.
    @property
    def first_name_size(self):
        return _size(self.first_name, (12, 18, 26))

    @property
    def last_name_size(self):
        return _size(self.last_name, (18, 24, 30))

    @property
    def organisation_size(self):
        return _size(self.organisation, (38, 80, 140))

    @property
    def function_size(self):
        return _size(self.function, (80, 130, 200))

    @property
    def group_size(self):
        return _size(f"{self.group} {self.group_room}", (24, 36, 70))

    @property
    def qr_src(self):
        """Read by the template, hence computed in the process that renders the part."""
        return qr_png_data_uri(self.token)


# --- QR codes ----------------------------------------------------------------------------
#
# A QR code is a tiny 1-bit PNG, one pixel per module with the standard 4-module quiet zone,
# drawn without smoothing (`image-rendering: pixelated`). The token (registrations/tokens.py)
# fits version 1 or 2: 21 or 25 modules, printed 22 mm wide on A4 badges, 32 mm on A6.
#
# The mask pattern is fixed: choosing the "best" one tries all eight and makes encoding five
# times slower, and any mask reads the same (the scanner learns it from the code). The PNG
# is written here: twice as fast as segno's writer for such small images.

QR_BORDER = 4


def qr_png_data_uri(text: str) -> str:
    import segno

    matrix = segno.make_qr(text, error="m", mask=0, boost_error=False).matrix
    width = len(matrix) + 2 * QR_BORDER
    rows = [0] * QR_BORDER
    for row in matrix:
        rows.append(int("".join("1" if dark else "0" for dark in row), 2) << QR_BORDER)
    rows += [0] * QR_BORDER
    return "data:image/png;base64," + base64.b64encode(_png_1bit(rows, width=width)).decode()


def _png_1bit(rows: list[int], *, width: int) -> bytes:
    """A 1-bit greyscale PNG; each row an int whose `width` low bits are the pixels, the
    leftmost first, 1 = black."""
    row_bytes = (width + 7) // 8
    padding = row_bytes * 8 - width
    mask = (1 << (row_bytes * 8)) - 1
    data = b"".join(
        b"\x00" + ((~(row << padding)) & mask).to_bytes(row_bytes, "big") for row in rows
    )  # each row: filter type 0, then the pixels (in PNG, 0 is black)

    def chunk(kind: bytes, body: bytes) -> bytes:
        size, crc = struct.pack(">I", len(body)), struct.pack(">I", zlib.crc32(kind + body))
        return size + kind + body + crc

    header = struct.pack(">IIBBBBB", width, len(rows), 1, 0, 0, 0, 0)  # 1 bit, greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(data, 9))
        + chunk(b"IEND", b"")
    )


def _event_context(event: Event) -> dict:
    """What the documents print about the event, as plain values: the parts are rendered
    in forked processes, which must not query the database."""
    venue = event.venue
    times = f"{hour(event.start_time)} – {hour(event.end_time)}" if event.start_time else ""
    return {
        "title": event.title,
        "date": formats.date_format(event.date, "j F Y"),
        "long_date": formats.date_format(event.date, "l j F Y"),
        "times": times,
        "venue": ", ".join(p for p in [venue.name, venue.full_address] if p) if venue else "",
        "organiser": event.organiser.display_name,
        "partners": [partner.display_name for partner in event.partners.all()],
        # A src string, "" without a (readable) logo: see quartiers2030.pdf.image_src.
        "logo": image_src(event.organiser.logo),
    }


def _band_styles(badges: list[Badge]) -> list[tuple[str, str, str]]:
    """(class, background, text colour) of each atelier colour, for a <style> block: one
    class per colour keeps WeasyPrint's style sharing (an inline style on 1,000 bands
    costs a second). Colours are checked here again since they end up in CSS."""
    colours = {(b.band.colour_hex, b.band.text_colour) for b in badges if b.band}
    return [
        (Band.class_for(background, text), background, text)
        for background, text in sorted(colours)
        if _HEX.fullmatch(background) and _HEX.fullmatch(text)
    ]


def badges_pdf(
    *, event: Event, registrations: QuerySet | None = None, badge_format: str = "a4"
) -> bytes:
    """Badges of the confirmed on-site participants of `event` (or of those among
    `registrations`), sorted by name: "a6" one per page, "a4" sheets of 8 with cut marks."""
    return badges_document(
        event=event, registrations=registrations, badge_format=badge_format
    ).to_bytes()


def badges_document(
    *, event: Event, registrations: QuerySet | None = None, badge_format: str = "a4"
) -> PagedPdf:
    """The badges (see badges_pdf), ready to render."""
    if badge_format not in BADGE_FORMATS:
        raise ValueError(f"Unknown badge format: {badge_format!r}")
    badges = [Badge.of(r) for r in printed_registrations(event, registrations)]
    per_page = BADGE_FORMATS[badge_format]
    sheets = [badges[i : i + per_page] for i in range(0, len(badges), per_page)]
    context = {
        "event": _event_context(event),
        "badge_format": badge_format,
        "band_styles": _band_styles(badges),
    }

    def render(first: int, part: list[list[Badge]]) -> bytes:
        return html_to_pdf(
            render_to_string("pdf/badges.html", {**context, "sheets": part}), tagged=False
        )

    return PagedPdf(render, sheets, chunk_pages=BADGE_CHUNK_PAGES[badge_format])


# --- Sign-in sheets ----------------------------------------------------------------------


@dataclass(frozen=True)
class SigninRow:
    last_name: str
    first_name: str
    organisation: str
    function: str

    @classmethod
    def of(cls, registration: Registration) -> "SigninRow":
        return cls(
            printed_last_name(registration.last_name),
            registration.first_name,
            registration.organisation,
            registration.function,
        )

    @property
    def cells(self) -> list[tuple[str, str]]:
        """(text, size class) of each column. Up to the first length the text holds on two
        lines of the normal size (8.5 pt); longer text is 7 pt on up to three lines, and
        what is still longer ends with "…" (never smaller, never cut through a line), so
        that every row has the same height (static/css/pdf-signin.css)."""
        limits = (22, 20, 40, 40)
        texts = (self.last_name, self.first_name, self.organisation, self.function)
        return [
            (text, "l" if len(text) <= limit else "m")
            for text, limit in zip(texts, limits, strict=True)
        ]


def signin_sheet_pdf(*, event: Event, workshop: Workshop | None = None) -> bytes:
    """The sign-in sheet (see signin_sheet_document), rendered here."""
    return signin_sheet_document(event=event, workshop=workshop).to_bytes()


def signin_sheet_document(*, event: Event, workshop: Workshop | None = None) -> PagedPdf:
    """The sign-in sheet of the day (morning and afternoon signatures) or, with `workshop`,
    of one atelier (its participants only, its facilitators named in the header).

    Confirmed on-site participants in alphabetical order, then blank rows for walk-ins.
    No email address or phone number is printed.
    """
    registrations = Registration.objects.all()
    facilitators = []
    if workshop is not None:
        registrations = registrations.filter(choices__workshop=workshop)
        facilitators = [
            f"{speaker.name} ({speaker.organisation})" if speaker.organisation else speaker.name
            for speaker in workshop.facilitators.all()
        ]
    rows = [
        SigninRow.of(r) for r in printed_registrations(event, registrations, with_ateliers=False)
    ]
    pages = signin_pages(rows, first_page=signin_rows_first_page(workshop))
    context = {
        "event": _event_context(event),
        "workshop": _workshop_context(workshop) if workshop else None,
        "facilitators": facilitators,
        "total_pages": len(pages),
    }

    def render(first: int, pages: list) -> bytes:
        html = render_to_string(
            "pdf/signin_sheet.html", {**context, "first_page": first + 1, "pages": pages}
        )
        return html_to_pdf(html, tagged=False)

    return PagedPdf(render, pages, chunk_pages=SIGNIN_CHUNK_PAGES)


def signin_rows_first_page(workshop: Workshop | None) -> int:
    return SIGNIN_ROWS_FIRST_PAGE if workshop is None else SIGNIN_ROWS_FIRST_PAGE_WORKSHOP


def signin_pages(rows: list, *, first_page: int) -> list[list]:
    """`rows` cut into pages (`first_page` rows, then SIGNIN_ROWS_PER_PAGE), the last page
    filled up with blank rows (None)."""
    step = SIGNIN_ROWS_PER_PAGE
    pages = [rows[:first_page], *(rows[i : i + step] for i in range(first_page, len(rows), step))]
    size = first_page if len(pages) == 1 else step
    pages[-1] = pages[-1] + [None] * (size - len(pages[-1]))
    return pages


def _workshop_context(workshop: Workshop) -> dict:
    slot = workshop.slot
    return {
        "label": workshop.label,
        "title": workshop.title,
        "colour_name": workshop.colour_name,
        "room": workshop.room.name if workshop.room_id else "",
        "times": f"{hour(slot.start)} – {hour(slot.end)}",
    }


# --- List per working group --------------------------------------------------------------


def working_groups_pdf(*, event: Event) -> bytes:
    """One section per working group (its name, room and members sorted by name, with their
    organisation), a page each; then the confirmed on-site participants in no group. A few
    hundred lines: rendered in one go, tagged."""
    from registrations.services.groups import working_groups_overview

    groups, unassigned = working_groups_overview(event)
    return render_pdf(
        "pdf/working_groups.html",
        {"event": _event_context(event), "groups": groups, "unassigned": unassigned},
    )
