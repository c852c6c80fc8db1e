"""Documents the organising team prints or downloads: badges, sign-in sheets, group lists,
participant lists, attestations. Linked from the documents bar of the event's admin page."""

from functools import wraps

from django.contrib import messages
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from events.scoping import Can
from registrations import selectors
from registrations.attestations import AttestationUnavailable, attestation_pdf
from registrations.models import Registration
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
    return file_response(
        documents.badges_pdf(event=event, badge_format=badge_format),
        content_type=PDF,
        filename=f"badges-{event.slug}-{badge_format}.pdf",
    )


@staff_event_view(Can.PRINT)
@while_identifiable
def signin_sheet(request, event):
    return file_response(
        documents.signin_sheet_pdf(event=event),
        content_type=PDF,
        filename=f"emargement-{event.slug}.pdf",
    )


@staff_event_view(Can.PRINT)
@while_identifiable
def workshop_signin_sheet(request, event, workshop_pk):
    workshop = get_object_or_404(
        Workshop.objects.select_related("slot", "room"), pk=workshop_pk, slot__event=event
    )
    return file_response(
        documents.signin_sheet_pdf(event=event, workshop=workshop),
        content_type=PDF,
        filename=f"emargement-{event.slug}-atelier-{workshop.pk}.pdf",
    )


@staff_event_view(Can.VIEW_PEOPLE)
@while_identifiable
def working_groups_pdf(request, event):
    return file_response(
        documents.working_groups_pdf(event=event),
        content_type=PDF,
        filename=f"groupes-{event.slug}.pdf",
    )


@staff_event_view(Can.VIEW_PEOPLE)
@while_identifiable
def participants_csv(request, event):
    return file_response(
        exports.participants_csv(Registration.objects.filter(event=event), event=event),
        content_type=CSV,
        filename=f"participants-{event.slug}.csv",
    )


@staff_event_view(Can.VIEW_PEOPLE)
@while_identifiable
def participants_xlsx(request, event):
    return file_response(
        exports.participants_xlsx(Registration.objects.filter(event=event), event=event),
        content_type=XLSX,
        filename=f"participants-{event.slug}.xlsx",
    )


@staff_event_view(Can.VIEW_PEOPLE)
@while_identifiable
def attestations(request, event):
    """Every checked-in participant's attestation, one page each, sorted by name. Staff may
    print them before the event's end (e.g. to hand them out at the close)."""
    try:
        pdf = attestation_pdf(registrations=Registration.objects.filter(event=event))
    except AttestationUnavailable as error:
        messages.warning(request, error.message)
        return redirect("admin:events_event_change", event.pk)
    return file_response(pdf, content_type=PDF, filename=f"attestations-{event.slug}.pdf")
