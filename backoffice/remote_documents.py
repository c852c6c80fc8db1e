"""The remote sign-in record (« relevé des connexions à distance »): for each person seen
remotely, per half-day, the first connection, the last departure, the minutes followed and
what proves them. What funders accept instead of signatures for remote participants.
Small (one line per remote participant and half-day): built on request, not in a task."""

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from events.enums import HalfDay
from events.models import Event
from quartiers2030.pdf import render_pdf
from registrations.attestations import duration
from registrations.selectors import remote_attendees


def _time(value) -> str:
    return timezone.localtime(value).strftime("%H:%M") if value else "—"


def remote_signin_rows(event: Event) -> list[dict]:
    rows = []
    for person in remote_attendees(event):
        for checkin in person.remote_checkins:
            rows.append(
                {
                    "last_name": person.last_name,
                    "first_name": person.first_name,
                    "organisation": person.organisation,
                    "email": person.email,
                    "half_day": HalfDay(checkin.half_day).label,
                    "joined": checkin.checked_at,
                    "left": checkin.left_at,
                    "minutes": checkin.minutes or 0,
                    "source": checkin.get_source_display(),
                }
            )
    return rows


def remote_signin_pdf(*, event: Event, rows: list[dict]) -> bytes:
    halves = []
    for half in HalfDay:
        lines = [
            {**row, "joined": _time(row["joined"]), "left": _time(row["left"]),
             "duration": duration(row["minutes"])}
            for row in rows
            if row["half_day"] == half.label
        ]  # fmt: skip
        if lines:
            halves.append({"label": half.label, "rows": lines})
    venue = event.venue
    context = {
        "title": _("Relevé des connexions à distance — %(event)s") % {"event": event.title},
        "event": event.title,
        "organiser": event.organiser.name,
        "date": formats.date_format(event.date, "l j F Y"),
        "place": f"{venue.name}, {venue.city}" if venue else "",
        "halves": halves,
        "people": len({(r["last_name"], r["first_name"], r["email"]) for r in rows}),
        "printed_at": timezone.localtime().strftime("%d/%m/%Y %H:%M"),
    }
    return render_pdf("pdf/remote_signin.html", context)


def remote_signin_xlsx(*, event: Event, rows: list[dict]) -> bytes:
    from quartiers2030.exports import xlsx_bytes

    header = [
        _("Nom"), _("Prénom"), _("Structure"), _("Adresse électronique"), _("Demi-journée"),
        _("Première connexion"), _("Dernière déconnexion"), _("Minutes suivies"), _("Source"),
    ]  # fmt: skip
    lines = [
        [
            r["last_name"], r["first_name"], r["organisation"], r["email"], r["half_day"],
            r["joined"], r["left"], r["minutes"], r["source"],
        ]
        for r in rows
    ]  # fmt: skip
    return xlsx_bytes(header, lines, sheet_title=_("Connexions à distance"))
