"""Registering, cancelling, changing ateliers, approving: every write on registrations.

Locking: see locks.py. A cancellation frees the seat and promotes the oldest waiting
registration in the same transaction.
"""

from collections.abc import Iterable, Mapping

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.enums import RegistrationMode, RegistrationState, SlotKind
from events.models import Event
from workshops.models import Workshop

from .. import emails
from ..enums import SEAT_HOLDING, Attendance, EmailKind, RegistrationStatus
from ..errors import (
    AlreadyRegistered,
    InvalidWorkshopChoice,
    OnSiteFull,
    RegistrationClosed,
    RegistrationError,
    WorkshopFull,
)
from ..models import Profile, Registration, WorkshopChoice
from ..selectors import has_seat, workshop_seats_taken
from .locks import lock_event, lock_workshops
from .questions import answers_save

REGISTRATION_FIELDS = (
    *Registration.PARTICIPANT_FIELDS,
    "email", "attendance", "lunch", "accessibility_needs", "diet", "image_consent",
    "list_consent",
)  # fmt: skip


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


def _agenda_changed(registration: Registration, *fields: str) -> None:
    """Save `fields` and bump the person's agenda revision (locked row): their calendar
    application replaces the entries it imported (SEQUENCE)."""
    registration.agenda_sequence += 1
    registration.save(update_fields=[*fields, "agenda_sequence", "updated_at"])


def _save_choices(registration: Registration, workshops: list[Workshop]) -> None:
    registration.choices.all().delete()
    WorkshopChoice.objects.bulk_create(
        WorkshopChoice(registration=registration, slot_id=w.slot_id, workshop=w) for w in workshops
    )


def registration_create(
    *,
    event: Event,
    user=None,
    data: dict,
    workshops: Iterable[Workshop] = (),
    answers: Mapping[int, object] | None = None,
    by_staff=False,
) -> Registration:
    """Register a person: confirmed, pending approval, or on the waiting list when full.

    `data` holds the participant fields (see REGISTRATION_FIELDS), `answers` the answers to
    the event's questions ({question pk: value}, see questions.answers_save). Raises
    RegistrationClosed, AlreadyRegistered, InvalidWorkshopChoice or WorkshopFull; nothing
    is written then. Staff may register while registration is closed (phone, walk-ins), but
    never beyond capacity.
    """
    fields = {key: data[key] for key in REGISTRATION_FIELDS if key in data}
    fields["email"] = fields["email"].strip()
    workshops = [w for w in workshops if w is not None]
    try:
        with transaction.atomic():
            # Before the event lock, which every registration of the event waits for: what
            # concerns this person only. Someone registered already is stopped by the unique
            # constraint (below), which rolls the profile back with the registration.
            if user is not None:
                # The first registration fills the profile; a profile already there is kept
                # (one statement: INSERT … ON CONFLICT DO NOTHING).
                Profile.objects.bulk_create(
                    [
                        Profile(
                            user=user,
                            **{k: fields[k] for k in Profile.PARTICIPANT_FIELDS if k in fields},
                        )
                    ],
                    ignore_conflicts=True,
                )
            event = lock_event(event)
            state = event.registration_state()
            if not by_staff and state not in (RegistrationState.OPEN, RegistrationState.FULL):
                raise RegistrationClosed(
                    _("Les inscriptions à cet événement ne sont pas ouvertes.")
                )
            on_site = fields.get("attendance", Attendance.ON_SITE) == Attendance.ON_SITE
            if not event.remote_attendance:
                fields["attendance"], on_site = Attendance.ON_SITE, True
            if not event.lunch_on_site or not on_site:
                fields["lunch"] = False
            # Ateliers happen on site: remote participants do not choose any.
            chosen = (
                lock_workshops(_validated_choices(event, workshops))
                if on_site and workshops
                else []
            )

            full = event.registration_mode == RegistrationMode.FULL or not has_seat(
                event, fields.get("attendance", Attendance.ON_SITE)
            )
            if full:
                # The ateliers chosen are kept as wishes, even full ones: on promotion
                # (_promote_waiting) the person gets those that still have room.
                status = RegistrationStatus.WAITING
            else:
                if chosen:
                    _check_workshop_seats(chosen)
                status = (
                    RegistrationStatus.PENDING
                    if event.approval_required and not by_staff
                    else RegistrationStatus.CONFIRMED
                )
            registration = Registration.objects.create(
                event=event, user=user, status=status, registered_by_staff=by_staff, **fields
            )
            if chosen:  # a new registration has no choices to replace
                _save_choices(registration, chosen)
            if answers:
                answers_save(registration=registration, answers=answers)
            emails.notify(registration, EmailKind(status))
    except IntegrityError:
        # Registered already (or two requests for the same person at once): the database
        # constraint keeps one active registration per address and event.
        existing = Registration.objects.active().filter(event=event, email__iexact=fields["email"])
        if existing.exists():
            raise AlreadyRegistered(existing.first()) from None
        raise
    return registration


def _promote_waiting(event: Event) -> list[Registration]:
    """Fill freed seats, on site and remote, with the oldest waiting registrations of that
    attendance mode (event row locked)."""
    if event.registration_mode == RegistrationMode.FULL:
        return []
    promoted = []
    for attendance in Attendance:
        promoted += _promote_waiting_for(event, attendance)
    return promoted


def _promote_waiting_for(event: Event, attendance: str) -> list[Registration]:
    promoted = []
    while has_seat(event, attendance):
        waiting = (
            Registration.objects.select_for_update()
            .filter(event=event, attendance=attendance)
            .waiting()
            .order_by("created_at", "pk")
            .first()
        )
        if waiting is None:
            break
        # Keep the ateliers that still have room; the person can pick others afterwards.
        choices = list(waiting.choices.select_related("workshop__room"))
        workshops = lock_workshops(c.workshop for c in choices)
        taken = workshop_seats_taken(workshops)
        for choice in choices:
            capacity = choice.workshop.effective_capacity
            if capacity is not None and taken.get(choice.workshop_id, 0) >= capacity:
                choice.delete()
        waiting.status = (
            RegistrationStatus.PENDING if event.approval_required else RegistrationStatus.CONFIRMED
        )
        _agenda_changed(waiting, "status")
        emails.notify(waiting, EmailKind.PROMOTED)
        promoted.append(waiting)
    return promoted


def registration_cancel(*, registration: Registration, notify=True) -> list[Registration]:
    """Cancel, free the seat and its atelier seats, promote from the waiting list.

    All in one transaction. Returns the registrations promoted. Cancelling twice is harmless.
    """
    with transaction.atomic():
        event = lock_event(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status in (RegistrationStatus.CANCELLED, RegistrationStatus.REFUSED):
            return []
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = timezone.now()
        _agenda_changed(registration, "status", "cancelled_at")
        if notify:
            emails.notify(registration, EmailKind.CANCELLED)
        return _promote_waiting(event)


def registration_change_workshops(
    *, registration: Registration, workshops: Iterable[Workshop]
) -> Registration:
    """Replace the participant's ateliers, while the new ones have room."""
    with transaction.atomic():
        event = lock_event(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if not registration.is_active:
            raise RegistrationError(_("Cette inscription est annulée."))
        if event.is_past:
            raise RegistrationClosed(_("L'événement est passé."))
        if registration.attendance != Attendance.ON_SITE:
            raise InvalidWorkshopChoice(_("Les ateliers ont lieu sur place."))
        chosen = lock_workshops(_validated_choices(event, workshops))
        if registration.status in SEAT_HOLDING:
            current = set(registration.choices.values_list("workshop_id", flat=True))
            _check_workshop_seats([w for w in chosen if w.pk not in current], exclude=registration)
        _save_choices(registration, chosen)
        _agenda_changed(registration)
        emails.notify(registration, EmailKind.WORKSHOPS_CHANGED)
    return registration


# What the person may change on their registration page (registration_update), and what
# never changes there: who they are stays as printed on badges and lists.
UPDATABLE_FIELDS = (
    "attendance", "lunch", "accessibility_needs", "diet", "image_consent", "list_consent",
)  # fmt: skip


def registration_update(
    *, registration: Registration, data: dict, answers: Mapping[int, object] | None = None
) -> Registration:
    """Change what the person gave besides who they are: attendance, lunch, needs, consents,
    answers to the event's questions (`answers`, see questions.answers_save: going remote
    deletes the answers to the questions asked on site only, and the other way round).

    Locks like the others (event row, then ateliers by pk). Going remote drops the ateliers
    and the lunch, frees the on-site seat and promotes from the waiting list. Coming on site
    needs a free on-site seat when the registration holds one (confirmed or pending):
    otherwise OnSiteFull, and nothing changes — the person keeps the remote seat they have
    rather than being moved to the waiting list behind their back. A registration waiting
    for an on-site seat that goes remote gets what a new remote registration would get
    (confirmed, or pending approval) unless the whole event is full. Fields absent from
    `data` are left as they are; an update that changes nothing writes and sends nothing.
    The agenda revision goes up when the attendance changes; the person gets a "details
    changed" email.
    """
    with transaction.atomic():
        event = lock_event(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if not registration.is_active:
            raise RegistrationError(_("Cette inscription est annulée."))
        if event.is_past:
            raise RegistrationClosed(
                _("L'événement est passé : l'inscription ne peut plus changer.")
            )
        new = {key: data[key] for key in UPDATABLE_FIELDS if key in data}
        for key in ("accessibility_needs", "diet"):
            if key in new:
                new[key] = (new[key] or "").strip()
        attendance = new.get("attendance", registration.attendance)
        if attendance not in Attendance.values:
            raise RegistrationError(_("Choisissez sur place ou à distance."))
        if attendance == Attendance.REMOTE and not event.remote_attendance:
            raise RegistrationError(_("Cet événement ne se suit pas à distance."))
        on_site = attendance == Attendance.ON_SITE
        if not on_site or not event.lunch_on_site:
            new["lunch"] = False
        changed = [key for key, value in new.items() if getattr(registration, key) != value]
        if not changed and not answers:
            return registration
        moving = "attendance" in changed
        holds_seat = registration.status in SEAT_HOLDING
        if moving and holds_seat and not _has_room(event, attendance):
            raise OnSiteFull(
                _(
                    "Il n'y a plus de place sur place : vous restez inscrit·e à distance. "
                    "Si une place se libère, vous pourrez revenir changer votre participation."
                )
                if on_site
                else _(
                    "La salle de visioconférence est complète : vous restez inscrit·e sur "
                    "place. Si une place se libère, vous pourrez revenir changer votre "
                    "participation."
                )
            )
        for key in changed:
            setattr(registration, key, new[key])
        if moving and not on_site:
            # Ateliers happen on site: their seats go back to the others.
            registration.choices.all().delete()
            if registration.status == RegistrationStatus.WAITING and _has_room(
                event, Attendance.REMOTE
            ):
                registration.status = (
                    RegistrationStatus.PENDING
                    if event.approval_required
                    else RegistrationStatus.CONFIRMED
                )
                changed.append("status")
        answered = (answers is not None or moving) and answers_save(
            registration=registration, answers=answers or {}
        )
        if not changed and not answered:
            return registration
        if moving:
            _agenda_changed(registration, *changed)
        else:
            registration.save(update_fields=[*changed, "updated_at"])
        emails.notify(registration, EmailKind.DETAILS_CHANGED)
        if moving and not on_site and holds_seat:
            _promote_waiting(event)
    return registration


def _has_room(event: Event, attendance: str) -> bool:
    """A seat of this attendance mode for one more person (event row locked)."""
    return event.registration_mode != RegistrationMode.FULL and has_seat(event, attendance)


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
        event = lock_event(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status not in (RegistrationStatus.PENDING, RegistrationStatus.WAITING):
            raise RegistrationError(
                _("Seule une inscription en attente ou sur liste d'attente peut être refusée.")
            )
        registration.status = RegistrationStatus.REFUSED
        _agenda_changed(registration, "status")
        emails.notify(registration, EmailKind.REFUSED)
        return _promote_waiting(event)


def registration_promote(*, registration: Registration) -> Registration:
    """Staff move one waiting registration up, if a seat (and its ateliers) are free."""
    with transaction.atomic():
        event = lock_event(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != RegistrationStatus.WAITING:
            raise RegistrationError(_("Cette inscription n'est pas sur liste d'attente."))
        if not has_seat(event, registration.attendance):
            if registration.attendance == Attendance.REMOTE:
                raise RegistrationError(_("Aucune place n'est libre à distance."))
            raise RegistrationError(_("Aucune place n'est libre sur place."))
        _check_workshop_seats(lock_workshops(c.workshop for c in registration.choices.all()))
        registration.status = RegistrationStatus.CONFIRMED
        _agenda_changed(registration, "status")
        emails.notify(registration, EmailKind.PROMOTED)
    return registration


def profile_update(*, user, data: dict) -> Profile:
    profile, _created = Profile.objects.update_or_create(
        user=user, defaults={k: data[k] for k in Profile.PARTICIPANT_FIELDS if k in data}
    )
    return profile
