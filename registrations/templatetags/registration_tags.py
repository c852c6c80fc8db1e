from django import template

from registrations import selectors
from registrations.forms import OpeningNoticeForm

register = template.Library()

# "Not given": the tag reads the visitor's registration itself (None is a valid answer).
UNREAD = object()


def _registration(request, event, registration):
    if registration is UNREAD:
        return selectors.user_registration(event=event, user=request.user)
    return registration


@register.simple_tag(takes_context=True)
def visitor_registration(context, event):
    """The visitor's live registration to the event (None if anonymous or not registered):
    read once per page, then passed to `registration_box` and `public_participants`."""
    return selectors.user_registration(event=event, user=context["request"].user)


@register.inclusion_tag("registrations/_event_box.html", takes_context=True)
def registration_box(context, event, registration=UNREAD):
    """The registration panel of an event page: state, seats, and what the visitor can do."""
    request = context["request"]
    state = selectors.registration_state(event)
    return {
        "event": event,
        "state": state,
        "seats_left": selectors.seats_left(event),
        "registration": _registration(request, event, registration),
        "notice_form": OpeningNoticeForm() if state in selectors.NOTICE_STATES else None,
        "notice_days": selectors.NOTICE_CONFIRMATION_DAYS,
        "request": request,
    }


@register.inclusion_tag("registrations/_public_participants.html", takes_context=True)
def public_participants(context, event, registration=UNREAD):
    """Who comes, among those who agreed to be listed (name and organisation only): the
    names for confirmed registrants and the event's staff, a count for everyone else."""
    request = context["request"]
    return {
        **selectors.participant_list(
            event=event,
            user=request.user,
            registration=_registration(request, event, registration),
        ),
        "event": event,
        "request": request,
    }


@register.filter
def join_path(registration):
    """The personal videoconference link of a confirmed remote registration, else ""."""
    from registrations import remote
    from registrations.enums import Attendance, RegistrationStatus

    if (
        registration.attendance != Attendance.REMOTE
        or registration.status != RegistrationStatus.CONFIRMED
        or registration.anonymised_at
        or not registration.event.remote_attendance
    ):
        return ""
    return remote.join_path(registration)
