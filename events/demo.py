"""Demo data: the events of the seed documents, plus one upcoming demonstration event.

The data is written below as plain Python, one structure per event, in the words of the
documents (OCR errors of the slide deck corrected). `load_demo()` writes it to the database
and can be run any number of times: every object is looked up by a natural key, created if
missing, updated only if it differs, never duplicated.

The demonstration event is a copy of the 2 October 2025 day, dated four weeks after the day
the loader runs, so that a fresh clone always has one event open for registration.
"""

import datetime as dt
import re
import textwrap
from collections import defaultdict
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import models, transaction
from django.utils import timezone

from events.enums import (
    EventKind,
    EventStatus,
    LunchOption,
    RegistrationMode,
    SlotKind,
    SpeakerPart,
)
from events.models import (
    Cycle,
    Event,
    Organiser,
    ProgrammeSlot,
    Room,
    SlotSpeaker,
    Speaker,
    Venue,
)
from resources.enums import ResourceKind
from resources.models import Resource, Takeaway
from workshops.enums import WorkshopKind
from workshops.models import Workshop
from workshops.services import event_duplicate_with_workshops


def md(text: str) -> str:
    """Markdown written with hard-wrapped lines in this file, stored with one line per
    paragraph, list item or heading (lines starting with "- ", "1. " or "#")."""
    lines: list[str] = []
    for line in textwrap.dedent(text).strip().splitlines():
        line = line.strip()
        starts_block = not line or re.match(r"(- |\d+\. |#)", line)
        if lines and lines[-1] and not starts_block:
            lines[-1] += " " + line
        else:
            lines.append(line)
    return "\n".join(lines)


# --- Shapes of the data ------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    first_name: str
    last_name: str = ""
    role: str = ""
    organisation: str = ""


@dataclass(frozen=True)
class Place:
    name: str
    city: str
    department: str
    address: str = ""
    postcode: str = ""
    rooms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Atelier:
    number: int
    title: str
    kind: str
    room: str
    description: str = ""
    territory: str = ""
    facilitators: tuple[Person, ...] = ()
    presenters: tuple[Person, ...] = ()
    colour_name: str = ""
    colour_hex: str = ""


@dataclass(frozen=True)
class Slot:
    start: str  # "09:30"
    end: str
    kind: str
    title: str
    description: str = ""
    streamed: bool = False
    speakers: tuple[Person, ...] = ()
    ateliers: tuple[Atelier, ...] = ()


@dataclass(frozen=True)
class Link:
    url: str
    title: str
    kind: str


@dataclass(frozen=True)
class DemoEvent:
    slug: str
    kind: str
    title: str
    date: dt.date
    organiser: str  # an ORGANISERS key
    venue: Place
    theme: str = ""
    cycle: str = ""  # a CYCLES slug
    partners: tuple[str, ...] = ()
    doors_open: str = ""  # "" when the documents give no time
    start: str = ""
    end: str = ""
    audience: str = ""
    objectives: str = ""
    description: str = ""
    registration_mode: str = RegistrationMode.CLOSED
    lunch: str = LunchOption.UNKNOWN
    remote_attendance: bool = False
    remote_details: str = ""
    slots: tuple[Slot, ...] = ()
    takeaways: tuple[str, ...] = ()
    resources: tuple[Link, ...] = ()


# --- Organisers and cycles ---------------------------------------------------------------

ORGANISERS = {
    "oriv": {
        "name": "Observatoire Régional de l'Intégration et de la Ville",
        "short_name": "ORIV",
        "region": "Grand Est",
        "website": "https://www.oriv.org",
    },
    "labo-cites": {
        "name": "Labo Cités — centre de ressources politique de la ville Auvergne-Rhône-Alpes",
        "short_name": "Labo Cités",
        "region": "Auvergne-Rhône-Alpes",
    },
    "grand-chambery": {"name": "Grand Chambéry", "region": "Auvergne-Rhône-Alpes"},
    "dreets-grand-est": {
        "name": (
            "Direction régionale de l'économie, de l'emploi, du travail et des solidarités "
            "Grand Est"
        ),
        "short_name": "DREETS Grand Est",
        "region": "Grand Est",
    },
    "sgare-grand-est": {
        "name": "Secrétariat général pour les affaires régionales et européennes",
        "short_name": "SGARE Grand Est",
        "region": "Grand Est",
    },
    "reseau-dsu-grand-est": {"name": "Réseau DSU Grand Est", "region": "Grand Est"},
}

GRAND_EST_PARTNERS = ("dreets-grand-est", "sgare-grand-est", "reseau-dsu-grand-est")

GRAND_EST_AUDIENCE = (
    "La journée s'adresse prioritairement aux élus-es, aux référents-es politique de la ville "
    "de l'Etat et des collectivités des contrats de ville du Grand Est."
)
GRAND_EST_2026_AUDIENCE = (
    "Ces rencontres s'adressent aux élus-es, aux référents-es politique de la ville de l'Etat, "
    "des collectivités des contrats de ville du Grand Est et des associations intervenantes en "
    "quartiers en politique de la ville."
)
LABO_CITES_AUDIENCE = (
    "Ce cycle s'adresse aux agents publics (des collectivités et de l'État) ainsi qu'aux élus "
    "en charge des contrats de ville de la région Auvergne-Rhône-Alpes."
)
LABO_CITES_OBJECTIVES = md("""
    - Donner des repères et des informations en continu sur l'actualité des contrats de ville.
    - Échanger autour des modalités du passage à l'action après la signature du contrat.
    - Créer les conditions d'un suivi et d'un pilotage du contrat à long terme.
""")

CYCLES = [
    {
        "slug": "grand-est-2025",
        "organiser": "oriv",
        "title": "Contrats de ville en Grand Est — 2025",
        "fil_rouge": md("""
            **La coopération entre acteurs**, un enjeu majeur des contrats de ville.
        """),
        "description": md("""
            Suite à la 1ère journée régionale des contrats de ville en Grand Est du
            14 novembre 2024, trois rencontres territoriales menées au 1er semestre 2025,
            puis une 2ème journée régionale le 2 octobre 2025 qui revient sur leurs
            enseignements sous l'angle des coopérations.
        """),
        "audience": GRAND_EST_AUDIENCE,
    },
    {
        "slug": "grand-est-2026",
        "organiser": "oriv",
        "title": "Rencontres 2026 — associations et institutions",
        "fil_rouge": md("""
            De nombreuses associations rencontrent des difficultés dans un contexte financier
            contraint et une mobilisation en berne. Cette situation affecte les actions menées
            au sein des quartiers de la politique de la ville au bénéfice des habitants-es. Sur
            cette base, nous avons fait le choix de **mettre l'accent sur les apports des
            associations et de réfléchir ensemble aux conditions pour assurer des partenariats
            optimisés**. Le fil rouge de ces événements porte ainsi sur **les coopérations entre
            associations et institutions** (collectivités, Etat).
        """),
        "description": md("""
            L'ORIV, en collaboration avec l'Etat (DREETS et SGARE) et le réseau DSU Grand Est,
            vous propose, en 2026, de nouveaux rendez-vous afin d'**échanger sur les contrats
            de ville et de s'enrichir des pratiques des uns-es et des autres** : trois
            rencontres thématiques régionales (en mixte visioconférence ou présentiel) et une
            journée régionale (exclusivement en présentiel). Elles s'inscrivent dans la
            continuité de la Journée régionale d'échanges du 14 novembre 2024 et celle de la
            Journée régionale d'échanges du 2 octobre 2025.
        """),
        "audience": GRAND_EST_2026_AUDIENCE,
    },
    {
        "slug": "labo-cites-2024-annee-1",
        "organiser": "labo-cites",
        "title": "2024, année 1 : Entrez dans la vie du contrat Engagement Quartiers 2030",
        "fil_rouge": md("""
            Le contenu de chaque journée est traité sous deux angles : opérationnel (=passer à
            l'action) et stratégique (=piloter le contrat de ville à long terme), et propose
            des séquences « pas de côté ».
        """),
        "description": md(f"""
            Labo Cités propose, aux agents publics (des collectivités et de l'État) ainsi
            qu'aux élus en charge des contrats de ville de la région Auvergne-Rhône-Alpes, un
            cycle d'échanges et de qualification de deux jours autour des nouveaux contrats
            de ville.

            ### Contexte

            L'année 2023 a été celle de la préparation de la nouvelle contractualisation au
            titre de la politique de la ville avec une signature des contrats de ville
            programmée au cours du 1er semestre 2024. Le cycle de rencontres « 2024, année 1 :
            Entrez dans la vie du contrat » qui démarre en septembre se veut être une
            proposition d'offrir un espace d'apprentissage collectif et d'échanges pour passer
            à l'action après ces nombreux mois de réflexions et d'écriture. Et même si les
            contrats Engagement quartiers 2030 ne font pas de révolution, il semble essentiel
            de proposer aux collectivités et services de l'État chargés de mettre en place
            cette nouvelle génération des temps d'échanges pour parler concrètement des
            méthodes et outils utilisés pour cela.

            ### Objectifs

            {LABO_CITES_OBJECTIVES}
        """),
        "audience": LABO_CITES_AUDIENCE,
    },
]

# --- Places ------------------------------------------------------------------------------

# For the events whose documents name the town but not the place.
PLACE_TO_BE_ANNOUNCED = "Lieu communiqué aux inscrit·es"

MAISON_REGIONALE_DES_SPORTS = Place(
    name="Maison Régionale des Sports",
    address="13 Rue Jean Moulin",
    postcode="54510",
    city="Tomblaine",
    department="54",
    rooms=("Salle Chardon", "Salle Myrtilles", "Espace Lorraine", "Salle Gruber"),
)

# --- People ------------------------------------------------------------------------------

ZOE_FONTIER = Person(
    "Zoé",
    "FONTIER",
    "Chargée de mission",
    "Secrétariat Général pour les Affaires régionales et européennes",
)
NICOLAS_BACHET = Person(
    "Nicolas",
    "BACHET",
    "Chargé de mission",
    "Direction Régionale de l'économie, de l'emploi, du travail et des solidarités",
)
LAURENT_BIELICKI = Person("Laurent", "BIELICKI", "Chargé de mission", "Cité ressources")


def oriv_facilitator(first_name: str) -> Person:
    """The slide deck gives the atelier facilitators by their first name only."""
    return Person(first_name, organisation="ORIV")


FRANCK_MORAT = Person(
    "Franck",
    "MORAT",
    "Élu en charge de la politique de la ville, de l'emploi, de l'insertion et du "
    "renouvellement urbain",
    "Grand Chambéry",
)
GAETAN_PAUCHET = Person(
    "Gaëtan",
    "PAUCHET",
    "Adjoint au maire chargé de la politique de la ville, de la vie sociale des quartiers",
    "Ville de Chambéry",
)
LAURENCE_TUR = Person("Laurence", "TUR", "Secrétaire générale", "Préfecture de la Savoie")
REMY_CAVALIN = Person(
    "Rémy",
    "CAVALIN",
    "Coordinateur du Labo",
    "Sauvegarde de l'Enfance et de l'Adolescence des Savoie",
)
# Spoke at the Grand Chambéry day, which has no programme slots to hang them on.
SPEAKERS_WITHOUT_SLOT = (FRANCK_MORAT, GAETAN_PAUCHET, LAURENCE_TUR, REMY_CAVALIN)

# --- Journée régionale of 2 October 2025 (seeds 000 and 002) -----------------------------

COOPERATIONS_2025 = DemoEvent(
    slug="2025-10-02-journee-regionale-cooperations",
    kind=EventKind.REGIONAL_DAY,
    title="Concevoir des coopérations pour mieux agir auprès des habitants et habitantes !",
    theme="2ème journée régionale - Contrats de ville en Grand Est",
    date=dt.date(2025, 10, 2),
    organiser="oriv",
    partners=GRAND_EST_PARTNERS,
    cycle="grand-est-2025",
    venue=MAISON_REGIONALE_DES_SPORTS,
    doors_open="09:30",
    start="10:00",
    end="16:30",
    audience=GRAND_EST_AUDIENCE,
    objectives=md("""
        - Suite à la 1ère journée régionale des contrats de ville en Grand Est du 14 novembre
          2024, cette 2ème journée propose d'échanger autour d'**un enjeu majeur des contrats
          de ville : la coopération entre acteurs** (habitants-es, techniciens-nes de l'Etat et
          des collectivités, élus-es, signataires du contrat de ville, acteurs-rices des
          associations...).
        - Il s'agira de mieux définir la notion, présenter des méthodes de travail en les
          déployant autour des situations concrètes (repenser l'appel à projets, renforcer le
          travail avec les acteurs, partager des éléments communs...), identifier les atouts
          et les freins.
        - Cette journée régionale permettra également de revenir sur les enseignements des
          trois rencontres territoriales, menées sur le 1er semestre, sous l'angle des
          coopérations.
    """),
    description=md("""
        ### Pourquoi s'intéresser aux coopérations ?

        Une évidence suite aux différentes rencontres territoriales. Un questionnement : des
        coopérations ?

        - Un « sujet » émergent comme une évidence pendant la période de la crise sanitaire
          (2020)...
        - Une exploration des modes de travail à partir des actions menées sur les vacances :
          des visioconférences et la diffusion d'un questionnaire.
        - La capitalisation des réflexions : production d'un rapport.
        - Une volonté de poursuivre pour aller plus loin avec deux cycles de temps d'échanges
          et d'apports de ressources et deux journées régionales : mai 2020 à septembre 2022.
        - Une volonté dans les contrats de ville : gouvernance, modes de travail...

        Aujourd'hui, où en est-on ?

        ### La coopération

        La coopération est le fait d'agir, de travailler conjointement avec une personne ou
        un groupe de personnes pour faire œuvre commune. Elle représente donc un travail
        collectif.

        - La coopération implique de se faire confiance, de comprendre et d'accepter les
          limites de compétence des autres, de penser la controverse et d'accepter la
          conflictualité.
        - Trois éléments déterminants : la volonté des acteurs, le but commun et le fait
          d'intervenir sur un même territoire ou sur un même sujet.
        - Elle s'inscrit dans le temps.
        - La coopération n'est pas une finalité en soi, mais un moyen de résoudre autrement
          face à des problèmes ou pour construire un projet / une action.
    """),
    registration_mode=RegistrationMode.CLOSED,
    lunch=LunchOption.OFFERED,
    slots=(
        Slot("09:30", "10:00", SlotKind.WELCOME, "Accueil café"),
        Slot(
            "10:00",
            "10:30",
            SlotKind.OPENING,
            "Ouverture officielle - Enjeux de la journée",
            speakers=(ZOE_FONTIER, NICOLAS_BACHET),
        ),
        Slot(
            "10:30",
            "10:50",
            SlotKind.TALK,
            "Enjeux de coopération en politique de la ville",
            description=md("""
                Sur la base des travaux menés en 2020-2022 par l'ORIV et le Réseau DSU
                Grand Est.

                - Les coopérations — Intervention de l'ORIV
                - Coopérer, ça veut dire quoi ? — Intervention du DSU Grand Est
            """),
        ),
        Slot("10:50", "11:00", SlotKind.BREAK, "Pause"),
        Slot(
            "11:00",
            "11:30",
            SlotKind.TALK,
            "Coopérer : Quartiers à Impact Collectif",
            description="Questions - Réponses",
            speakers=(LAURENT_BIELICKI,),
        ),
        Slot(
            "11:30",
            "12:30",
            SlotKind.WORKSHOPS,
            "Illustration d'expériences",
            description="Présenter des expériences à partir de territoires.",
            ateliers=(
                Atelier(
                    1,
                    "Répondre aux besoins des habitants à partir de l'abattement TFPB",
                    WorkshopKind.EXPERIENCE,
                    "Salle Chardon",
                    description="Abattement TFPB et « territoire commun »",
                    territory="Commune de Vandœuvre-lès-Nancy",
                    presenters=(
                        Person("Philippe", "ATAIN-KOUADIO", organisation="Ville de Vandoeuvre"),
                    ),
                ),
                Atelier(
                    2,
                    "Trouver des réponses à l'isolement social dans le QPV Chantereigne "
                    "Montvilliers Beau Toquat",
                    WorkshopKind.EXPERIENCE,
                    "Salle Myrtilles",
                    description="L'isolement social en QPV",
                    territory="QPV Chantereigne Montvilliers Beau Toquat",
                    presenters=(
                        Person(
                            "Olivia", "BRULEFERT", organisation="Ville de La Chapelle-Saint-Luc"
                        ),
                        Person("Anita", "NOBILI", organisation="Ville de La Chapelle-Saint-Luc"),
                    ),
                ),
                Atelier(
                    3,
                    "Mettre en place une animation territoriale",
                    WorkshopKind.EXPERIENCE,
                    "Espace Lorraine",
                    description="L'animation territoriale",
                    territory="Communauté d'Agglomération Forbach Porte de France",
                    presenters=(
                        Person(
                            "Jérome",
                            "MARTIN",
                            organisation="Agglomération de Forbach Porte de France",
                        ),
                        Person(
                            "Carlo",
                            "D'ANGELO",
                            organisation="Agglomération de Forbach Porte de France",
                        ),
                    ),
                ),
                Atelier(
                    4,
                    "Concevoir un village des solidarités",
                    WorkshopKind.EXPERIENCE,
                    "Salle Gruber",
                    description="Le village des solidarités",
                    territory="Métropole du Grand Nancy",
                    presenters=(
                        Person("Adrien", "NOIRAULT", organisation="Métropole du Grand Nancy"),
                    ),
                ),
            ),
        ),
        Slot("12:30", "13:30", SlotKind.MEAL, "Pause déjeuner sur place (offert)"),
        Slot(
            "13:30",
            "15:00",
            SlotKind.WORKSHOPS,
            "Coproduire de la coopération à partir de situation de cas",
            description=md("""
                **Testons les coopérations !** Travail en ateliers visant à répondre aux enjeux
                suivants : repenser les appels à projets, mobiliser autrement les bailleurs
                dans le cadre de la TFPB, impliquer les habitants dans le cadre d'une
                instance, mobiliser le droit commun...
            """),
            ateliers=(
                Atelier(
                    1,
                    "Codéveloppement",
                    WorkshopKind.METHOD,
                    "Salle Chardon",
                    description=md("""
                        Utiliser l'intelligence collective pour trouver des solutions à des
                        problèmes / une situation par les expériences et compétences.

                        - Un groupe de personnes rencontrant les mêmes problématiques
                          professionnelles.
                        - Petit groupe composé de 5 à 10 personnes.
                        - Partir d'une situation concrète.
                        - Fonctionnement sur une logique horizontale (éviter des logiques de
                          subordination).
                    """),
                    facilitators=(oriv_facilitator("Emilie"), oriv_facilitator("Murielle")),
                    colour_name="Bleu",
                    colour_hex="#1F5FAD",
                ),
                Atelier(
                    2,
                    "Coop ou pas coop",
                    WorkshopKind.METHOD,
                    "Salle Myrtilles",
                    facilitators=(oriv_facilitator("Johan"),),
                    colour_name="Rouge",
                    colour_hex="#C0392B",
                ),
                Atelier(
                    3,
                    "Anarchaise",
                    WorkshopKind.METHOD,
                    "Espace Lorraine",
                    facilitators=(oriv_facilitator("Gaëlle"), oriv_facilitator("Laurent")),
                    colour_name="Jaune",
                    colour_hex="#F2C200",
                ),
                Atelier(
                    4,
                    "Serious Game",
                    WorkshopKind.METHOD,
                    "Salle Gruber",
                    facilitators=(oriv_facilitator("Laëtitia"), oriv_facilitator("Rémi")),
                    colour_name="Vert",
                    colour_hex="#2E8540",
                ),
            ),
        ),
        Slot("15:00", "15:15", SlotKind.BREAK, "Pause"),
        Slot(
            "15:15",
            "16:15",
            SlotKind.PLENARY,
            "Retour sur les temps en atelier et intervention du grand témoin",
        ),
        Slot("16:15", "16:30", SlotKind.CLOSING, "Clôture"),
    ),
    resources=(
        Link(
            "https://www.oriv.org/publication/"
            "cooperations-en-quartier-populaire-des-pratiques-renouvelees-webdocumentaire/",
            "Coopérations en quartier populaire : des pratiques renouvelées (webdocumentaire)",
            ResourceKind.WEBDOC,
        ),
        Link(
            "https://www.oriv.org/politique-de-la-ville-en-grand-est/",
            "Cartographie des contrats de ville en Grand Est",
            ResourceKind.MAP,
        ),
    ),
)

# --- The three rencontres territoriales of 2025 (seed 002) -------------------------------

TERRITORIAL_MEETING_DESCRIPTION = (
    "Une des trois rencontres territoriales des contrats de ville en Grand Est menées au "
    "1er semestre 2025, avant la 2ème journée régionale du 2 octobre 2025."
)


def territorial_meeting(
    slug: str, title: str, date: dt.date, city: str, department: str, takeaway: str
) -> DemoEvent:
    return DemoEvent(
        slug=slug,
        kind=EventKind.TERRITORIAL_MEETING,
        title=title,
        theme="Contrats de ville en Grand Est",
        date=date,
        organiser="oriv",
        cycle="grand-est-2025",
        venue=Place(PLACE_TO_BE_ANNOUNCED, city, department),
        description=TERRITORIAL_MEETING_DESCRIPTION,
        registration_mode=RegistrationMode.CLOSED,
        takeaways=(takeaway,),
    )


TERRITORIAL_MEETINGS_2025 = (
    territorial_meeting(
        "2025-03-07-rencontre-territoriale-jeunesse",
        "La jeunesse en quartiers populaires : agir entre émancipation, autonomie et engagements",
        dt.date(2025, 3, 7),
        "Bischheim",
        "67",
        "Privilégier une approche globale et travailler sur les parcours en tenant compte des "
        "besoins des jeunes et de leurs aspirations.",
    ),
    territorial_meeting(
        "2025-04-24-rencontre-territoriale-familles-monoparentalite",
        "Familles et monoparentalité : (re)penser l'accompagnement",
        dt.date(2025, 4, 24),
        "Metz Métropole",
        "57",
        "Articuler les structures de droit commun pour permettre aux parents de bénéficier les "
        "équipements existants.",
    ),
    territorial_meeting(
        "2025-05-16-rencontre-territoriale-isolement-vulnerabilite",
        "Isolement et vulnérabilité : agir sur les solitudes par les solidarités",
        dt.date(2025, 5, 16),
        "La Chapelle-Saint-Luc",
        "10",
        "Confronter les constats pour identifier les « besoins » et à partir de l'existant "
        "construire, en commun, des actions y répondre.",
    ),
)

# --- The 2026 rencontres (seed 001) ------------------------------------------------------

THEMATIC_MEETING_DESCRIPTION = md("""
    Une des trois rencontres thématiques régionales de 2026, en mixte visioconférence ou
    présentiel. En matinée, il s'agira d'échanger sur les enjeux à partir d'interventions
    d'un ou d'une spécialiste du sujet. L'après-midi fera place au partage, aux expériences
    et aux échanges sur les pratiques professionnelles ou à des visites sur site.
""")

THEMATIC_MEETING_PROGRAMME = (
    Slot("09:15", "09:30", SlotKind.WELCOME, "Accueil"),
    Slot(
        "09:30",
        "12:30",
        SlotKind.PLENARY,
        "Interventions et échanges sur les enjeux",
        description=(
            "En matinée, il s'agira d'échanger sur les enjeux à partir d'interventions d'un ou "
            "d'une spécialiste du sujet."
        ),
        streamed=True,
    ),
    Slot("12:30", "13:30", SlotKind.MEAL, "Repas sur place"),
    Slot(
        "13:30",
        "16:30",
        SlotKind.OTHER,
        "Partage d'expériences et échanges de pratiques, ou visites sur site",
        description=(
            "L'après-midi fera place au partage, aux expériences et aux échanges sur les "
            "pratiques professionnelles ou à des visites sur site."
        ),
    ),
)


def thematic_meeting(slug: str, title: str, date: dt.date, city: str, department: str):
    return DemoEvent(
        slug=slug,
        kind=EventKind.THEMATIC_MEETING,
        title=title,
        theme="Échanger autour des contrats de ville en Grand Est",
        date=date,
        organiser="oriv",
        partners=GRAND_EST_PARTNERS,
        cycle="grand-est-2026",
        venue=Place(PLACE_TO_BE_ANNOUNCED, city, department),
        doors_open="09:15",
        start="09:30",
        end="16:30",
        audience=GRAND_EST_2026_AUDIENCE,
        description=THEMATIC_MEETING_DESCRIPTION,
        registration_mode=RegistrationMode.CLOSED,
        lunch=LunchOption.ON_SITE,
        remote_attendance=True,
        remote_details="Les interventions de la matinée peuvent être suivies en visioconférence.",
        slots=THEMATIC_MEETING_PROGRAMME,
    )


RENCONTRES_2026 = (
    thematic_meeting(
        "2026-05-28-rencontre-thematique-cadre-de-vie",
        "Penser le cadre de vie pour vivre ensemble",
        dt.date(2026, 5, 28),
        "Épernay",
        "51",
    ),
    thematic_meeting(
        "2026-06-18-rencontre-thematique-insertion",
        "Innover dans l'insertion sociale et professionnelle",
        dt.date(2026, 6, 18),
        "Bar-le-Duc",
        "55",
    ),
    thematic_meeting(
        "2026-09-24-rencontre-thematique-education-populaire",
        "Engager les associations d'éducation populaire",
        dt.date(2026, 9, 24),
        "Mulhouse",
        "68",
    ),
    DemoEvent(
        slug="2026-11-05-journee-regionale-associations-territoires",
        kind=EventKind.REGIONAL_DAY,
        title="Associations et territoires : repenser les modes de travail !",
        theme="Échanger autour des contrats de ville en Grand Est",
        date=dt.date(2026, 11, 5),
        organiser="oriv",
        partners=GRAND_EST_PARTNERS,
        cycle="grand-est-2026",
        venue=MAISON_REGIONALE_DES_SPORTS,
        start="09:30",
        end="16:30",
        audience=GRAND_EST_2026_AUDIENCE,
        description=md("""
            Cette journée régionale s'appuiera sur les enseignements des rencontres menées,
            ainsi que sur des travaux du Mouvement Associatif, de l'Institut Français du Monde
            Associatif, du Conseil National des Villes mais aussi sur des démarches de l'Etat
            (Guid'Asso,...).

            Il s'agira, également, d'identifier les conditions des modes de travail et de
            fonctionnement permettant de développer des coopérations durables, entre
            partenaires, au service des habitants et habitantes.

            Journée exclusivement en présentiel.
        """),
        registration_mode=RegistrationMode.LATER,
        remote_attendance=False,
    ),
)

# --- Labo Cités, "2024, année 1" (seed 003) ----------------------------------------------

LYON = Place(PLACE_TO_BE_ANNOUNCED, "Lyon", "69")

LABO_CITES_2024 = (
    DemoEvent(
        slug="2024-09-24-labo-cites-2024-annee-1-journee-1",
        kind=EventKind.QUALIFICATION_DAY,
        title="2024, année 1 : Entrez dans la vie du contrat — 1re journée",
        date=dt.date(2024, 9, 24),
        organiser="labo-cites",
        cycle="labo-cites-2024-annee-1",
        venue=LYON,
        doors_open="09:00",
        start="09:30",
        end="17:00",
        audience=LABO_CITES_AUDIENCE,
        objectives=LABO_CITES_OBJECTIVES,
        description=(
            "Première des deux journées du cycle d'échanges et de qualification proposé par "
            "Labo Cités autour des nouveaux contrats de ville."
        ),
        registration_mode=RegistrationMode.CLOSED,
        lunch=LunchOption.FREE,
        slots=(
            Slot("09:00", "09:30", SlotKind.WELCOME, "Accueil café"),
            Slot("09:30", "10:00", SlotKind.OPENING, "Introduction"),
            Slot(
                "10:00",
                "12:00",
                SlotKind.PLENARY,
                "Sortir la programmation 2025",
                description=md("""
                    Cette première séquence sera l'occasion d'aborder les différentes méthodes
                    et outillages aux mains des professionnels pour la programmation du
                    contrat. Elle permettra aussi de partager entre professionnels sur les
                    choix opérés localement quant à l'organisation de la programmation, qu'ils
                    soient en rupture ou en continuité avec la programmation 2024.
                """),
            ),
            Slot("12:00", "13:30", SlotKind.MEAL, "Déjeuner libre"),
            Slot(
                "13:30",
                "15:00",
                SlotKind.PLENARY,
                "Quartiers sortants, c'est quoi la suite ?",
                description=md("""
                    Cette deuxième séquence invite à faire un pas de côté avec deux
                    témoignages de territoires sortant de la géographie prioritaire et ayant
                    fait le choix de maintenir une politique sociale territoriale locale.
                """),
            ),
            Slot(
                "15:00",
                "17:00",
                SlotKind.PLENARY,
                "Gouvernance : partenaires, gardons le rythme ?",
                description=md("""
                    Les mois d'évaluation, de diagnostic et d'élaboration des contrats ont été
                    propices aux dynamiques partenariales, suivant un rythme soutenu pour
                    arriver jusqu'à la signature. Cette troisième séquence sera l'occasion
                    d'aborder l'enjeu du maintien des partenariats : quelle suite donner à ces
                    liens de coopération ? Y a-t-il un essai à transformer ? Un essoufflement
                    à éviter ?
                """),
            ),
        ),
    ),
    DemoEvent(
        slug="2024-10-22-labo-cites-2024-annee-1-journee-2",
        kind=EventKind.QUALIFICATION_DAY,
        title="2024, année 1 : Entrez dans la vie du contrat — 2e journée",
        date=dt.date(2024, 10, 22),
        organiser="labo-cites",
        cycle="labo-cites-2024-annee-1",
        venue=LYON,
        doors_open="09:15",
        start="09:45",
        end="17:00",
        audience=LABO_CITES_AUDIENCE,
        objectives=LABO_CITES_OBJECTIVES,
        description=md("""
            Deuxième des deux journées du cycle d'échanges et de qualification proposé par
            Labo Cités autour des nouveaux contrats de ville.

            **La journée du 22 octobre est complète.**
        """),
        registration_mode=RegistrationMode.FULL,
        lunch=LunchOption.FREE,
        slots=(
            Slot("09:15", "09:45", SlotKind.WELCOME, "Accueil café"),
            Slot("09:45", "10:00", SlotKind.OPENING, "Introduction"),
            Slot(
                "10:00",
                "12:00",
                SlotKind.PLENARY,
                "Animation : faire passer son contrat de ville à la vitesse supérieure",
                description=md("""
                    Cette première séquence propose de travailler sur les articulations
                    concrètes entre le contrat de ville et d'autres politiques publiques
                    d'aménagement et de solidarité (CRTE, Pacte de solidarités...), ainsi que
                    sur la manière de traiter des thématiques insuffisamment travaillées
                    jusqu'à présent et d'embarquer les services de droit commun : développement
                    économique, lutte contre les discriminations, participation citoyenne,
                    culture...
                """),
            ),
            Slot("12:00", "13:30", SlotKind.MEAL, "Déjeuner libre"),
            Slot(
                "13:30",
                "15:00",
                SlotKind.PLENARY,
                "Manger mieux dans les quartiers : quels leviers aux mains des collectivités "
                "pour agir sur l'accessibilité à l'alimentation ?",
                description=md("""
                    Cette deuxième séquence invite à faire un pas de côté et à s'interroger
                    sur l'une des entrées privilégiées pour s'attaquer aux transitions
                    environnementales et sociales.

                    Comment une Ville peut-elle se saisir de l'enjeu de l'accès physique à une
                    alimentation saine et durable pour la population de son territoire ?
                    Quelles pourraient être les premières étapes à réaliser ?
                """),
            ),
            Slot(
                "15:00",
                "17:00",
                SlotKind.PLENARY,
                "Suivre et évaluer le contrat de ville",
                description=md("""
                    Cette séquence tentera de répondre aux enjeux de suivi et d'évaluation du
                    contrat de ville : quels outils de suivi et de capitalisation sont mis en
                    place ? Comment articuler bilan annuel et évaluation au long terme ?
                """),
            ),
        ),
    ),
)

# --- Grand Chambéry, 15 October 2024 (seed 004) ------------------------------------------

CHAMBERY_PARTNERS_DAY = DemoEvent(
    slug="2024-10-15-rencontre-partenaires-contrat-de-ville-2030",
    kind=EventKind.PARTNERS_DAY,
    title="Première rencontre des partenaires du Contrat de Ville 2030",
    theme="Une journée sous le signe de l'engagement et de l'innovation",
    date=dt.date(2024, 10, 15),
    organiser="grand-chambery",
    venue=Place("Le Scarabée", "Chambéry", "73"),
    audience=md("""
        Tous les partenaires du contrat de ville QPV et QVA, soit les membres :

        - du Comité de Pilotage,
        - de la commission Politique de la ville, d'emploi-insertion, renouvellement urbain
          de Grand Chambéry
        - du Comité technique,
        - des porteurs de projet (associations en majorité)
        - du conseil citoyen,
        - des représentants des habitants
    """),
    objectives=md("""
        Permettre à l'ensemble des acteurs du contrat de ville :

        - d'améliorer la connaissance et la reconnaissance des acteurs présents et de leurs
          compétences dans les territoires
        - de permettre le décloisonnement entre acteurs au service des logiques de parcours
          ou de projets
        - de faciliter l'accès à l'information aux partenaires et aux habitants
        - de former les acteurs de terrain pour les faire monter en compétences
          collectivement et faire culture commune.
    """),
    description=md("""
        Dans le cadre du nouveau contrat de ville Engagements Quartiers 2030 signé le
        9 juillet, il a été réaffirmé que la synergie des acteurs au service des populations
        était une condition essentielle de réussite des contrats de ville. Cette synergie
        s'est concrétisée lors de cette première rencontre majeure du Contrat de Ville 2030,
        qui a réuni plus de 140 participants au Scarabée.

        ### Construire une vision sur le long terme

        Lors de ce premier rendez-vous annuel des acteurs du contrat de ville, les élus
        Franck MORAT, en charge de la politique de la ville, de l'emploi, de l'insertion et
        du renouvellement urbain, et Gaëtan PAUCHET, adjoint au maire de Chambéry chargé de
        la politique de la ville, de la vie sociale des quartiers, ainsi que Laurence TUR,
        secrétaire générale de la préfecture, ont pu conjointement prendre la parole afin de
        partager leur vision quant à la mise en œuvre du contrat de ville 2030.

        Le succès de ce premier temps fort inscrit l'organisation d'une rencontre annuelle
        dans le temps pour faire le bilan des actions passées et prendre de la hauteur sur
        les projets à venir.

        ### Comprendre le contrat de ville

        L'ensemble des participants ont ensuite constitué 17 groupes de travail. Pour mieux
        s'approprier les contenus du contrat de ville, les équipes ont chacune construit en
        45 minutes un projet répondant aux enjeux de la jeunesse des quartiers prioritaires
        de la ville. Un jury fictif permettait de présenter le projet et ainsi permettre une
        première mise en commun d'idées entre les acteurs.

        ### Une prise de hauteur

        Un moment fort de la journée fut également l'intervention de Rémy CAVALIN,
        coordinateur du Labo pour la Sauvegarde de l'Enfance et de l'Adolescence des Savoie,
        qui a souligné l'importance de « l'aller-vers » dans la réussite des accompagnements
        auprès des quartiers. Une approche proactive et essentielle pour toucher les publics
        les plus éloignés et renforcer la cohésion sociale.
    """),
    registration_mode=RegistrationMode.NONE,
    takeaways=("La synergie, la clef de voûte pour un contrat de ville réussi",),
)

SEED_EVENTS = (
    LABO_CITES_2024[0],
    CHAMBERY_PARTNERS_DAY,
    LABO_CITES_2024[1],
    *TERRITORIAL_MEETINGS_2025,
    COOPERATIONS_2025,
    *RENCONTRES_2026,
)

# --- The demonstration event -------------------------------------------------------------

DEMO_SLUG = "demonstration-journee-regionale"
DEMO_TITLE = (
    "Démonstration — Concevoir des coopérations pour mieux agir auprès des habitants et "
    "habitantes !"
)
DEMO_DAYS_AHEAD = 28
DEMO_CAPACITY = 120
DEMO_WORKSHOP_CAPACITY = 30
DEMO_INTRO = md("""
    **Ceci est un événement de démonstration** : il reprend le programme de la journée
    régionale du 2 octobre 2025 pour essayer l'inscription et le choix des ateliers. Aucune
    journée n'a lieu à cette date.
""")
PARIS = ZoneInfo("Europe/Paris")

# --- Loading -----------------------------------------------------------------------------

SUMMARY_KEYS = {
    Organiser: "organisers",
    Cycle: "cycles",
    Venue: "venues",
    Room: "rooms",
    Speaker: "speakers",
    Event: "events",
    ProgrammeSlot: "slots",
    SlotSpeaker: "slot_speakers",
    Workshop: "workshops",
    Takeaway: "takeaways",
    Resource: "resources",
}


def _time(value: str) -> dt.time | None:
    return dt.time.fromisoformat(value) if value else None


class _Loader:
    """Writes the data, remembering what it created, updated or found unchanged."""

    def __init__(self):
        self.outcome: dict[str, dict[int, str]] = defaultdict(dict)

    def note(self, obj: models.Model, outcome: str):
        seen = self.outcome[SUMMARY_KEYS[type(obj)]]
        if seen.get(obj.pk) != "created":  # created earlier in this run stays "created"
            seen[obj.pk] = outcome

    def apply(self, obj: models.Model, values: dict) -> models.Model:
        """Set `values` on an existing object; save it only if something differs."""
        changed = {}
        for name, value in values.items():
            attname = obj._meta.get_field(name).attname
            wanted = value.pk if isinstance(value, models.Model) else value
            if getattr(obj, attname) != wanted:
                changed[name] = value
        for name, value in changed.items():
            setattr(obj, name, value)
        if changed:
            obj.save()
        self.note(obj, "updated" if changed else "unchanged")
        return obj

    def upsert(self, model: type[models.Model], key: dict, values: dict) -> models.Model:
        """Like `update_or_create` on a natural key, without saving an unchanged object."""
        obj = model.objects.filter(**key).order_by("pk").first()
        if obj is None:
            obj = model.objects.create(**key, **values)
            self.note(obj, "created")
            return obj
        return self.apply(obj, values)

    def summary(self) -> dict[str, dict[str, int]]:
        result = {}
        for key in SUMMARY_KEYS.values():
            outcomes = list(self.outcome[key].values())
            result[key] = {
                "total": len(outcomes),
                "created": outcomes.count("created"),
                "updated": outcomes.count("updated"),
            }
        return result

    # The objects, from the outside in.

    def organisers(self) -> dict[str, Organiser]:
        return {
            slug: self.upsert(
                Organiser,
                {"slug": slug},
                {"short_name": "", "website": "", **values},
            )
            for slug, values in ORGANISERS.items()
        }

    def cycles(self, organisers: dict[str, Organiser]) -> dict[str, Cycle]:
        return {
            data["slug"]: self.upsert(
                Cycle,
                {"slug": data["slug"]},
                {
                    **{k: v for k, v in data.items() if k != "slug"},
                    "organiser": organisers[data["organiser"]],
                },
            )
            for data in CYCLES
        }

    def venue(self, place: Place) -> tuple[Venue, dict[str, Room]]:
        # Coordinates and access notes are left to whoever edits them: the documents give none.
        venue = self.upsert(
            Venue,
            {"name": place.name, "city": place.city},
            {"address": place.address, "postcode": place.postcode, "department": place.department},
        )
        rooms = {
            name: self.upsert(Room, {"venue": venue, "name": name}, {}) for name in place.rooms
        }
        return venue, rooms

    def speaker(self, person: Person) -> Speaker:
        return self.upsert(
            Speaker,
            {
                "first_name": person.first_name,
                "last_name": person.last_name,
                "organisation": person.organisation,
            },
            {"role": person.role},
        )

    def event(self, data: DemoEvent, organisers: dict, cycles: dict) -> Event:
        venue, rooms = self.venue(data.venue)
        event = self.upsert(
            Event,
            {"slug": data.slug},
            {
                "kind": data.kind,
                "title": data.title,
                "theme": data.theme,
                "organiser": organisers[data.organiser],
                "cycle": cycles[data.cycle] if data.cycle else None,
                "status": EventStatus.PUBLISHED,
                "date": data.date,
                "doors_open": _time(data.doors_open),
                "start_time": _time(data.start),
                "end_time": _time(data.end),
                "venue": venue,
                "audience": data.audience,
                "objectives": data.objectives,
                "description": data.description,
                "registration_mode": data.registration_mode,
                "lunch": data.lunch,
                "remote_attendance": data.remote_attendance,
                "remote_details": data.remote_details,
            },
        )
        event.partners.set([organisers[slug] for slug in data.partners])
        for slot in data.slots:
            self.slot(event, slot, rooms)
        for order, text in enumerate(data.takeaways):
            self.upsert(
                Takeaway, {"event": event, "order": order}, {"text": text, "published": True}
            )
        for order, link in enumerate(data.resources):
            self.upsert(
                Resource,
                {"event": event, "url": link.url},
                {
                    "slot": None,
                    "kind": link.kind,
                    "title": link.title,
                    "published": True,
                    "order": order,
                },
            )
        return event

    def slot(self, event: Event, data: Slot, rooms: dict[str, Room]) -> ProgrammeSlot:
        slot = self.upsert(
            ProgrammeSlot,
            {"event": event, "start": _time(data.start), "title": data.title},
            {
                "end": _time(data.end),
                "kind": data.kind,
                "description": data.description,
                "streamed": data.streamed,
            },
        )
        for order, person in enumerate(data.speakers):
            self.upsert(
                SlotSpeaker,
                {"slot": slot, "speaker": self.speaker(person), "part": SpeakerPart.SPEAKER},
                {"order": order},
            )
        for atelier in data.ateliers:
            workshop = self.upsert(
                Workshop,
                {"slot": slot, "number": atelier.number},
                {
                    "title": atelier.title,
                    "description": atelier.description,
                    "kind": atelier.kind,
                    "room": rooms[atelier.room],
                    "territory": atelier.territory,
                    "colour_name": atelier.colour_name,
                    "colour_hex": atelier.colour_hex,
                },
            )
            workshop.facilitators.set([self.speaker(p) for p in atelier.facilitators])
            workshop.presenters.set([self.speaker(p) for p in atelier.presenters])
        return slot

    def demonstration(self, source: Event, today: dt.date) -> Event:
        """The copy of `source`, made once, then only re-dated on later runs."""
        date = today + dt.timedelta(days=DEMO_DAYS_AHEAD)
        demo = Event.objects.filter(slug=DEMO_SLUG).first()
        outcome = "unchanged"
        if demo is None:
            demo = event_duplicate_with_workshops(event=source, date=date, title=DEMO_TITLE)
            outcome = "created"
        closes_at = dt.datetime.combine(date - dt.timedelta(days=1), dt.time(23, 59), PARIS)
        self.apply(
            demo,
            {
                "slug": DEMO_SLUG,
                "title": DEMO_TITLE,
                "cycle": None,  # not one of the 2025 cycle's events
                "status": EventStatus.PUBLISHED,
                "date": date,
                "registration_mode": RegistrationMode.OPEN,
                "registration_opens_at": None,
                "registration_closes_at": closes_at,
                "onsite_capacity": DEMO_CAPACITY,
                "approval_required": False,
                "remote_attendance": False,
                "remote_details": "",
                "description": f"{DEMO_INTRO}\n\n{source.description}",
            },
        )
        if outcome == "created":
            self.note(demo, "created")
        for slot in demo.slots.all():
            self.note(slot, outcome)
            for appearance in slot.appearances.all():
                self.note(appearance, outcome)
        for workshop in Workshop.objects.filter(slot__event=demo):
            self.note(workshop, outcome)
            self.apply(workshop, {"capacity": DEMO_WORKSHOP_CAPACITY})
        return demo


@transaction.atomic
def load_demo(*, today: dt.date | None = None) -> dict[str, dict[str, int]]:
    """Load the demo data; return, per kind of object, how many were loaded ("total"), and
    among them how many were "created" and "updated" (the others were already up to date).

    `today` (default: the local date) sets the date of the demonstration event.
    """
    today = today or timezone.localdate()
    loader = _Loader()
    organisers = loader.organisers()
    cycles = loader.cycles(organisers)
    for person in SPEAKERS_WITHOUT_SLOT:
        loader.speaker(person)
    events = {data.slug: loader.event(data, organisers, cycles) for data in SEED_EVENTS}
    loader.demonstration(events[COOPERATIONS_2025.slug], today)
    return loader.summary()


# For the command's output.
SUMMARY_LABELS = {
    "organisers": "organisateurs",
    "cycles": "cycles",
    "venues": "lieux",
    "rooms": "salles",
    "speakers": "intervenant·es",
    "events": "événements",
    "slots": "temps du programme",
    "slot_speakers": "interventions",
    "workshops": "ateliers",
    "takeaways": "« À retenir »",
    "resources": "ressources",
}
