from django.db import models
from django.utils.translation import gettext_lazy as _


class ResourceKind(models.TextChoices):
    PRESENTATION = "presentation", _("Présentation")
    REPORT = "compte_rendu", _("Compte rendu")
    WEBDOC = "webdocumentaire", _("Webdocumentaire")
    MAP = "carte", _("Carte")
    PUBLICATION = "publication", _("Publication")
    OTHER = "autre", _("Autre")
