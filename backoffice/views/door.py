"""The door on the day (phone-sized pages): check people in, add walk-ins."""

import re

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from events.enums import HalfDay
from events.scoping import Can
from quartiers2030.text import printable
from registrations import selectors, services
from registrations.enums import RegistrationStatus
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
    query = printable(request.GET.get("q", "")).strip()
    result = None
    if request.method == "POST":
        result = _checkin_result(request, event, half_day)
    found = selectors.checkin_search(event, query) if query else None
    people = _search_rows(found or (), half_day=half_day, result=result)
    context = {
        "event": event,
        "half_day": half_day,
        "half_days": HalfDay.choices,
        "counters": selectors.checkin_counters(event, half_day),
        "query": query,
        "found": found,
        "people": people,
        "result": result,
        # Someone picked in the search results: their card is shown there, not at the top.
        "result_at_top": result is not None and not any(row["result"] for row in people),
    }
    return render(request, "backoffice/checkin.html", context)


def _search_rows(found, *, half_day, result) -> list[dict]:
    """One row per person found: whether they are already present this half-day (no second
    "mark present" button), why they are not expected (cancelled, refused, waiting,
    pending: greyed, no button at all), and the result of their check-in if they were just
    picked here (their card then takes the place of the button)."""
    picked = result.get("registration") if result and result.get("in_search") else None
    return [
        {
            "registration": registration,
            "present": any(c.half_day == half_day for c in registration.checkins.all()),
            "refusal": (
                None
                if registration.status == RegistrationStatus.CONFIRMED
                else services.CHECKIN_REFUSALS[registration.status]
            ),
            "result": result if picked is not None and picked.pk == registration.pk else None,
        }
        for registration in found
    ]


def _posted_registration(request, event) -> Registration | None:
    """The registration picked in the search results; None when the value is not an id of
    this event's (a tampered form, a registration deleted meanwhile): the page says so in
    French rather than answering a bare 404 or 500, and says the same whatever the reason,
    so nothing is learnt about other events."""
    value = request.POST.get("registration", "")
    if not re.fullmatch(r"[0-9]{1,18}", value):
        return None
    return Registration.objects.filter(pk=int(value), event=event).first()


def _checkin_result(request, event, half_day) -> dict:
    """What the door says about the code or person posted. `in_search`: the person was
    picked in the search results, where their card is then shown (it stays in view)."""
    code = printable(request.POST.get("code", "")).strip()
    in_search = "code" not in request.POST  # the badge form, or a search result's button
    try:
        if not in_search:
            registration = read_checkin_token(code, event=event)
        else:
            registration = _posted_registration(request, event)
            if registration is None:
                return {
                    "level": "danger",
                    "message": _("Personne introuvable : cherchez-la à nouveau par son nom."),
                }
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
            "in_search": in_search,
        }
    return {
        "level": "success" if created else "warning",
        "created": created,
        "checkin": checkin,
        "registration": selectors.checkin_card(registration),
        "in_search": in_search,
    }


@staff_event_view(Can.CHECK_IN)
@require_http_methods(["GET", "POST"])
def walk_in(request, event):
    half_day = _half_day(request)
    form = WalkInForm(request.POST or None)
    already = None
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.walkin_create(
                event=event, data=form.cleaned_data, half_day=half_day, by=request.user
            )
        except services.AlreadyRegistered as error:
            already = error.registration
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
        # Already registered: a link to them at the door, rather than a dead end.
        {"event": event, "form": form, "half_day": half_day, "already": already},
    )


# --- After the event: attestations, activity figures ---------------------------------------
