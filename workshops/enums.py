from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkshopKind(models.TextChoices):
    EXPERIENCE = "retour_experience", _("Retour d'expérience")
    METHOD = "methode", _("Méthode")
    EXCHANGE = "echange", _("Échange de pratiques")
    VISIT = "visite", _("Visite")
    OTHER = "autre", _("Autre")
