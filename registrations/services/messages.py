"""Emails the organising team sends to registrants."""

from django.db import transaction
from django.utils.translation import gettext as _

from events.models import Event
from quartiers2030.tasks import enqueue_on_commit

from .. import emails
from ..enums import EmailKind
from ..errors import RegistrationError
from ..models import StaffMessage
from ..selectors import post_event_recipients


def staff_message_send(
    *, event: Event, subject: str, body: str, audience: str, recipients, by=None
) -> StaffMessage:
    """Record the message and its recipients, then send it through the task queue once the
    transaction commits."""
    from ..tasks import send_staff_message

    with transaction.atomic():
        message = StaffMessage.objects.create(
            event=event, subject=subject, body=body, audience=audience, created_by=by
        )
        message.recipients.set(recipients)
        enqueue_on_commit(send_staff_message, message_id=message.pk)
    return message


def post_event_emails_queue(*, event: Event) -> int:
    """Queue the after-the-event email for every attendee who has not had it."""
    if not event.is_past:
        raise RegistrationError(_("L'événement n'est pas encore passé."))
    ids = list(post_event_recipients(event).values_list("pk", flat=True))
    return emails.queue_once(ids, EmailKind.POST_EVENT)
