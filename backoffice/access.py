"""Who may open the organising team's pages: one decorator per kind of page.

Anonymous visitors are sent to the admin login; a logged-in user who is not staff, or lacks
the permission the page needs, gets 403. Every staff URL of the back-office goes through
`staff_event_view` (pages of one event, found by slug, drafts included: badges are printed
before the event is published) or `staff_view` (pages about no single event).
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse_lazy
from django.views.decorators.cache import never_cache

from events.models import Event

DOCUMENTS = "registrations.view_registration"  # lists, badges, sign-in sheets, figures
CHECKIN = "registrations.add_checkin"  # the door
MAILING = "registrations.add_staffmessage"  # messages to registrants
GROUPS = "registrations.change_registration"  # working groups


def has_staff_permission(user, permission: str) -> bool:
    return user.is_active and user.is_staff and user.has_perm(permission)


def staff_view(permission: str):
    """For the pages that are about no single event (activity figures)."""

    def decorator(view):
        @wraps(view)
        @login_required(login_url=reverse_lazy("admin:login"))
        def wrapped(request, *args, **kwargs):
            if not has_staff_permission(request.user, permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return never_cache(wrapped)

    return decorator


def staff_event_view(permission: str):
    """For the pages of one event: the view receives the event instead of its slug."""

    def decorator(view):
        @wraps(view)
        def with_event(request, slug, *args, **kwargs):
            event = get_object_or_404(Event.objects.select_related("organiser", "venue"), slug=slug)
            return view(request, event, *args, **kwargs)

        return staff_view(permission)(with_event)

    return decorator
