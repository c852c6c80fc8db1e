import re
import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Event, ProgrammeSlot

from .enums import ResourceKind
from .validators import FileType, file_extension, file_type, validate_resource_file


def resource_upload_to(instance, filename: str) -> str:
    """A random name under resources/: the stored name reveals nothing and cannot be
    guessed, so an unpublished file is not reachable even where media/ is served as is.
    The public site links to the download view, which names the file after its title."""
    return f"resources/{timezone.now():%Y}/{secrets.token_urlsafe(16)}.{file_extension(filename)}"


class ResourceQuerySet(models.QuerySet):
    def published(self):
        """What the public site shows: published resources of the events it shows."""
        return self.filter(published=True, event__in=Event.objects.visible())


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
    file = models.FileField(
        _("fichier"),
        upload_to=resource_upload_to,
        blank=True,
        validators=[validate_resource_file],
    )
    # Kept from the upload, so that listing resources never asks the storage.
    file_size = models.PositiveBigIntegerField(_("taille du fichier"), null=True, editable=False)
    url = models.URLField(_("lien"), max_length=500, blank=True)
    published = models.BooleanField(_("publiée"), default=False)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    objects = ResourceQuerySet.as_manager()

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

    def save(self, *args, **kwargs):
        if not self.file:
            self.file_size = None
        elif not self.file._committed or self.file_size is None:
            try:
                self.file_size = self.file.size
            except OSError:  # a stored file gone missing: the size is unknown, not an error
                self.file_size = None
        super().save(*args, **kwargs)

    @property
    def href(self):
        """Where the public site links to: the download view for a file, never media/."""
        if self.file:
            return reverse("resources:download", kwargs={"pk": self.pk})
        return self.url

    @property
    def file_type(self) -> FileType | None:
        return file_type(self.file.name) if self.file else None

    @property
    def download_name(self) -> str:
        """The title as a file name (accents kept: the view encodes it per RFC 6266)."""
        stem = re.sub(r"[\x00-\x1f\x7f/\\:*?\"<>|]+", " ", self.title)
        stem = re.sub(r"\s+", " ", stem).strip(" .")[:120] or "ressource"
        return f"{stem}.{file_extension(self.file.name)}"

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
