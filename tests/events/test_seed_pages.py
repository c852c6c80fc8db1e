"""The public pages show the real documents' programme, to the letter."""

import re
from html import unescape

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

SEED_EVENT = "/evenements/2025-10-02-journee-regionale-cooperations/"


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def text_of(response):
    """The visible text of a page, one space between words."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def assert_in_order(text, parts):
    position = 0
    for part in parts:
        found = text.find(part, position)
        assert found >= 0, f"{part!r} missing after position {position}"
        position = found + len(part)


def test_seed_event_page_practical_information(client, demo):
    text = text_of(client.get(SEED_EVENT))
    assert_in_order(
        text,
        [
            "Journée régionale · 2ème journée régionale - Contrats de ville en Grand Est",
            "Concevoir des coopérations pour mieux agir auprès des habitants et habitantes !",
            "Inscriptions closes",
            "Date Jeudi 2 octobre 2025",
            "Horaires de 10h à 16h30 (accueil à partir de 9h30)",
            "Lieu Maison Régionale des Sports 13 Rue Jean Moulin 54510 Tomblaine (54)",
            "Voir le plan sur OpenStreetMap",
            "Public La journée s'adresse prioritairement aux élus-es",
            "Organisation ORIV (Observatoire Régional de l'Intégration et de la Ville)",
            "Repas Déjeuner offert sur place",
            "À distance Non : événement en présentiel uniquement",
        ],
    )


def test_seed_event_page_programme_in_time_order(client, demo):
    text = text_of(client.get(SEED_EVENT))
    assert_in_order(
        text,
        [
            "Programme Matin",
            "9h30 – 10h Accueil café",
            "10h – 10h30 Ouverture officielle - Enjeux de la journée",
            "Zoé FONTIER, Chargée de mission, Secrétariat Général pour les Affaires régionales "
            "et européennes",
            "Nicolas BACHET, Chargé de mission, Direction Régionale de l'économie, de l'emploi, "
            "du travail et des solidarités",
            "10h30 – 10h50 Enjeux de coopération en politique de la ville",
            "10h50 – 11h Pause",
            "11h – 11h30 Coopérer : Quartiers à Impact Collectif",
            "Laurent BIELICKI, Chargé de mission, Cité ressources",
            "11h30 – 12h30 Illustration d'expériences",
            "Atelier 1 Répondre aux besoins des habitants à partir de l'abattement TFPB",
            "Salle : Salle Chardon Territoire : Commune de Vandœuvre-lès-Nancy "
            "Présenté par Philippe ATAIN-KOUADIO (Ville de Vandoeuvre)",
            "Atelier 2 Trouver des réponses à l'isolement social dans le QPV Chantereigne "
            "Montvilliers Beau Toquat",
            "Salle : Salle Myrtilles",
            "Présenté par Olivia BRULEFERT et Anita NOBILI (Ville de La Chapelle-Saint-Luc)",
            "Atelier 3 Mettre en place une animation territoriale",
            "Salle : Espace Lorraine",
            # Presenters are listed by last name (the deck says "Jérome MARTIN et Carlo D'ANGELO").
            "Présenté par Carlo D'ANGELO et Jérome MARTIN "
            "(Agglomération de Forbach Porte de France)",
            "Atelier 4 Concevoir un village des solidarités",
            "Salle : Salle Gruber",
            "Adrien NOIRAULT (Métropole du Grand Nancy)",
            "Après-midi",
            "12h30 – 13h30 Pause déjeuner sur place (offert)",
            "13h30 – 15h Coproduire de la coopération à partir de situation de cas",
            "Atelier 1 Codéveloppement Couleur : Bleu Salle : Salle Chardon "
            "Animé par Emilie et Murielle",
            "Atelier 2 Coop ou pas coop Couleur : Rouge Salle : Salle Myrtilles Animé par Johan",
            "Atelier 3 Anarchaise Couleur : Jaune Salle : Espace Lorraine "
            "Animé par Gaëlle et Laurent",
            "Atelier 4 Serious Game Couleur : Vert Salle : Salle Gruber Animé par Laëtitia et Rémi",
            "15h – 15h15 Pause",
            "15h15 – 16h15 Retour sur les temps en atelier et intervention du grand témoin",
            "16h15 – 16h30 Clôture",
            "Ressources",
            "Coopérations en quartier populaire : des pratiques renouvelées (webdocumentaire)",
            "Cartographie des contrats de ville en Grand Est",
        ],
    )


def test_seed_event_page_colours_carry_their_hex_and_contrast(client, demo):
    html = client.get(SEED_EVENT).content.decode()
    for hex_code, text_colour, name in [
        ("#1F5FAD", "#FFFFFF", "Bleu"),
        ("#C0392B", "#FFFFFF", "Rouge"),
        ("#F2C200", "#000000", "Jaune"),
        ("#2E8540", "#FFFFFF", "Vert"),
    ]:
        assert f'style="border-left-color: {hex_code}"' in html
        assert (
            f'<span class="colour" style="background: {hex_code}; color: {text_colour}">'
            f"Couleur : {name}</span>"
        ) in html


def test_territorial_meeting_page_shows_its_takeaway(client, demo):
    text = text_of(client.get("/"))
    assert "Isolement et vulnérabilité : agir sur les solitudes par les solidarités" in text
    cycle = text_of(client.get("/cycles/grand-est-2025/"))
    assert_in_order(
        cycle,
        [
            "La jeunesse en quartiers populaires",
            "Familles et monoparentalité",
            "Isolement et vulnérabilité",
            "Concevoir des coopérations",
        ],
    )


def test_cycle_2026_page_and_later_registration(client, demo):
    text = text_of(client.get("/cycles/grand-est-2026/"))
    assert_in_order(
        text,
        [
            "Rencontres 2026 — associations et institutions",
            "Jeudi 28 mai 2026 · Rencontre thématique · Épernay (51)",
            "Penser le cadre de vie pour vivre ensemble",
            "Jeudi 18 juin 2026 · Rencontre thématique · Bar-le-Duc (55)",
            "Jeudi 24 septembre 2026 · Rencontre thématique · Mulhouse (68)",
            "Jeudi 5 novembre 2026 · Journée régionale · Tomblaine (54)",
            "Associations et territoires : repenser les modes de travail !",
        ],
    )


def test_demo_event_is_open_for_registration_on_the_home_page(client, demo):
    response = client.get("/")
    upcoming = list(response.context["upcoming_events"])
    assert [e.slug for e in upcoming] == ["demonstration-journee-regionale"]
    text = text_of(response)
    assert_in_order(
        text, ["Prochains événements", "Démonstration — Concevoir", "Inscriptions ouvertes"]
    )
