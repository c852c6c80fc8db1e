"""The trail of personal-data access: every export, printed list, message to registrants,
view of a participant's needs and retention run leaves one entry (who, when, what, how many
people), which the organiser's administrators read in the admin. Entries are never edited;
they are deleted after `settings.PERSONAL_DATA_TRAIL_MONTHS` by the daily retention job.

Callers record after the work is done (the document built, the emails queued): a refused or
failed request leaves nothing. Callers use `from registrations.services import trail`, then
`trail.access_record(...)`."""

import calendar
import datetime as dt

from django.conf import settings

from events.models import Event, Organiser

from ..enums import PersonalDataAction
from ..models import PersonalDataAccess

LABEL_LENGTH = PersonalDataAccess._meta.get_field("user_label").max_length
DETAIL_LENGTH = PersonalDataAccess._meta.get_field("detail").max_length


def user_label(user) -> str:
    """Who, as it should still read after the account is deleted: "Name <email>"."""
    if user is None:
        return ""
    name = user.get_full_name().strip()
    email = user.email or user.get_username()
    return f"{name} <{email}>" if name else email


def access_record(
    *,
    user,
    action: PersonalDataAction,
    event: Event | None = None,
    organiser: Organiser | None = None,
    count: int,
    detail: str = "",
) -> PersonalDataAccess:
    """Record one access. `user` is None for the scheduled runs. The organiser is the
    event's unless given; with neither, the entry is portal-wide (superusers only)."""
    if organiser is None and event is not None:
        organiser_id = event.organiser_id
    else:
        organiser_id = organiser.pk if organiser is not None else None
    return PersonalDataAccess.objects.create(
        user=user,
        user_label=user_label(user)[:LABEL_LENGTH],
        organiser_id=organiser_id,
        event=event,
        event_label=str(event)[:LABEL_LENGTH] if event is not None else "",
        action=action,
        count=count,
        detail=detail[:DETAIL_LENGTH],
    )


def months_before(moment: dt.datetime, months: int) -> dt.datetime:
    """The same day and time `months` earlier (the month's last day when it is shorter)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def access_trail_purge(*, now: dt.datetime) -> int:
    """Delete the entries older than the trail's period; how many were deleted."""
    cutoff = months_before(now, settings.PERSONAL_DATA_TRAIL_MONTHS)
    deleted, _by_model = PersonalDataAccess.objects.filter(at__lt=cutoff).delete()
    return deleted
