from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkshopKind(models.TextChoices):
    EXPERIENCE = "retour_experience", _("Retour d'expérience")
    METHOD = "methode", _("Méthode")
    EXCHANGE = "echange", _("Échange de pratiques")
    VISIT = "visite", _("Visite")
    OTHER = "autre", _("Autre")


class Colour(models.TextChoices):
    """The named palette of the ateliers: people say "l'atelier Bleu", badges and agendas
    print the name. The value is the stored name."""

    BLUE = "Bleu", _("Bleu")
    RED = "Rouge", _("Rouge")
    YELLOW = "Jaune", _("Jaune")
    GREEN = "Vert", _("Vert")
    ORANGE = "Orange", _("Orange")
    PURPLE = "Violet", _("Violet")
    PINK = "Rose", _("Rose")
    TURQUOISE = "Turquoise", _("Turquoise")
    BROWN = "Marron", _("Marron")
    GREY = "Gris", _("Gris")


# The shade of each named colour, unless the organiser types another (the exception).
COLOUR_HEX = {
    Colour.BLUE: "#1F5FAD",
    Colour.RED: "#C0392B",
    Colour.YELLOW: "#F2C200",
    Colour.GREEN: "#2E8540",
    Colour.ORANGE: "#E67E22",
    Colour.PURPLE: "#7B3F9E",
    Colour.PINK: "#D63384",
    Colour.TURQUOISE: "#138496",
    Colour.BROWN: "#8B5A2B",
    Colour.GREY: "#6C757D",
}
