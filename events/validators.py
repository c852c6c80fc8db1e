"""What an organiser's logo or signature image may be: a PNG or a JPEG of a few megabytes.

The same approach as the resource files (resources/validators.py, which events cannot
import: resources build on events): the extension is whitelisted and the leading bytes
must match it, since a renamed file proves nothing. The form's ImageField then opens the
image with Pillow. An SVG is refused: it can carry scripts and links, and WeasyPrint would
fetch what it refers to.
"""

from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext_lazy as _

# {extension: (label, leading bytes)}
IMAGE_TYPES = {
    "png": ("PNG", b"\x89PNG\r\n\x1a\n"),
    "jpg": ("JPEG", b"\xff\xd8\xff"),
    "jpeg": ("JPEG", b"\xff\xd8\xff"),
}
# A logo or a scanned signature: printed a few centimetres wide, embedded in every PDF.
IDENTITY_IMAGE_MAX_MB = 2


def validate_identity_image(value) -> None:
    """Refuse a new upload that is not a PNG or JPEG file, or too large.

    A file already stored was checked when it was uploaded: it is not read again, so that
    editing another field of the organiser never opens its files.
    """
    if not value or getattr(value, "_committed", False):
        return
    extension = PurePath(value.name).suffix.lower().removeprefix(".")
    if extension not in IMAGE_TYPES:
        raise ValidationError(
            _(
                "Ce type de fichier n'est pas accepté (%(extension)s). "
                "Formats acceptés : PNG, JPEG."
            ),
            code="file_type",
            params={"extension": f".{extension}" if extension else _("sans extension")},
        )
    if value.size > IDENTITY_IMAGE_MAX_MB * 1024 * 1024:
        raise ValidationError(
            _("Cette image est trop volumineuse : la taille maximale est de %(limit)s Mo."),
            code="file_size",
            params={"limit": IDENTITY_IMAGE_MAX_MB},
        )
    label, signature = IMAGE_TYPES[extension]
    value.seek(0)
    head = value.read(len(signature))
    value.seek(0)
    if head != signature:
        raise ValidationError(
            _(
                "Le contenu de ce fichier ne correspond pas à une image %(label)s : "
                "il a peut-être été renommé. Déposez l'image d'origine."
            ),
            code="file_content",
            params={"label": label},
        )


def validate_privacy_contact(value: str) -> None:
    """An email address or an http(s) address (a contact form)."""
    value = value.strip()
    validator = URLValidator(schemes=["http", "https"]) if "://" in value else EmailValidator()
    try:
        validator(value)
    except ValidationError:
        raise ValidationError(
            _(
                "Indiquez une adresse électronique (dpo@exemple.fr) "
                "ou l'adresse d'une page web (https://…)."
            ),
            code="invalid",
        ) from None
