"""The organiser's activity figures for a year (page and XLSX)."""

from django.contrib import admin
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from events.scoping import Can, events_for

from .. import activity as stats
from ..access import staff_view
from .documents import PDF, XLSX, file_response


def _activity_filters(request):
    """(year, organiser or None, years, organisers, events) from
    ?annee=2025&organisateur=<pk>, within the events whose figures the user may read; an
    unknown value falls back to the default rather than failing."""
    events = events_for(request.user, Can.VIEW_FIGURES)
    years = stats.report_years(events)
    year = request.GET.get("annee", "")
    year = int(year) if year.isdigit() and int(year) in years else stats.default_year(years)
    organisers = list(stats.report_organisers(events))
    wanted = request.GET.get("organisateur", "")
    organiser = next((o for o in organisers if str(o.pk) == wanted), None)
    return year, organiser, years, organisers, events


@staff_view(Can.VIEW_FIGURES)
def activity_page(request):
    year, organiser, years, organisers, events = _activity_filters(request)
    report = stats.activity_report(year=year, organiser=organiser, events=events)
    query = f"?annee={year}" + (f"&organisateur={organiser.pk}" if organiser else "")
    return render(
        request,
        "backoffice/activity.html",
        {
            **admin.site.each_context(request),
            "title": _("Chiffres d'activité %(year)s") % {"year": year},
            "report": report,
            "years": years,
            "organisers": organisers,
            "charts": stats.activity_charts(report),
            "xlsx_url": reverse("backoffice:activity_xlsx") + query,
            "pdf_url": reverse("backoffice:activity_pdf") + query,
        },
    )


@staff_view(Can.VIEW_FIGURES)
def activity_xlsx(request):
    year, organiser, _years, _organisers, events = _activity_filters(request)
    report = stats.activity_report(year=year, organiser=organiser, events=events)
    suffix = f"-{organiser.slug}" if organiser else ""
    return file_response(
        stats.activity_xlsx(report), content_type=XLSX, filename=f"activite-{year}{suffix}.xlsx"
    )


@staff_view(Can.VIEW_FIGURES)
def activity_pdf(request):
    """The activity report for the funders: the charts and their tables, the events."""
    from quartiers2030.pdf import render_pdf

    year, organiser, _years, _organisers, events = _activity_filters(request)
    report = stats.activity_report(year=year, organiser=organiser, events=events)
    suffix = f"-{organiser.slug}" if organiser else ""
    pdf = render_pdf(
        "pdf/activity_report.html",
        {
            "title": _("Rapport d'activité %(year)s") % {"year": year},
            "report": report,
            "charts": stats.activity_charts(report),
            "printed_at": timezone.localtime(),
        },
    )
    return file_response(pdf, content_type=PDF, filename=f"activite-{year}{suffix}.pdf")
