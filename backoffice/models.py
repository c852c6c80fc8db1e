"""The back-office's own data: documents prepared in the background (see preparation.py)."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from events.models import Event

from .enums import DocumentKind, PreparationStatus


def prepared_document_path(document: "PreparedDocument", filename: str) -> str:
    """A random name: the file names people, and is only ever served through the download
    view (scoped, recorded in the trail), never under its storage URL."""
    extension = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"prepared-documents/{secrets.token_urlsafe(24)}.{extension}"


class PreparedDocument(models.Model):
    """A document of an event (badges, sign-in sheet, list, attestations, export) rendered by
    a task into storage. The same request reuses it while it is being prepared, and once
    ready as long as the data it shows has not changed (`data_version`); it is deleted after
    PREPARED_DOCUMENTS_HOURS."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    event = models.ForeignKey(
        Event, verbose_name=_("événement"), on_delete=models.CASCADE,
        related_name="prepared_documents",
    )  # fmt: skip
    kind = models.CharField(_("document"), max_length=30, choices=DocumentKind)
    # {"format": "a4"} for badges, {"workshop": pk} for an atelier's sign-in sheet; a
    # selection in the admin's list adds {"registrations": [sorted pks]}.
    params = models.JSONField(_("paramètres"), default=dict, blank=True)
    # A fingerprint of what the document shows (preparation.data_version).
    data_version = models.CharField(_("version des données"), max_length=64)
    status = models.CharField(
        _("état"), max_length=10, choices=PreparationStatus, default=PreparationStatus.PENDING
    )
    done = models.PositiveIntegerField(_("pages faites"), default=0)
    total = models.PositiveIntegerField(_("pages en tout"), default=0)
    file = models.FileField(_("fichier"), upload_to=prepared_document_path, blank=True)
    size = models.PositiveBigIntegerField(_("taille (octets)"), default=0)
    # What the trail records at each download: how many people the file names, and how.
    people = models.PositiveIntegerField(_("personnes"), default=0)
    detail = models.CharField(_("précision"), max_length=200, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("demandé par"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    # Moved at each step of the preparation: a document stuck for long is not waited for.
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    error = models.CharField(_("erreur"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("document préparé")
        verbose_name_plural = _("documents préparés")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["event", "kind", "created_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.event}"

    @property
    def is_finished(self) -> bool:
        return self.status in (PreparationStatus.READY, PreparationStatus.FAILED)
