from django.db import models
from django.utils.translation import gettext_lazy as _


class Civility(models.TextChoices):
    MADAM = "mme", _("Madame")
    SIR = "m", _("Monsieur")
    NONE = "", _("Non précisée")


class Category(models.TextChoices):
    """Who comes to a contrat de ville event (used for badges, groups and activity figures)."""

    ELECTED_MUNICIPAL = "elu_communal", _("Élu·e communal·e")
    ELECTED_INTERMUNICIPAL = "elu_intercommunal", _("Élu·e intercommunal·e")
    ELECTED_REGIONAL = "elu_departemental_regional", _("Élu·e départemental·e ou régional·e")
    PREFECT_DELEGATE = "delegue_prefet", _("Délégué·e du préfet")
    PREFECTURE = "prefecture", _("Préfecture")
    DREETS = "dreets_ddets_sgar", _("DREETS / DDETS / SGAR")
    OTHER_STATE = "autre_etat", _("Autre service de l'État")
    LOCAL_AUTHORITY = (
        "collectivite",
        _("Agent·e de collectivité (chef·fe de projet politique de la ville…)"),
    )
    SOCIAL_LANDLORD = "bailleur", _("Bailleur social")
    CAF = "caf", _("CAF")
    EMPLOYMENT = "france_travail_mission_locale", _("France Travail / Mission locale")
    ASSOCIATION = "association", _("Association")
    MEDIATOR = "adulte_relais", _("Adulte-relais / médiateur·rice")
    CITIZENS_COUNCIL = "conseil_citoyen", _("Conseil citoyen")
    RESIDENT = "habitant", _("Habitant·e")
    RESOURCE_CENTRE = "centre_ressources", _("Centre de ressources")
    RESEARCH = "universite_recherche", _("Université / recherche")
    OTHER = "autre", _("Autre")


class Attendance(models.TextChoices):
    ON_SITE = "on_site", _("Sur place")
    REMOTE = "remote", _("À distance (visioconférence)")


class PresenceMode(models.TextChoices):
    """How a participant attended one half-day (CheckIn.mode)."""

    ON_SITE = "on_site", _("Sur place")
    REMOTE = "remote", _("À distance")


class EvaluationQuestionKind(models.TextChoices):
    """The kinds of question of an evaluation questionnaire."""

    RATING = "rating", _("Note de 1 à 5")
    CHOICE = "choice", _("Choix unique")
    TEXT = "text", _("Texte libre")


class PresenceSource(models.TextChoices):
    """What proves a presence (CheckIn.source)."""

    DOOR = "door", _("Accueil (émargement)")
    JOIN_LINK = "join_link", _("Lien de connexion personnel")
    REPORT = "report", _("Rapport de l'outil de visioconférence")


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("En attente de validation")
    CONFIRMED = "confirmed", _("Confirmée")
    WAITING = "waiting", _("Liste d'attente")
    CANCELLED = "cancelled", _("Annulée")
    REFUSED = "refused", _("Refusée")


# Registrations that hold a seat: a pending one keeps its seat until staff decide, so that
# approving it can never overbook.
SEAT_HOLDING = (RegistrationStatus.CONFIRMED, RegistrationStatus.PENDING)
ACTIVE = (*SEAT_HOLDING, RegistrationStatus.WAITING)


class EmailKind(models.TextChoices):
    CONFIRMED = "confirmed", _("Inscription confirmée")
    PENDING = "pending", _("Inscription en attente de validation")
    WAITING = "waiting", _("Inscription sur liste d'attente")
    PROMOTED = "promoted", _("Place libérée : inscription confirmée")
    APPROVED = "approved", _("Inscription validée")
    REFUSED = "refused", _("Inscription non retenue")
    CANCELLED = "cancelled", _("Inscription annulée")
    WORKSHOPS_CHANGED = "workshops_changed", _("Ateliers modifiés")
    DETAILS_CHANGED = "details_changed", _("Inscription modifiée")
    # Sent at most once per registration (recorded in SentEmail).
    REMINDER = "reminder", _("Rappel avant l'événement")
    POST_EVENT = "post_event", _("Après l'événement : ressources et attestation")


class PersonalDataAction(models.TextChoices):
    """What the trail of personal-data access records (PersonalDataAccess)."""

    EXPORT_CSV = "export_csv", _("Export CSV des participant·es")
    EXPORT_XLSX = "export_xlsx", _("Export XLSX des participant·es")
    BADGES = "badges", _("Badges")
    SIGNIN_SHEET = "signin_sheet", _("Feuille d'émargement")
    ATTESTATIONS = "attestations", _("Attestations de présence (en nombre)")
    GROUP_LIST = "group_list", _("Liste par groupe de travail")
    STAFF_MESSAGE = "staff_message", _("Message aux inscrit·es")
    POST_EVENT_EMAIL = "post_event_email", _("Courriel après l'événement")
    NEEDS_VIEWED = "needs_viewed", _("Consultation des besoins (régime, accessibilité)")
    ANONYMISATION = "anonymisation", _("Anonymisation des inscriptions")
    NEEDS_PURGE = "needs_purge", _("Effacement des besoins")
    PARTICIPANT_EXPORT = "participant_export", _("Export de ses données par la personne")
    ACCOUNT_DELETION = "account_deletion", _("Suppression de compte")
    REMOTE_REPORT_IMPORT = "remote_report_import", _("Import d'un rapport de visioconférence")
    REMOTE_SIGNIN = "remote_signin", _("Relevé des connexions à distance")


class QuestionKind(models.TextChoices):
    """The kinds of an organiser's own registration question (Question.kind)."""

    SHORT_TEXT = "short_text", _("Texte court")
    LONG_TEXT = "long_text", _("Texte long")
    SINGLE_CHOICE = "single_choice", _("Choix unique")
    MULTIPLE_CHOICE = "multiple_choice", _("Choix multiple")
    YES_NO = "yes_no", _("Oui / non")
    NUMBER = "number", _("Nombre")


# Free answers may say who the person is: they go at anonymisation (retention.anonymise).
FREE_TEXT_KINDS = (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT)
CHOICE_KINDS = (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE)


class QuestionAudience(models.TextChoices):
    """Who a question is asked of (Question.audience)."""

    ALL = "", _("Tout le monde")
    ON_SITE = "on_site", _("Sur place seulement")
    REMOTE = "remote", _("À distance seulement")
