"""One registration end to end, as a visitor does it: requests and seconds (server side).

Event page → "M'inscrire" → login page → email → code page → code → form → submit →
registration page. Throwaway SQLite database, demo data, emails in memory.
"""

import io
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quartiers2030.settings.test")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3")

import django

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.core import mail  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from events.enums import SlotKind  # noqa: E402
from events.models import Event  # noqa: E402
from tests.factories import UserFactory  # noqa: E402

ROUNDS = 20


def one_registration(event, n):
    email = f"elu{n}@example.org"
    EmailAddress.objects.create(
        user=UserFactory(username=f"elu{n}", email=email), email=email, verified=True, primary=True
    )
    client, requests = Client(), 0

    def go(method, url, data=None):
        nonlocal requests
        requests += 1
        response = getattr(client, method)(url, data or {})
        assert response.status_code in (200, 302), (url, response.status_code)
        return response

    started = time.perf_counter()
    go("get", event.get_absolute_url())
    form_url = f"/evenements/{event.slug}/inscription/"
    go("get", go("get", form_url)["Location"])  # the login page, next=the form
    confirm = go("post", "/compte/login/code/", {"email": email, "next": form_url})
    go("get", confirm["Location"])
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    assert go("post", confirm["Location"], {"code": code, "next": form_url})["Location"] == form_url
    go("get", form_url)
    data = {
        "first_name": "Camille", "last_name": "MARTIN", "organisation": "Ville de Metz",
        "category": "elu_communal", "privacy": "on",
    }  # fmt: skip
    for slot in event.slots.filter(kind=SlotKind.WORKSHOPS):
        data[f"slot_{slot.pk}"] = slot.workshops.order_by("pk")[n % 4].pk
    done = go("post", form_url, data)
    go("get", done["Location"])
    return requests, time.perf_counter() - started


def main():
    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    event = Event.objects.get(slug="demonstration-journee-regionale")
    results = [one_registration(event, n) for n in range(ROUNDS)]
    seconds = [s for _, s in results]
    print(
        f"registration end to end: {results[0][0]} requests, "
        f"median {statistics.median(seconds) * 1000:.0f} ms, max {max(seconds) * 1000:.0f} ms "
        f"(server side, {ROUNDS} registrations); {event.registrations.count()} registered"
    )


if __name__ == "__main__":
    main()
