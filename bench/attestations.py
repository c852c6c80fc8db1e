"""Attestations de présence and activity figures: seconds (not a test).

- 300 attestations in one bulk PDF (one page each), on the demo 2 October 2025 day with 300
  confirmed on-site participants checked in (two thirds all day, a third the morning only);
- the activity page (/staff/activite/, rendered through its view) and its XLSX for a year
  of 200 published events of 40 registrations each, with check-ins; the number of queries is
  printed too (it must not depend on the number of events).

Same throwaway database as bench/badges.py (never db.sqlite3); no server needed.
"""

import datetime as dt
import time

from badges import seed, timed  # bench/ is on sys.path when run as a script

ATTESTATIONS = 300
EVENTS = 200
PER_EVENT = 40


def seed_checkins(event):
    from registrations.models import CheckIn

    registrations = list(event.registrations.order_by("pk"))
    CheckIn.objects.bulk_create(
        CheckIn(registration=registration, half_day=half_day)
        for index, registration in enumerate(registrations)
        for half_day in (("matin",) if index % 3 == 2 else ("matin", "apres_midi"))
    )


def seed_year(year=2024):
    """EVENTS published events in `year`, PER_EVENT registrations each (mixed categories,
    statuses and modes), three quarters of the confirmed on-site ones checked in."""
    from events.models import Event, Organiser, Venue
    from registrations.enums import Category
    from registrations.models import CheckIn, Registration

    organiser = Organiser.objects.order_by("pk").first()
    venues = [
        Venue.objects.create(name=f"Salle {d}", city=f"Commune {d}", department=str(d))
        for d in (54, 55, 57, 88, 67, 68, 8, 10, 51, 52)
    ]
    events = Event.objects.bulk_create(
        Event(
            title=f"Rencontre {i}", slug=f"bench-rencontre-{i}", organiser=organiser,
            venue=venues[i % len(venues)], status="published",
            date=dt.date(year, 1, 1) + dt.timedelta(days=i),
            start_time=dt.time(9), end_time=dt.time(16, 30),
        )
        for i in range(EVENTS)
    )  # fmt: skip
    categories = list(Category.values)
    statuses = ["confirmed"] * 7 + ["pending", "waiting", "cancelled"]
    registrations = Registration.objects.bulk_create(
        Registration(
            event=event, first_name="Camille", last_name=f"MARTIN {e}-{i}",
            email=f"p{e}-{i}@example.org", organisation="Ville de Tomblaine",
            category=categories[i % len(categories)], status=statuses[i % len(statuses)],
            attendance="remote" if i % 8 == 0 else "on_site", walk_in=i == 1,
            token=f"bench-year-{e}-{i}",
        )
        for e, event in enumerate(events)
        for i in range(PER_EVENT)
    )  # fmt: skip
    CheckIn.objects.bulk_create(
        CheckIn(registration=r, half_day="matin")
        for index, r in enumerate(registrations)
        if r.status == "confirmed" and r.attendance == "on_site" and index % 4
    )
    return year


def activity_page(year):
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    from backoffice.views import activity

    user = get_user_model().objects.create_superuser("bench-staff", "bench@example.org", "x")

    def get(view, path):
        request = RequestFactory().get(path, {"annee": str(year)})
        request.user = user
        response = view(request)
        assert response.status_code == 200, response.status_code
        return response.content

    for view, path, label in [
        (activity.activity_page, "/staff/activite/", f"activity page, {EVENTS} events"),
        (activity.activity_xlsx, "/staff/activite.xlsx", f"activity XLSX, {EVENTS} events"),
    ]:
        get(view, path)  # template loading, openpyxl import: not measured
        with CaptureQueriesContext(connection) as queries:
            get(view, path)
        timed(f"{label} ({len(queries)} queries)", lambda v=view, p=path: get(v, p))


def main():
    from registrations.attestations import attestation_pdf
    from registrations.models import Registration

    event = seed(participants=ATTESTATIONS)
    seed_checkins(event)
    registrations = Registration.objects.filter(event=event)
    one = registrations.filter(pk=registrations.first().pk)
    attestation_pdf(registrations=one)  # imports and fonts, not measured
    started = time.perf_counter()
    attestation_pdf(registrations=one)
    print(f"{'1 attestation (tagged)':<40} {time.perf_counter() - started:5.2f} s")
    timed(
        f"{ATTESTATIONS} attestations (bulk)", lambda: attestation_pdf(registrations=registrations)
    )
    activity_page(seed_year())


if __name__ == "__main__":
    main()
