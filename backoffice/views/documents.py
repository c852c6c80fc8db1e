"""Documents the organising team prints or downloads: badges, sign-in sheets, group lists,
participant lists, attestations. Linked from the documents bar of the event's admin page.

All but the CSV list are prepared in the background (backoffice/preparation.py): the
document's URL asks for it, then leads to the file when it is ready (at once with the
immediate backend) or to a page that follows its preparation.

Each one holds personal data: every download is recorded in the trail (who, what, how many
people), never a refused request."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from events.scoping import Can, can
from registrations import selectors
from registrations.attestations import NOBODY_CHECKED_IN
from registrations.enums import PersonalDataAction as Access
from registrations.models import Registration
from registrations.services import trail
from workshops.models import Workshop

from .. import documents, exports, preparation
from ..access import staff_event_view
from ..enums import DocumentKind as Kind
from ..enums import PreparationStatus as Status
from ..models import PreparedDocument

PDF = "application/pdf"
CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The progress page reloads itself this often without JavaScript (seconds).
REFRESH = 2


def while_identifiable(view):
    """Documents that name people exist as long as the registrations are not anonymised;
    after that the page says why they are gone (410), instead of an empty document."""

    @wraps(view)
    def wrapped(request, event, *args, **kwargs):
        day = selectors.anonymised_on(event)
        if day is None:
            return view(request, event, *args, **kwargs)
        context = {"event": event, "anonymised_on": day, "months": event.retention_months_effective}
        return render(request, "backoffice/documents_gone.html", context, status=410)

    return wrapped


def file_response(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def prepared(request, event, kind: Kind, params: dict | None = None):
    """Ask for the document; to the file if it is ready, else to its progress page."""
    document = preparation.document_request(
        event=event, kind=kind, params=params or {}, user=request.user
    )
    return to_document(document)


def to_document(document: PreparedDocument) -> HttpResponseRedirect:
    """To the file if it is ready, else to its progress page (the admin's list actions
    too)."""
    ready = document.status == Status.READY
    return redirect(_url("document_download" if ready else "document_progress", document))


def _url(name: str, document: PreparedDocument) -> str:
    return reverse(f"backoffice:{name}", args=[document.event.slug, document.pk])


@staff_event_view(Can.PRINT)
@while_identifiable
def badges(request, event):
    badge_format = request.GET.get("format", "a4")
    if badge_format not in documents.BADGE_FORMATS:
        return HttpResponseBadRequest(_("Format de badge inconnu : a4 ou a6."))
    return prepared(request, event, Kind.BADGES, {"format": badge_format})


@staff_event_view(Can.PRINT)
@while_identifiable
def signin_sheet(request, event):
    return prepared(request, event, Kind.SIGNIN_SHEET)


@staff_event_view(Can.PRINT)
@while_identifiable
def workshop_signin_sheet(request, event, workshop_pk):
    workshop = get_object_or_404(Workshop, pk=workshop_pk, slot__event=event)
    return prepared(request, event, Kind.SIGNIN_SHEET, {"workshop": workshop.pk})


@staff_event_view(Can.VIEW_PEOPLE)
@while_identifiable
def working_groups_pdf(request, event):
    return prepared(request, event, Kind.WORKING_GROUPS)


@staff_event_view(Can.VIEW_PEOPLE)
@while_identifiable
def participants_csv(request, event):
    """A plain list, written at once: no preparation page."""
    registrations = list(Registration.objects.filter(event=event))
    content = exports.participants_csv(registrations, event=event)
    trail.access_record(
        user=request.user, action=Access.EXPORT_CSV, event=event, count=len(registrations)
    )
    return file_response(
        content,
        content_type=CSV,
        filename=f"participants-{event.slug}.csv",
    )


@staff_event_view(Can.VIEW_PEOPLE)
@while_identifiable
def participants_xlsx(request, event):
    return prepared(request, event, Kind.PARTICIPANTS_XLSX)


@staff_event_view(Can.VIEW_PEOPLE)
@while_identifiable
def attestations(request, event):
    """Every checked-in participant's attestation, one page each, sorted by name. Staff may
    print them before the event's end (e.g. to hand them out at the close)."""
    checked_in = Registration.objects.filter(event=event, checkins__isnull=False)
    if not checked_in.identifiable().exists():
        messages.warning(request, NOBODY_CHECKED_IN)
        return redirect("admin:events_event_change", event.pk)
    return prepared(request, event, Kind.ATTESTATIONS)


# --- A prepared document: its progress, its state, the file --------------------------------


def prepared_document_view(view):
    """The pages of a prepared document: in the event's scope (404 outside it, or for a
    document of another event), with the capability its kind needs (403 without), while
    the registrations are identifiable (410 after)."""

    @staff_event_view(Can.VIEW_EVENT)
    @while_identifiable
    @wraps(view)
    def wrapped(request, event, pk):
        document = get_object_or_404(PreparedDocument, pk=pk, event=event)
        document.event = event
        if not can(request.user, preparation.SPECS[document.kind].capability, event=event):
            raise PermissionDenied
        return view(request, event, document)

    return wrapped


def _state(document: PreparedDocument) -> dict:
    ready = document.status == Status.READY
    return {
        "status": document.status,
        "done": document.done,
        "total": document.total,
        "label": preparation.label(document),
        "download_url": _url("document_download", document) if ready else "",
        "error": document.error,
    }


@prepared_document_view
def document_progress(request, event, document):
    """« Préparation des badges… (n / N) »: updated by document-progress.js, reloaded every
    few seconds without JavaScript; the download link once ready."""
    context = {
        "event": event,
        "document": document,
        "state": _state(document),
        "title": preparation.SPECS[document.kind].preparing,
        "refresh": None if document.is_finished else REFRESH,
        "status_url": _url("document_status", document),
    }
    return render(request, "backoffice/document_progress.html", context)


@prepared_document_view
def document_status(request, event, document):
    return JsonResponse(_state(document))


@prepared_document_view
def document_download(request, event, document):
    """The file, recorded in the trail (who, what, how many people) at each download."""
    if document.status != Status.READY:
        return redirect(_url("document_progress", document))
    spec = preparation.SPECS[document.kind]
    try:
        # Read whole (a few megabytes at most: 3,000 attestations make 5.5 MB), so that the
        # file is closed before the response leaves, whatever the client does with it.
        with document.file.open("rb") as stored:
            content = stored.read()
    except FileNotFoundError:
        raise Http404 from None
    trail.access_record(
        user=request.user,
        action=spec.action,
        event=event,
        count=document.people,
        detail=document.detail,
    )
    return file_response(
        content, content_type=spec.content_type, filename=preparation.filename(document)
    )
