"""Documents the organising team prints or downloads: badges, sign-in sheets, group lists,
participant lists, attestations. Linked from the documents bar of the event's admin page.

Each one holds personal data: once built, it is recorded in the trail (who, what, how many
people), never for a refused request."""

from functools import wraps

from django.contrib import messages
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from events.scoping import Can
from registrations import selectors
from registrations.attestations import AttestationUnavailable, attestation_pdf
from registrations.enums import PersonalDataAction as Access
from registrations.models import Registration
from registrations.services import trail
from workshops.models import Workshop

from .. import documents, exports
from ..access import staff_event_view

PDF = "application/pdf"
CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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


@staff_event_view(Can.PRINT)
@while_identifiable
def badges(request, event):
    badge_format = request.GET.get("format", "a4")
    if badge_format not in documents.BADGE_FORMATS:
        return HttpResponseBadRequest(_("Format de badge inconnu : a4 ou a6."))
    pdf = documents.badges_pdf(event=event, badge_format=badge_format)
    trail.access_record(
        user=request.user,
        action=Access.BADGES,
        event=event,
        count=documents.printed_count(event=event),
        detail=badge_format.upper(),
    )
    return file_response(
        pdf,
        content_type=PDF,
        filename=f"badges-{event.slug}-{badge_format}.pdf",
    )


@staff_event_view(Can.PRINT)
@while_identifiable
def signin_sheet(request, event):
    pdf = documents.signin_sheet_pdf(event=event)
    trail.access_record(
        user=request.user,
        action=Access.SIGNIN_SHEET,
        event=event,
        count=documents.printed_count(event=event),
    )
    return file_response(
        pdf,
        content_type=PDF,
        filename=f"emargement-{event.slug}.pdf",
    )


@staff_event_view(Can.PRINT)
@while_identifiable
def workshop_signin_sheet(request, event, workshop_pk):
    workshop = get_object_or_404(
        Workshop.objects.select_related("slot", "room"), pk=workshop_pk, slot__event=event
    )
    pdf = documents.signin_sheet_pdf(event=event, workshop=workshop)
    trail.access_record(
        user=request.user,
        action=Access.SIGNIN_SHEET,
        event=event,
        count=documents.printed_count(event=event, workshop=workshop),
        detail=str(workshop.label or workshop.title),
    )
    return file_response(
        pdf,
        content_type=PDF,
        filename=f"emargement-{event.slug}-atelier-{workshop.pk}.pdf",
    )


@staff_event_view(Can.VIEW_PEOPLE)
@while_identifiable
def working_groups_pdf(request, event):
    pdf = documents.working_groups_pdf(event=event)
    trail.access_record(
        user=request.user,
        action=Access.GROUP_LIST,
        event=event,
        count=documents.printed_count(event=event),
    )
    return file_response(
        pdf,
        content_type=PDF,
        filename=f"groupes-{event.slug}.pdf",
    )


@staff_event_view(Can.VIEW_PEOPLE)
@while_identifiable
def participants_csv(request, event):
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
    registrations = list(Registration.objects.filter(event=event))
    content = exports.participants_xlsx(registrations, event=event)
    trail.access_record(
        user=request.user, action=Access.EXPORT_XLSX, event=event, count=len(registrations)
    )
    return file_response(
        content,
        content_type=XLSX,
        filename=f"participants-{event.slug}.xlsx",
    )


@staff_event_view(Can.VIEW_PEOPLE)
@while_identifiable
def attestations(request, event):
    """Every checked-in participant's attestation, one page each, sorted by name. Staff may
    print them before the event's end (e.g. to hand them out at the close)."""
    registrations = Registration.objects.filter(event=event)
    try:
        pdf = attestation_pdf(registrations=registrations)
    except AttestationUnavailable as error:
        messages.warning(request, error.message)
        return redirect("admin:events_event_change", event.pk)
    trail.access_record_by_event(
        user=request.user,
        action=Access.ATTESTATIONS,
        registrations=registrations.filter(checkins__isnull=False),
    )
    return file_response(pdf, content_type=PDF, filename=f"attestations-{event.slug}.pdf")
