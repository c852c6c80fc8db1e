"""The check-in token printed as a QR code on each badge and scanned, or typed, at the door.

It is opaque and carries no personal data: the registration's and the event's ids, and an
HMAC-SHA256 of them keyed with the project's secret (`salted_hmac`, as `django.core.signing`
does), truncated to 80 bits. Nobody can forge a token for another registration, nor use a
badge of one event at another.

The token is short and written in Crockford's base32 (digits and upper-case letters without
I, L, O and U), plus "." in the QR alphanumeric alphabet: "1C.4F.7QZK3M5WJ2XR4D6F" makes the
smallest QR code that holds it (25 × 25 modules), quicker to draw on 1,000 badges and easier
to scan, and has no two characters that look alike when it is read aloud or typed.

What people type is read generously: any case, spaces, dashes or nothing instead of the
dots, and O for 0, I or L for 1. The signature has a fixed length (16 characters), so the
ids are found even without separators: each way of cutting them is tried against the HMAC.

Badges printed before Crockford's alphabet (ids in base 36, the signature in RFC 4648
base32, another salt) stay valid: such a code is read the same generous way; as O and 0 (or
1, I and L) are different digits in base 36, a registration id typed with look-alikes is
tried each way, under this event's id.
"""

import base64
import itertools
import re

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from events.models import Event

from .models import Registration

SALT = "q2030-checkin-crockford"
SIGNATURE_BYTES = 10  # 80 bits: 16 base32 characters
SIGNATURE_LENGTH = 16
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# Read as what they look like: Crockford's decoding rules.
CROCKFORD_READING = str.maketrans({"O": "0", "I": "1", "L": "1"})
# Longer than any genuine code: read no further (each cut costs an HMAC).
MAX_LENGTH = 40

# Codes printed before Crockford's alphabet.
LEGACY_SALT = "q2030-checkin"
BASE36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# In a legacy code a typed O may be a 0 and the other way round; 1, I and L likewise.
LOOK_ALIKES = {"0": "0O", "O": "O0", "1": "1IL", "I": "I1L", "L": "L1I"}
# RFC 4648 base32 has no 0, 1, 8: the signature's look-alikes compare as one class.
LEGACY_SIGNATURE_READING = str.maketrans({"0": "O", "1": "I", "L": "I"})
MAX_LEGACY_VARIANTS = 256  # 3 ** 5: five look-alikes in a registration's id


class InvalidCheckinToken(Exception):
    """The token is unreadable, tampered with, of another event or of a deleted
    registration."""

    def __init__(self, message=None):
        self.message = message or _("Ce badge n'est pas valable pour cet événement.")
        super().__init__(self.message)


def _encode(number: int, digits: str) -> str:
    base = len(digits)
    text = ""
    while True:
        number, rest = divmod(number, base)
        text = digits[rest] + text
        if not number:
            return text


def _decode(text: str, digits: str) -> int:
    number = 0
    for character in text:
        number = number * len(digits) + digits.index(character)
    return number


def _digest(payload: str, *, salt: str, secret) -> bytes:
    return salted_hmac(salt, payload, secret=secret, algorithm="sha256").digest()[:SIGNATURE_BYTES]


def _signature(payload: str, secret) -> str:
    bits = int.from_bytes(_digest(payload, salt=SALT, secret=secret))
    return _encode(bits, CROCKFORD).rjust(SIGNATURE_LENGTH, "0")


def _legacy_signature(payload: str, secret) -> str:
    return base64.b32encode(_digest(payload, salt=LEGACY_SALT, secret=secret)).decode()


def make_checkin_token(registration: Registration) -> str:
    """The same registration always gets the same token."""
    payload = f"{_encode(registration.pk, CROCKFORD)}.{_encode(registration.event_id, CROCKFORD)}"
    return f"{payload}.{_signature(payload, settings.SECRET_KEY)}"


def _cuts(ids: str):
    """(registration part, event part) for each way of cutting `ids` in two."""
    return ((ids[:i], ids[i:]) for i in range(1, len(ids)))


def _crockford_ids(ids: str, signature: str, secrets) -> tuple[int, int] | None:
    ids, signature = ids.translate(CROCKFORD_READING), signature.translate(CROCKFORD_READING)
    if not set(ids + signature) <= set(CROCKFORD):
        return None
    for registration_part, event_part in _cuts(ids):
        payload = f"{registration_part}.{event_part}"
        if any(constant_time_compare(signature, _signature(payload, s)) for s in secrets):
            return _decode(registration_part, CROCKFORD), _decode(event_part, CROCKFORD)
    return None


def _legacy_candidates(ids: str, event_pk: int):
    """(registration part, event part) a legacy code typed as `ids` may stand for: when the
    event part looks like this event's, the registration part with its look-alikes tried
    both ways; and each cut exactly as typed (a badge of another event is said so)."""
    own_event = _encode(event_pk, BASE36)
    for registration_part, event_part in _cuts(ids):
        if event_part.translate(CROCKFORD_READING) == own_event.translate(CROCKFORD_READING):
            readings = [LOOK_ALIKES.get(character, character) for character in registration_part]
            for variant in itertools.islice(itertools.product(*readings), MAX_LEGACY_VARIANTS):
                yield "".join(variant), own_event
        yield registration_part, event_part


def _legacy_ids(ids: str, signature: str, secrets, *, event_pk: int) -> tuple[int, int] | None:
    signature = signature.translate(LEGACY_SIGNATURE_READING)
    for registration_part, event_part in _legacy_candidates(ids, event_pk):
        payload = f"{registration_part}.{event_part}"
        if any(
            constant_time_compare(
                signature, _legacy_signature(payload, s).translate(LEGACY_SIGNATURE_READING)
            )
            for s in secrets
        ):
            return _decode(registration_part, BASE36), _decode(event_part, BASE36)
    return None


def read_checkin_token(token: str, *, event: Event) -> Registration:
    """The registration the token was made for, if it belongs to `event`.

    Raises InvalidCheckinToken otherwise. The registration's status is not checked here:
    the caller decides what a cancelled registration at the door means.
    """
    # Separators (dots, spaces, dashes, anything else) and case do not matter.
    compact = re.sub(r"[^0-9A-Z]", "", token.upper())
    ids, signature = compact[:-SIGNATURE_LENGTH], compact[-SIGNATURE_LENGTH:]
    secrets = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    found = None
    if len(ids) >= 2 and len(compact) <= MAX_LENGTH:
        found = _crockford_ids(ids, signature, secrets) or _legacy_ids(
            ids, signature, secrets, event_pk=event.pk
        )
    if found is None:
        raise InvalidCheckinToken(_("Ce badge n'est pas reconnu."))
    registration_pk, event_pk = found
    if event_pk != event.pk:
        raise InvalidCheckinToken()
    try:
        return Registration.objects.select_related("event").get(pk=registration_pk, event=event)
    except Registration.DoesNotExist as error:
        raise InvalidCheckinToken() from error
