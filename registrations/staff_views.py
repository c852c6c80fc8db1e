"""Documents the organising team prints or downloads before an event: badges, sign-in sheets,
participant lists. Staff only, linked from the event's admin page.

Anonymous visitors are sent to the admin login; a logged-in user who is not staff, or lacks
the `registrations.view_registration` permission (the Organisateurs group has it), gets 403.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from events.models import Event
from workshops.models import Workshop

from . import documents
from .models import Registration

PERMISSION = "registrations.view_registration"
PDF = "application/pdf"
CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def can_download_documents(user) -> bool:
    return user.is_active and user.is_staff and user.has_perm(PERMISSION)


def staff_document(view):
    @wraps(view)
    @login_required(login_url=reverse_lazy("admin:login"))
    def wrapped(request, slug, *args, **kwargs):
        if not can_download_documents(request.user):
            raise PermissionDenied
        # Drafts too: badges are printed before the event is published.
        event = get_object_or_404(Event.objects.select_related("organiser", "venue"), slug=slug)
        return view(request, event, *args, **kwargs)

    return wrapped


def file_response(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@staff_document
def badges(request, event):
    badge_format = request.GET.get("format", "a4")
    if badge_format not in documents.BADGE_FORMATS:
        return HttpResponseBadRequest(_("Format de badge inconnu : a4 ou a6."))
    return file_response(
        documents.badges_pdf(event=event, badge_format=badge_format),
        content_type=PDF,
        filename=f"badges-{event.slug}-{badge_format}.pdf",
    )


@staff_document
def signin_sheet(request, event):
    return file_response(
        documents.signin_sheet_pdf(event=event),
        content_type=PDF,
        filename=f"emargement-{event.slug}.pdf",
    )


@staff_document
def workshop_signin_sheet(request, event, workshop_pk):
    workshop = get_object_or_404(
        Workshop.objects.select_related("slot", "room"), pk=workshop_pk, slot__event=event
    )
    return file_response(
        documents.signin_sheet_pdf(event=event, workshop=workshop),
        content_type=PDF,
        filename=f"emargement-{event.slug}-atelier-{workshop.pk}.pdf",
    )


@staff_document
def participants_csv(request, event):
    from .exports import participants_csv

    return file_response(
        participants_csv(Registration.objects.filter(event=event), event=event),
        content_type=CSV,
        filename=f"participants-{event.slug}.csv",
    )


@staff_document
def participants_xlsx(request, event):
    from .exports import participants_xlsx

    return file_response(
        participants_xlsx(Registration.objects.filter(event=event), event=event),
        content_type=XLSX,
        filename=f"participants-{event.slug}.xlsx",
    )
