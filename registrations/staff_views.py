"""Documents the organising team prints or downloads before an event: badges, sign-in sheets,
participant lists. Staff only, linked from the event's admin page.

Anonymous visitors are sent to the admin login; a logged-in user who is not staff, or lacks
the `registrations.view_registration` permission (the Organisateurs group has it), gets 403.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from events.enums import HalfDay
from events.models import Event
from workshops.models import Workshop

from . import documents, selectors, services
from .forms import StaffMessageForm, WalkInForm
from .models import Registration, StaffMessage
from .tokens import InvalidCheckinToken, read_checkin_token

PERMISSION = "registrations.view_registration"
PDF = "application/pdf"
CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def can_download_documents(user, permission=PERMISSION) -> bool:
    return user.is_active and user.is_staff and user.has_perm(permission)


def staff_document(view, permission=PERMISSION):
    @wraps(view)
    @login_required(login_url=reverse_lazy("admin:login"))
    def wrapped(request, slug, *args, **kwargs):
        if not can_download_documents(request.user, permission):
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
def working_groups_pdf(request, event):
    return file_response(
        documents.working_groups_pdf(event=event),
        content_type=PDF,
        filename=f"groupes-{event.slug}.pdf",
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


# --- Check-in at the door (phone-sized pages) ----------------------------------------------

CHECKIN_PERMISSION = "registrations.add_checkin"


def staff_checkin(view):
    return staff_document(view, permission=CHECKIN_PERMISSION)


def staff_mailing(view):
    return staff_document(view, permission="registrations.add_staffmessage")


def _half_day(request) -> HalfDay:
    value = request.POST.get("demi") or request.GET.get("demi")
    return HalfDay(value) if value in HalfDay.values else selectors.current_half_day()


@staff_checkin
@require_http_methods(["GET", "POST"])
def checkin(request, event):
    """Scan or type a badge's code, or find someone by name: they are marked present for
    the half-day. Without JavaScript it is a plain form; checkin.js posts the same forms
    and swaps in the result and the counters, so the camera keeps running."""
    half_day = _half_day(request)
    query = request.GET.get("q", "").strip()
    result = None
    if request.method == "POST":
        result = _checkin_result(request, event, half_day)
    context = {
        "event": event,
        "half_day": half_day,
        "half_days": HalfDay.choices,
        "counters": selectors.checkin_counters(event, half_day),
        "query": query,
        "found": selectors.checkin_search(event, query) if query else None,
        "result": result,
    }
    return render(request, "registrations/staff/checkin.html", context)


def _checkin_result(request, event, half_day) -> dict:
    """What the door says about the code or person posted."""
    code = request.POST.get("code", "").strip()
    try:
        if code:
            registration = read_checkin_token(code, event=event)
        else:
            registration = get_object_or_404(
                Registration, pk=request.POST.get("registration") or 0, event=event
            )
        checkin, created = services.checkin_record(
            registration=registration, half_day=half_day, by=request.user
        )
    except InvalidCheckinToken as error:
        return {"level": "danger", "message": error.message, "code": code}
    except services.CheckinRefused as error:
        return {
            "level": "danger",
            "message": error.message,
            "registration": selectors.checkin_card(registration),
        }
    return {
        "level": "success" if created else "warning",
        "created": created,
        "checkin": checkin,
        "registration": selectors.checkin_card(registration),
    }


@staff_checkin
@require_http_methods(["GET", "POST"])
def walk_in(request, event):
    half_day = _half_day(request)
    form = WalkInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.walkin_create(
                event=event, data=form.cleaned_data, half_day=half_day, by=request.user
            )
        except services.AlreadyRegistered as error:
            form.add_error(
                "email",
                _("Adresse déjà inscrite : %(name)s (%(status)s). Cherchez-la par son nom.")
                % {
                    "name": error.registration.full_name,
                    "status": error.registration.get_status_display(),
                },
            )
        except services.CheckinRefused as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("%(name)s est ajouté·e et marqué·e présent·e. Son badge sera imprimé plus tard.")
                % {"name": registration.full_name},
            )
            return redirect(
                reverse("registrations:staff_checkin", kwargs={"slug": event.slug})
                + f"?demi={half_day}"
            )
    return render(
        request,
        "registrations/staff/walk_in.html",
        {"event": event, "form": form, "half_day": half_day},
    )


# --- After the event: attestations, activity figures ---------------------------------------


@staff_document
def event_attestations(request, event):
    """Every checked-in participant's attestation, one page each, sorted by name. Staff may
    print them before the event's end (e.g. to hand them out at the close)."""
    from .attestations import AttestationUnavailable, attestation_pdf

    try:
        pdf = attestation_pdf(registrations=Registration.objects.filter(event=event))
    except AttestationUnavailable as error:
        messages.warning(request, error.message)
        return redirect("admin:events_event_change", event.pk)
    return file_response(pdf, content_type=PDF, filename=f"attestations-{event.slug}.pdf")


def staff_page(view):
    """Like `staff_document`, for the pages that are not about one event."""

    @wraps(view)
    @login_required(login_url=reverse_lazy("admin:login"))
    def wrapped(request, *args, **kwargs):
        if not can_download_documents(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _activity_filters(request):
    """(year, organiser or None, years, organisers) from ?annee=2025&organisateur=<pk>;
    an unknown value falls back to the default rather than failing."""
    from . import stats

    years = stats.report_years()
    year = request.GET.get("annee", "")
    year = int(year) if year.isdigit() and int(year) in years else stats.default_year(years)
    organisers = list(stats.report_organisers())
    wanted = request.GET.get("organisateur", "")
    organiser = next((o for o in organisers if str(o.pk) == wanted), None)
    return year, organiser, years, organisers


@staff_page
def activity(request):
    from django.contrib import admin

    from . import stats

    year, organiser, years, organisers = _activity_filters(request)
    report = stats.activity_report(year=year, organiser=organiser)
    query = f"?annee={year}" + (f"&organisateur={organiser.pk}" if organiser else "")
    return render(
        request,
        "registrations/staff/activity.html",
        {
            **admin.site.each_context(request),
            "title": _("Chiffres d'activité %(year)s") % {"year": year},
            "report": report,
            "years": years,
            "organisers": organisers,
            "xlsx_url": reverse("registrations:staff_activity_xlsx") + query,
        },
    )


@staff_page
def activity_xlsx(request):
    from . import stats

    year, organiser, _years, _organisers = _activity_filters(request)
    report = stats.activity_report(year=year, organiser=organiser)
    suffix = f"-{organiser.slug}" if organiser else ""
    return file_response(
        stats.activity_xlsx(report), content_type=XLSX, filename=f"activite-{year}{suffix}.xlsx"
    )


# --- Emails to registrants -----------------------------------------------------------------


def _admin_event_url(event) -> str:
    return reverse("admin:events_event_change", args=[event.pk])


@staff_mailing
@require_http_methods(["GET", "POST"])
def staff_message(request, event):
    """Write, preview (count, names, the text as received), then send through the queue."""
    form = StaffMessageForm(request.POST or None, event=event)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        recipients = selectors.message_recipients(
            event=event,
            statuses=data["statuses"],
            attendance=data["attendance"],
            workshop=data["workshop"],
            presence=data["presence"],
        )
        count = recipients.count()
        if not count:
            form.add_error(None, _("Aucune inscription ne correspond à ces critères."))
        elif "send" in request.POST:
            services.staff_message_send(
                event=event,
                subject=data["subject"],
                body=data["body"],
                audience=form.audience(),
                recipients=recipients,
                by=request.user,
            )
            messages.success(
                request,
                _("Message « %(subject)s » mis en file d'envoi pour %(count)s personnes.")
                % {"subject": data["subject"], "count": count},
            )
            return redirect(_admin_event_url(event))
        else:
            from .emails import build_staff_message

            draft = StaffMessage(event=event, subject=data["subject"], body=data["body"])
            first = recipients.select_related("event__organiser").first()
            preview = {
                "count": count,
                "names": list(recipients[:20]),
                "text": build_staff_message(draft, first).body,
            }
    return render(
        request,
        "registrations/staff/message.html",
        {"event": event, "form": form, "preview": preview, "admin_url": _admin_event_url(event)},
    )


@staff_mailing
@require_http_methods(["GET", "POST"])
def post_event_email(request, event):
    """The after-the-event email (resources, attestation link) to every attendee, once."""
    if request.method == "POST":
        try:
            count = services.post_event_emails_queue(event=event)
        except services.RegistrationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Courriel mis en file d'envoi pour %(count)s personnes.") % {"count": count},
            )
        return redirect(_admin_event_url(event))
    from .emails import build_message
    from .enums import EmailKind

    recipients = selectors.post_event_recipients(event).select_related("event__organiser")
    first = recipients.first()
    preview = build_message(first, EmailKind.POST_EVENT) if first else None
    return render(
        request,
        "registrations/staff/post_event.html",
        {
            "event": event,
            "count": recipients.count(),
            "already": selectors.attendees(event)
            .filter(sent_emails__kind=EmailKind.POST_EVENT)
            .count(),
            "preview": preview.body if preview else "",
            "admin_url": _admin_event_url(event),
        },
    )
