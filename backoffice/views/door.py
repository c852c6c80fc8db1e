"""The door on the day (phone-sized pages): check people in, add walk-ins."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from events.enums import HalfDay
from events.scoping import Can
from registrations import selectors, services
from registrations.models import Registration
from registrations.tokens import InvalidCheckinToken, read_checkin_token

from ..access import staff_event_view
from ..forms import WalkInForm


def _half_day(request) -> HalfDay:
    value = request.POST.get("demi") or request.GET.get("demi")
    return HalfDay(value) if value in HalfDay.values else selectors.current_half_day()


@staff_event_view(Can.CHECK_IN)
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
    found = selectors.checkin_search(event, query) if query else None
    context = {
        "event": event,
        "half_day": half_day,
        "half_days": HalfDay.choices,
        "counters": selectors.checkin_counters(event, half_day),
        "query": query,
        "found": found,
        # Already present this half-day: no second "mark present" button.
        "present_ids": {
            r.pk for r in found or () if any(c.half_day == half_day for c in r.checkins.all())
        },
        "result": result,
    }
    return render(request, "backoffice/checkin.html", context)


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


@staff_event_view(Can.CHECK_IN)
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
                reverse("backoffice:checkin", kwargs={"slug": event.slug}) + f"?demi={half_day}"
            )
    return render(
        request,
        "backoffice/walk_in.html",
        {"event": event, "form": form, "half_day": half_day},
    )


# --- After the event: attestations, activity figures ---------------------------------------
