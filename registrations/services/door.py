"""At the door: check people in, add walk-ins."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.enums import HalfDay
from events.models import Event

from ..enums import Attendance, PresenceMode, PresenceSource, RegistrationStatus
from ..errors import AlreadyRegistered, CheckinRefused
from ..models import CheckIn, Registration
from ..selectors import present_count
from .locks import lock_event

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
    Someone who followed remotely and then comes is on site from now on: their remote
    presence of the half-day becomes the door's check-in.
    """
    if registration.status != RegistrationStatus.CONFIRMED:
        raise CheckinRefused(CHECKIN_REFUSALS[registration.status])
    try:
        with transaction.atomic():
            checkin, created = CheckIn.objects.get_or_create(
                registration=registration, half_day=half_day, defaults={"checked_by": by}
            )
    except IntegrityError:
        checkin, created = CheckIn.objects.get(registration=registration, half_day=half_day), False
    if checkin.mode == PresenceMode.REMOTE:
        checkin.mode, checkin.source, checkin.checked_by = (
            PresenceMode.ON_SITE,
            PresenceSource.DOOR,
            by,
        )
        checkin.checked_at, checkin.left_at, checkin.minutes = timezone.now(), None, None
        checkin.save()
        created = True
    return checkin, created


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
        event = lock_event(event)
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
