"""Badges: who gets one, in which order, what is printed, the QR code and its token."""

import base64
import datetime as dt
import io
import logging
import os
import re
import time

import pypdf
import pytest
import segno
from django.conf import settings
from django.utils.crypto import salted_hmac

from backoffice import documents
from events.enums import SlotKind
from quartiers2030 import pdf as rendering
from registrations.models import Registration
from registrations.tokens import (
    BASE36,
    InvalidCheckinToken,
    make_checkin_token,
    read_checkin_token,
)
from tests import pdftext
from tests.factories import (
    EventFactory,
    ProgrammeSlotFactory,
    RegistrationFactory,
    RoomFactory,
    SpeakerFactory,
    WorkshopChoiceFactory,
    WorkshopFactory,
)
from tests.images import image_file
from tests.pdftext import rectangles, runs

pytestmark = pytest.mark.django_db

UNSAFE_FIRST_NAME = '<img src="http://127.0.0.1/x">'
LONG_ORGANISATION = "Association " + "ö" * 188  # 200 characters


class Day:
    """An event like the 2 October 2025 day: ateliers at 11h30 and at 13h30."""

    def __init__(self, title="Concevoir des coopérations", **event_fields):
        self.event = EventFactory(title=title, date=dt.date(2025, 10, 2), **event_fields)
        venue = self.event.venue
        morning = ProgrammeSlotFactory(
            event=self.event, kind=SlotKind.WORKSHOPS, start=dt.time(11, 30), end=dt.time(12, 30)
        )
        afternoon = ProgrammeSlotFactory(
            event=self.event, kind=SlotKind.WORKSHOPS, start=dt.time(13, 30), end=dt.time(15)
        )
        self.tfpb = WorkshopFactory(
            slot=morning, number=1, title="Abattement TFPB", colour_name="", colour_hex="",
            room=RoomFactory(venue=venue, name="Salle Gruber"),
        )  # fmt: skip
        self.blue = WorkshopFactory(
            slot=afternoon, number=1, title="Codéveloppement", colour_name="Bleu",
            colour_hex="#1F5FAD", room=RoomFactory(venue=venue, name="Salle Chardon"),
        )  # fmt: skip
        self.yellow = WorkshopFactory(
            slot=afternoon, number=3, title="Anarchaise", colour_name="Jaune",
            colour_hex="#F2C200", room=RoomFactory(venue=venue, name="Espace Lorraine"),
        )  # fmt: skip
        self.blue.facilitators.add(
            SpeakerFactory(first_name="Emilie", last_name="", organisation="ORIV"),
            SpeakerFactory(first_name="Murielle", last_name="", organisation="ORIV"),
        )

    def participant(self, first_name, last_name, *ateliers, **fields):
        registration = RegistrationFactory(
            event=self.event, first_name=first_name, last_name=last_name, **fields
        )
        for workshop in ateliers:
            WorkshopChoiceFactory(registration=registration, workshop=workshop, slot=workshop.slot)
        return registration


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def words(text: str) -> str:
    return " ".join(text.split())


def fill_colours(page) -> list[tuple[float, float, float]]:
    content = page.get_contents().get_data().decode("latin-1")
    return [
        tuple(float(c) for c in match)
        for match in re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) rg", content)
    ]


def rgb(hex_colour):
    return tuple(int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))


def has_colour(page, hex_colour):
    return any(
        all(abs(a - b) < 0.001 for a, b in zip(colour, rgb(hex_colour), strict=True))
        for colour in fill_colours(page)
    )


# --- The check-in token ------------------------------------------------------------------


def test_checkin_token_reads_back_its_registration_and_carries_no_personal_data():
    registration = RegistrationFactory(
        first_name="Zoé", last_name="FONTIER", email="zoe.fontier@example.org"
    )
    token = make_checkin_token(registration)
    assert read_checkin_token(token, event=registration.event) == registration
    assert token == make_checkin_token(registration)  # stable: reprinting gives the same QR
    # Crockford's base32: no I, L, O nor U, which look like 1 and 0 (or V).
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]+\.[0-9A-HJKMNP-TV-Z]+\.[0-9A-HJKMNP-TV-Z]{16}", token)
    assert "FONTIER" not in token.upper() and "ZOE" not in token.upper()
    assert "@" not in token


def test_checkin_token_tampered_is_refused():
    registration = RegistrationFactory()
    other = RegistrationFactory(event=registration.event)
    token = make_checkin_token(registration)
    payload, signature = token.rsplit(".", 1)
    forged = f"{make_checkin_token(other).rsplit('.', 1)[0]}.{signature}"
    flipped = f"{payload}.{'A' if signature[0] != 'A' else 'B'}{signature[1:]}"
    for bad in [forged, flipped, payload, "", "n'importe quoi", token + "A"]:
        with pytest.raises(InvalidCheckinToken):
            read_checkin_token(bad, event=registration.event)


def test_checkin_token_of_one_event_is_refused_at_another():
    registration = RegistrationFactory()
    with pytest.raises(InvalidCheckinToken) as error:
        read_checkin_token(make_checkin_token(registration), event=EventFactory())
    assert str(error.value.message) == "Ce badge n'est pas valable pour cet événement."


def look_alikes(code: str) -> str:
    """What someone may type reading the code aloud: O for 0, I or L for 1."""
    return code.replace("0", "O").replace("1", "I", 1).replace("1", "L")


def test_checkin_token_typed_loosely_reads_back():
    # Ids written "1001" and "1010" in Crockford's base32: zeros and ones to mistype (ids
    # far above what the sequences reach in a test run).
    registration = RegistrationFactory(pk=32**3 + 1, event=EventFactory(pk=32**3 + 32))
    token = make_checkin_token(registration)
    payload, _dot, signature = token.rpartition(".")
    assert payload == "1001.1010"
    for typed in [
        token.lower(),
        f"  {token}  ",
        token.replace(".", " "),
        token.replace(".", "-"),
        token.replace(".", ""),
        f"{payload} {signature[:4]} {signature[4:8]} {signature[8:12]} {signature[12:]}",
        look_alikes(token),
        look_alikes(token).replace(".", "").lower(),
        "IOOI-IOIO-" + look_alikes(signature),
    ]:
        assert read_checkin_token(typed, event=registration.event) == registration, typed


def legacy_token(registration, secret=None):
    """A code as printed before Crockford's alphabet: ids in base 36, RFC 4648 signature."""

    def base36(number):
        return "" if not number else base36(number // 36) + BASE36[number % 36]

    payload = f"{base36(registration.pk)}.{base36(registration.event_id)}"
    secret = secret or settings.SECRET_KEY
    digest = salted_hmac("q2030-checkin", payload, secret=secret, algorithm="sha256").digest()
    return f"{payload}.{base64.b32encode(digest[:10]).decode()}"


def test_checkin_token_printed_before_crockford_stays_valid(settings):
    # Ids written "1000" and "1010" in base 36, where O and 0 are two different digits.
    registration = RegistrationFactory(pk=36**3, event=EventFactory(pk=36**3 + 36))
    token = legacy_token(registration)
    assert token.startswith("1000.1010.") and token != make_checkin_token(registration)
    for typed in [
        token,
        token.lower(),
        token.replace(".", " "),
        token.replace(".", ""),
        "IOOO-IOIO-" + token[10:].replace("O", "0").replace("I", "1"),
    ]:
        assert read_checkin_token(typed, event=registration.event) == registration, typed
    # Signed with a previous secret still listed in the fallbacks.
    settings.SECRET_KEY_FALLBACKS = ["an-older-secret"]
    assert read_checkin_token(
        legacy_token(registration, "an-older-secret"), event=registration.event
    )
    with pytest.raises(InvalidCheckinToken) as error:
        read_checkin_token(token, event=EventFactory())
    assert str(error.value.message) == "Ce badge n'est pas valable pour cet événement."
    forged = token[:-1] + ("A" if token[-1] != "A" else "B")
    with pytest.raises(InvalidCheckinToken):
        read_checkin_token(forged, event=registration.event)


def test_checkin_token_too_long_or_empty_is_refused_at_once():
    registration = RegistrationFactory()
    for bad in ["", "...", "\x00", make_checkin_token(registration) * 3, "1" * 10_000]:
        with pytest.raises(InvalidCheckinToken) as error:
            read_checkin_token(bad, event=registration.event)
        assert str(error.value.message) == "Ce badge n'est pas reconnu."


def test_checkin_token_of_a_deleted_registration_is_refused():
    registration = RegistrationFactory()
    token, event = make_checkin_token(registration), registration.event
    registration.delete()
    with pytest.raises(InvalidCheckinToken):
        read_checkin_token(token, event=event)


# --- Who gets a badge, in which order ----------------------------------------------------


def test_badges_a6_one_page_per_confirmed_on_site_participant_sorted_by_name():
    day = Day()
    zoe = day.participant("Zoé", "FONTIER", day.blue)
    day.participant("Élodie", "ÉTIENNE", day.yellow)
    day.participant("Anne", "de Vries", day.blue)
    nicolas = day.participant("Nicolas", "BACHET", day.blue, function="")
    day.participant("Paul", "AUBRY", status="pending")
    day.participant("Paul", "ABEL", status="waiting")
    day.participant("Paul", "ADAM", status="cancelled")
    day.participant("Paul", "ALBERT", attendance="remote")
    RegistrationFactory(first_name="Paul", last_name="AUTRE")  # another event

    pages = pages_text(documents.badges_pdf(event=day.event, badge_format="a6"))

    assert [page.splitlines()[1:3] for page in pages] == [
        ["Nicolas", "BACHET"],
        ["Anne", "DE VRIES"],  # surnames in capitals, however typed
        ["Élodie", "ÉTIENNE"],
        ["Zoé", "FONTIER"],
    ]
    # The QR code's token is printed in letters too, to be typed at the door.
    assert words(pages[0]) == (
        "2 octobre 2025 · Concevoir des coopérations Nicolas BACHET Ville de Tomblaine "
        f"{make_checkin_token(nicolas)} 13h30 · Bleu · Codéveloppement · Salle Chardon"
    )
    assert words(pages[3]) == (
        "2 octobre 2025 · Concevoir des coopérations Zoé FONTIER Ville de Tomblaine "
        f"Cheffe de projet politique de la ville {make_checkin_token(zoe)} "
        "13h30 · Bleu · Codéveloppement · Salle Chardon"
    )


def test_badges_a4_sheets_of_eight_in_name_order():
    day = Day()
    names = [f"NOM{i:02d}" for i in range(17)]
    for name in reversed(names):
        day.participant("Camille", name, day.blue)

    pdf = documents.badges_pdf(event=day.event, badge_format="a4")

    pages = pages_text(pdf)
    assert len(pages) == 3  # ceil(17 / 8)
    printed = [line for page in pages for line in page.splitlines() if line.startswith("NOM")]
    assert printed == names
    assert [sum(line.startswith("NOM") for line in page.splitlines()) for page in pages] == [
        8,
        8,
        1,
    ]
    assert [round(x) for x in pypdf.PdfReader(io.BytesIO(pdf)).pages[0].mediabox[2:]] == [595, 842]


def test_badges_of_a_selection_only_and_of_nobody():
    day = Day()
    chosen = day.participant("Zoé", "FONTIER", day.blue)
    day.participant("Nicolas", "BACHET", day.blue)
    selection = Registration.objects.filter(pk=chosen.pk)

    pages = pages_text(
        documents.badges_pdf(event=day.event, registrations=selection, badge_format="a6")
    )
    assert len(pages) == 1 and "FONTIER" in pages[0] and "BACHET" not in pages[0]

    empty = documents.badges_pdf(event=EventFactory(), badge_format="a4")
    assert pages_text(empty) == ["Aucun·e participant·e confirmé·e sur place."]


def test_badges_unknown_format_is_an_error():
    with pytest.raises(ValueError, match="Unknown badge format"):
        documents.badges_pdf(event=EventFactory(), badge_format="a5")


# --- What a badge says -------------------------------------------------------------------


@pytest.mark.parametrize("badge_format", ["a4", "a6"])
def test_badge_band_lists_every_atelier_in_the_afternoon_one_s_colour(badge_format):
    day = Day()
    day.participant("Zoé", "FONTIER", day.tfpb, day.blue)  # morning atelier first
    day.participant("Gaëlle", "MARTIN", day.yellow)
    day.participant("Jean", "MATIN", day.tfpb)  # a morning atelier only: its (white) band
    day.participant("Paul", "SANS-ATELIER")  # no atelier: no band

    pdf = documents.badges_pdf(event=day.event, badge_format=badge_format)

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = " ".join(words(page.extract_text()) for page in reader.pages)
    fontier, martin, matin, sans = (
        text[text.index(name) :].split(" 2 octobre")[0]
        for name in ("FONTIER", "MARTIN", "MATIN", "SANS-ATELIER")
    )
    assert fontier.endswith(
        "11h30 · Abattement TFPB · Salle Gruber 13h30 · Bleu · Codéveloppement · Salle Chardon"
    )
    assert martin.endswith("13h30 · Jaune · Anarchaise · Espace Lorraine")
    assert matin.endswith("11h30 · Abattement TFPB · Salle Gruber")
    assert "Salle" not in sans and "h30" not in sans
    if badge_format == "a6":  # one badge a page: the band's colour on each
        # The band's colour, and a text colour that reads on it (white on blue, black on
        # yellow).
        assert has_colour(reader.pages[0], "#1F5FAD") and has_colour(reader.pages[0], "#FFFFFF")
        assert has_colour(reader.pages[1], "#F2C200")
        assert not has_colour(reader.pages[1], "#1F5FAD")
        for page in reader.pages[2:]:
            assert not has_colour(page, "#1F5FAD") and not has_colour(page, "#F2C200")


def test_badge_qr_code_carries_the_check_in_token():
    day = Day()
    registrations = [
        day.participant("Zoé", "FONTIER", day.blue),
        day.participant("Nicolas", "BACHET", day.yellow),
    ]
    reader = pypdf.PdfReader(io.BytesIO(documents.badges_pdf(event=day.event, badge_format="a6")))

    def modules(image):
        image = image.convert("L")
        return [
            [int(image.getpixel((x, y)) < 128) for x in range(image.width)]
            for y in range(image.height)
        ]

    printed = sorted(modules(image.image) for image in reader.pages[0].images)
    expected = sorted(
        modules_of(make_checkin_token(registration)) for registration in registrations
    )
    assert printed == expected
    for page in reader.pages:  # one QR code drawn per badge
        assert page.get_contents().get_data().count(b" Do") == 1


def modules_of(text):
    """The QR code of `text` as segno draws it, with the 4-module quiet zone."""
    qr = segno.make_qr(text, error="m", mask=0, boost_error=False)
    return [[int(bool(m)) for m in row] for row in qr.matrix_iter(scale=1, border=4)]


def test_qr_png_is_the_qr_code_of_the_text():
    from PIL import Image

    uri = documents.qr_png_data_uri("4F2.1C.7QZK3M5WJ2XR4D6F")
    assert uri.startswith("data:image/png;base64,")
    import base64

    image = Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))).convert("L")
    drawn = [
        [int(image.getpixel((x, y)) < 128) for x in range(image.width)] for y in range(image.height)
    ]
    assert drawn == modules_of("4F2.1C.7QZK3M5WJ2XR4D6F")
    assert image.size == (33, 33)  # version 2: the token is written in the alphanumeric mode


@pytest.mark.parametrize(
    ("text", "sizes", "expected"),
    [
        ("Zoé", (12, 18, 26), "l"),
        ("Jean-Christophe", (12, 18, 26), "m"),
        ("Maximilien-Alexandre-Jean", (12, 18, 26), "s"),
        ("A" * 100, (12, 18, 26), "xs"),
    ],
)
def test_badge_long_text_gets_a_smaller_size(text, sizes, expected):
    assert documents._size(text, sizes) == expected
    badge = documents.Badge(text, text, text, text, "T", None)
    assert badge.first_name_size == expected


def test_badges_print_names_with_html_quotes_emoji_and_arabic_as_text_and_fetch_nothing(caplog):
    caplog.set_level(logging.WARNING, logger="weasyprint")
    day = Day()
    day.participant(
        UNSAFE_FIRST_NAME, "O'Brien \"Bob\" 😀", day.blue,
        organisation=LONG_ORGANISATION, function="Élue à l'énergie — ça ŒUVRE, مريم",
    )  # fmt: skip
    day.participant("مريم", "BENALI", day.yellow, organisation='Ville "de" <b>Metz</b>')

    for badge_format in ("a4", "a6"):
        text = " ".join(
            pages_text(documents.badges_pdf(event=day.event, badge_format=badge_format))
        )
        flat = "".join(text.split())  # long text wraps anywhere
        assert UNSAFE_FIRST_NAME in text
        assert 'O\'BRIEN "BOB" 😀' in text  # surnames in capitals
        assert "".join(LONG_ORGANISATION.split()) in flat
        assert "Élueàl'énergie—çaŒUVRE,مريم" in flat
        assert "مريم" in text and 'Ville "de" <b>Metz</b>' in text
    assert not [r for r in caplog.records if "Blocked URL" in r.getMessage()]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_badge_template_gets_plain_values_only():
    """The parts are rendered in forked processes that must not query the database."""
    day = Day()
    day.participant("Zoé", "FONTIER", day.blue)
    badge = documents.Badge.of(documents.printed_registrations(day.event)[0])
    assert badge == documents.Badge(
        first_name="Zoé", last_name="FONTIER", organisation="Ville de Tomblaine",
        function="Cheffe de projet politique de la ville", token=badge.token,
        band=documents.Band(
            "#1F5FAD", "#FFFFFF", ("13h30 · Bleu · Codéveloppement · Salle Chardon",)
        ),
    )  # fmt: skip
    assert set(documents._event_context(day.event)) == {
        "title", "date", "long_date", "times", "venue", "organiser", "partners", "logo",
    }  # fmt: skip


# --- Rendering over several processes ----------------------------------------------------


def rendered(document, *, processes):
    output = io.BytesIO()
    document.write(output, processes=processes)
    return output.getvalue()


def test_badges_split_over_processes_are_merged_in_order(monkeypatch):
    monkeypatch.setitem(documents.BADGE_CHUNK_PAGES, "a4", 2)
    day = Day()
    for i in reversed(range(40)):
        day.participant("Camille", f"NOM{i:02d}", day.blue)

    document = documents.badges_document(event=day.event, badge_format="a4")
    pdf = rendered(document, processes=3)

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 5
    lines = [line for page in reader.pages for line in page.extract_text().splitlines()]
    assert [line for line in lines if line.startswith("NOM")] == [f"NOM{i:02d}" for i in range(40)]
    assert reader.metadata.title == "Badges — Concevoir des coopérations"


def test_badges_in_chunks_report_their_progress(monkeypatch):
    monkeypatch.setitem(documents.BADGE_CHUNK_PAGES, "a6", 5)
    day = Day()
    for i in range(12):
        day.participant("Camille", f"NOM{i:02d}", day.blue)
    steps = []

    document = documents.badges_document(event=day.event, badge_format="a6")
    document.write(io.BytesIO(), progress=lambda done, total: steps.append((done, total)))

    assert steps == [(5, 12), (10, 12), (12, 12)]


def test_part_of_a_child_that_fails_is_rendered_here(monkeypatch):
    monkeypatch.setitem(documents.BADGE_CHUNK_PAGES, "a6", 3)
    monkeypatch.setattr(rendering, "_child", lambda sender, *args: os._exit(1))
    day = Day()
    for i in range(12):
        day.participant("Camille", f"NOM{i:02d}", day.blue)

    document = documents.badges_document(event=day.event, badge_format="a6")
    pages = pages_text(rendered(document, processes=2))

    assert [page.splitlines()[2] for page in pages] == [f"NOM{i:02d}" for i in range(12)]


def test_part_of_a_child_that_hangs_is_rendered_here(monkeypatch):
    monkeypatch.setitem(documents.BADGE_CHUNK_PAGES, "a6", 3)
    monkeypatch.setattr(rendering, "_child", lambda sender, *args: time.sleep(60))
    monkeypatch.setattr(rendering, "CHILD_TIMEOUT", 0.2)
    day = Day()
    for i in range(12):
        day.participant("Camille", f"NOM{i:02d}", day.blue)

    started = time.monotonic()
    document = documents.badges_document(event=day.event, badge_format="a6")
    pages = pages_text(rendered(document, processes=2))

    assert [page.splitlines()[2] for page in pages] == [f"NOM{i:02d}" for i in range(12)]
    assert time.monotonic() - started < 30  # the hanging child was killed, not waited for


def test_chunks_keep_every_page_once_in_order():
    for size in (1, 2, 7, 200):
        document = rendering.PagedPdf(lambda first, pages: b"", list(range(125)), size)
        chunks = document.chunks()
        assert [first for first, _pages in chunks] == list(range(0, 125, size))
        assert [page for _first, pages in chunks for page in pages] == list(range(125))
    assert rendering.PagedPdf(lambda first, pages: b"", []).chunks() == [(0, [])]


def test_badges_and_sheets_queries_do_not_grow_with_participants(django_assert_num_queries):
    day = Day()
    day.participant("Zoé", "FONTIER", day.tfpb, day.blue)
    # Event's organiser, venue and partners; registrations; their ateliers.
    event = type(day.event).objects.select_related("organiser", "venue").get(pk=day.event.pk)
    with django_assert_num_queries(3):
        documents.badges_pdf(event=event, badge_format="a6")
    for i in range(5):
        day.participant("Camille", f"NOM{i}", day.tfpb, day.yellow)
    with django_assert_num_queries(3):
        documents.badges_pdf(event=event, badge_format="a6")
    with django_assert_num_queries(2):
        documents.signin_sheet_pdf(event=event)


# --- The organiser's logo ------------------------------------------------------------------


@pytest.mark.parametrize("badge_format", ["a6", "a4"])
def test_badges_print_the_organiser_logo_in_the_header_and_keep_their_text(
    badge_format, media_root
):
    day = Day()
    for name in ["FONTIER", "BACHET"]:
        day.participant("Zoé", name, day.blue)
    without = documents.badges_pdf(event=day.event, badge_format=badge_format)
    day.event.organiser.logo.save("logo.png", image_file(size=(600, 200)))
    with_logo = documents.badges_pdf(event=day.event, badge_format=badge_format)
    assert [words(page) for page in pages_text(with_logo)] == [
        words(page) for page in pages_text(without)
    ]
    before = [len(page.images) for page in pypdf.PdfReader(io.BytesIO(without)).pages]
    after = [len(page.images) for page in pypdf.PdfReader(io.BytesIO(with_logo)).pages]
    # The logo is one image on each page, however many badges print it.
    assert after == [count + 1 for count in before]


def test_badges_with_an_unreadable_logo_are_printed_without_it(media_root):
    day = Day()
    day.participant("Zoé", "FONTIER", day.blue)
    day.event.organiser.logo.save("logo.jpg", io.BytesIO(b"\xff\xd8\xffnot a jpeg"))
    pdf = documents.badges_pdf(event=day.event, badge_format="a6")
    assert [len(page.images) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages] == [1]


# --- Legibility: the code, the ateliers, emoji -------------------------------------------


@pytest.mark.parametrize("badge_format", ["a4", "a6"])
def test_badge_code_is_printed_at_8_pt_at_least_above_the_band(badge_format):
    day = Day()
    zoe = day.participant("Zoé", "FONTIER", day.tfpb, day.blue)

    pdf = documents.badges_pdf(event=day.event, badge_format=badge_format)

    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    (code,) = [run for run in runs(page) if run.text == make_checkin_token(zoe)]
    assert code.size >= 8
    (band,) = {r for r in rectangles(page) if r.colour == pdftext.rgb("#1F5FAD")}
    # The band is painted after the code: the code's lowest ink is above the band's top
    # edge, and both ateliers are printed inside the band.
    assert code.bottom > band.top
    ateliers = [run for run in runs(page) if band.bottom < run.y < band.top]
    assert " ".join(run.text for run in ateliers) == (
        "11h30 · Abattement TFPB · Salle Gruber 13h30 · Bleu · Codéveloppement · Salle Chardon"
    )
    assert all(band.bottom < run.bottom and run.top < band.top for run in ateliers)
    assert min(run.size for run in ateliers) >= 8


def test_badge_band_gets_a_smaller_size_for_long_ateliers():
    short = documents.Band("#FFFFFF", "#000000", ("11h30 · Atelier · Salle 1",) * 2)
    long = documents.Band("#FFFFFF", "#000000", ("11h30 · " + "Atelier " * 12,) * 2)
    very_long = documents.Band("#FFFFFF", "#000000", ("11h30 · " + "Atelier " * 30,) * 3)
    assert [short.size_a4, long.size_a4, very_long.size_a4] == ["l", "s", "xs"]
    assert [short.size_a6, long.size_a6, very_long.size_a6] == ["l", "m", "xs"]


def test_badge_prints_an_emoji_with_the_fallback_font_not_a_notdef_box(caplog):
    """Three checks, from the renderer to the page: WeasyPrint reports no .notdef glyph; the
    emoji is drawn with the shipped fallback font (its subset is embedded); and that subset
    maps the emoji to a real outline (a glyph with contours, not .notdef, gid 0)."""
    caplog.set_level(logging.WARNING, logger="weasyprint")
    day = Day()
    day.participant("Zoé 🎉", "FONTIER", day.blue)

    pdf = documents.badges_pdf(event=day.event, badge_format="a6")

    assert not [r for r in caplog.records if ".notdef" in r.getMessage()]
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    (emoji,) = [run for run in runs(page) if "🎉" in run.text]
    assert emoji.font == "Q2030-Emoji-Bold"  # the first name is bold: regular emoji, emboldened
    font = pdftext.embedded_fonts(pdf)[emoji.font]
    glyph_name = font.getBestCmap()[ord("🎉")]
    assert glyph_name != ".notdef" and font.getGlyphID(glyph_name) != 0
    assert font["glyf"][glyph_name].numberOfContours > 0
