"""The personal videoconference link of a remote registrant (see registrations/remote.py)."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from . import remote, services


@never_cache
def visio(request, token):
    """To the videoconference during the streamed slots (and record the presence of the
    half-day, once); outside them, a page that says when the stream starts."""
    registration = remote.registration_for_join_token(token)
    if registration is None:
        raise Http404
    event = registration.event
    now = timezone.now()
    context = {"registration": registration, "event": event}
    try:
        outcome = services.remote_join_record(registration=registration, now=now)
    except services.RemoteJoinRefused as error:
        return render(
            request, "registrations/visio.html", {**context, "refused": error.message}, status=403
        )
    if outcome.checkin is not None and event.videoconference_url:
        return redirect(event.videoconference_url)
    return render(
        request,
        "registrations/visio.html",
        {
            **context,
            "on_air": outcome.checkin is not None,
            "next_window": outcome.next_window,
            "windows": outcome.windows,
            "over": not outcome.checkin and outcome.next_window is None,
        },
    )
