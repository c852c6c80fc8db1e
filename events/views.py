from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from . import selectors
from .models import Cycle, Event

HOME_PAST_EVENTS = 6
ARCHIVE_PAGE_SIZE = 20


def home(request):
    return render(
        request,
        "events/home.html",
        {
            "upcoming_events": selectors.upcoming_events(),
            "cycles": selectors.cycles_with_counts(),
            "past_events": selectors.past_events(limit=HOME_PAST_EVENTS),
        },
    )


def event_detail(request, slug):
    try:
        event = selectors.event_for_page(slug=slug)
    except Event.DoesNotExist:
        raise Http404 from None
    return render(request, "events/event_detail.html", {"event": event})


def cycle_detail(request, slug):
    try:
        cycle = selectors.cycle_for_page(slug=slug)
    except Cycle.DoesNotExist:
        raise Http404 from None
    return render(request, "events/cycle_detail.html", {"cycle": cycle})


def archive(request):
    page = Paginator(selectors.past_events(), ARCHIVE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "events/archive.html", {"page": page})
