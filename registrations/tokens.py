"""The check-in token printed as a QR code on each badge and scanned at the door.

It is opaque and carries no personal data: the registration's and the event's ids, and an
HMAC-SHA256 of them keyed with the project's secret (`salted_hmac`, as `django.core.signing`
does), truncated to 80 bits. Nobody can forge a token for another registration, nor use a
badge of one event at another.

The token is short and written in the QR alphanumeric alphabet (upper case, digits, "."):
"4F2.1C.7QZK3M5WJ2XR4D6F", which makes the smallest QR code that holds it (25 × 25 modules):
quicker to draw on 1,000 badges and easier to scan.
"""

import base64

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from events.models import Event

from .models import Registration

SALT = "q2030-checkin"
SIGNATURE_BYTES = 10  # 80 bits: 16 base32 characters


class InvalidCheckinToken(Exception):
    """The token is unreadable, tampered with, of another event or of a deleted
    registration."""

    def __init__(self, message=None):
        self.message = message or _("Ce badge n'est pas valable pour cet événement.")
        super().__init__(self.message)


def _base36(number: int) -> str:
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    text = ""
    while True:
        number, rest = divmod(number, 36)
        text = digits[rest] + text
        if not number:
            return text


def _signature(payload: str, secret) -> str:
    digest = salted_hmac(SALT, payload, secret=secret, algorithm="sha256").digest()
    return base64.b32encode(digest[:SIGNATURE_BYTES]).decode()


def make_checkin_token(registration: Registration) -> str:
    """The same registration always gets the same token."""
    payload = f"{_base36(registration.pk)}.{_base36(registration.event_id)}"
    return f"{payload}.{_signature(payload, settings.SECRET_KEY)}"


def read_checkin_token(token: str, *, event: Event) -> Registration:
    """The registration the token was made for, if it belongs to `event`.

    Raises InvalidCheckinToken otherwise. The registration's status is not checked here:
    the caller decides what a cancelled registration at the door means.
    """
    payload, _dot, signature = token.strip().upper().rpartition(".")
    secrets = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    if not payload or not any(
        constant_time_compare(signature, _signature(payload, secret)) for secret in secrets
    ):
        raise InvalidCheckinToken(_("Ce badge n'est pas reconnu."))
    registration_pk, event_pk = (int(part, 36) for part in payload.split("."))
    if event_pk != event.pk:
        raise InvalidCheckinToken()
    try:
        return Registration.objects.select_related("event").get(pk=registration_pk, event=event)
    except Registration.DoesNotExist as error:
        raise InvalidCheckinToken() from error
