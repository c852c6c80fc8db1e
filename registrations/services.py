"""Registering, cancelling, changing ateliers, approving: every write on registrations.

Locking (no overbooking, no deadlock): every function that counts seats first locks the
event row (`SELECT … FOR UPDATE`), then the ateliers it counts, by ascending primary key.
All writers of one event therefore queue on the same first lock, in the same order.
"""

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.enums import HalfDay, RegistrationMode, RegistrationState, SlotKind
from events.models import Event
from workshops.models import Workshop

from . import emails
from .enums import SEAT_HOLDING, Attendance, EmailKind, RegistrationStatus
from .models import CheckIn, Profile, Registration, StaffMessage, WorkshopChoice
from .selectors import onsite_seats_taken, present_count, workshop_seats_taken

REGISTRATION_FIELDS = (
    *Registration.PARTICIPANT_FIELDS,
    "email", "attendance", "lunch", "accessibility_needs", "diet", "image_consent",
    "list_consent",
)  # fmt: skip


class RegistrationError(Exception):
    """A rule of registration was broken; `message` is said to the user as it is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class RegistrationClosed(RegistrationError):
    pass


class AlreadyRegistered(RegistrationError):
    def __init__(self, registration: Registration):
        super().__init__(_("Vous êtes déjà inscrit·e à cet événement."))
        self.registration = registration


class InvalidWorkshopChoice(RegistrationError):
    pass


class WorkshopFull(RegistrationError):
    def __init__(self, workshop: Workshop):
        super().__init__(
            _("L'atelier « %(title)s » est complet : choisissez-en un autre.")
            % {"title": workshop.title}
        )
        self.workshop = workshop


def _lock_event(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def _lock_workshops(workshops: Iterable[Workshop]) -> list[Workshop]:
    ids = sorted({w.pk for w in workshops})
    return list(
        Workshop.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .select_related("room")
        .order_by("pk")
    )


def _validated_choices(event: Event, workshops: Iterable[Workshop]) -> list[Workshop]:
    """The ateliers, checked: each in an ateliers slot of this event, one per slot."""
    workshops = [w for w in workshops if w is not None]
    slots = {}
    for workshop in Workshop.objects.filter(pk__in=[w.pk for w in workshops]).select_related(
        "slot"
    ):
        if workshop.slot.event_id != event.pk or workshop.slot.kind != SlotKind.WORKSHOPS:
            raise InvalidWorkshopChoice(_("Cet atelier n'appartient pas à cet événement."))
        if workshop.slot_id in slots:
            raise InvalidWorkshopChoice(_("Choisissez un seul atelier par temps d'ateliers."))
        slots[workshop.slot_id] = workshop
    if len(slots) != len(workshops):
        raise InvalidWorkshopChoice(_("Cet atelier n'existe pas."))
    return list(slots.values())


def _check_workshop_seats(workshops: list[Workshop], *, exclude: Registration | None = None):
    taken = workshop_seats_taken(workshops, exclude=exclude)
    for workshop in workshops:
        capacity = workshop.effective_capacity
        if capacity is not None and taken.get(workshop.pk, 0) >= capacity:
            raise WorkshopFull(workshop)


def _save_choices(registration: Registration, workshops: list[Workshop]) -> None:
    registration.choices.all().delete()
    WorkshopChoice.objects.bulk_create(
        WorkshopChoice(registration=registration, slot_id=w.slot_id, workshop=w) for w in workshops
    )


def registration_create(
    *, event: Event, user=None, data: dict, workshops: Iterable[Workshop] = (), by_staff=False
) -> Registration:
    """Register a person: confirmed, pending approval, or on the waiting list when full.

    `data` holds the participant fields (see REGISTRATION_FIELDS). Raises
    RegistrationClosed, AlreadyRegistered, InvalidWorkshopChoice or WorkshopFull; nothing
    is written then. Staff may register while registration is closed (phone, walk-ins), but
    never beyond capacity.
    """
    fields = {key: data[key] for key in REGISTRATION_FIELDS if key in data}
    fields["email"] = fields["email"].strip()
    try:
        with transaction.atomic():
            event = _lock_event(event)
            state = event.registration_state()
            if not by_staff and state not in (RegistrationState.OPEN, RegistrationState.FULL):
                raise RegistrationClosed(
                    _("Les inscriptions à cet événement ne sont pas ouvertes.")
                )
            existing = (
                Registration.objects.active()
                .filter(event=event, email__iexact=fields["email"])
                .first()
            )
            if existing:
                raise AlreadyRegistered(existing)
            on_site = fields.get("attendance", Attendance.ON_SITE) == Attendance.ON_SITE
            if not event.remote_attendance:
                fields["attendance"], on_site = Attendance.ON_SITE, True
            if not event.lunch_on_site or not on_site:
                fields["lunch"] = False
            # Ateliers happen on site: remote participants do not choose any.
            chosen = _lock_workshops(_validated_choices(event, workshops)) if on_site else []

            full = event.registration_mode == RegistrationMode.FULL or (
                on_site
                and event.onsite_capacity is not None
                and onsite_seats_taken(event) >= event.onsite_capacity
            )
            if full:
                status = RegistrationStatus.WAITING
            else:
                _check_workshop_seats(chosen)
                status = (
                    RegistrationStatus.PENDING
                    if event.approval_required and not by_staff
                    else RegistrationStatus.CONFIRMED
                )
            registration = Registration.objects.create(
                event=event, user=user, status=status, registered_by_staff=by_staff, **fields
            )
            _save_choices(registration, chosen)
            if user is not None:
                Profile.objects.get_or_create(
                    user=user,
                    defaults={k: fields[k] for k in Profile.PARTICIPANT_FIELDS if k in fields},
                )
            emails.notify(registration, EmailKind(status))
    except IntegrityError:
        # Two requests for the same person at once: the database constraint kept one.
        existing = Registration.objects.active().filter(event=event, email__iexact=fields["email"])
        if existing.exists():
            raise AlreadyRegistered(existing.first()) from None
        raise
    return registration


def _promote_waiting(event: Event) -> list[Registration]:
    """Fill freed on-site seats with the oldest waiting registrations (event row locked)."""
    if event.registration_mode == RegistrationMode.FULL:
        return []
    promoted = []
    while event.onsite_capacity is None or onsite_seats_taken(event) < event.onsite_capacity:
        waiting = (
            Registration.objects.select_for_update()
            .filter(event=event, status=RegistrationStatus.WAITING)
            .order_by("created_at", "pk")
            .first()
        )
        if waiting is None:
            break
        # Keep the ateliers that still have room; the person can pick others afterwards.
        choices = list(waiting.choices.select_related("workshop__room"))
        workshops = _lock_workshops(c.workshop for c in choices)
        taken = workshop_seats_taken(workshops)
        for choice in choices:
            capacity = choice.workshop.effective_capacity
            if capacity is not None and taken.get(choice.workshop_id, 0) >= capacity:
                choice.delete()
        waiting.status = (
            RegistrationStatus.PENDING if event.approval_required else RegistrationStatus.CONFIRMED
        )
        waiting.save(update_fields=["status", "updated_at"])
        emails.notify(waiting, EmailKind.PROMOTED)
        promoted.append(waiting)
    return promoted


def registration_cancel(*, registration: Registration, notify=True) -> list[Registration]:
    """Cancel, free the seat and its atelier seats, promote from the waiting list.

    All in one transaction. Returns the registrations promoted. Cancelling twice is harmless.
    """
    with transaction.atomic():
        event = _lock_event(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status in (RegistrationStatus.CANCELLED, RegistrationStatus.REFUSED):
            return []
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at", "updated_at"])
        if notify:
            emails.notify(registration, EmailKind.CANCELLED)
        return _promote_waiting(event)


def registration_change_workshops(
    *, registration: Registration, workshops: Iterable[Workshop]
) -> Registration:
    """Replace the participant's ateliers, while the new ones have room."""
    with transaction.atomic():
        event = _lock_event(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if not registration.is_active:
            raise RegistrationError(_("Cette inscription est annulée."))
        if event.is_past:
            raise RegistrationClosed(_("L'événement est passé."))
        if registration.attendance != Attendance.ON_SITE:
            raise InvalidWorkshopChoice(_("Les ateliers ont lieu sur place."))
        chosen = _lock_workshops(_validated_choices(event, workshops))
        if registration.status in SEAT_HOLDING:
            current = set(registration.choices.values_list("workshop_id", flat=True))
            _check_workshop_seats([w for w in chosen if w.pk not in current], exclude=registration)
        _save_choices(registration, chosen)
        emails.notify(registration, EmailKind.WORKSHOPS_CHANGED)
    return registration


def registration_approve(*, registration: Registration) -> Registration:
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != RegistrationStatus.PENDING:
            raise RegistrationError(
                _("Seule une inscription en attente de validation peut être validée.")
            )
        registration.status = RegistrationStatus.CONFIRMED
        registration.save(update_fields=["status", "updated_at"])
        emails.notify(registration, EmailKind.APPROVED)
    return registration


def registration_refuse(*, registration: Registration) -> list[Registration]:
    """Refuse a pending or waiting registration; its seat goes to the waiting list."""
    with transaction.atomic():
        event = _lock_event(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status not in (RegistrationStatus.PENDING, RegistrationStatus.WAITING):
            raise RegistrationError(
                _("Seule une inscription en attente ou sur liste d'attente peut être refusée.")
            )
        registration.status = RegistrationStatus.REFUSED
        registration.save(update_fields=["status", "updated_at"])
        emails.notify(registration, EmailKind.REFUSED)
        return _promote_waiting(event)


def registration_promote(*, registration: Registration) -> Registration:
    """Staff move one waiting registration up, if a seat (and its ateliers) are free."""
    with transaction.atomic():
        event = _lock_event(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != RegistrationStatus.WAITING:
            raise RegistrationError(_("Cette inscription n'est pas sur liste d'attente."))
        if (
            registration.attendance == Attendance.ON_SITE
            and event.onsite_capacity is not None
            and onsite_seats_taken(event) >= event.onsite_capacity
        ):
            raise RegistrationError(_("Aucune place n'est libre sur place."))
        _check_workshop_seats(_lock_workshops(c.workshop for c in registration.choices.all()))
        registration.status = RegistrationStatus.CONFIRMED
        registration.save(update_fields=["status", "updated_at"])
        emails.notify(registration, EmailKind.PROMOTED)
    return registration


def profile_update(*, user, data: dict) -> Profile:
    profile, _created = Profile.objects.update_or_create(
        user=user, defaults={k: data[k] for k in Profile.PARTICIPANT_FIELDS if k in data}
    )
    return profile


# --- At the door ---------------------------------------------------------------------------


class CheckinRefused(RegistrationError):
    pass


CHECKIN_REFUSALS = {
    RegistrationStatus.PENDING: _("Inscription en attente de validation : voyez avec l'équipe."),
    RegistrationStatus.WAITING: _("Inscription sur liste d'attente : pas de place confirmée."),
    RegistrationStatus.CANCELLED: _("Inscription annulée."),
    RegistrationStatus.REFUSED: _("Inscription non retenue."),
}


def checkin_record(
    *, registration: Registration, half_day: HalfDay, by=None
) -> tuple[CheckIn, bool]:
    """Mark the participant present for the half-day: (check-in, True), or the existing
    check-in and False when they were already marked (a second scan, two phones at once).

    Only a confirmed registration is checked in; others raise CheckinRefused with the reason.
    """
    if registration.status != RegistrationStatus.CONFIRMED:
        raise CheckinRefused(CHECKIN_REFUSALS[registration.status])
    try:
        with transaction.atomic():
            return CheckIn.objects.get_or_create(
                registration=registration, half_day=half_day, defaults={"checked_by": by}
            )
    except IntegrityError:
        return CheckIn.objects.get(registration=registration, half_day=half_day), False


def walkin_create(*, event: Event, data: dict, half_day: HalfDay, by=None) -> Registration:
    """Register someone who came without registering, and mark them present.

    At the door, what must never be exceeded is the room: a walk-in is accepted while fewer
    people than the on-site capacity are present this half-day (no-shows free their seats),
    even if the registrations already fill it. Raises AlreadyRegistered when the email is
    already registered (check that registration in instead) or CheckinRefused when the room
    is full.
    """
    fields = {key: data[key] for key in Registration.PARTICIPANT_FIELDS if key in data}
    email = data["email"].strip()
    with transaction.atomic():
        event = _lock_event(event)
        existing = Registration.objects.active().filter(event=event, email__iexact=email).first()
        if existing:
            raise AlreadyRegistered(existing)
        capacity = event.onsite_capacity
        if capacity is not None and present_count(event, half_day) >= capacity:
            raise CheckinRefused(
                _("La salle est pleine : %(count)s personnes présentes pour %(count)s places.")
                % {"count": capacity}
            )
        registration = Registration.objects.create(
            event=event,
            email=email,
            status=RegistrationStatus.CONFIRMED,
            attendance=Attendance.ON_SITE,
            registered_by_staff=True,
            walk_in=True,
            **fields,
        )
        CheckIn.objects.create(registration=registration, half_day=half_day, checked_by=by)
    return registration


# --- Messages to registrants ---------------------------------------------------------------


def staff_message_send(
    *, event: Event, subject: str, body: str, audience: str, recipients, by=None
) -> StaffMessage:
    """Record the message and its recipients, then send it through the task queue once the
    transaction commits."""
    from .tasks import send_staff_message

    with transaction.atomic():
        message = StaffMessage.objects.create(
            event=event, subject=subject, body=body, audience=audience, created_by=by
        )
        message.recipients.set(recipients)
        transaction.on_commit(lambda: send_staff_message.enqueue(message_id=message.pk))
    return message


def post_event_emails_queue(*, event: Event) -> int:
    """Queue the after-the-event email for every attendee who has not had it."""
    from .selectors import post_event_recipients

    if not event.is_past:
        raise RegistrationError(_("L'événement n'est pas encore passé."))
    ids = list(post_event_recipients(event).values_list("pk", flat=True))
    return emails.queue_once(ids, EmailKind.POST_EVENT)
