"""The public PDF programme, read back with pypdf."""

import datetime as dt
import io
import re
from io import StringIO

import pypdf
import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse

from events.enums import EventStatus, SlotKind
from tests.factories import (
    EventFactory,
    ProgrammeSlotFactory,
    SlotSpeakerFactory,
    SpeakerFactory,
    WorkshopFactory,
)
from tests.images import image_file

pytestmark = pytest.mark.django_db

SEED_SLUG = "2025-10-02-journee-regionale-cooperations"
SEED_TITLE = "Concevoir des coopérations pour mieux agir auprès des habitants et habitantes !"


def programme_url(slug):
    return reverse("events:programme_pdf", kwargs={"slug": slug})


def read(response) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(response.content))


def page_lines(document: pypdf.PdfReader) -> list[list[str]]:
    return [page.extract_text().splitlines() for page in document.pages]


@pytest.fixture
def seed_programme(client):
    call_command("load_demo", stdout=StringIO())
    response = client.get(programme_url(SEED_SLUG))
    assert response.status_code == 200
    return read(response)


def test_programme_pdf_is_served_inline_as_a_pdf(client):
    event = EventFactory(slug="journee-test")
    response = client.get(programme_url(event.slug))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="programme-journee-test.pdf"'
    assert response.content.startswith(b"%PDF-")


def test_programme_pdf_of_a_draft_is_not_found(client):
    event = EventFactory(status=EventStatus.DRAFT)
    assert client.get(programme_url(event.slug)).status_code == 404
    assert client.get(programme_url("no-such-event")).status_code == 404


def test_programme_pdf_of_a_cancelled_event_says_so(client):
    event = EventFactory(status=EventStatus.CANCELLED)
    lines = page_lines(read(client.get(programme_url(event.slug))))[0]
    assert "Cet événement est annulé." in lines


def test_programme_pdf_seed_has_three_pages_numbered_in_the_footer(seed_programme):
    pages = page_lines(seed_programme)
    assert len(pages) == 3
    assert [lines[-1] for lines in pages] == [
        f"Jeudi 2 octobre 2025 — Programme page {n} / 3" for n in (1, 2, 3)
    ]


def test_programme_pdf_seed_metadata_title_author_language_and_tags(seed_programme):
    metadata = seed_programme.metadata
    assert metadata.title == SEED_TITLE
    assert metadata.author == "Observatoire Régional de l'Intégration et de la Ville"
    catalog = seed_programme.trailer["/Root"]
    assert catalog["/Lang"] == "fr"
    assert "/StructTreeRoot" in catalog  # tagged: PDF/UA-1


def test_programme_pdf_seed_first_page_has_the_practical_information(seed_programme):
    first = page_lines(seed_programme)[0]
    assert first[3:20] == [
        "Journée régionale · 2ème journée régionale - Contrats de ville en Grand Est",
        "Concevoir des coopérations pour mieux agir",
        "auprès des habitants et habitantes !",
        "Jeudi 2 octobre 2025 — Tomblaine",
        "Informations pratiques",
        "Date Jeudi 2 octobre 2025",
        "Horaires Accueil à partir de 9h30, de 10h à 16h30",
        "Lieu Maison Régionale des Sports",
        "13 Rue Jean Moulin, 54510 Tomblaine",
        "Organisation ORIV (Observatoire Régional de l'Intégration et de la Ville)",
        "Partenaires DREETS Grand Est (Direction régionale de l'économie, de l'emploi, du "
        "travail et",
        "des solidarités Grand Est)",
        "Réseau DSU Grand Est",
        "SGARE Grand Est (Secrétariat général pour les affaires régionales et",
        "européennes)",
        "Public La journée s'adresse prioritairement aux élus-es, aux référents-es politique de",
        "la ville de l'Etat et des collectivités des contrats de ville du Grand Est.",
    ]
    # Objectives: Markdown rendered, the bold phrase printed without its asterisks.
    assert "Objectifs" in first
    assert (
        "journée propose d'échanger autour d'un enjeu majeur des contrats de ville : la "
        "coopération entre" in first
    )


def test_programme_pdf_seed_lists_the_slots_in_time_order_with_speakers(seed_programme):
    pages = page_lines(seed_programme)
    # The time column (a float) comes first in each page's text.
    times = [line for lines in pages for line in lines if re.fullmatch(r"\d+h\d* – \d+h\d*", line)]
    assert times == [
        "9h30 – 10h",
        "10h – 10h30",
        "10h30 – 10h50",
        "10h50 – 11h",
        "11h – 11h30",
        "11h30 – 12h30",
        "12h30 – 13h30",
        "13h30 – 15h",
        "15h – 15h15",
        "15h15 – 16h15",
        "16h15 – 16h30",
    ]
    start = pages[0].index("Programme")
    assert pages[0][start : start + 8] == [
        "Programme",
        "Matin",
        "Accueil café",
        "Accueil",
        "Ouverture officielle - Enjeux de la journée",
        "Ouverture",
        "Zoé FONTIER, Chargée de mission, Secrétariat Général pour les Affaires régionales",
        "et européennes",
    ]
    assert "Laurent BIELICKI, Chargé de mission, Cité ressources" in pages[1]
    assert "Après-midi" in pages[1]


def test_programme_pdf_seed_prints_each_afternoon_atelier_room_colour_and_facilitators(
    seed_programme,
):
    third = page_lines(seed_programme)[2]
    ateliers = [line for line in third if line.startswith(("Atelier ", "Couleur : ", "Animé par "))]
    assert ateliers == [
        "Atelier 1 · Codéveloppement",
        "Couleur : Bleu · Salle : Salle Chardon",
        "Animé par Emilie et Murielle (ORIV)",
        "Atelier 2 · Coop ou pas coop",
        "Couleur : Rouge · Salle : Salle Myrtilles",
        "Animé par Johan (ORIV)",
        "Atelier 3 · Anarchaise",
        "Couleur : Jaune · Salle : Espace Lorraine",
        "Animé par Gaëlle et Laurent (ORIV)",
        "Atelier 4 · Serious Game",
        "Couleur : Vert · Salle : Salle Gruber",
        "Animé par Laëtitia et Rémi (ORIV)",
    ]


def test_programme_pdf_seed_prints_the_morning_ateliers_with_rooms_and_presenters(
    seed_programme,
):
    second = page_lines(seed_programme)[1]
    index = second.index("Atelier 4 · Concevoir un village des solidarités")
    assert second[index : index + 5] == [
        "Atelier 4 · Concevoir un village des solidarités",
        "Salle : Salle Gruber",
        "Territoire : Métropole du Grand Nancy",
        "Présenté par Adrien NOIRAULT (Métropole du Grand Nancy)",
        "Le village des solidarités",
    ]
    assert "Présenté par Olivia BRULEFERT et Anita NOBILI (Ville de La Chapelle-Saint-Luc)" in (
        second
    )


def test_programme_pdf_and_event_page_print_the_same_ateliers(client):
    """One include (events/_workshops.html): the two differ in their stylesheets only."""
    event = EventFactory()
    slot = ProgrammeSlotFactory(
        event=event, kind=SlotKind.WORKSHOPS, start=dt.time(14), end=dt.time(15)
    )
    blue = WorkshopFactory(slot=slot, number=1, colour_name="Bleu", colour_hex="#1F5FAD")
    blue.facilitators.add(SpeakerFactory(first_name="Emilie", last_name="", organisation="ORIV"))
    WorkshopFactory(slot=slot, number=2, colour_name="", colour_hex="", territory="Tomblaine")

    def ateliers(html):
        return re.findall(r'<ul class="workshops".*?</li>\s*</ul>', html, flags=re.DOTALL)

    page = ateliers(client.get(event.get_absolute_url()).content.decode())
    assert len(page) == 1 and page[0].count('<li class="workshop"') == 2
    assert ateliers(render_to_string("pdf/programme.html", {"event": event})) == page


def test_programme_pdf_prints_html_in_staff_text_and_names_as_text(client):
    event = EventFactory(title='Journée <img src="http://127.0.0.1/x"> test')
    slot = ProgrammeSlotFactory(
        event=event,
        start=dt.time(10),
        end=dt.time(11),
        title='Table ronde <img src="http://127.0.0.1/x">',
    )
    SlotSpeakerFactory(
        slot=slot,
        speaker=SpeakerFactory(
            first_name="Leïla", last_name="<b>AMRANI</b>", organisation='"Quotes" & Co'
        ),
    )
    workshops = ProgrammeSlotFactory(
        event=event, kind=SlotKind.WORKSHOPS, start=dt.time(14), end=dt.time(15)
    )
    WorkshopFactory(slot=workshops, number=1, title="<script>alert(1)</script>")
    document = read(client.get(programme_url(event.slug)))
    lines = page_lines(document)[0]
    assert 'Table ronde <img src="http://127.0.0.1/x">' in lines
    assert 'Leïla <b>AMRANI</b>, Chargée de mission, "Quotes" & Co' in lines
    assert "Atelier 1 · <script>alert(1)</script>" in lines
    assert document.metadata.title == 'Journée <img src="http://127.0.0.1/x"> test'


def test_programme_pdf_fetches_nothing_for_a_url_in_a_title(client, pdf_fetches):
    event = EventFactory()
    ProgrammeSlotFactory(event=event, title='<img src="http://127.0.0.1/x">')
    lines = page_lines(read(client.get(programme_url(event.slug))))[0]
    assert '<img src="http://127.0.0.1/x">' in lines
    # Nothing asked for but the project's own stylesheets (and fonts), served from disk.
    assert pdf_fetches.refused == []
    assert pdf_fetches.served_files == ["static/css/pdf.css", "static/css/pdf-programme.css"]


def test_event_page_links_to_the_programme_pdf_and_the_agendas(client):
    event = EventFactory(slug="journee-liens")
    ProgrammeSlotFactory(event=event)
    content = client.get(event.get_absolute_url()).content.decode()
    button = '<a class="btn btn-sm btn-outline-primary" href="/evenements/journee-liens/'
    assert f'{button}programme.pdf">Programme (PDF)</a>' in content
    assert f'{button}agenda.ics">Ajouter à mon agenda (.ics)</a>' in content
    assert (
        '<a href="/evenements/journee-liens/agenda.ics?detail=1">'
        "Agenda avec le détail du programme (.ics)</a>"
    ) in content


# --- The organiser's logo ----------------------------------------------------------------


def image_count(document: pypdf.PdfReader) -> int:
    return sum(len(page.images) for page in document.pages)


def test_programme_pdf_prints_the_organiser_logo_on_the_first_page(client, media_root, committed):
    event = EventFactory()
    ProgrammeSlotFactory(event=event)
    without = read(client.get(programme_url(event.slug)))
    with committed():
        event.organiser.logo.save("logo.png", image_file())
    with_logo = read(client.get(programme_url(event.slug)))
    assert image_count(with_logo) == image_count(without) + 1
    assert len(with_logo.pages[0].images) == len(without.pages[0].images) + 1
    assert page_lines(with_logo) == page_lines(without)


@pytest.mark.parametrize("content", [b"\x89PNG\r\n\x1a\ntruncated", b"<svg/>", None])
def test_programme_pdf_with_a_broken_or_missing_logo_is_printed_without_it(
    client, media_root, content
):
    event = EventFactory()
    without = read(client.get(programme_url(event.slug)))
    if content is None:
        event.organiser.logo = "organisers/deleted.png"
        event.organiser.save()
    else:
        event.organiser.logo.save("logo.png", io.BytesIO(content))
    response = client.get(programme_url(event.slug))
    assert response.status_code == 200
    assert image_count(read(response)) == image_count(without)
    assert page_lines(read(response)) == page_lines(without)
