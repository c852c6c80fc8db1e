"""Every write on registrations, by concern: registering (and the waiting list), the door,
messages, "tell me when it opens" (notices), working groups (`services.groups`). Callers use
`from registrations import services` then `services.registration_create(...)`; the errors
they catch are in `registrations.errors` and re-exported here."""

from ..errors import (
    AlreadyRegistered,
    CheckinRefused,
    InvalidWorkshopChoice,
    OnSiteFull,
    OpeningNoticeUnavailable,
    RegistrationClosed,
    RegistrationError,
    WorkshopFull,
)
from .door import CHECKIN_REFUSALS, checkin_record, walkin_create
from .messages import post_event_emails_queue, staff_message_send
from .notices import (
    CONFIRMATION_DAYS,
    opening_notice_confirm,
    opening_notice_request,
    opening_notice_unavailable_message,
    opening_notices_purge,
)
from .questions import answers_save, questions_copy
from .registering import (
    REGISTRATION_FIELDS,
    UPDATABLE_FIELDS,
    profile_update,
    registration_approve,
    registration_cancel,
    registration_change_workshops,
    registration_create,
    registration_promote,
    registration_refuse,
    registration_update,
)
from .remote import RemoteJoinRefused, remote_join_record, remote_report_apply

__all__ = [
    "CHECKIN_REFUSALS",
    "CONFIRMATION_DAYS",
    "REGISTRATION_FIELDS",
    "UPDATABLE_FIELDS",
    "AlreadyRegistered",
    "CheckinRefused",
    "InvalidWorkshopChoice",
    "OnSiteFull",
    "OpeningNoticeUnavailable",
    "RegistrationClosed",
    "RegistrationError",
    "RemoteJoinRefused",
    "WorkshopFull",
    "answers_save",
    "checkin_record",
    "opening_notice_confirm",
    "opening_notice_request",
    "opening_notice_unavailable_message",
    "opening_notices_purge",
    "post_event_emails_queue",
    "profile_update",
    "questions_copy",
    "registration_approve",
    "registration_cancel",
    "registration_change_workshops",
    "registration_create",
    "registration_promote",
    "registration_refuse",
    "registration_update",
    "remote_join_record",
    "remote_report_apply",
    "staff_message_send",
    "walkin_create",
]
