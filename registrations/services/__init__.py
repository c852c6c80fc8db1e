"""Every write on registrations, by concern: registering (and the waiting list), the door,
messages, working groups (`services.groups`). Callers use `from registrations import services`
then `services.registration_create(...)`; the errors they catch are in `registrations.errors`
and re-exported here."""

from ..errors import (
    AlreadyRegistered,
    CheckinRefused,
    InvalidWorkshopChoice,
    RegistrationClosed,
    RegistrationError,
    WorkshopFull,
)
from .door import CHECKIN_REFUSALS, checkin_record, walkin_create
from .messages import post_event_emails_queue, staff_message_send
from .registering import (
    REGISTRATION_FIELDS,
    profile_update,
    registration_approve,
    registration_cancel,
    registration_change_workshops,
    registration_create,
    registration_promote,
    registration_refuse,
)

__all__ = [
    "CHECKIN_REFUSALS",
    "REGISTRATION_FIELDS",
    "AlreadyRegistered",
    "CheckinRefused",
    "InvalidWorkshopChoice",
    "RegistrationClosed",
    "RegistrationError",
    "WorkshopFull",
    "checkin_record",
    "post_event_emails_queue",
    "profile_update",
    "registration_approve",
    "registration_cancel",
    "registration_change_workshops",
    "registration_create",
    "registration_promote",
    "registration_refuse",
    "staff_message_send",
    "walkin_create",
]
