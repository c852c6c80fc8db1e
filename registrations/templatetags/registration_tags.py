from django import template

from registrations import selectors
from registrations.forms import OpeningNoticeForm

register = template.Library()


@register.inclusion_tag("registrations/_event_box.html", takes_context=True)
def registration_box(context, event):
    """The registration panel of an event page: state, seats, and what the visitor can do."""
    request = context["request"]
    return {
        "event": event,
        "state": selectors.registration_state(event),
        "seats_left": selectors.seats_left(event),
        "registration": selectors.user_registration(event=event, user=request.user),
        "notice_form": OpeningNoticeForm(),
        "request": request,
    }


@register.inclusion_tag("registrations/_public_participants.html")
def public_participants(event):
    """Who comes, for those who agreed to be listed (name and organisation only)."""
    from registrations.selectors import public_participants as listed

    return {"people": listed(event)}
