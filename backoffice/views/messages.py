"""Emails to an event's registrants: a free message, the after-the-event email. Each sending
is recorded in the trail of personal-data access (count: the recipients)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from events.scoping import Can
from registrations import selectors, services
from registrations.emails import build_message, build_staff_message
from registrations.enums import EmailKind
from registrations.enums import PersonalDataAction as Access
from registrations.models import StaffMessage
from registrations.services import trail

from ..access import staff_event_view
from ..forms import StaffMessageForm


def _admin_event_url(event) -> str:
    return reverse("admin:events_event_change", args=[event.pk])


@staff_event_view(Can.MESSAGE)
@require_http_methods(["GET", "POST"])
def staff_message(request, event):
    """Write, preview (count, names, the text as received), then send through the queue."""
    form = StaffMessageForm(request.POST or None, event=event)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        recipients = selectors.message_recipients(
            event=event,
            statuses=data["statuses"],
            attendance=data["attendance"],
            workshop=data["workshop"],
            presence=data["presence"],
        )
        count = recipients.count()
        if not count:
            form.add_error(None, _("Aucune inscription ne correspond à ces critères."))
        elif "send" in request.POST:
            message = services.staff_message_send(
                event=event,
                subject=data["subject"],
                body=data["body"],
                audience=form.audience(),
                recipients=recipients,
                by=request.user,
            )
            trail.access_record(
                user=request.user,
                action=Access.STAFF_MESSAGE,
                event=event,
                count=count,
                detail=form.audience(),
            )
            message.refresh_from_db()  # sent already if the queue runs immediately
            if message.failed_at:
                messages.error(
                    request,
                    _("Le message « %(subject)s » n'a pas été envoyé : %(failure)s")
                    % {"subject": data["subject"], "failure": message.failure},
                )
            else:
                messages.success(
                    request,
                    _("Message « %(subject)s » mis en file d'envoi pour %(count)s personnes.")
                    % {"subject": data["subject"], "count": count},
                )
            return redirect(_admin_event_url(event))
        else:
            draft = StaffMessage(event=event, subject=data["subject"], body=data["body"])
            first = recipients.select_related("event__organiser").first()
            preview = {
                "count": count,
                "names": list(recipients[:20]),
                "text": build_staff_message(draft, first).body,
            }
    return render(
        request,
        "backoffice/message.html",
        {
            "event": event,
            "form": form,
            "preview": preview,
            "admin_url": _admin_event_url(event),
            "sent_messages": event.messages.order_by("-created_at")[:20],
        },
    )


@staff_event_view(Can.MESSAGE)
@require_http_methods(["GET", "POST"])
def post_event_email(request, event):
    """The after-the-event email (resources, attestation link) to every attendee, once."""
    if request.method == "POST":
        try:
            count = services.post_event_emails_queue(event=event)
        except services.RegistrationError as error:
            messages.error(request, error.message)
        else:
            trail.access_record(
                user=request.user, action=Access.POST_EVENT_EMAIL, event=event, count=count
            )
            messages.success(
                request,
                _("Courriel mis en file d'envoi pour %(count)s personnes.") % {"count": count},
            )
        return redirect(_admin_event_url(event))
    recipients = selectors.post_event_recipients(event).select_related("event__organiser")
    first = recipients.first()
    preview = build_message(first, EmailKind.POST_EVENT) if first else None
    return render(
        request,
        "backoffice/post_event.html",
        {
            "event": event,
            "count": recipients.count(),
            "already": selectors.attendees(event)
            .filter(sent_emails__kind=EmailKind.POST_EVENT)
            .count(),
            "preview": preview.body if preview else "",
            "admin_url": _admin_event_url(event),
        },
    )
