"""The embeddable agenda on a partner's page served from another origin (a second port)."""

import datetime as dt
import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.utils import timezone

from events.models import Event
from events.selectors import upcoming_events

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
MONTHS = [
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre",
]  # fmt: skip

PARTNER_PAGE = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Site partenaire</title></head>
<body><main><h1>Nos rendez-vous</h1>
<div id="agenda-oriv"></div>
<script src="{site}/static/js/embed.js" data-organiser="oriv" data-target="agenda-oriv" async>
</script>
</main></body></html>
"""


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def partner_site(tmp_path, live_server):
    """A static page on another port that pastes the snippet pointing at the live server."""
    (tmp_path / "index.html").write_text(PARTNER_PAGE.format(site=live_server.url))
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(tmp_path))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def french_day(day: dt.date) -> str:
    return f"{DAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}".capitalize()


def test_embed_shows_oriv_upcoming_events_on_another_origin(
    browser, live_server, partner_site, settings, axe
):
    settings.SITE_URL = live_server.url  # the links the API gives
    call_command("load_demo", verbosity=0)
    expected = list(upcoming_events().filter(organiser__slug="oriv")[:5])
    assert expected  # the demonstration event is always ahead
    demo = Event.objects.get(slug="demonstration-journee-regionale")

    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(10_000)
    allowed = {urlsplit(live_server.url).netloc, urlsplit(partner_site).netloc}
    foreign, api_calls = [], []

    def guard(route):
        request = route.request
        if urlsplit(request.url).netloc in allowed:
            if "/api/v1/" in request.url:
                api_calls.append(request.headers.get("origin"))
            route.continue_()
        else:
            foreign.append(request.url)
            route.abort()

    page.route("**/*", guard)
    page.goto(partner_site + "/")
    items = page.locator("#agenda-oriv ul.q2030-list > li")
    items.first.wait_for()
    assert items.count() == len(expected)

    link = page.get_by_role("link", name=demo.title)
    assert link.get_attribute("href") == f"{live_server.url}/evenements/{demo.slug}/"
    card = items.filter(has=link)
    assert card.locator("time").inner_text() == f"{french_day(demo.date)}, 10h – 16h30"
    start = timezone.make_aware(dt.datetime.combine(demo.date, demo.start_time))
    assert card.locator("time").get_attribute("datetime") == start.isoformat()
    assert "Journée régionale · Tomblaine (54)" in card.inner_text()
    assert page.locator("#agenda-oriv").get_attribute("aria-busy") is None

    # It went through CORS: the API was called from the partner's origin.
    assert api_calls and set(api_calls) == {partner_site}
    assert foreign == []
    # The host page keeps its own look: the embed's rules apply inside its container only.
    assert page.evaluate("getComputedStyle(document.querySelector('h1')).fontWeight") == "700"
    results = axe.run(page)
    assert [v["id"] for v in results.response["violations"]] == []
    context.close()
