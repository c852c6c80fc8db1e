from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static as static_url
from django.utils import timezone
from django.utils.translation import gettext as _

from quartiers2030 import pagecache

# Both import their heavy library (weasyprint, icalendar) inside the functions that need it.
from quartiers2030.pdf import image_src, render_pdf

from . import ics, legal, selectors
from .caching import LISTINGS, event_page_names
from .enums import LegalPageKind
from .models import Cycle, Event, Organiser

HOME_PAST_EVENTS = 6
ARCHIVE_PAGE_SIZE = 20


def _next_state_change(events):
    """When one of `events` changes registration state with time (opening, closing)."""
    now = timezone.now()
    moments = [
        moment
        for event in events
        for moment in (event.registration_opens_at, event.registration_closes_at)
        if moment and moment > now
    ]
    return min(moments, default=None)


@pagecache.cached_page(LISTINGS)
def home(request):
    upcoming = list(selectors.upcoming_events())
    response = render(
        request,
        "events/home.html",
        {
            "upcoming_events": upcoming,
            "cycles": selectors.cycles_with_counts(),
            "past_events": selectors.past_events(limit=HOME_PAST_EVENTS),
        },
    )
    return pagecache.valid_until(response, _next_state_change(upcoming))


def _event_or_404(slug):
    try:
        return selectors.event_for_page(slug=slug)
    except Event.DoesNotExist:
        raise Http404 from None


def _event_id_or_404(slug) -> int:
    """The id a cached page of the event is looked up by (one small query)."""
    event_id = Event.objects.visible().filter(slug=slug).values_list("pk", flat=True).first()
    if event_id is None:
        raise Http404
    return event_id


def programme_pdf(request, slug):
    """The printable programme, public like the event page (drafts are not found).

    Rendered once per change of the event (or of what it shows), then served from the
    cache: concurrent requests after a change wait for the one rendering it."""

    def build():
        event = _event_or_404(slug)
        response = HttpResponse(
            render_pdf(
                "pdf/programme.html", {"event": event, "logo": image_src(event.organiser.logo)}
            ),
            content_type="application/pdf",
        )
        response["Content-Disposition"] = f'inline; filename="programme-{event.slug}.pdf"'
        return response

    return pagecache.serve(
        request,
        names=event_page_names(_event_id_or_404(slug)),
        build=build,
        for_everyone=True,
        single_flight=True,
    )


CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"


def _calendar_response(data: bytes, *, filename: str, disposition: str) -> HttpResponse:
    response = HttpResponse(data, content_type=CALENDAR_CONTENT_TYPE)
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def event_ics(request, slug):
    """The event for a calendar: the day, or one entry per programme slot with ?detail=1."""

    def build():
        event = _event_or_404(slug)
        detail = request.GET.get("detail") == "1"
        return _calendar_response(
            ics.event_calendar(event, site_url=settings.SITE_URL, detail=detail),
            filename=f"{event.slug}{'-programme' if detail else ''}.ics",
            disposition="attachment",
        )

    return pagecache.serve(
        request, names=event_page_names(_event_id_or_404(slug)), build=build, for_everyone=True
    )


def _feed_response(*, name: str, filename: str, **filters) -> HttpResponse:
    events = selectors.calendar_feed_events(**filters)
    return _calendar_response(
        ics.feed_calendar(events, site_url=settings.SITE_URL, name=name),
        filename=filename,
        disposition="inline",
    )


@pagecache.cached_page(LISTINGS, for_everyone=True)
def feed(request):
    return _feed_response(
        name=_("Quartiers 2030 — événements"), filename="quartiers2030-evenements.ics"
    )


@pagecache.cached_page(LISTINGS, for_everyone=True)
def organiser_feed(request, slug):
    try:
        organiser = selectors.organiser_for_feed(slug=slug)
    except Organiser.DoesNotExist:
        raise Http404 from None
    return _feed_response(
        name=_("Quartiers 2030 — %(organiser)s") % {"organiser": organiser},
        filename=f"quartiers2030-{organiser.slug}.ics",
        organiser=organiser,
    )


@pagecache.cached_page(LISTINGS, for_everyone=True)
def cycle_feed(request, slug):
    try:
        cycle = selectors.cycle_for_feed(slug=slug)
    except Cycle.DoesNotExist:
        raise Http404 from None
    return _feed_response(
        name=cycle.title,
        filename=f"quartiers2030-{cycle.slug}.ics",
        cycle=cycle,
    )


@pagecache.cached_page(LISTINGS)
def cycle_detail(request, slug):
    try:
        cycle = selectors.cycle_for_page(slug=slug)
    except Cycle.DoesNotExist:
        raise Http404 from None
    response = render(request, "events/cycle_detail.html", {"cycle": cycle})
    return pagecache.valid_until(response, _next_state_change(cycle.events.all()))


@pagecache.cached_page(LISTINGS)
def organiser_detail(request, slug):
    """An organiser's upcoming events, and the snippet partners paste to show them on their
    own site (static/js/embed.js, which reads the public API)."""
    try:
        organiser = selectors.organiser_for_page(slug=slug)
    except Organiser.DoesNotExist:
        raise Http404 from None
    target = f"agenda-{organiser.slug}"
    script = settings.SITE_URL.rstrip("/") + static_url("js/embed.js")
    snippet = (
        f'<div id="{target}"></div>\n'
        f'<script src="{script}" data-organiser="{organiser.slug}" data-target="{target}" '
        f"async></script>"
    )
    response = render(
        request, "events/organiser_detail.html", {"organiser": organiser, "snippet": snippet}
    )
    return pagecache.valid_until(response, _next_state_change(organiser.upcoming))


@pagecache.cached_page(LISTINGS)
def archive(request):
    page = Paginator(selectors.past_events(), ARCHIVE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "events/archive.html", {"page": page})


def legal_page(request, kind):
    """A legal page: the text written in the admin, or the one shipped with the portal.

    While the text has bracketed placeholders ("[Nom de la structure]"), only staff see it,
    under a banner listing them; everyone else gets "Page en cours de rédaction", so that
    no draft reaches the public."""
    text = legal.legal_text(kind)
    missing = text.placeholders
    if missing and not request.user.is_staff:
        return render(request, "pages/legal_pending.html", {"title": text.default_title})
    edit_url = ""
    if missing and request.user.is_superuser:
        edit_url = legal.edit_url(kind)
    context = {"page": text, "missing": missing, "edit_url": edit_url}
    if kind == LegalPageKind.PRIVACY:
        context["retention"] = legal.retention_facts()
    return render(request, "pages/legal_page.html", context)
