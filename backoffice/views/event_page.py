"""The public page of an event, composed here because it shows every app: the programme
(events), the ateliers (workshops), the registration box and the list of participants
(registrations), the resources and "À retenir" (resources).

The page is cached for anonymous visitors (quartiers2030/pagecache.py) without its live
parts, the registration box (seats left, the visitor's own registration, a CSRF token),
the participant list (personal data, shown by rules of the registrations app) and the
schema.org JSON-LD (the same for everyone, but its availability follows the seats left:
backoffice/jsonld.py): those are put in their place on every request, rendered for a
signed-in visitor, from the cache for anonymous ones until a registration to the event
changes (or registrations open or close)."""

import functools

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render
from django.template import engines
from django.utils.translation import gettext as _

from backoffice import jsonld
from events import caching
from events.caching import event_page_names, registrations_name
from events.enums import RegistrationMode
from events.models import Event
from events.selectors import event_for_page
from quartiers2030 import pagecache
from registrations import selectors
from resources.models import Resource, Takeaway

LIVE_PARTS = {
    "registration_box": "{% load registration_tags %}{% registration_box event mine %}",
    "participants": "{% load registration_tags %}{% public_participants event mine %}",
}
_live_templates = {}


def _live(name: str, event: Event, request, mine) -> str:
    if name not in _live_templates:
        _live_templates[name] = engines["django"].from_string(LIVE_PARTS[name])
    return _live_templates[name].render({"event": event, "mine": mine}, request)


def jump_links(event: Event, *, ateliers_slot) -> list[tuple[str, str]]:
    """The "Sur cette page" links at the top (the programme starts far down on a phone):
    only to the parts the page has. From what the cached page shows: the mode and the
    day, never the seats."""
    links = [("programme", _("Programme"))] if event.slots.all() else []
    if ateliers_slot is not None:
        links.append(("ateliers", _("Ateliers")))
    if (
        not event.is_cancelled
        and not event.is_past
        and event.registration_mode in (RegistrationMode.OPEN, RegistrationMode.FULL)
    ):
        links.append(("inscription", _("S'inscrire")))
    if event.takeaways.all():
        links.append(("a-retenir", _("À retenir")))
    if event.resources.all():
        links.append(("ressources", _("Ressources")))
    return links


class _Moved(Exception):
    """The slug no longer names the event remembered for it (renamed, hidden, deleted)."""


def event_detail(request, slug):
    # The event's id, remembered for its slug, names what the page is cached under: an
    # anonymous visit to a page whose fragments are stored too costs no query at all.
    # Whatever is rendered checks the slug still names that event; a page is only ever
    # stored under the names of the event it shows.
    event_id = caching.remembered_event_id(slug)
    if event_id is not None:
        try:
            return _event_page(request, slug, event_id)
        except _Moved:
            pass
    event_id = Event.objects.visible().filter(slug=slug).values_list("pk", flat=True).first()
    if event_id is None:
        raise Http404
    caching.remember_event_id(slug, event_id)
    try:
        return _event_page(request, slug, event_id)
    except _Moved:  # changed in between
        raise Http404 from None


def _event_page(request, slug: str, event_id: int):
    @functools.cache
    def event() -> Event:
        """The row itself, read (after the cache versions) only when a fragment is rendered:
        what the registration box and the JSON-LD (availability follows the seats) show."""
        found = (
            Event.objects.visible().select_related("venue", "organiser").filter(slug=slug).first()
        )
        if found is None or found.pk != event_id:
            raise _Moved
        return found

    @functools.cache
    def mine():
        """The visitor's own registration, read once for both live parts."""
        return selectors.user_registration(event=event(), user=request.user)

    def build():
        try:
            full = event_for_page(
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
            raise _Moved from None
        if full.pk != event_id:
            raise _Moved
        live = {name: pagecache.fresh_marker(name) for name in (*LIVE_PARTS, "jsonld")}
        ateliers_slot = next(
            (slot for slot in full.slots.all() if slot.is_workshops and slot.workshops.all()),
            None,
        )
        return render(
            request,
            "backoffice/event_page.html",
            {
                "event": full,
                "live": live,
                "ateliers_slot": ateliers_slot,
                "jump_links": jump_links(full, ateliers_slot=ateliers_slot),
            },
        )

    return pagecache.serve(
        request,
        names=event_page_names(event_id),
        build=build,
        fresh={
            **{
                name: (lambda name=name: _live(name, event(), request, mine()))
                for name in LIVE_PARTS
            },
            "jsonld": lambda: jsonld.script_tag(jsonld.event_jsonld(event())),
        },
        fresh_names=(registrations_name(event_id),),
        fresh_until=lambda: event().registration_state_changes_at(),
    )
