"""The public page of an event, composed here because it shows every app: the programme
(events), the ateliers (workshops), the registration box and the list of participants
(registrations), the resources and "À retenir" (resources)."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render

from events.models import Event
from events.selectors import event_for_page
from resources.models import Resource, Takeaway


def event_detail(request, slug):
    try:
        event = event_for_page(
            slug=slug,
            prefetch=(
                Prefetch(
                    "resources",
                    queryset=Resource.objects.filter(published=True).select_related("slot"),
                ),
                Prefetch("takeaways", queryset=Takeaway.objects.filter(published=True)),
            ),
        )
    except Event.DoesNotExist:
        raise Http404 from None
    return render(request, "backoffice/event_page.html", {"event": event})
