from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    REGIONAL_DAY = "journee_regionale", _("Journée régionale")
    THEMATIC_MEETING = "rencontre_thematique", _("Rencontre thématique")
    TERRITORIAL_MEETING = "rencontre_territoriale", _("Rencontre territoriale")
    QUALIFICATION_DAY = "journee_qualification", _("Journée de qualification")
    PARTNERS_DAY = "rencontre_partenaires", _("Rencontre des partenaires")
    OTHER = "autre", _("Autre")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    PUBLISHED = "published", _("Publié")
    CANCELLED = "cancelled", _("Annulé")


class RegistrationMode(models.TextChoices):
    """What the organiser decides; the state shown to the public also depends on dates."""

    LATER = "later", _("Inscription ultérieure — retenez la date")
    OPEN = "open", _("Inscriptions ouvertes")
    FULL = "full", _("Complet — liste d'attente")
    CLOSED = "closed", _("Inscriptions closes")
    NONE = "none", _("Sans inscription en ligne")


class RegistrationState(models.TextChoices):
    """The registration state a visitor sees, computed from the mode, the window and the date."""

    LATER = "later", _("Inscription ultérieure — retenez la date")
    NOT_YET_OPEN = "not_yet_open", _("Inscriptions bientôt ouvertes")
    OPEN = "open", _("Inscriptions ouvertes")
    FULL = "full", _("Complet — inscription sur liste d'attente")
    CLOSED = "closed", _("Inscriptions closes")
    NONE = "none", _("Sans inscription en ligne")


class SlotKind(models.TextChoices):
    WELCOME = "accueil", _("Accueil")
    OPENING = "ouverture", _("Ouverture")
    PLENARY = "pleniere", _("Plénière")
    TALK = "intervention", _("Intervention")
    ROUND_TABLE = "table_ronde", _("Table ronde")
    WORKSHOPS = "ateliers", _("Ateliers")
    BREAK = "pause", _("Pause")
    MEAL = "repas", _("Repas")
    VISIT = "visite", _("Visite")
    CLOSING = "cloture", _("Clôture")
    OTHER = "autre", _("Autre")


class SpeakerPart(models.TextChoices):
    SPEAKER = "intervenant", _("Intervenant·e")
    FACILITATOR = "animateur", _("Animateur·rice")
    WITNESS = "grand_temoin", _("Grand témoin")
    CHAIR = "president", _("Président·e de séance")


class HalfDay(models.TextChoices):
    MORNING = "matin", _("Matin")
    AFTERNOON = "apres_midi", _("Après-midi")


class LunchOption(models.TextChoices):
    OFFERED = "offered", _("Déjeuner offert sur place")
    ON_SITE = "on_site", _("Repas pris sur place")
    FREE = "free", _("Déjeuner libre")
    NONE = "none", _("Pas de repas")
    UNKNOWN = "unknown", _("Non précisé")


class TeamRole(models.TextChoices):
    """A staff user's role in an organiser's team (on all its events, or on one)."""

    ADMIN = "admin", _("Administrateur·rice de l'organisation")
    MANAGER = "manager", _("Chargé·e d'événements")
    DOOR = "door", _("Accueil")
    PARTNER = "partner", _("Partenaire (lecture)")


class LegalPageKind(models.TextChoices):
    LEGAL_NOTICE = "mentions_legales", _("Mentions légales")
    PRIVACY = "donnees_personnelles", _("Données personnelles")
    ACCESSIBILITY = "accessibilite", _("Accessibilité")
