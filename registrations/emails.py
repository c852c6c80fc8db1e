"""Emails to participants. Sent after the transaction commits, through the tasks API.

STUB: the content is being written (confirmation with .ics, waiting list, promotion…).
"""

from django.db import transaction

from .enums import EmailKind


def notify(registration, kind: EmailKind) -> None:
    """Queue the email `kind` about `registration` once the current transaction commits."""
    from .tasks import send_registration_email

    registration_id = registration.pk
    transaction.on_commit(
        lambda: send_registration_email.enqueue(registration_id=registration_id, kind=kind.value)
    )
