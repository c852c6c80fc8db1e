"""Sign-in sheets (feuilles d'émargement): content, order, pagination, privacy, safety."""

import io
import logging

import pypdf
import pytest

from backoffice import documents
from tests.factories import EventFactory, OrganiserFactory, SpeakerFactory
from tests.pdftext import rectangles, runs

from .test_badges import LONG_ORGANISATION, UNSAFE_FIRST_NAME, Day, words

pytestmark = pytest.mark.django_db

DAY_COLUMNS = "Nom Prénom Structure Fonction Signature matin Signature après-midi"
ROWS_FIRST, ROWS = documents.SIGNIN_ROWS_FIRST_PAGE, documents.SIGNIN_ROWS_PER_PAGE


def pages_words(pdf: bytes) -> list[str]:
    return [words(page.extract_text()) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def test_signin_sheet_header_columns_and_alphabetical_order():
    day = Day()
    day.event.partners.add(OrganiserFactory(name="Réseau DSU Grand Est", short_name=""))
    day.participant("Zoé", "FONTIER", day.blue, function="Chargée de mission")
    day.participant("Élodie", "ÉTIENNE", day.yellow, organisation="DREETS Grand Est")
    day.participant("Nicolas", "BACHET", function="")
    day.participant("Paul", "AUBRY", status="pending")
    day.participant("Paul", "ALBERT", attendance="remote")
    day.participant("Paul", "ADAM", status="cancelled")

    (page,) = pages_words(documents.signin_sheet_pdf(event=day.event))

    event = day.event
    assert f"Feuille d'émargement — {event.title}" in page
    assert "Jeudi 2 octobre 2025 · 10h – 16h30 · Maison Régionale des Sports, 13 Rue Jean " in (
        page
    )
    assert (
        f"Organisation : {event.organiser.display_name} · Partenaires : Réseau DSU Grand Est"
        in (page)
    )
    assert DAY_COLUMNS in page
    assert (
        "BACHET Nicolas Ville de Tomblaine "
        "ÉTIENNE Élodie DREETS Grand Est Cheffe de projet politique de la ville "
        "FONTIER Zoé Ville de Tomblaine Chargée de mission"
    ) in page
    for absent in ("AUBRY", "ALBERT", "ADAM"):
        assert absent not in page
    assert page.endswith("page 1 / 1")


def test_signin_sheet_blank_rows_fill_the_last_page_only():
    """Never a page of blank rows only: 15 participants fill the first page, the 16th
    starts a second one, filled up with 17 blank rows."""
    day = Day()
    for i in range(ROWS_FIRST):
        day.participant("Camille", f"NOM{i:02d}")
    document = documents.signin_sheet_document(event=day.event)
    assert [len(page) for page in document.pages] == [ROWS_FIRST]
    assert None not in document.pages[0]
    assert len(pages_words(document.to_bytes())) == 1

    day.participant("Camille", "NOM99")
    document = documents.signin_sheet_document(event=day.event)
    assert [len(page) for page in document.pages] == [ROWS_FIRST, ROWS]
    assert document.pages[1].count(None) == ROWS - 1
    assert len(pages_words(document.to_bytes())) == 2

    document = documents.signin_sheet_document(event=day.event, workshop=day.blue)
    assert document.pages == [[None] * documents.SIGNIN_ROWS_FIRST_PAGE_WORKSHOP]


def test_signin_sheet_repeats_the_columns_and_numbers_every_page():
    day = Day()
    count = ROWS_FIRST + 2 * ROWS  # 3 full pages: no blank rows
    for i in reversed(range(count)):
        day.participant("Camille", f"NOM{i:02d}")

    pages = pages_words(documents.signin_sheet_pdf(event=day.event))

    assert len(pages) == 3
    for number, page in enumerate(pages, start=1):
        assert DAY_COLUMNS in page
        assert page.endswith(f"page {number} / 3")
        assert f"Feuille d'émargement — {day.event.title} — jeudi 2 octobre 2025" in page
    names = [word for page in pages for word in page.split() if word.startswith("NOM")]
    assert names == [f"NOM{i:02d}" for i in range(count)]
    assert [sum(w.startswith("NOM") for w in page.split()) for page in pages] == [15, 18, 18]
    # The event's header is on the first page only.
    assert ["Partenaires" in page or "Organisation :" in page for page in pages] == [
        True,
        False,
        False,
    ]


def test_signin_sheet_split_over_processes_keeps_order_and_page_numbers():
    day = Day()
    count = 100
    for i in reversed(range(count)):
        day.participant("Camille", f"NOM{i:03d}")
    document = documents.signin_sheet_document(event=day.event)
    document.chunk_pages = 2
    output = io.BytesIO()

    document.write(output, processes=3)

    pages = pages_words(output.getvalue())

    assert len(pages) == 6  # 15 + 5 × 18 = 105 rows: 100 names, then 5 blank rows
    assert [page.split()[-3:] for page in pages] == [[str(n), "/", "6"] for n in range(1, 7)]
    names = [word for page in pages for word in page.split() if word.startswith("NOM")]
    assert names == [f"NOM{i:03d}" for i in range(count)]
    assert all(DAY_COLUMNS in page for page in pages)


def test_signin_sheet_prints_no_email_or_phone():
    day = Day()
    day.participant(
        "Zoé", "FONTIER", day.blue,
        email="zoe.fontier@example.org", phone="06 12 34 56 78", function="",
    )  # fmt: skip
    day.participant(
        "Nicolas", "BACHET", day.blue, email="nicolas@example.org", phone="+33 3 88 00 00 00"
    )

    for workshop in (None, day.blue):
        text = " ".join(pages_words(documents.signin_sheet_pdf(event=day.event, workshop=workshop)))
        assert "@" not in text and "example.org" not in text
        assert "06 12 34" not in text and "88 00" not in text
        assert "FONTIER" in text


def test_workshop_signin_sheet_lists_its_participants_and_names_its_facilitators():
    day = Day()
    day.participant("Zoé", "FONTIER", day.tfpb, day.blue)
    day.participant("Nicolas", "BACHET", day.blue)
    day.participant("Gaëlle", "MARTIN", day.yellow)
    day.participant("Paul", "AUBRY", day.blue, status="waiting")

    (page,) = pages_words(documents.signin_sheet_pdf(event=day.event, workshop=day.blue))

    assert "Atelier 1 — Codéveloppement (Bleu) · 13h30 – 15h · Salle Chardon" in page
    assert "Animation : Emilie (ORIV) ; Murielle (ORIV)" in page
    assert "Nom Prénom Structure Fonction Signature" in page
    assert "Signature matin" not in page
    assert "BACHET Nicolas" in page and "FONTIER Zoé" in page
    assert page.index("BACHET") < page.index("FONTIER")
    assert "MARTIN" not in page and "AUBRY" not in page
    assert page.endswith("page 1 / 1")


def test_signin_sheet_of_nobody_has_only_blank_rows():
    (page,) = pages_words(documents.signin_sheet_pdf(event=EventFactory()))
    assert DAY_COLUMNS in page and page.endswith("page 1 / 1")


def test_signin_sheet_prints_html_quotes_emoji_and_arabic_as_text_and_fetches_nothing(caplog):
    caplog.set_level(logging.WARNING, logger="weasyprint")
    day = Day()
    day.participant(
        UNSAFE_FIRST_NAME, "O'Brien \"Bob\" 😀", day.blue,
        organisation=LONG_ORGANISATION, function="Élue à l'énergie — ça ŒUVRE",
    )  # fmt: skip
    day.participant("مريم", "BENALI", day.blue, organisation='Ville "de" <b>Metz</b>')

    for workshop in (None, day.blue):
        text = " ".join(pages_words(documents.signin_sheet_pdf(event=day.event, workshop=workshop)))
        flat = "".join(text.split())  # long text wraps anywhere
        assert "".join(UNSAFE_FIRST_NAME.split()) in flat
        assert 'O\'BRIEN "BOB" 😀' in text  # surnames in capitals
        # Too long for three lines at 7 pt: what fits, then an ellipsis.
        assert "".join(LONG_ORGANISATION.split())[:60] in flat
        assert LONG_ORGANISATION not in flat and "ööö…" in flat
        assert "Élue à l'énergie — ça ŒUVRE" in text
        assert "مريم" in text and 'Ville "de" <b>Metz</b>' in text
    assert not [r for r in caplog.records if "Blocked URL" in r.getMessage()]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def long_text_day():
    day = Day(title="Rencontre " * 25)
    day.event.partners.add(*(OrganiserFactory(name="Partenaire " * 15) for _ in range(6)))
    day.blue.facilitators.add(
        *(SpeakerFactory(last_name="ANIMATRICE", organisation="ORIV " * 40) for _ in range(8))
    )
    day.blue.title = "Atelier au titre très long " * 8
    day.blue.save()
    return day


def test_signin_sheet_rows_keep_their_height_with_long_text():
    """Long text wraps, then ends with "…", so pagination stays as planned: 15 rows under
    the day's header (14 under an atelier's), then 18 a page."""
    day = long_text_day()
    for i in range(ROWS_FIRST + ROWS):
        day.participant(
            "Marie-" + "Bérangère" * 10, f"NOM{i:02d} " + "DE LA FONTAINE " * 6, day.blue,
            organisation=LONG_ORGANISATION, function="Cheffe de projet " * 11,
        )  # fmt: skip
    pages = pages_words(documents.signin_sheet_pdf(event=day.event))
    assert [page.count("NOM") for page in pages] == [15, 18]
    pages = pages_words(documents.signin_sheet_pdf(event=day.event, workshop=day.blue))
    assert [page.count("NOM") for page in pages] == [14, 18, 1]


@pytest.mark.parametrize("workshop", [False, True])
def test_signin_sheet_header_fits_above_the_table_and_no_text_is_under_7_pt(workshop):
    """Read back from the PDF: every line of the header (the last one included) ends above
    the table's column titles, and no text is printed under 7 pt, however long."""
    day = long_text_day()
    day.participant(
        "Marie-" + "Bérangère" * 10, "NOM " + "DE LA FONTAINE " * 6, day.blue,
        organisation=LONG_ORGANISATION, function="Cheffe de projet " * 11,
    )  # fmt: skip
    day.participant("Zoé", "FONTIER", day.blue, function="Chargée de mission " * 3)

    pdf = documents.signin_sheet_pdf(event=day.event, workshop=day.blue if workshop else None)

    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    texts = runs(page)
    assert min(run.size for run in texts) >= 7
    (columns,) = {r for r in rectangles(page) if r.colour == (0.91, 0.91, 0.91)}  # #E8E8E8
    header = [run for run in texts if run.y > columns.top]
    expected = ["Feuille d'émargement", "Jeudi 2 octobre 2025", "Organisation :"]
    if workshop:
        expected[1:1] = ["Atelier 1", "Animation :"]
    starts = [run.text for run in header if run.text.startswith(tuple(expected))]
    assert [next(e for e in expected if t.startswith(e)) for t in starts] == expected
    assert all(run.bottom > columns.top for run in header)
    assert header[-1].text.endswith("…")  # the partners, on two lines at most
    # A long job title wraps at 7 pt, within its row.
    function = [run for run in texts if "projet" in run.text and run.top < columns.bottom]
    assert {run.size for run in function} == {7}
    assert 1 < len(function) <= 3
