"""What a resource file may be: a whitelist of types, checked by extension and content.

The extension alone proves nothing (an HTML page renamed `.pdf` would still run its
scripts if a browser sniffed it), so each type also names the leading bytes its files
start with. The same whitelist gives the Content-Type the download view sends: the one
the uploading browser claimed is never stored nor trusted.
"""

from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

# Office documents are ZIP containers (OOXML, OpenDocument) or OLE compound files (the
# legacy .doc/.xls/.ppt): their signature is the container's.
ZIP = (b"PK\x03\x04",)
OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)


@dataclass(frozen=True)
class FileType:
    label: str
    content_type: str
    signatures: tuple[bytes, ...]
    # Shown in the browser (PDF, images) or saved (office documents, which browsers
    # cannot display anyway).
    inline: bool = False

    def matches(self, head: bytes) -> bool:
        if self.content_type == "image/webp":  # RIFF, 4 bytes of size, then WEBP
            return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
        return head.startswith(self.signatures)


FILE_TYPES: dict[str, FileType] = {
    "pdf": FileType("PDF", "application/pdf", (b"%PDF-",), inline=True),
    "odt": FileType("ODT", "application/vnd.oasis.opendocument.text", ZIP),
    "ods": FileType("ODS", "application/vnd.oasis.opendocument.spreadsheet", ZIP),
    "odp": FileType("ODP", "application/vnd.oasis.opendocument.presentation", ZIP),
    "doc": FileType("DOC", "application/msword", OLE),
    "docx": FileType(
        "DOCX",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ZIP,
    ),
    "xls": FileType("XLS", "application/vnd.ms-excel", OLE),
    "xlsx": FileType(
        "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP
    ),
    "ppt": FileType("PPT", "application/vnd.ms-powerpoint", OLE),
    "pptx": FileType(
        "PPTX",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ZIP,
    ),
    "png": FileType("PNG", "image/png", (b"\x89PNG\r\n\x1a\n",), inline=True),
    "jpg": FileType("JPEG", "image/jpeg", (b"\xff\xd8\xff",), inline=True),
    "jpeg": FileType("JPEG", "image/jpeg", (b"\xff\xd8\xff",), inline=True),
    "gif": FileType("GIF", "image/gif", (b"GIF87a", b"GIF89a"), inline=True),
    "webp": FileType("WebP", "image/webp", (b"RIFF",), inline=True),
}
# Enough for every signature above (WebP reads up to byte 12).
HEAD_SIZE = 16

ALLOWED_TYPES_TEXT = _(
    "PDF, documents bureautiques (odt, ods, odp, doc, docx, xls, xlsx, ppt, pptx) "
    "et images (png, jpg, jpeg, webp, gif)"
)


def file_extension(name: str) -> str:
    return PurePath(name).suffix.lower().removeprefix(".")


def file_type(name: str) -> FileType | None:
    """The whitelisted type of a file name, None if its extension is not allowed."""
    return FILE_TYPES.get(file_extension(name))


def human_size(size: int) -> str:
    """'12 octets', '1,5 Ko', '2,3 Mo': the units French readers know (filesizeformat
    says 'Kio'/'Mio'), in the same megabytes as RESOURCE_MAX_UPLOAD_MB."""
    if size < 1024:
        return ngettext("%(size)d octet", "%(size)d octets", size) % {"size": size}
    if size < 1024 * 1024:
        return _("%(size)s Ko") % {"size": number_format(size / 1024, 1)}
    return _("%(size)s Mo") % {"size": number_format(size / 1024 / 1024, 1)}


def max_upload_bytes() -> int:
    return settings.RESOURCE_MAX_UPLOAD_MB * 1024 * 1024


def validate_resource_file(value) -> None:
    """Refuse a new upload whose extension, size or leading bytes are not allowed.

    A file already stored was checked when it was uploaded: it is not read again, so
    editing another field of a resource never opens its file.
    """
    if not value or getattr(value, "_committed", False):
        return
    extension = file_extension(value.name)
    kind = FILE_TYPES.get(extension)
    if kind is None:
        raise ValidationError(
            _(
                "Ce type de fichier n'est pas accepté (%(extension)s). "
                "Formats acceptés : %(types)s."
            ),
            code="file_type",
            params={
                "extension": f".{extension}" if extension else _("sans extension"),
                "types": ALLOWED_TYPES_TEXT,
            },
        )
    if value.size > max_upload_bytes():
        raise ValidationError(
            _(
                "Ce fichier est trop volumineux (%(size)s) : "
                "la taille maximale est de %(limit)s Mo."
            ),
            code="file_size",
            params={"size": human_size(value.size), "limit": settings.RESOURCE_MAX_UPLOAD_MB},
        )
    value.seek(0)
    head = value.read(HEAD_SIZE)
    value.seek(0)
    if not kind.matches(head):
        raise ValidationError(
            _(
                "Le contenu de ce fichier ne correspond pas à un fichier %(label)s : "
                "il a peut-être été renommé. Déposez le document d'origine."
            ),
            code="file_content",
            params={"label": kind.label},
        )
