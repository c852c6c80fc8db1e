"""Figures for the organiser's activity report: per year, per event, by category and by
département, on a staff page and as XLSX.

Reads only, counted in the database (Count with filters): the events of a year in one query,
the categories in another, whatever the number of events. The départements are the events'
venues' (participants have no département field: their "territoire" is free text), so they
are summed from the event rows without a query.

Definitions (the same everywhere on the page and in the file):
- registrations: every registration but the cancelled and refused ones (confirmed, pending,
  waiting list); cancellations are counted apart;
- on site / remote: confirmed registrations by attendance mode;
- present: registrations checked in at the door at least once (walk-ins included);
- attendance rate: present / confirmed on site ("—" when nobody was confirmed on site);
- no-shows: confirmed on site, never checked in (nor seen remotely);
- present remotely: registrations with a remote presence (personal join link or the
  videoconference tool's report), in all and per half-day, and the minutes followed
  remotely (report minutes, or the streamed slots' length for a join link alone);
- walk-ins: registrations added at the door (not cancelled);
- attended: registrations with a presence, on site or remote (who may answer the
  evaluation questionnaire);
- evaluation: responses to the event's questionnaire, response rate (responses /
  attended) and mean satisfaction (the ratings of its "satisfaction générale" questions),
  as on the questionnaire's results page (registrations/evaluation_results.py).
Only published events count: a draft has not happened and a cancelled event has no
attendance to report.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, fields

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from events.enums import EventStatus, HalfDay
from events.models import Event, Organiser
from registrations.enums import ACTIVE, Attendance, Category, PresenceMode, RegistrationStatus
from registrations.evaluation_results import decimal_display, rounded
from registrations.models import EvaluationAnswer, EvaluationResponse, Registration


@dataclass
class Figures:
    registered: int = 0
    cancelled: int = 0
    confirmed: int = 0
    on_site: int = 0
    remote: int = 0
    present: int = 0
    no_shows: int = 0
    walk_ins: int = 0
    remote_present: int = 0
    remote_morning: int = 0
    remote_afternoon: int = 0
    remote_minutes: int = 0
    attended: int = 0
    # The evaluation questionnaire: per event only (0 in the category breakdown).
    responses: int = 0
    satisfaction_sum: int = 0
    satisfaction_count: int = 0

    @classmethod
    def of(cls, row) -> "Figures":
        """From an annotated object or a values() dict carrying the counts of `_counts`
        (and, for events, of `_evaluation_counts`)."""
        get = (
            (lambda name: row.get(name, 0))
            if isinstance(row, dict)
            else (lambda name: getattr(row, name, 0))
        )
        return cls(**{f.name: get(f.name) or 0 for f in fields(cls)})

    @property
    def response_rate(self) -> float | None:
        """Evaluation responses / attended, in percent (one decimal)."""
        return rounded(100 * self.responses, self.attended) if self.responses else None

    @property
    def satisfaction(self) -> float | None:
        """Mean satisfaction out of 5 (one decimal), None without any rating."""
        return rounded(self.satisfaction_sum, self.satisfaction_count)

    @property
    def response_rate_display(self) -> str:
        return decimal_display(self.response_rate, " %")

    @property
    def satisfaction_display(self) -> str:
        return decimal_display(self.satisfaction)

    def __add__(self, other: "Figures") -> "Figures":
        return Figures(
            **{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)}
        )

    @property
    def attendance_rate(self) -> float | None:
        """Present / confirmed on site, in percent (one decimal), None without anyone
        confirmed on site."""
        if not self.on_site:
            return None
        return round(100 * self.present / self.on_site, 1)

    @property
    def remote_duration(self) -> str:
        """The minutes followed remotely as hours: "12h30"."""
        return f"{self.remote_minutes // 60}h{self.remote_minutes % 60:02d}"

    @property
    def attendance_rate_display(self) -> str:
        rate = self.attendance_rate
        if rate is None:
            return "—"
        return f"{formats.number_format(rate, decimal_pos=0 if rate == int(rate) else 1)} %"


def _counts(prefix: str = "") -> dict:
    """The Count expressions of `Figures`, over registrations reached through `prefix`
    ("registrations__" from events, "" on registrations). Distinct: the check-ins join
    repeats a registration once per half-day."""

    def q(**lookups):
        return Q(**{prefix + name: value for name, value in lookups.items()})

    def count(condition):
        return Count(f"{prefix}pk", filter=condition, distinct=True)

    confirmed_on_site = q(status=RegistrationStatus.CONFIRMED, attendance=Attendance.ON_SITE)
    remote = q(checkins__mode=PresenceMode.REMOTE)
    return {
        "registered": count(q(status__in=ACTIVE)),
        "cancelled": count(q(status=RegistrationStatus.CANCELLED)),
        "confirmed": count(q(status=RegistrationStatus.CONFIRMED)),
        "on_site": count(confirmed_on_site),
        "remote": count(q(status=RegistrationStatus.CONFIRMED, attendance=Attendance.REMOTE)),
        "present": count(q(checkins__mode=PresenceMode.ON_SITE)),
        "no_shows": count(confirmed_on_site & q(checkins__isnull=True)),
        "walk_ins": count(q(status__in=ACTIVE, walk_in=True)),
        "remote_present": count(remote),
        "remote_morning": count(remote & q(checkins__half_day=HalfDay.MORNING)),
        "remote_afternoon": count(remote & q(checkins__half_day=HalfDay.AFTERNOON)),
        # Each check-in row appears once in the join: summed as is.
        "remote_minutes": Coalesce(Sum(f"{prefix}checkins__minutes", filter=remote), 0),
        "attended": count(q(checkins__isnull=False)),
    }


def _evaluation_counts() -> dict:
    """Subqueries on events: their questionnaire's responses and satisfaction ratings
    (sum and count, so that totals weigh each rating once)."""

    def per_event(queryset, path: str, aggregate):
        return Coalesce(
            Subquery(
                queryset.filter(**{path: OuterRef("pk")})
                .order_by()
                .values(path)
                .annotate(value=aggregate)
                .values("value"),
                output_field=IntegerField(),
            ),
            0,
        )

    satisfaction = EvaluationAnswer.objects.filter(
        question__satisfaction=True, question__per_workshop=False, rating__isnull=False
    )
    return {
        "responses": per_event(EvaluationResponse.objects.all(), "evaluation__event", Count("pk")),
        "satisfaction_sum": per_event(satisfaction, "question__evaluation__event", Sum("rating")),
        "satisfaction_count": per_event(satisfaction, "question__evaluation__event", Count("pk")),
    }


@dataclass
class EventRow:
    event: Event
    figures: Figures

    @property
    def department(self) -> str:
        return self.event.venue.department if self.event.venue else ""


@dataclass
class Breakdown:
    label: str
    figures: Figures
    events: int = 0  # départements only


@dataclass
class ActivityReport:
    year: int
    organiser: Organiser | None
    events: list[EventRow] = field(default_factory=list)
    categories: list[Breakdown] = field(default_factory=list)
    departments: list[Breakdown] = field(default_factory=list)

    @property
    def totals(self) -> Figures:
        return sum((row.figures for row in self.events), Figures())


def reported_events(events=None):
    """The published events among `events` (all events by default; the staff pages pass
    those of the user's scope)."""
    return (Event.objects.all() if events is None else events).filter(status=EventStatus.PUBLISHED)


def report_years(events=None) -> list[int]:
    """The years with published events, newest first (one query)."""
    return [day.year for day in reported_events(events).dates("date", "year", order="DESC")]


def report_organisers(events=None):
    """The organisers of published events, for the filter (one query)."""
    return Organiser.objects.filter(pk__in=reported_events(events).values("organiser")).distinct()


def activity_report(
    *, year: int, organiser: Organiser | None = None, events=None
) -> ActivityReport:
    """The figures of the published events of `year` among `events` (of `organiser` if
    given). Two queries, however many events."""
    events = reported_events(events).filter(date__year=year)
    if organiser is not None:
        events = events.filter(organiser=organiser)
    rows = [
        EventRow(event=event, figures=Figures.of(event))
        for event in events.select_related("venue", "organiser")
        .annotate(**_counts("registrations__"), **_evaluation_counts())
        .order_by("date", "start_time", "pk")
    ]
    by_category = {
        row["category"]: Figures.of(row)
        for row in Registration.objects.filter(event__in=events)
        .values("category")
        .annotate(**_counts())
        .order_by()
    }
    categories = [
        Breakdown(label=str(category.label), figures=by_category.pop(category.value))
        for category in Category
        if category.value in by_category
    ]
    # A value no longer among the choices (renamed category) still counts, under its code.
    categories += [Breakdown(label=code, figures=f) for code, f in sorted(by_category.items())]
    return ActivityReport(
        year=year,
        organiser=organiser,
        events=rows,
        categories=categories,
        departments=_departments(rows),
    )


def _departments(rows: Iterable[EventRow]) -> list[Breakdown]:
    departments: dict[str, Breakdown] = {}
    for row in rows:
        key = row.department
        breakdown = departments.setdefault(key, Breakdown(label=key, figures=Figures()))
        breakdown.figures += row.figures
        breakdown.events += 1
    unknown = departments.pop("", None)
    result = [departments[key] for key in sorted(departments)]
    if unknown is not None:
        unknown.label = _("Non renseigné")
        result.append(unknown)
    return result


def default_year(years: list[int], today: dt.date | None = None) -> int:
    today = today or timezone.localdate()
    return today.year if today.year in years or not years else years[0]


# --- XLSX ----------------------------------------------------------------------------------


def _figure_headers():
    return [
        _("Inscriptions"), _("Annulations"), _("Confirmées"), _("Sur place"), _("À distance"),
        _("Présent·es"), _("Taux de présence (%)"), _("Absent·es"), _("Sans inscription"),
        _("Présent·es à distance"), _("À distance le matin"), _("À distance l'après-midi"),
        _("Minutes suivies à distance"),
    ]  # fmt: skip


def _figure_cells(figures: Figures) -> list:
    return [
        figures.registered, figures.cancelled, figures.confirmed, figures.on_site,
        figures.remote, figures.present, figures.attendance_rate, figures.no_shows,
        figures.walk_ins, figures.remote_present, figures.remote_morning,
        figures.remote_afternoon, figures.remote_minutes,
    ]  # fmt: skip


def _evaluation_headers():
    return [
        _("Présent·es sur place ou à distance"), _("Réponses à l'évaluation"),
        _("Taux de réponse (%)"), _("Satisfaction moyenne (sur 5)"),
    ]  # fmt: skip


def _evaluation_cells(figures: Figures) -> list:
    return [figures.attended, figures.responses, figures.response_rate, figures.satisfaction]


def activity_xlsx(report: ActivityReport) -> bytes:
    """Three sheets: Événements (one row per event, then the total, with the evaluation's
    figures), Catégories, Départements. Rates are numbers (percent), empty without anyone
    confirmed on site (or without evaluation responses)."""
    from quartiers2030.exports import xlsx_workbook_bytes

    event_rows = [
        [
            row.event.date, row.event.title, row.event.organiser.name,
            row.event.venue.city if row.event.venue else "", row.department,
            *_figure_cells(row.figures), *_evaluation_cells(row.figures),
        ]
        for row in report.events
    ]  # fmt: skip
    totals = report.totals
    event_rows.append(
        [None, _("Total"), "", "", "", *_figure_cells(totals), *_evaluation_cells(totals)]
    )
    event_header = [
        _("Date"), _("Événement"), _("Organisateur"), _("Commune"), _("Département"),
        *_figure_headers(), *_evaluation_headers(),
    ]  # fmt: skip
    return xlsx_workbook_bytes(
        [
            (_("Événements"), event_header, event_rows),
            (
                _("Catégories"),
                [_("Catégorie"), *_figure_headers()],
                [[b.label, *_figure_cells(b.figures)] for b in report.categories],
            ),
            (
                _("Départements"),
                [_("Département"), _("Événements"), *_figure_headers()],
                [[b.label, b.events, *_figure_cells(b.figures)] for b in report.departments],
            ),
        ]
    )


# --- Charts --------------------------------------------------------------------------------


@dataclass
class Chart:
    """A chart and the table of its figures (shown beside it: the accessible version)."""

    title: str
    svg: str
    head: list[str]
    rows: list[list]


def _event_label(row: EventRow) -> str:
    return f"{row.event.date:%d/%m} {row.event.title}"


def activity_charts(report: ActivityReport) -> list[Chart]:
    """The figures at a glance: attendance per event over the year, on site and remote,
    the attendance rate, by category, by département, the evaluation. Drawn on the server
    (quartiers2030/charts.py): the same on the page and in the PDF."""
    from quartiers2030.charts import Row, bar_chart

    def chart(title, head, rows, *, series, maximum=None, unit=""):
        svg = bar_chart(
            [Row(label, values) for label, *values in rows],
            title=title,
            series=series,
            maximum=maximum,
            value_text=lambda v: decimal_display(v, unit),
        )
        cells = [[label, *(decimal_display(v, unit) for v in values)] for label, *values in rows]
        return Chart(title=title, svg=svg, head=head, rows=cells)

    on_site, remote = _("Présent·es sur place"), _("Présent·es à distance")
    attended = _("Présent·es (sur place ou à distance)")
    totals = report.totals
    charts = []
    if report.events:
        events = [
            (_event_label(r), float(r.figures.present), float(r.figures.remote_present))
            for r in report.events
        ]
        charts.append(
            chart(
                _("Présences par événement"),
                [_("Événement"), on_site, remote],
                events,
                series=[on_site, remote],
            )
        )
        charts.append(
            chart(
                _("Sur place et à distance"),
                ["", _("Inscrit·es confirmé·es"), _("Présent·es")],
                [
                    (_("Sur place"), float(totals.on_site), float(totals.present)),
                    (_("À distance"), float(totals.remote), float(totals.remote_present)),
                ],
                series=[_("Inscrit·es confirmé·es"), _("Présent·es")],
            )
        )
        charts.append(
            chart(
                _("Taux de présence sur place par événement"),
                [_("Événement"), _("Taux de présence")],
                [(_event_label(r), r.figures.attendance_rate) for r in report.events],
                series=[_("Taux de présence")],
                maximum=100,
                unit=" %",
            )
        )
    if report.categories:
        charts.append(
            chart(
                _("Par catégorie"),
                [_("Catégorie"), _("Inscriptions"), attended],
                [
                    (b.label, float(b.figures.registered), float(b.figures.attended))
                    for b in report.categories
                ],
                series=[_("Inscriptions"), attended],
            )
        )
    if report.departments:
        charts.append(
            chart(
                _("Par département (lieu de l'événement)"),
                [_("Département"), _("Inscriptions"), attended],
                [
                    (b.label, float(b.figures.registered), float(b.figures.attended))
                    for b in report.departments
                ],
                series=[_("Inscriptions"), attended],
            )
        )
    evaluated = [r for r in report.events if r.figures.responses]
    if evaluated:
        charts.append(
            chart(
                _("Satisfaction moyenne par événement (sur 5)"),
                [_("Événement"), _("Satisfaction moyenne (sur 5)")],
                [(_event_label(r), r.figures.satisfaction) for r in evaluated],
                series=[_("Satisfaction")],
                maximum=5,
            )
        )
    return charts
