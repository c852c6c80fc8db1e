import functools

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from events.enums import RegistrationState, SlotKind
from events.models import Event

from . import attestations, ics, selectors, services
from .enums import ACTIVE, Attendance
from .forms import (
    OpeningNoticeForm,
    ProfileForm,
    RegistrationForm,
    RegistrationUpdateForm,
    WorkshopChangeForm,
)
from .models import OpeningNotice, Profile, Registration
from .services import evaluation, privacy

REGISTERABLE = (RegistrationState.OPEN, RegistrationState.FULL)
# A signed cookie, not the session (a write to the database on every registration): the
# registration page shows the confirmation once, right after registering.
JUST_REGISTERED = "just_registered"
JUST_REGISTERED_SECONDS = 600


def _visible_event(slug):
    return get_object_or_404(
        Event.objects.visible().select_related("venue", "organiser"), slug=slug
    )


def _already_registered(request, event):
    existing = selectors.user_registration(event=event, user=request.user)
    if existing:
        messages.info(request, _("Vous êtes déjà inscrit·e à cet événement."))
        return redirect(existing.get_manage_url())
    return None


@login_required
def register(request, slug):
    event = selectors.registration_form_event(slug)
    posted = request.method == "POST"
    # A valid POST goes straight to the service, which checks both under its lock (and
    # answers the same way): the page's own checks run for the form page only.
    if not posted and (answer := _already_registered(request, event)):
        return answer
    # Seat counting only turns "open" into "full", both registerable: no count needed here.
    if event.registration_state() not in REGISTERABLE:
        messages.warning(request, _("Les inscriptions à cet événement ne sont pas ouvertes."))
        return redirect(event)

    initial = {}
    if not posted:  # a bound form shows what was posted, not the profile
        profile = Profile.objects.filter(user=request.user).first()
        initial = {f: getattr(profile, f) for f in Profile.PARTICIPANT_FIELDS} if profile else {}
    # Counted only when needed: for the page, or for the ateliers' fields (a valid POST of
    # an event without ateliers counts the seats once, in the service, under its lock).
    seats_left = functools.cache(lambda: selectors.seats_left(event))
    # Full on site: an on-site registration goes to the waiting list, its ateliers as wishes.
    waiting_list = functools.cache(lambda: selectors.onsite_full(event, left=seats_left()))
    form = RegistrationForm(
        request.POST or None, event=event, initial=initial, waiting_list=waiting_list
    )
    if posted and not form.is_valid() and (answer := _already_registered(request, event)):
        return answer
    if posted and form.is_valid():
        try:
            registration = services.registration_create(
                event=event,
                user=request.user,
                data={**form.cleaned_data, "email": request.user.email},
                workshops=form.chosen_workshops(),
                answers=form.answers(),
            )
        except services.AlreadyRegistered as error:
            messages.info(request, error.message)
            return redirect(error.registration.get_manage_url())
        except services.RegistrationError as error:
            form.add_error(None, error.message)
        else:
            response = redirect(registration.get_manage_url())
            response.set_signed_cookie(
                JUST_REGISTERED,
                registration.pk,
                salt=JUST_REGISTERED,
                max_age=JUST_REGISTERED_SECONDS,
                secure=request.is_secure(),
                httponly=True,
                samesite="Lax",
            )
            return response
    return render(
        request,
        "registrations/register.html",
        {
            "event": event,
            "form": form,
            "state": selectors.registration_state(event),
            "seats_left": seats_left(),
            "waiting_list": waiting_list(),
        },
    )


def _registration(token):
    return get_object_or_404(
        Registration.objects.select_related("event__venue", "event__organiser"), token=token
    )


def manage(request, token):
    """The page a registration's email links to: no login, the token is the key. It shows
    everything the person gave, the confirmation right after registering, and lets them
    change what can still change (registration_update)."""
    registration = _registration(token)
    can_change = registration.is_active and not registration.event.is_past
    form = None
    if can_change:
        form = RegistrationUpdateForm(request.POST or None, registration=registration)
    if request.method == "POST":
        if form is None:
            messages.warning(request, _("Cette inscription ne peut plus être modifiée."))
            return redirect(registration.get_manage_url())
        if form.is_valid():
            if not form.has_changed():
                messages.info(request, _("Rien n'a changé : votre inscription est inchangée."))
                return redirect(registration.get_manage_url())
            try:
                updated = services.registration_update(
                    registration=registration, data=form.cleaned_data, answers=form.answers()
                )
            except services.RegistrationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _update_message(updated))
                return redirect(registration.get_manage_url())
    just_registered = request.method == "GET" and request.get_signed_cookie(
        JUST_REGISTERED, default=None, salt=JUST_REGISTERED, max_age=JUST_REGISTERED_SECONDS
    ) == str(registration.pk)
    choices = list(registration.choices.select_related("workshop__room", "slot"))
    response = render(
        request,
        "registrations/manage.html",
        {
            "registration": registration,
            "event": registration.event,
            "choices": choices,
            "answers": list(registration.answers.all()),
            "can_change": can_change,
            "form": form,
            "just_registered": just_registered,
            "has_ateliers": registration.event.slots.filter(kind=SlotKind.WORKSHOPS).exists(),
            "attestation_available": bool(attestations.available_ids([registration])),
        },
    )
    if just_registered:  # once
        response.delete_cookie(JUST_REGISTERED, samesite="Lax")
    return response


def _update_message(registration: Registration) -> str:
    message = _("Vos modifications sont enregistrées. Un courriel récapitulatif vous a été envoyé.")
    if (
        registration.attendance == Attendance.ON_SITE
        and not registration.choices.exists()
        and registration.event.slots.filter(kind=SlotKind.WORKSHOPS).exists()
    ):
        message += " " + _("Vous venez sur place : choisissez maintenant vos ateliers.")
    return message


def cancel(request, token):
    registration = _registration(token)
    if request.method == "POST":
        services.registration_cancel(registration=registration)
        messages.success(request, _("Votre inscription est annulée. Merci de nous avoir prévenus."))
        return redirect(registration.get_manage_url())
    return render(request, "registrations/cancel.html", {"registration": registration})


def change_workshops(request, token):
    registration = _registration(token)
    if not registration.is_active or registration.event.is_past:
        raise Http404
    form = WorkshopChangeForm(request.POST or None, registration=registration)
    if not form.workshop_fields:
        raise Http404
    if request.method == "POST" and form.is_valid():
        try:
            services.registration_change_workshops(
                registration=registration, workshops=form.chosen_workshops()
            )
        except services.RegistrationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Vos ateliers sont modifiés."))
            return redirect(registration.get_manage_url())
    return render(
        request, "registrations/change_workshops.html", {"registration": registration, "form": form}
    )


@login_required
def my_space(request):
    today = timezone.localdate()
    registrations = list(selectors.registrations_of(request.user))
    profile = Profile.objects.filter(user=request.user).first()
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        services.profile_update(user=request.user, data=form.cleaned_data)
        messages.success(request, _("Votre profil est enregistré."))
        return redirect("registrations:my_space")
    return render(
        request,
        "registrations/my_space.html",
        {
            "upcoming": [r for r in registrations if r.event.date >= today],
            "past": [r for r in registrations if r.event.date < today],
            "attestation_ids": attestations.available_ids(registrations),
            "evaluation_ids": evaluation.evaluation_pending_ids(registrations),
            "profile_form": form,
        },
    )


def opening_notice(request, slug):
    """ "Tell me when it opens": the event page's small form posts here; this page shows the
    form again with its errors (the address typed kept) or when over the rate limit."""
    event = _visible_event(slug)
    state = selectors.registration_state(event)
    if state not in selectors.NOTICE_STATES:
        messages.warning(request, services.opening_notice_unavailable_message(state))
        return redirect(event)
    form = OpeningNoticeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        # Per IP and per address (ACCOUNT_RATE_LIMITS["opening_notice"]), counted in the
        # default cache like allauth's own limits.
        if not ratelimit.consume(request, action="opening_notice", key=email.casefold()):
            form.add_error(
                None,
                _(
                    "Trop de demandes en peu de temps : rien n'a été enregistré. "
                    "Réessayez dans une heure."
                ),
            )
            status = 429
        else:
            try:
                services.opening_notice_request(event=event, email=email)
            except services.OpeningNoticeUnavailable as error:
                messages.warning(request, error.message)
                return redirect(event)
            messages.success(
                request,
                _(
                    "Presque terminé : si cette adresse n'est pas déjà confirmée, un courriel "
                    "vous a été envoyé. Ouvrez le lien qu'il contient pour confirmer votre "
                    "demande : sans confirmation, vous ne serez pas prévenu·e, et la demande "
                    "sera effacée au bout de %(days)d jours."
                )
                % {"days": services.CONFIRMATION_DAYS},
            )
            return redirect(event)
    return render(
        request,
        "registrations/opening_notice.html",
        {"event": event, "form": form, "days": services.CONFIRMATION_DAYS},
        status=status,
    )


def opening_notice_confirm(request, token):
    """The link of the confirmation email: a button to confirm (a GET changes nothing, as
    mail scanners open links), then the confirmed state. Confirming again changes nothing."""
    notice = selectors.opening_notice_for_token(token=token, now=timezone.now())
    if notice is not None and request.method == "POST":
        try:
            notice = services.opening_notice_confirm(token=token)
        except OpeningNotice.DoesNotExist:
            notice = None
        else:
            return redirect(notice.get_confirm_url())
    if notice is None:
        return render(
            request,
            "registrations/opening_notice_invalid.html",
            {"days": services.CONFIRMATION_DAYS},
            status=404,
        )
    return render(
        request,
        "registrations/opening_notice_confirm.html",
        {
            "notice": notice,
            "event": notice.event,
            "state": selectors.registration_state(notice.event),
            "days": services.CONFIRMATION_DAYS,
        },
    )


def agenda(request, token):
    """The participant's own agenda: the day and their ateliers, with rooms."""
    registration = get_object_or_404(
        Registration.objects.select_related("event__venue", "event__organiser").prefetch_related(
            *ics.agenda_prefetch()
        ),
        token=token,
    )
    response = HttpResponse(ics.personal_calendar(registration), content_type="text/calendar")
    response["Content-Disposition"] = f'attachment; filename="{registration.event.slug}.ics"'
    return response


def attestation(request, token):
    """The participant's attestation de présence: once the event is over, if they were
    checked in at the door; otherwise a 404 page saying why."""
    registration = _registration(token)
    try:
        pdf = attestations.participant_attestation_pdf(registration=registration)
    except attestations.AttestationUnavailable as error:
        return render(
            request,
            "registrations/attestation_unavailable.html",
            {"registration": registration, "message": error.message},
            status=404,
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="attestation-{registration.event.slug}.pdf"'
    )
    return response


@login_required
def my_data(request):
    """Everything the portal holds about me, as a JSON file."""
    data = privacy.personal_data_export(user=request.user)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="mes-donnees-quartiers2030.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    if request.method == "POST":
        try:
            privacy.account_delete(user=request.user)
        except privacy.AccountDeletionRefused as error:
            messages.error(request, error.message)
            return redirect("registrations:my_space")
        logout(request)
        messages.success(
            request,
            _(
                "Votre compte est supprimé. Vos inscriptions à venir sont annulées et les "
                "autres anonymisées."
            ),
        )
        return redirect("events:home")
    upcoming = selectors.registrations_of(request.user).filter(
        event__date__gte=timezone.localdate(), status__in=ACTIVE
    )
    return render(request, "registrations/delete_account.html", {"upcoming": upcoming})
