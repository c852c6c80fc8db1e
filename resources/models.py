from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from events.models import Event, ProgrammeSlot

from .enums import ResourceKind


class Resource(models.Model):
    """A file or a link shared with participants, about a whole event or one of its slots."""

    event = models.ForeignKey(
        Event, verbose_name=_("événement"), on_delete=models.CASCADE, related_name="resources"
    )
    slot = models.ForeignKey(
        ProgrammeSlot,
        verbose_name=_("temps du programme"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="resources",
        help_text=_("Vide : la ressource concerne tout l'événement."),
    )
    kind = models.CharField(
        _("type"), max_length=30, choices=ResourceKind, default=ResourceKind.OTHER
    )
    title = models.CharField(_("titre"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    file = models.FileField(_("fichier"), upload_to="resources/%Y/", blank=True)
    url = models.URLField(_("lien"), max_length=500, blank=True)
    published = models.BooleanField(_("publiée"), default=False)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("ressource")
        verbose_name_plural = _("ressources")
        ordering = ["event", "order", "title"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(url="")) | (~Q(file="") & Q(url="")),
                name="resource_file_xor_url",
                violation_error_message=_("Joignez un fichier ou indiquez un lien, pas les deux."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def href(self):
        return self.file.url if self.file else self.url

    def clean(self):
        super().clean()
        if self.slot_id and self.event_id and self.slot.event_id != self.event_id:
            raise ValidationError({"slot": _("Ce temps n'appartient pas à cet événement.")})


class Takeaway(models.Model):
    """An "À retenir": what a past event taught, in a few lines."""

    event = models.ForeignKey(
        Event, verbose_name=_("événement"), on_delete=models.CASCADE, related_name="takeaways"
    )
    text = models.TextField(_("texte"), help_text=_("Markdown."))
    published = models.BooleanField(_("publié"), default=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("à retenir")
        verbose_name_plural = _("à retenir")
        ordering = ["event", "order", "pk"]

    def __str__(self):
        return self.text[:80]
