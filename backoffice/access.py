"""Who may open the organising team's pages: one decorator per kind of page, on top of the
scoping layer (events/scoping.py).

- anonymous visitors are sent to the admin login;
- a signed-in person with no team role (a participant) gets 403;
- an event outside the user's scope is not found (404): nothing confirms it exists;
- an event in scope for which the user lacks the page's capability (a door volunteer asking
  for the participant list of their own event) gets 403.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse_lazy
from django.views.decorators.cache import never_cache

from events.scoping import Can, can, events_for, is_team_member


def staff_view(capability: Can):
    """For the pages that are about no single event (activity figures): the user needs
    `capability` somewhere; what the page shows is scoped by the view."""

    def decorator(view):
        @wraps(view)
        @login_required(login_url=reverse_lazy("admin:login"))
        def wrapped(request, *args, **kwargs):
            if not (is_team_member(request.user) and can(request.user, capability)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return never_cache(wrapped)

    return decorator


def staff_event_view(capability: Can):
    """For the pages of one event: the view receives the event instead of its slug."""

    def decorator(view):
        @wraps(view)
        @login_required(login_url=reverse_lazy("admin:login"))
        def wrapped(request, slug, *args, **kwargs):
            if not is_team_member(request.user):
                raise PermissionDenied
            visible = events_for(request.user, Can.VIEW_EVENT)
            # Drafts too: badges are printed before the event is published.
            event = get_object_or_404(visible.select_related("organiser", "venue"), slug=slug)
            if not can(request.user, capability, event=event):
                raise PermissionDenied
            return view(request, event, *args, **kwargs)

        return never_cache(wrapped)

    return decorator
