"""Remote participants, on the organiser's side: the import of the videoconference tool's
attendance report (upload, preview, confirmation) and the remote sign-in record.

The import changes nothing until the organiser confirms: the upload reads and matches the
file, the result waits in the session (one event's import per session, a few kilobytes:
names, addresses and connection times of the report's people), the preview shows it, and
the confirmation records the presences in one transaction, then forgets it."""

import datetime as dt

from django.contrib import admin, messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from events.scoping import Can
from registrations import remote, services
from registrations.enums import PersonalDataAction as Access
from registrations.services import trail
from registrations.visio_report import (
    BY_EMAIL,
    BY_NAME,
    DOUBTFUL,
    UNMATCHED,
    ReportError,
    Tool,
    match_report,
    read_report,
)

from .. import remote_documents
from ..access import staff_event_view
from ..forms import RemoteReportForm
from .documents import PDF, XLSX, file_response, while_identifiable

SESSION_KEY = "visio-import-{pk}"


def _label(registration) -> str:
    attendance = "" if registration.attendance == "remote" else _(" (inscrit·e sur place)")
    return f"{registration.full_name} — {registration.organisation}{attendance}"


def _stored(groups, report, *, event, tool: str, filename: str) -> dict:
    """What the preview shows and the confirmation records, JSON-ready for the session."""
    spans = remote.stream_spans(event)
    stored = []
    for group in groups:
        minutes = remote.followed_minutes(group.intervals, spans)
        stored.append(
            {
                "status": group.status,
                "report_name": group.report_name,
                "email": group.email,
                "lines": [line.number for line in group.lines],
                "registration": group.registration.pk if group.registration else None,
                "label": _label(group.registration) if group.registration else "",
                "candidates": [[r.pk, _label(r)] for r in group.candidates[:8]],
                "intervals": [[a.isoformat(), b.isoformat()] for a, b in group.intervals],
                "minutes": minutes,
            }
        )
    return {
        "tool": tool,
        "filename": filename[:120],
        "groups": stored,
        "skipped": report.skipped[:200],
    }


@staff_event_view(Can.VIEW_PEOPLE)
@while_identifiable
def remote_import(request, event):
    """Step 1: the file and the tool."""
    form = RemoteReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["report"]
        tool = form.cleaned_data["tool"]
        try:
            data = upload.read(5 * 1024 * 1024 + 1)
            report = read_report(data, tool=tool, event=event, mapping=form.mapping)
        except ReportError as error:
            form.add_error("report", error.message)
        else:
            groups = match_report(report, event=event)
            request.session[SESSION_KEY.format(pk=event.pk)] = _stored(
                groups, report, event=event, tool=tool, filename=upload.name
            )
            return redirect("backoffice:remote_import_preview", slug=event.slug)
    return render(
        request,
        "backoffice/remote_import.html",
        {
            **admin.site.each_context(request),
            "title": _("Importer un rapport de visioconférence"),
            "event": event,
            "form": form,
            "has_streamed": event.slots.filter(streamed=True).exists(),
        },
    )


def _intervals(group: dict) -> list[tuple[dt.datetime, dt.datetime]]:
    return [
        (dt.datetime.fromisoformat(a), dt.datetime.fromisoformat(b)) for a, b in group["intervals"]
    ]


@staff_event_view(Can.VIEW_PEOPLE)
@while_identifiable
@require_http_methods(["GET", "POST"])
def remote_import_preview(request, event):
    """Step 2: what the file says, matched; step 3 (POST): record it."""
    key = SESSION_KEY.format(pk=event.pk)
    stored = request.session.get(key)
    if not stored:
        return redirect("backoffice:remote_import", slug=event.slug)
    groups = stored["groups"]
    if request.method == "POST":
        if "cancel" in request.POST:
            del request.session[key]
            messages.info(request, _("Import abandonné : rien n'a été enregistré."))
            return redirect("admin:events_event_change", event.pk)
        presences = []
        for index, group in enumerate(groups):
            pk = group["registration"]
            if group["status"] == DOUBTFUL:
                chosen = request.POST.get(f"doubtful-{index}", "")
                allowed = {str(candidate[0]) for candidate in group["candidates"]}
                pk = int(chosen) if chosen in allowed else None
            if pk is not None and group["status"] != UNMATCHED:
                presences.append((pk, _intervals(group)))
        result = services.remote_report_apply(event=event, presences=presences, by=request.user)
        trail.access_record(
            user=request.user,
            action=Access.REMOTE_REPORT_IMPORT,
            event=event,
            count=result.people,
            detail=f"{Tool(stored['tool']).label} — {stored['filename']}",
        )
        del request.session[key]
        messages.success(
            request,
            _(
                "Rapport importé : présence à distance enregistrée pour %(people)s personne(s) "
                "(%(created)s demi-journée(s) ajoutée(s), %(updated)s mise(s) à jour, "
                "%(on_site)s déjà émargée(s) sur place, laissée(s) telles quelles)."
            )
            % vars(result),
        )
        return redirect("admin:events_event_change", event.pk)
    sections = {
        status: [(index, group) for index, group in enumerate(groups) if group["status"] == status]
        for status in (BY_EMAIL, BY_NAME, DOUBTFUL, UNMATCHED)
    }
    return render(
        request,
        "backoffice/remote_import_preview.html",
        {
            **admin.site.each_context(request),
            "title": _("Vérifier l'import du rapport de visioconférence"),
            "event": event,
            "stored": stored,
            "tool": Tool(stored["tool"]).label,
            "by_email": sections[BY_EMAIL],
            "by_name": sections[BY_NAME],
            "doubtful": sections[DOUBTFUL],
            "unmatched": sections[UNMATCHED],
            "import_url": reverse("backoffice:remote_import", args=[event.slug]),
        },
    )


@staff_event_view(Can.VIEW_PEOPLE)
@while_identifiable
def remote_signin_pdf(request, event):
    rows = remote_documents.remote_signin_rows(event)
    content = remote_documents.remote_signin_pdf(event=event, rows=rows)
    _record(request, event, rows, "PDF")
    return file_response(content, content_type=PDF, filename=f"connexions-{event.slug}.pdf")


@staff_event_view(Can.VIEW_PEOPLE)
@while_identifiable
def remote_signin_xlsx(request, event):
    rows = remote_documents.remote_signin_rows(event)
    content = remote_documents.remote_signin_xlsx(event=event, rows=rows)
    _record(request, event, rows, "XLSX")
    return file_response(content, content_type=XLSX, filename=f"connexions-{event.slug}.xlsx")


def _record(request, event, rows, detail):
    people = len({(row["last_name"], row["first_name"], row["email"]) for row in rows})
    trail.access_record(
        user=request.user, action=Access.REMOTE_SIGNIN, event=event, count=people, detail=detail
    )
