from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    """The documents prepared in the background (backoffice/preparation.py)."""

    BADGES = "badges", _("Badges")
    SIGNIN_SHEET = "signin_sheet", _("Feuilles d'émargement")
    WORKING_GROUPS = "working_groups", _("Liste par groupe de travail")
    PARTICIPANTS_XLSX = "participants_xlsx", _("Participant·es (XLSX)")
    ATTESTATIONS = "attestations", _("Attestations de présence")


class PreparationStatus(models.TextChoices):
    PENDING = "pending", _("En attente")
    RUNNING = "running", _("En préparation")
    READY = "ready", _("Prêt")
    FAILED = "failed", _("Échec")
