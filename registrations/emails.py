"""Emails to participants. Sent after the transaction commits, through the tasks API.

`notify` is what services call, inside their transaction; the task then calls `send`, which
reads the registration afresh and renders `templates/email/registration_<kind>.txt|html`.
"""

import logging
import re
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import BadHeaderError, EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from events.enums import LunchOption, SlotKind
from events.ics import venue_location
from quartiers2030.tasks import enqueue_on_commit

from . import remote
from .enums import Attendance, EmailKind, RegistrationStatus
from .models import OpeningNotice, Registration, SentEmail, StaffMessage

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
    EmailKind.DETAILS_CHANGED: _("Inscription modifiée : %(title)s"),
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
        EmailKind.DETAILS_CHANGED,
        EmailKind.REMINDER,
    }
)


# Emails about an event go out from the portal's address (the one its mail server may send
# from: SPF, DKIM), under the organiser's name; replies go to the organiser's team.
PORTAL_NAME = "Quartiers 2030"


def sender(organiser) -> dict:
    """`from_email` and `reply_to` of an email about one of `organiser`'s events:
    "ORIV via Quartiers 2030" <DEFAULT_FROM_EMAIL's address>, Reply-To its address if set."""
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    # One line (a header), its quotes escaped; Django encodes non-ASCII names.
    name = " ".join(f"{organiser.email_sender} via {PORTAL_NAME}".split())
    name = name.replace("\\", "\\\\").replace('"', '\\"')
    headers = {"from_email": f'"{name}" <{address}>'}
    if organiser.reply_to:
        headers["reply_to"] = [organiser.reply_to]
    return headers


def notify(registration, kind: EmailKind) -> None:
    """Queue the email `kind` about `registration`: it goes out only if the current
    transaction commits (quartiers2030.tasks.enqueue_on_commit)."""
    from .tasks import send_registration_email

    enqueue_on_commit(send_registration_email, registration_id=registration.pk, kind=kind.value)


def send(*, registration_id: int, kind: str) -> None:
    """Send the email `kind` about the registration, if it still exists."""
    registration = _registration(registration_id)
    if registration is None:
        # Deleted (or anonymised away) between the action and the background task.
        logger.warning("Registration %s is gone: %s email not sent.", registration_id, kind)
        return
    # A background worker has no request, hence no active language: say it in French.
    with translation.override(settings.LANGUAGE_CODE):
        message = build_message(registration, EmailKind(kind))
    message.send()


def _registration(registration_id: int) -> Registration | None:
    """The registration an email is about, with what every email prints (the programme and
    the person's ateliers: the text and the agenda read them both); None if deleted."""
    from .ics import agenda_prefetch

    return (
        Registration.objects.select_related("event__venue", "event__organiser")
        .prefetch_related(*agenda_prefetch())
        .filter(pk=registration_id)
        .first()
    )


def absolute_url(path: str) -> str:
    """Links in emails are absolute: the site's address from the settings, then the path."""
    return settings.SITE_URL.rstrip("/") + path


def build_message(registration: Registration, kind: EmailKind) -> EmailMultiAlternatives:
    from .ics import cancellation_calendar, personal_calendar

    event = registration.event
    context = _context(registration, kind)
    subject = str(SUBJECTS[kind] % {"title": event.title})
    context["subject"] = subject
    text = _tidy(render_to_string(f"email/registration_{kind.value}.txt", context))
    html = render_to_string(f"email/registration_{kind.value}.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, to=[registration.email], **sender(event.organiser)
    )
    message.attach_alternative(html, "text/html")
    # The person's calendar follows: the agenda with the details, its cancellation when
    # the registration ends.
    if kind in (EmailKind.CANCELLED, EmailKind.REFUSED):
        calendar, method = cancellation_calendar(registration), "CANCEL"
    elif context["with_details"]:
        calendar, method = personal_calendar(registration), "PUBLISH"
    else:
        calendar = None
    if calendar is not None:
        message.attach(
            f"{event.slug}.ics", calendar, f"text/calendar; charset=utf-8; method={method}"
        )
    return message


def _context(registration: Registration, kind: EmailKind) -> dict:
    event = registration.event
    on_site = registration.attendance == Attendance.ON_SITE
    # Promotion on an event with approval leads to "pending", not to a seat confirmed.
    awaiting_approval = registration.status == RegistrationStatus.PENDING
    # A waiting registration has no seat yet: no practical details, no atelier agenda.
    waiting = registration.status == RegistrationStatus.WAITING
    with_details = kind in WITH_DETAILS and not awaiting_approval and not waiting
    ateliers, streamed_slots = [], []
    if with_details and on_site:
        ateliers = _ateliers(registration)
    elif with_details:
        streamed_slots = [slot for slot in event.slots.all() if slot.streamed]
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
        # A waiting registration's ateliers are wishes, given on promotion if still free.
        "wishes": _wishes(registration)
        if registration.status == RegistrationStatus.WAITING
        else [],
        "lunch_known": event.lunch != LunchOption.UNKNOWN,
        "event_url": absolute_url(event.get_absolute_url()),
        "manage_url": absolute_url(registration.get_manage_url()),
        # Remote participants get their personal link, never the raw videoconference URL.
        "join_url": absolute_url(remote.join_path(registration))
        if with_details and not on_site
        else "",
        **(_post_event_context(registration) if kind == EmailKind.POST_EVENT else {}),
    }


def _post_event_context(registration: Registration) -> dict:
    attestation_url = ""
    if registration.checkins.exists():
        attestation_url = absolute_url(
            reverse("registrations:attestation", kwargs={"token": registration.token})
        )
    return {
        "resources": list(
            registration.event.resources.filter(published=True).select_related("slot")
        ),
        "attestation_url": attestation_url,
        "evaluation": _evaluation_link(registration),
    }


def _evaluation_link(registration: Registration) -> dict | None:
    """The questionnaire's link and closing date, for a person present at the event while
    the questionnaire is open or about to open (not yet answered)."""
    from .services import evaluation

    try:
        questionnaire = evaluation.evaluation_check(registration=registration)
    except evaluation.EvaluationUnavailable as error:
        if error.reason != error.NOT_YET:
            return None
        questionnaire = registration.event.evaluation
    return {
        "url": absolute_url(
            reverse("registrations:evaluation", kwargs={"token": registration.token})
        ),
        "until": questionnaire.ends_at,
    }


def _ateliers(registration: Registration) -> list[dict]:
    """Each ateliers slot of the event, in time order, with the atelier chosen there (or None)."""
    chosen = {choice.slot_id: choice.workshop for choice in registration.choices.all()}
    ateliers = []
    for slot in registration.event.slots.all():
        if slot.kind != SlotKind.WORKSHOPS:
            continue
        workshop = chosen.get(slot.pk)
        room = (workshop.room if workshop else None) or slot.room
        ateliers.append({"slot": slot, "workshop": workshop, "room": room})
    return ateliers


def _wishes(registration: Registration) -> list:
    choices = sorted(registration.choices.all(), key=lambda choice: choice.slot.start)
    return [choice.workshop for choice in choices]


def _tidy(text: str) -> str:
    """Drop the blank lines that template tags leave in plain text."""
    text = "\n".join(line.rstrip() for line in text.splitlines())
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


# --- Emails sent once: reminders, after the event ------------------------------------------


def send_once(*, registration_id: int, kind: str) -> bool:
    """Send the email `kind` about the registration unless it was already sent.

    The SentEmail row is claimed and the email sent in one transaction: a second run (or a
    second worker at the same time, which waits on the unique index) finds the row and sends
    nothing; if sending fails the claim is rolled back, so the next run tries again.
    Returns whether an email was sent.
    """
    with transaction.atomic():
        registration = _registration(registration_id)
        if registration is None:
            return False
        _sent, created = SentEmail.objects.get_or_create(registration=registration, kind=kind)
        if not created:
            return False
        with translation.override(settings.LANGUAGE_CODE):
            message = build_message(registration, EmailKind(kind))
        message.send()
    return True


def queue_once(registration_ids, kind: EmailKind) -> int:
    from .tasks import send_email_once

    registration_ids = list(registration_ids)
    for registration_id in registration_ids:
        send_email_once.enqueue(registration_id=registration_id, kind=kind.value)
    return len(registration_ids)


# --- "Registration is open" ----------------------------------------------------------------


def notify_opening_notice_confirmation(notice: OpeningNotice) -> None:
    """Queue the email asking to confirm a "tell me when it opens" request, after commit."""
    from .tasks import send_opening_notice_confirmation

    enqueue_on_commit(send_opening_notice_confirmation, notice_id=notice.pk)


def send_opening_notice_confirmation(*, notice_id: int) -> bool:
    """Email the link that confirms a request, unless it is gone or already confirmed."""
    from .services import CONFIRMATION_DAYS

    notice = (
        OpeningNotice.objects.unconfirmed()
        .select_related("event__organiser")
        .filter(pk=notice_id)
        .first()
    )
    if notice is None:
        return False
    event = notice.event
    with translation.override(settings.LANGUAGE_CODE):
        subject = str(_("Confirmez votre demande d'alerte : %(title)s") % {"title": event.title})
        context = {
            "subject": subject,
            "event": event,
            "event_url": absolute_url(event.get_absolute_url()),
            "confirm_url": absolute_url(notice.get_confirm_url()),
            "days": CONFIRMATION_DAYS,
        }
        message = _message(
            subject, "email/opening_notice_confirm", context, to=notice.email, event=event
        )
    message.send()
    return True


def send_opening_notice(*, notice_id: int) -> bool:
    """Tell someone who asked, and confirmed their address, that registration to the event
    is open; once (sent_at)."""
    with transaction.atomic():
        notice = (
            OpeningNotice.objects.confirmed()
            .select_for_update(of=("self",))
            .select_related("event__venue", "event__organiser")
            .filter(pk=notice_id, sent_at__isnull=True)
            .first()
        )
        if notice is None:
            return False
        event = notice.event
        with translation.override(settings.LANGUAGE_CODE):
            subject = str(_("Les inscriptions sont ouvertes : %(title)s") % {"title": event.title})
            context = {
                "subject": subject,
                "event": event,
                "event_url": absolute_url(event.get_absolute_url()),
            }
            message = _message(
                subject, "email/opening_notice", context, to=notice.email, event=event
            )
        notice.sent_at = timezone.now()
        notice.save(update_fields=["sent_at"])
        message.send()
    return True


# --- Messages written by the organising team -----------------------------------------------


def build_staff_message(message: StaffMessage, registration: Registration):
    context = {
        "subject": message.subject,
        "body": message.body,
        "registration": registration,
        "event": message.event,
        "event_url": absolute_url(message.event.get_absolute_url()),
        "manage_url": absolute_url(registration.get_manage_url()),
    }
    return _message(
        message.subject,
        "email/staff_message",
        context,
        to=registration.email,
        event=message.event,
    )


def send_staff_message(*, message_id: int) -> int:
    """Send a staff message to its recipients, once (sent_at). Returns how many got it.

    If the sending fails, nothing is sent and the failure is recorded on the message (the
    staff pages show it), then the error is raised again for the task's own record."""
    try:
        with transaction.atomic():
            message = (
                StaffMessage.objects.select_for_update(of=("self",))
                .select_related("event__organiser")
                .filter(pk=message_id, sent_at__isnull=True)
                .first()
            )
            if message is None:
                return 0
            recipients = list(message.recipients.order_by("pk"))
            with translation.override(settings.LANGUAGE_CODE):
                emails = [build_staff_message(message, registration) for registration in recipients]
            message.sent_at = timezone.now()
            message.failed_at, message.failure = None, ""
            message.save(update_fields=["sent_at", "failed_at", "failure"])
            # Inside the transaction: if the mail server fails, the message stays unsent.
            with get_connection() as connection:
                connection.send_messages(emails)
    except Exception as error:
        StaffMessage.objects.filter(pk=message_id, sent_at__isnull=True).update(
            failed_at=timezone.now(), failure=failure_text(error)
        )
        raise
    return len(emails)


def failure_text(error: Exception) -> str:
    """Why a sending failed, in words the organising team can act on."""
    with translation.override(settings.LANGUAGE_CODE):
        if isinstance(error, BadHeaderError):
            return str(_("l'objet contient un retour à la ligne."))
        return str(_("le serveur de courriel a refusé l'envoi (%(error)s).")) % {
            "error": f"{type(error).__name__}: {error}"[:200]
        }


def _message(
    subject: str, template: str, context: dict, *, to: str, event
) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=subject,
        body=_tidy(render_to_string(f"{template}.txt", context)),
        to=[to],
        **sender(event.organiser),
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return message


def send_inactivity_warning(*, user_id: int) -> bool:
    """Tell the owner of an unused account that it will be deleted unless they sign in."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None or not user.email:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        subject = str(_("Votre compte Quartiers 2030 sera supprimé"))
        context = {
            "subject": subject,
            "days": settings.INACTIVE_ACCOUNT_WARNING_DAYS,
            "login_url": absolute_url(reverse("account_login")),
        }
        message = EmailMultiAlternatives(
            subject=subject,
            body=_tidy(render_to_string("email/inactivity_warning.txt", context)),
            to=[user.email],
        )
        message.attach_alternative(
            render_to_string("email/inactivity_warning.html", context), "text/html"
        )
    message.send()
    return True
