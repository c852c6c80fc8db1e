from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from events.enums import SlotKind
from events.models import ProgrammeSlot, Room, Speaker

from .enums import WorkshopKind


class Workshop(models.Model):
    """An atelier: one of the parallel sessions of an "ateliers" programme slot."""

    slot = models.ForeignKey(
        ProgrammeSlot,
        verbose_name=_("temps d'ateliers"),
        on_delete=models.CASCADE,
        related_name="workshops",
        limit_choices_to={"kind": SlotKind.WORKSHOPS},
    )
    number = models.PositiveSmallIntegerField(_("numéro"), null=True, blank=True)
    title = models.CharField(_("titre"), max_length=300)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    kind = models.CharField(
        _("type"), max_length=30, choices=WorkshopKind, default=WorkshopKind.OTHER
    )
    room = models.ForeignKey(
        Room,
        verbose_name=_("salle"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workshops",
    )
    territory = models.CharField(
        _("territoire présenté"),
        max_length=250,
        blank=True,
        help_text=_("Par exemple : Métropole du Grand Nancy."),
    )
    facilitators = models.ManyToManyField(
        Speaker, verbose_name=_("animateur·rices"), blank=True, related_name="facilitated_workshops"
    )
    presenters = models.ManyToManyField(
        Speaker,
        verbose_name=_("présentateur·rices"),
        blank=True,
        related_name="presented_workshops",
    )
    colour_name = models.CharField(_("couleur"), max_length=40, blank=True)
    colour_hex = models.CharField(
        _("code couleur"), max_length=7, blank=True, help_text=_("Par exemple : #1F5FAD.")
    )
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Vide : la capacité de la salle.")
    )

    class Meta:
        verbose_name = _("atelier")
        verbose_name_plural = _("ateliers")
        ordering = ["slot", "number", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(colour_hex="") | Q(colour_hex__regex=r"^#[0-9A-Fa-f]{6}$"),
                name="workshop_colour_hex_format",
                violation_error_message=_("Le code couleur doit être de la forme #RRVVBB."),
            ),
            models.UniqueConstraint(
                fields=["slot", "number"], name="workshop_unique_number_per_slot"
            ),
        ]

    def __str__(self):
        return f"{self.label} — {self.title}" if self.number else self.title

    @property
    def label(self):
        return _("Atelier %(number)s") % {"number": self.number} if self.number else ""

    @property
    def effective_capacity(self):
        if self.capacity is not None:
            return self.capacity
        return self.room.capacity if self.room_id else None

    @property
    def text_colour(self):
        """Black or white, whichever reads better on the atelier colour (WCAG contrast)."""
        if not self.colour_hex:
            return "#000000"
        r, g, b = (int(self.colour_hex[i : i + 2], 16) / 255 for i in (1, 3, 5))

        def channel(c):
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
        # Contrast with black is (L + 0.05) / 0.05, with white 1.05 / (L + 0.05).
        return "#000000" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "#FFFFFF"

    def clean(self):
        super().clean()
        if self.slot_id and self.slot.kind != SlotKind.WORKSHOPS:
            raise ValidationError(
                {"slot": _("Un atelier ne peut appartenir qu'à un temps de type « Ateliers ».")}
            )
        if self.room_id and self.slot_id and self.room.venue_id != self.slot.event.venue_id:
            raise ValidationError(
                {"room": _("Cette salle n'appartient pas au lieu de l'événement.")}
            )
        room_capacity = self.room.capacity if self.room_id else None
        if None not in (self.capacity, room_capacity) and self.capacity > room_capacity:
            raise ValidationError(
                {
                    "capacity": _(
                        "La salle « %(room)s » n'a que %(seats)s places : l'atelier ne "
                        "peut pas en offrir %(capacity)s."
                    )
                    % {
                        "room": self.room.name,
                        "seats": room_capacity,
                        "capacity": self.capacity,
                    }
                }
            )
