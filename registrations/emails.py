"""Emails to participants. Sent after the transaction commits, through the tasks API.

`notify` is what services call, inside their transaction; the task then calls `send`, which
reads the registration afresh and renders `templates/email/registration_<kind>.txt|html`.
"""

import logging
import re

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from events.enums import LunchOption, SlotKind
from events.ics import venue_location

from .enums import Attendance, EmailKind, RegistrationStatus
from .models import Registration

logger = logging.getLogger(__name__)

SUBJECTS = {
    EmailKind.CONFIRMED: _("Inscription confirmée : %(title)s"),
    EmailKind.PENDING: _("Inscription en attente de validation : %(title)s"),
    EmailKind.WAITING: _("Inscription sur liste d'attente : %(title)s"),
    # Neutral on purpose: on an event with approval, a promoted registration is pending.
    EmailKind.PROMOTED: _("Une place s'est libérée : %(title)s"),
    EmailKind.APPROVED: _("Inscription validée : %(title)s"),
    EmailKind.REFUSED: _("Inscription non retenue : %(title)s"),
    EmailKind.CANCELLED: _("Inscription annulée : %(title)s"),
    EmailKind.WORKSHOPS_CHANGED: _("Ateliers modifiés : %(title)s"),
    EmailKind.REMINDER: _("Rappel : %(title)s, dans deux jours"),
    EmailKind.POST_EVENT: _("Merci de votre participation : %(title)s"),
}

# The kinds that tell someone they have a seat: practical details and the agenda attached.
WITH_DETAILS = frozenset(
    {
        EmailKind.CONFIRMED,
        EmailKind.PROMOTED,
        EmailKind.APPROVED,
        EmailKind.WORKSHOPS_CHANGED,
        EmailKind.REMINDER,
    }
)


def notify(registration, kind: EmailKind) -> None:
    """Queue the email `kind` about `registration` once the current transaction commits."""
    from .tasks import send_registration_email

    registration_id = registration.pk
    transaction.on_commit(
        lambda: send_registration_email.enqueue(registration_id=registration_id, kind=kind.value)
    )


def send(*, registration_id: int, kind: str) -> None:
    """Send the email `kind` about the registration, if it still exists."""
    registration = (
        Registration.objects.select_related("event__venue", "event__organiser")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        # Deleted (or anonymised away) between the action and the background task.
        logger.warning("Registration %s is gone: %s email not sent.", registration_id, kind)
        return
    # A background worker has no request, hence no active language: say it in French.
    with translation.override(settings.LANGUAGE_CODE):
        message = build_message(registration, EmailKind(kind))
    message.send()


def build_message(registration: Registration, kind: EmailKind) -> EmailMultiAlternatives:
    from .ics import personal_calendar

    event = registration.event
    context = _context(registration, kind)
    subject = str(SUBJECTS[kind] % {"title": event.title})
    context["subject"] = subject
    text = _tidy(render_to_string(f"email/registration_{kind.value}.txt", context))
    html = render_to_string(f"email/registration_{kind.value}.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[registration.email],
    )
    message.attach_alternative(html, "text/html")
    if context["with_details"]:
        message.attach(f"{event.slug}.ics", personal_calendar(registration), "text/calendar")
    return message


def _context(registration: Registration, kind: EmailKind) -> dict:
    event = registration.event
    on_site = registration.attendance == Attendance.ON_SITE
    # Promotion on an event with approval leads to "pending", not to a seat confirmed.
    awaiting_approval = registration.status == RegistrationStatus.PENDING
    with_details = kind in WITH_DETAILS and not awaiting_approval
    ateliers, streamed_slots = [], []
    if with_details and on_site:
        ateliers = _ateliers(registration)
    elif with_details:
        streamed_slots = list(event.slots.filter(streamed=True))
    site_url = settings.SITE_URL.rstrip("/")
    return {
        "kind": kind.value,
        "registration": registration,
        "event": event,
        "venue": event.venue,
        "venue_location": venue_location(event.venue),
        "on_site": on_site,
        "awaiting_approval": awaiting_approval,
        "with_details": with_details,
        "ateliers": ateliers,
        # The registration service drops the ateliers that became full on promotion.
        "missing_atelier": any(atelier["workshop"] is None for atelier in ateliers),
        "streamed_slots": streamed_slots,
        "lunch_known": event.lunch != LunchOption.UNKNOWN,
        "event_url": site_url + event.get_absolute_url(),
        "manage_url": site_url + registration.get_manage_url(),
    }


def _ateliers(registration: Registration) -> list[dict]:
    """Each ateliers slot of the event, in time order, with the atelier chosen there (or None)."""
    chosen = {
        choice.slot_id: choice.workshop
        for choice in registration.choices.select_related("workshop__room")
    }
    ateliers = []
    for slot in registration.event.slots.filter(kind=SlotKind.WORKSHOPS).select_related("room"):
        workshop = chosen.get(slot.pk)
        room = (workshop.room if workshop else None) or slot.room
        ateliers.append({"slot": slot, "workshop": workshop, "room": room})
    return ateliers


def _tidy(text: str) -> str:
    """Drop the blank lines that template tags leave in plain text."""
    text = "\n".join(line.rstrip() for line in text.splitlines())
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
